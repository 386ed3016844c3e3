"""Every report page for every role, on a draft and on an issued report: clerks and
administrators write and issue; directors read drafts and issued reports; officers read issued
reports only; nobody signed out reads anything."""

import pytest
from django.urls import reverse

from improvement.reports import services
from tests.reports.conftest import make_report

USERS = ["anonymous", "officer", "director", "clerk", "administrator"]
# What each role gets, per page, on a draft and on an issued report. 409: an issued report
# cannot be edited or issued again (the page says so and offers a new report from it). 302: a
# draft's PDF is made by the task worker; the reader is sent to the task's page.
EXPECTED = {
    #                 list  create detail(d,i) edit(d,i)  pdf(d,i)  issue(d,i)
    "officer": (200, 403, (403, 200), (403, 403), (403, 200), (403, 403)),
    "director": (200, 403, (200, 200), (403, 403), (302, 200), (403, 403)),
    "clerk": (200, 200, (200, 200), (200, 409), (302, 200), (200, 409)),
    "administrator": (200, 200, (200, 200), (200, 409), (302, 200), (200, 409)),
}


@pytest.fixture
def reports(small_plan, db):
    from tests.factories import make_user

    issuer = make_user("issuer", "Clerk")
    draft = make_report(small_plan.plan, title="Draft report")
    issued = services.issue(make_report(small_plan.plan, title="Issued report"), issuer)
    return draft, issued


def urls(report):
    kwargs = {"slug": report.plan.slug, "pk": report.pk}
    return [reverse(name, kwargs=kwargs) for name in ("report_detail", "report_edit")] + [
        reverse(name, kwargs=kwargs) for name in ("report_pdf", "report_issue")
    ]


@pytest.mark.parametrize("who", USERS)
def test_every_page_answers_each_role_as_the_matrix_says(who, request, client, reports):
    draft, issued = reports
    slug = draft.plan.slug
    if who != "anonymous":
        client.force_login(request.getfixturevalue(who))
    pages = {
        "list": reverse("report_list", kwargs={"slug": slug}),
        "create": reverse("report_create", kwargs={"slug": slug}),
    }
    got = {name: client.get(url).status_code for name, url in pages.items()}
    got_by_report = [
        tuple(client.get(url).status_code for url in (d, i))
        for d, i in zip(urls(draft), urls(issued), strict=True)
    ]
    if who == "anonymous":
        assert set(got.values()) == {302}
        assert {code for pair in got_by_report for code in pair} == {302}
        return
    expected = EXPECTED[who]
    assert (got["list"], got["create"]) == expected[:2]
    assert tuple(got_by_report) == expected[2:]


@pytest.mark.parametrize("who", ["officer", "director"])
def test_only_clerks_and_administrators_can_post(who, request, client, reports):
    draft, _ = reports
    client.force_login(request.getfixturevalue(who))
    kwargs = {"slug": draft.plan.slug, "pk": draft.pk}
    assert client.post(reverse("report_issue", kwargs=kwargs)).status_code == 403
    assert client.post(reverse("report_edit", kwargs=kwargs), {"title": "x"}).status_code == 403
    assert (
        client.post(reverse("report_create", kwargs={"slug": draft.plan.slug})).status_code == 403
    )
    draft.refresh_from_db()
    assert not draft.is_issued and draft.title == "Draft report"


def test_officers_list_only_issued_reports(client, officer, director, reports):
    draft, issued = reports
    url = reverse("report_list", kwargs={"slug": draft.plan.slug})
    client.force_login(officer)
    page = client.get(url).content.decode()
    assert "Issued report" in page and "Draft report" not in page
    assert "Start a new report" not in page
    client.force_login(director)
    page = client.get(url).content.decode()
    assert "Issued report" in page and "Draft report" in page


def test_a_user_with_no_role_reads_nothing(client, reports, db):
    from tests.factories import make_user

    client.force_login(make_user("nobody"))
    draft, issued = reports
    assert client.get(reverse("report_list", kwargs={"slug": draft.plan.slug})).status_code == 403
    assert client.get(issued.get_absolute_url()).status_code == 403
