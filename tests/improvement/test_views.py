"""Log-in, the plan list, the plan page, the milestone page and /healthz."""

from datetime import date

import pytest
from django.urls import reverse

from improvement.demo import SLUG
from improvement.status import Status
from recommendations.models import Milestone
from recommendations.services import record_status_update
from tests.factories import make_milestone, make_person, make_plan, make_recommendation


def test_healthz_is_open_and_makes_one_query(client, db, django_assert_num_queries):
    with django_assert_num_queries(1):
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok"


@pytest.mark.parametrize(
    "url",
    ["/", "/plans/jar-2006/", "/plans/jar-2006/milestones/1/", "/admin/"],
)
def test_anonymous_users_are_sent_to_log_in(client, db, url):
    response = client.get(url)
    assert response.status_code == 302
    login = "/admin/login/" if url.startswith("/admin/") else reverse("login")
    assert response.url.startswith(f"{login}?next=")


def test_log_in_page_is_open(client, db):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert b"Sign in" in response.content


def test_log_in_with_a_wrong_password_says_so_and_keeps_the_name(client, director):
    response = client.post(reverse("login"), {"username": "dan", "password": "wrong"})
    assert response.status_code == 200
    assert b"There is a problem" in response.content
    assert b'value="dan"' in response.content


def test_a_director_logs_in_and_reads_the_jar_plan(client, director, demo):
    response = client.post(reverse("login"), {"username": "dan", "password": "pw"}, follow=True)
    assert response.status_code == 200
    assert "Herefordshire JAR Performance Improvement Action Plan" in response.text
    page = client.get(f"/plans/{SLUG}/?as_at=2006-05-31")
    assert page.status_code == 200
    assert "Recommendation 17" in page.text
    assert "Status as at 31 May 2006" in page.text
    assert "Review &amp; revise threshold criteria for duty social work involvement" in page.text


def test_log_out_is_a_post_and_ends_the_session(client, director):
    client.force_login(director)
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert client.get("/").status_code == 302


def test_plan_page_shows_status_words_not_only_colour(client, director, demo):
    client.force_login(director)
    page = client.get(f"/plans/{SLUG}/?as_at=2006-03-31").text
    assert 'class="govuk-tag app-status app-status--complete">Complete</strong>' in page
    assert 'app-status--on_track">On track</strong>' in page


def test_plan_page_marks_overdue_milestones_off_track(client, director, db):
    plan = make_plan("p")
    rec = make_recommendation(plan, "1")
    milestone = make_milestone(rec, "1", due=date(2006, 3, 31))
    record_status_update(milestone, status=Status.ON_TRACK, as_at=date(2006, 2, 1))
    client.force_login(director)
    before = client.get("/plans/p/?as_at=2006-03-31").text
    after = client.get("/plans/p/?as_at=2006-04-01").text
    assert "(overdue)" not in before
    assert (
        'app-status--off_track">Off track</strong> <span class="app-status-reason">(overdue)'
        in after
    )


def test_plan_page_with_a_bad_date_says_so_and_shows_today(client, director, demo):
    client.force_login(director)
    response = client.get(f"/plans/{SLUG}/?as_at=31-31-2006")
    assert response.status_code == 200
    assert "Enter a real date, for example 30/06/" in response.text


def test_unknown_plan_is_404(client, director, db):
    client.force_login(director)
    assert client.get("/plans/nope/").status_code == 404


def build_plan(recommendations: int, milestones: int):
    plan = make_plan("size")
    people = [make_person(initials=f"P{i}") for i in range(3)]
    for r in range(1, recommendations + 1):
        rec = make_recommendation(plan, str(r), theme=f"Theme {r % 3}")
        for m in range(1, milestones + 1):
            milestone = make_milestone(
                rec, str(m), due=date(2006, 6, 30), leads=people[: m % 3 + 1]
            )
            record_status_update(milestone, status=Status.ON_TRACK, as_at=date(2006, 1, 31))
    return plan


@pytest.mark.parametrize(("recommendations", "milestones"), [(1, 1), (6, 5)])
def test_plan_page_queries_do_not_grow_with_the_plan(
    client, director, django_assert_max_num_queries, recommendations, milestones
):
    build_plan(recommendations, milestones)
    client.force_login(director)
    # session, user, the user's roles (header), plan, latest update, themes, recommendations,
    # milestones (with their status as at the date), their leads, whether the user manages
    # the plan (the import link), and the indicators of each recommendation (three).
    with django_assert_max_num_queries(13):
        response = client.get("/plans/size/?as_at=2006-05-31")
    assert response.status_code == 200
    assert response.text.count("app-status--on_track") >= recommendations * milestones


def test_home_lists_plans_with_their_counts(client, director, demo):
    client.force_login(director)
    page = client.get("/").text
    assert "Herefordshire JAR Performance Improvement Action Plan" in page
    assert "17 recommendations, 66 milestones." in page


def test_milestone_page_shows_the_history_newest_first(client, director, demo):
    milestone = Milestone.objects.get(recommendation__ref="1", ref="1")
    client.force_login(director)
    page = client.get(milestone.get_absolute_url() + "?as_at=2006-02-28").text
    assert "Milestone 1.1" in page
    assert page.index("31 Mar 2006") < page.index("31 Jan 2006")
    assert "as written in the plan: “03/06”" in page
    assert "Linda Maden (LM)" in page


def test_milestone_of_another_plan_is_404(client, director, demo):
    make_plan("other")
    milestone = Milestone.objects.first()
    client.force_login(director)
    assert client.get(f"/plans/other/milestones/{milestone.pk}/").status_code == 404


def open_views():
    """Every URL pattern whose view may be opened without signing in."""
    from django.urls import get_resolver

    found = set()

    def walk(patterns, prefix=""):
        for pattern in patterns:
            if hasattr(pattern, "url_patterns"):
                walk(pattern.url_patterns, prefix + str(pattern.pattern))
            elif getattr(pattern.callback, "login_required", True) is False:
                found.add(prefix + str(pattern.pattern))

    walk(get_resolver().url_patterns)
    return found


def test_only_sign_in_healthz_the_api_and_public_pages_skip_the_log_in_redirect():
    # admin/login/ is our redirect to the one sign-in page (Django's own admin log-in, also
    # marked open, is never reached because our pattern comes first). The API authenticates
    # by itself (session or token) and answers 401 in JSON: tests/improvement/test_api.py.
    # The public pages show only approved positions: tests/publishing/.
    assert open_views() == {
        "public/",
        "public/<slug:slug>/",
        "public/<slug:slug>/summary.json",
        "public/<slug:slug>/plan.csv",
        "public/<slug:slug>/indicators.csv",
        "public/<slug:slug>/reports/<str:key>/",
        "public/<slug:slug>/reports/<str:key>.pdf",
        "healthz",
        "favicon.ico",  # a redirect to the icon, asked for before any sign-in
        "accounts/login/",
        "accounts/logout/",  # it does nothing for someone not signed in
        # Signing in with the organisation's own account (OpenID Connect): the start, and the
        # provider's way back, both before anyone is signed in.
        "accounts/oidc/<slug:provider>/login/",
        "accounts/oidc/callback/",
        # Resetting a forgotten password by e-mail, necessarily before signing in.
        "accounts/password/reset/",
        "accounts/password/reset/sent/",
        "accounts/password/reset/<uidb64>/<token>/",
        "accounts/password/reset/done/",
        # An invitation's link: the invited person has no password to sign in with yet.
        "accounts/invitation/<uidb64>/<token>/",
        "admin/login/",
        "api/plans/<slug:slug>/summary/",
        "api/plans/<slug:slug>/timeline/",
        "api/plans/",
        "api/plans/<slug:slug>/milestones/",
        "api/plans/<slug:slug>/indicators/",
        "api/plans/<slug:slug>/risks/",
        "api/plans/<slug:slug>/updates/",
        # The OpenAPI document describes the API, not any plan's data.
        "api/openapi.json",
    }


def test_admin_sign_in_goes_to_the_one_sign_in_page(client, db):
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response.url == "/accounts/login/?next=/admin/"


def test_log_out_by_get_only_asks_to_confirm(client, director):
    client.force_login(director)
    response = client.get(reverse("logout"))
    assert response.status_code == 200
    assert "Are you sure you want to sign out?" in response.text
    assert client.get("/").status_code == 200  # still signed in


def test_log_out_says_so_and_a_signed_out_visit_to_it_goes_to_sign_in(client, director):
    client.force_login(director)
    page = client.post(reverse("logout"), follow=True).text
    assert "You have signed out." in page
    assert client.get(reverse("logout")).url == reverse("login")


def test_signing_in_takes_a_lead_to_their_milestones_and_others_to_the_plans(
    client, alice, director
):
    from tests.factories import make_milestone, make_plan, make_recommendation

    make_milestone(make_recommendation(make_plan("p"), "1"), "1", leads=(alice.person,))
    response = client.post(reverse("login"), {"username": "alice", "password": "pw"}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("my_milestones")
    client.logout()
    response = client.post(reverse("login"), {"username": "dan", "password": "pw"}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("home")


def test_a_bad_as_at_date_falls_back_to_today(client, director, demo):
    from django.utils import timezone

    client.force_login(director)
    page = client.get(f"/plans/{SLUG}/?as_at=not-a-date").text
    assert f"Status as at {timezone.localdate():%-d %b %Y}" in page


def test_the_milestone_page_makes_a_fixed_number_of_queries(
    client, director, demo, django_assert_max_num_queries
):
    client.force_login(director)
    milestone = Milestone.objects.get(recommendation__ref="1", ref="1")
    # session, user, roles, milestone (with recommendation, theme, plan, outcome), its leads,
    # its updates, can-update checks (managers, leads), history, lead history
    with django_assert_max_num_queries(11):
        client.get(milestone.get_absolute_url())
