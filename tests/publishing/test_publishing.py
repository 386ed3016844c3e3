"""Publishing: the public sees only a position a plan manager approved, frozen as approved,
with no names unless allowed and nothing private; managers approve and withdraw, recorded."""

import csv
import io
import json
from datetime import date

import pytest
from django.core.cache import cache
from django.urls import reverse

from improvement.dashboard import plan_summary
from improvement.spreadsheets.export import INDICATOR_COMPUTED, PLAN_COLUMNS, PLAN_COMPUTED
from improvement.spreadsheets.indicator_sheet import INDICATOR_COLUMNS
from improvement.status import Status
from publishing.models import Approval, Publication
from publishing.position import timeline_months
from publishing.services import approve, set_publication
from recommendations.services import record_status_update
from tests.factories import make_plan
from tests.indicators.conftest import add_figures, make_indicator
from tests.risks.factories import make_risk

APPROVED = date(2026, 6, 30)


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Public pages and rate-limit counts live in the cache; each test starts without them."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def published(plan_setup, manager):
    """The plan published with its position as at 30 June 2026 approved: alice's milestone on
    track (with a comment that must never be public), a PI and a risk."""
    plan = plan_setup.plan
    record_status_update(
        plan_setup.own,
        status=Status.ON_TRACK,
        as_at=date(2026, 6, 1),
        comment="SECRET-COMMENT about a family",
        author=None,
    )
    indicator = make_indicator(plan, "NI 59", higher_is_better=True)
    add_figures(indicator, ("Q1 2026/27", "80", "90"), ("Q2 2026/27", "95", "90"))
    make_risk(plan, "R1", (3, 4), (2, 4), description="SECRET-RISK-DETAIL")
    set_publication(plan, published=True, show_names=False, user=manager)
    approve(plan, APPROVED, user=manager)
    return plan_setup


def public(client, plan, what="public_plan", headers=None):
    return client.get(reverse(what, args=[plan.slug]), headers=headers or {})


def text(response) -> str:
    return response.content.decode()


def test_the_timeline_covers_two_years_up_to_the_approved_month():
    plan = type("P", (), {"starts_on": None})()
    months = timeline_months(plan, date(2026, 6, 30))
    assert (months[0], months[-1], len(months)) == (date(2024, 7, 1), date(2026, 6, 1), 24)
    plan.starts_on = date(2026, 3, 15)
    assert timeline_months(plan, date(2026, 6, 30))[0] == date(2026, 3, 1)


@pytest.mark.parametrize("what", ["public_plan", "public_summary", "public_plan_csv"])
def test_nothing_is_public_until_published_and_approved(client, plan_setup, manager, what):
    plan = plan_setup.plan
    assert public(client, plan, what).status_code == 404
    approve(plan, APPROVED, user=manager)
    assert public(client, plan, what).status_code == 404  # approved but not switched on
    set_publication(plan, published=True, show_names=False, user=manager)
    assert public(client, plan, what).status_code == 200
    set_publication(plan, published=False, show_names=False, user=manager)
    assert public(client, plan, what).status_code == 404


def test_anyone_can_read_the_public_page_without_signing_in(client, published):
    response = public(client, published.plan)
    assert response.status_code == 200
    page = text(response)
    assert "Progress as at 30 June 2026" in page
    assert "Children&#x27;s services improvement plan" in page
    assert response["Cache-Control"] == "public, max-age=300"


def test_changes_after_approval_never_appear_until_approved_again(client, published, manager):
    plan = published.plan
    before = public(client, plan)
    summary_before = json.loads(public(client, plan, "public_summary").content)
    assert summary_before["milestones"]["by_status"]["on_track"] == 1
    # Dated before the approved date, but recorded after the approval: not approved.
    record_status_update(
        published.own, status=Status.OFF_TRACK, as_at=date(2026, 6, 15), comment="", author=None
    )
    cache.clear()  # not the cache's doing: the position itself is frozen
    assert text(public(client, plan)) == text(before)
    assert json.loads(public(client, plan, "public_summary").content) == summary_before
    approve(plan, APPROVED, user=manager)
    summary_after = json.loads(public(client, plan, "public_summary").content)
    assert summary_after["milestones"]["by_status"]["off_track"] == 1
    assert summary_after["milestones"]["by_status"]["on_track"] == 0


def test_withdrawing_shows_the_previous_approval_or_nothing(client, published, manager):
    plan = published.plan
    later = approve(plan, date(2026, 7, 31), user=manager)
    assert "Progress as at 31 July 2026" in text(public(client, plan))
    client.force_login(manager)
    response = client.post(
        reverse("publishing", args=[plan.slug]),
        {"action": "withdraw", "approval": later.pk, "reason": "Figures not agreed"},
    )
    assert response.status_code == 302
    later.refresh_from_db()
    assert (later.withdrawn_by, later.withdrawn_reason) == (manager, "Figures not agreed")
    client.logout()
    assert "Progress as at 30 June 2026" in text(public(client, plan))
    Approval.objects.filter(plan=plan).update(withdrawn_at=later.withdrawn_at)
    assert public(client, plan).status_code == 404


def test_names_are_hidden_unless_the_manager_allows_them(client, published, manager):
    plan = published.plan
    for what in ("public_plan", "public_plan_csv"):
        body = text(public(client, plan, what))
        assert "AL" not in body.replace("ALL", "") and "Alice" not in body
    rows = list(csv.DictReader(io.StringIO(text(public(client, plan, "public_plan_csv")))))
    assert {r["leads"] for r in rows} == {""}
    set_publication(plan, published=True, show_names=True, user=manager)
    assert "Leads: AL" in text(public(client, plan))
    rows = list(csv.DictReader(io.StringIO(text(public(client, plan, "public_plan_csv")))))
    assert {r["leads"] for r in rows} == {"AL", "BO"}


def test_no_comment_risk_detail_or_private_address_is_public(client, published):
    page = text(public(client, published.plan))
    for private in ("SECRET-COMMENT", "SECRET-RISK-DETAIL", 'href="/plans/', "/admin/", "/api/"):
        assert private not in page
    assert f"/milestones/{published.own.pk}" not in page
    for what in ("public_summary", "public_plan_csv", "public_indicators_csv"):
        data = text(public(client, published.plan, what))
        assert "SECRET" not in data
    # Risks as counts by band only.
    assert 'id="public-risks"' in page and "R1" not in page.split('id="public-risks"')[1]


def test_the_page_is_the_same_for_a_signed_in_visitor(client, published, director):
    anonymous = text(public(client, published.plan))
    client.force_login(director)
    cache.clear()
    signed_in = text(public(client, published.plan))
    assert signed_in == anonymous
    assert "Signed in as" not in signed_in and "csrfmiddlewaretoken" not in signed_in


def test_open_data_has_the_private_shapes_restricted_to_the_approved_position(client, published):
    plan = published.plan
    summary = json.loads(public(client, plan, "public_summary").content)
    assert summary == json.loads(json.dumps(plan_summary(plan, APPROVED)))
    header, *rows = csv.reader(io.StringIO(text(public(client, plan, "public_plan_csv"))))
    assert header == list(PLAN_COLUMNS + PLAN_COMPUTED) and len(rows) == 2
    response = public(client, plan, "public_indicators_csv")
    assert response["Content-Disposition"] == f'attachment; filename="{plan.slug}-indicators.csv"'
    header, *rows = csv.reader(io.StringIO(text(response)))
    assert header == list(INDICATOR_COLUMNS + INDICATOR_COMPUTED)
    # Q2 2026/27 ends on 30 September 2026, after the approved date: not published.
    assert [r[header.index("period")] for r in rows] == ["Q1 2026/27"]


def test_public_pages_come_from_the_cache_and_answer_conditional_requests(
    client, published, django_assert_max_num_queries
):
    first = public(client, published.plan)
    with django_assert_max_num_queries(1):
        again = public(client, published.plan)
    assert again.content == first.content
    unchanged = public(client, published.plan, headers={"If-None-Match": first["ETag"]})
    assert unchanged.status_code == 304


def test_a_public_page_uses_a_fixed_number_of_queries_whatever_the_plan_size(
    client, published, manager, django_assert_max_num_queries
):
    with django_assert_max_num_queries(2):
        assert public(client, published.plan).status_code == 200


def test_public_pages_are_rate_limited(client, published, settings):
    settings.PUBLIC_RATE_LIMIT = "3/m"
    codes = [public(client, published.plan).status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    refused = public(client, published.plan, "public_summary")
    assert refused.status_code == 429 and refused["Retry-After"] == "60"


def test_the_index_lists_published_plans_only(client, published):
    make_plan("hidden", title="Unpublished plan")
    page = text(client.get(reverse("public_index")))
    assert "Children&#x27;s services improvement plan" in page
    assert "Unpublished plan" not in page


# The publishing page: plan managers and administrators only.


@pytest.mark.parametrize(
    ("who", "code"),
    [("officer", 403), ("director", 403), ("clerk", 403), ("manager", 200), ("administrator", 200)],
)
def test_only_managers_open_the_publishing_page_and_preview(client, plan_setup, request, who, code):
    client.force_login(request.getfixturevalue(who))
    for name in ("publishing", "publishing_preview"):
        assert client.get(reverse(name, args=[plan_setup.plan.slug])).status_code == code


def test_anonymous_visitors_are_sent_to_sign_in(client, plan_setup):
    response = client.get(reverse("publishing", args=[plan_setup.plan.slug]))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("who", ["officer", "director", "clerk", "alice"])
def test_no_one_else_can_approve_publish_or_withdraw(client, published, request, who):
    client.force_login(request.getfixturevalue(who))
    url = reverse("publishing", args=[published.plan.slug])
    approval = Approval.objects.get()
    for data in (
        {"action": "approve", "as_at": "2026-07-31"},
        {"action": "switch", "published": "", "show_names": "on"},
        {"action": "withdraw", "approval": approval.pk, "reason": "No"},
    ):
        assert client.post(url, data).status_code == 403
    assert Approval.objects.live().count() == 1
    assert Publication.objects.get().published and not Publication.objects.get().show_names


def test_a_manager_approves_and_it_is_recorded_with_who_and_when(client, plan_setup, manager):
    client.force_login(manager)
    url = reverse("publishing", args=[plan_setup.plan.slug])
    response = client.post(url, {"action": "approve", "as_at": "2026-06-30", "note": "Board 7/7"})
    assert response.status_code == 302
    approval = Approval.objects.get()
    assert (approval.as_at, approval.approved_by, approval.note) == (APPROVED, manager, "Board 7/7")
    assert approval.position["as_at"] == "2026-06-30"
    client.post(url, {"action": "switch", "published": "on", "show_names": ""})
    record = Publication.history.first()
    assert (record.published, record.history_user) == (True, manager)
    page = text(client.get(url))
    assert "Published" in page and "As at 30 June 2026, approved by mona" in page


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"action": "approve", "as_at": ""}, "Enter the date whose position to publish"),
        ({"action": "approve", "as_at": "2099-01-01"}, "The date must be today or in the past"),
        ({"action": "approve", "as_at": "2999-01-01"}, "Enter a date between 1990 and 2100"),
        ({"action": "approve", "as_at": "31/02/2026"}, "Enter a real date"),
    ],
)
def test_a_bad_approval_says_what_is_wrong(client, plan_setup, manager, data, message):
    client.force_login(manager)
    response = client.post(reverse("publishing", args=[plan_setup.plan.slug]), data)
    assert response.status_code == 400
    assert message in text(response)
    assert not Approval.objects.exists()


def test_a_withdrawal_needs_a_reason(client, published, manager):
    client.force_login(manager)
    approval = Approval.objects.get()
    response = client.post(
        reverse("publishing", args=[published.plan.slug]),
        {"action": "withdraw", "approval": approval.pk, "reason": ""},
    )
    assert response.status_code == 400
    assert "Say why the approval is withdrawn" in text(response)
    assert Approval.objects.live().count() == 1


def test_an_approval_of_another_plan_cannot_be_withdrawn_from_this_one(
    client, published, manager, administrator
):
    other = make_plan("other")
    foreign = approve(other, APPROVED, user=administrator)
    client.force_login(manager)
    response = client.post(
        reverse("publishing", args=[published.plan.slug]),
        {"action": "withdraw", "approval": foreign.pk, "reason": "Mine now"},
    )
    assert response.status_code == 404
    foreign.refresh_from_db()
    assert foreign.withdrawn_at is None


def test_the_preview_shows_an_unapproved_position_to_the_manager_only(client, published, manager):
    client.force_login(manager)
    response = client.get(
        reverse("publishing_preview", args=[published.plan.slug]), {"as_at": "2026-07-31"}
    )
    assert "Preview: this position is not approved" in text(response)
    assert "Progress as at 31 July 2026" in text(response)
    assert Approval.objects.count() == 1


def test_the_demo_is_published_as_at_its_last_review(client, demo):
    response = client.get(reverse("public_plan", args=[demo.slug]))
    assert response.status_code == 200
    assert "Progress as at 31 May 2006" in text(response)


def test_the_demo_publishing_page_names_the_loader_as_approver(client, demo, administrator):
    client.force_login(administrator)
    page = text(client.get(reverse("publishing", args=[demo.slug])))
    assert "As at 31 May 2006, approved by the demo loader" in page


# Issued board reports on the public page.


@pytest.fixture
def issued(published, clerk):
    """A board report as at 30 June 2026, issued before a new approval of that date."""
    from improvement.reports.models import BoardReport
    from improvement.reports.services import issue, starting_point

    plan = published.plan
    report = BoardReport.objects.create(
        plan=plan, meeting="Cabinet", meeting_date=date(2026, 7, 9), as_at=APPROVED,
        **starting_point(plan),
    )  # fmt: skip
    return issue(report, clerk)


def report_urls(plan, report):
    return (
        reverse("public_report", args=[plan.slug, report.public_key]),
        reverse("public_report_pdf", args=[plan.slug, report.public_key]),
    )


def test_a_report_is_offered_once_approved_and_only_with_names_allowed(
    client, published, issued, manager
):
    plan = published.plan
    html_url, pdf_url = report_urls(plan, issued)
    # Issued after the approval shown: not yet public.
    assert issued.public_key not in text(public(client, plan))
    assert client.get(html_url).status_code == 404
    approve(plan, APPROVED, user=manager)
    # Approved, but names hidden: reports name leads, so none is offered.
    assert client.get(html_url).status_code == 404
    assert client.get(pdf_url).status_code == 404
    set_publication(plan, published=True, show_names=True, user=manager)
    page = text(public(client, plan))
    assert html_url in page and pdf_url in page
    assert f"/reports/{issued.pk}/" not in page  # no private id in the address
    html = client.get(html_url)
    assert html.status_code == 200
    assert issued.html in text(html)
    pdf = client.get(pdf_url)
    assert b"".join(pdf.streaming_content) == issued.pdf.open("rb").read()


def test_a_report_with_figures_after_the_approved_date_is_not_offered(
    client, published, clerk, manager
):
    from improvement.reports.models import BoardReport
    from improvement.reports.services import issue, starting_point

    plan = published.plan
    later = BoardReport.objects.create(
        plan=plan, meeting="Cabinet", meeting_date=date(2026, 8, 9), as_at=date(2026, 7, 31),
        **starting_point(plan),
    )  # fmt: skip
    later = issue(later, clerk)
    set_publication(plan, published=True, show_names=True, user=manager)
    approve(plan, APPROVED, user=manager)
    html_url, _ = report_urls(plan, later)
    assert client.get(html_url).status_code == 404
    assert later.public_key not in text(public(client, plan))


@pytest.mark.parametrize("key", ["0123456789abcdef", "nothex", "../../etc", "A" * 16])
def test_an_unknown_report_key_is_not_found(client, published, key):
    url = f"/public/{published.plan.slug}/reports/{key}/"
    assert client.get(url).status_code == 404


def test_the_demo_board_report_needs_the_demo_accounts(db, settings):
    from django.core.management import CommandError, call_command

    settings.DEBUG = False
    with pytest.raises(CommandError, match="needs the demo accounts"):
        call_command("load_demo", "--with-board-report")
