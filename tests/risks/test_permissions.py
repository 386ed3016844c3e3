"""The whole matrix: who may read risks, record reviews and change the matrix, on the server."""

from datetime import date

import pytest
from django.urls import reverse

from risks.models import RiskReview

# Who may review: the risk's owner and the plan's managers (and administrators).
REVIEWERS = {
    ("alice", "own"),
    ("manager", "own"),
    ("manager", "other"),
    ("administrator", "own"),
    ("administrator", "other"),
}
USERS = ["alice", "officer", "director", "clerk", "administrator", "manager"]
WHICH = ["own", "other"]


def review_data(**fields):
    return {
        "reviewed_on": date.today().isoformat(),
        "likelihood": "2",
        "severity": "3",
        "residual_likelihood": "1",
        "residual_severity": "3",
        "note": "Checked at the board",
        "next_review_on": date(2031, 1, 1).isoformat(),
        **fields,
    }


@pytest.fixture
def login(client, request):
    def login_as(name):
        if name != "anonymous":
            client.force_login(request.getfixturevalue(name))
        return client

    return login_as


def url(name, risk):
    return reverse(name, kwargs={"slug": risk.plan.slug, "ref": risk.ref})


@pytest.mark.parametrize("who", USERS)
@pytest.mark.parametrize("which", WHICH)
def test_everyone_signed_in_reads_the_register_and_every_risk(risk_setup, login, who, which):
    client = login(who)
    assert client.get(reverse("risk_list", args=[risk_setup.plan.slug])).status_code == 200
    response = client.get(url("risk_detail", getattr(risk_setup, which)))
    assert response.status_code == 200
    assert ("Record a review" in response.text) == ((who, which) in REVIEWERS)


def test_signed_out_visitors_are_sent_to_sign_in(risk_setup, client):
    response = client.get(reverse("risk_list", args=[risk_setup.plan.slug]))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("who", USERS)
@pytest.mark.parametrize("which", WHICH)
def test_review_form_is_open_only_to_the_owner_and_managers(risk_setup, login, who, which):
    response = login(who).get(url("risk_review", getattr(risk_setup, which)))
    assert response.status_code == (200 if (who, which) in REVIEWERS else 403)


@pytest.mark.parametrize("who", USERS)
@pytest.mark.parametrize("which", WHICH)
def test_review_post_saves_only_for_the_owner_and_managers(risk_setup, login, who, which):
    risk = getattr(risk_setup, which)
    response = login(who).post(url("risk_review", risk), review_data())
    allowed = (who, which) in REVIEWERS
    assert response.status_code == (302 if allowed else 403)
    assert RiskReview.objects.filter(risk=risk).count() == (1 if allowed else 0)


def test_an_officer_who_does_not_own_the_risk_cannot_record_a_review(risk_setup, login):
    """bob is an officer with risks of his own, but R1 is alice's."""
    client = login("bob")
    assert client.get(url("risk_review", risk_setup.own)).status_code == 403
    assert client.post(url("risk_review", risk_setup.own), review_data()).status_code == 403
    assert not RiskReview.objects.filter(risk=risk_setup.own).exists()


def test_an_owner_who_is_a_director_may_review_their_risk(risk_setup, login, director):
    """Risks are often owned by directors: ownership, not role, decides."""
    risk_setup.own.owner = director.person
    risk_setup.own.save()
    response = login("director").post(url("risk_review", risk_setup.own), review_data())
    assert response.status_code == 302


@pytest.mark.parametrize("who", USERS)
def test_only_plan_managers_change_the_matrix(risk_setup, login, who):
    client = login(who)
    matrix_url = reverse("risk_matrix", args=[risk_setup.plan.slug])
    allowed = who in ("manager", "administrator")
    assert client.get(matrix_url).status_code == (200 if allowed else 403)
    response = client.post(
        matrix_url,
        {"scale": "5", "band_1_name": "LOW", "band_1_max": "6", "band_2_name": "HIGH"},
    )
    assert response.status_code == (302 if allowed else 403)
    risk_setup.plan.refresh_from_db()
    assert risk_setup.plan.risk_scale == (5 if allowed else 4)


def test_the_manager_of_another_plan_cannot_change_this_ones_matrix(risk_setup, client):
    from tests.factories import make_person, make_plan, make_user

    other_manager = make_user("otto", "Officer")
    other_plan = make_plan("other")
    other_plan.managers.add(make_person("Otto", "OT", user=other_manager))
    client.force_login(other_manager)
    assert client.get(reverse("risk_matrix", args=[risk_setup.plan.slug])).status_code == 403
    assert client.get(url("risk_review", risk_setup.own)).status_code == 403


def test_an_unknown_risk_is_404(risk_setup, login):
    client = login("manager")
    response = client.get(reverse("risk_detail", args=[risk_setup.plan.slug, "R99"]))
    assert response.status_code == 404
