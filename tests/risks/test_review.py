"""Recording a review: validation field by field, the warnings, and what is stored."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from risks.forms import RiskReviewForm
from risks.models import RiskReview
from tests.risks.factories import make_risk

TODAY = timezone.localdate()
WHOLE = "whole number from 1 to 4"


def data(**fields):
    values = {
        "reviewed_on": TODAY.isoformat(),
        "likelihood": "3",
        "severity": "4",
        "residual_likelihood": "2",
        "residual_severity": "4",
        "note": "Recruitment drive under way",
        "next_review_on": (TODAY + timedelta(days=90)).isoformat(),
    }
    values.update(fields)
    return {k: v for k, v in values.items() if v is not None}


@pytest.mark.parametrize(
    ("fields", "errors"),
    [
        ({}, {}),
        # Whole numbers within the scale (4 here).
        ({"likelihood": "0"}, {"likelihood": "Enter the likelihood as a whole number from 1 to 4"}),
        ({"severity": "5"}, {"severity": "Enter the severity as a whole number from 1 to 4"}),
        ({"likelihood": "2.5"}, {"likelihood": "Enter the likelihood as a whole number"}),
        ({"severity": "high"}, {"severity": "Enter the severity as a whole number"}),
        ({"likelihood": ""}, {"likelihood": "Enter the likelihood"}),
        (
            {"residual_severity": "-1"},
            {"residual_severity": f"Enter the severity after mitigation as a {WHOLE}"},
        ),
        # Residual scores come in pairs.
        (
            {"residual_severity": ""},
            {"residual_severity": "Enter the residual severity too, or neither score"},
        ),
        (
            {"residual_likelihood": ""},
            {"residual_likelihood": "Enter the residual likelihood too, or neither score"},
        ),
        ({"residual_likelihood": "", "residual_severity": ""}, {}),
        # A residual score above the inherent one is allowed (with a warning, see below).
        ({"residual_likelihood": "4", "residual_severity": "4"}, {}),
        # Dates.
        # A week ahead, not a day: the cases are made when the suite is collected, and a run
        # that passes midnight would otherwise find "tomorrow" has become today.
        (
            {"reviewed_on": (TODAY + timedelta(days=7)).isoformat()},
            {"reviewed_on": "The date of the review cannot be in the future"},
        ),
        (
            {"reviewed_on": "31/02/2026"},
            {"reviewed_on": "Enter a real date, for example 30/06/2026"},
        ),
        ({"next_review_on": ""}, {"next_review_on": "Enter the date of the next review"}),
        ({"next_review_on": "", "close": "on"}, {}),
        (
            {"next_review_on": TODAY.isoformat()},
            {"next_review_on": f"The next review must be after this one ({TODAY:%-d %b %Y})"},
        ),
        # A next review date in the past is allowed: the risk then shows "review overdue".
        (
            {
                "reviewed_on": str(TODAY - timedelta(60)),
                "next_review_on": str(TODAY - timedelta(30)),
            },
            {},
        ),
        ({"note": "  "}, {"note": "Say what the review found"}),
    ],
)
def test_review_form_validation(risk_setup, fields, errors):
    form = RiskReviewForm(data(**fields), risk=risk_setup.own)
    assert form.is_valid() == (not errors)
    assert {name: msgs[0] for name, msgs in form.errors.items()} == errors


def test_a_five_point_plan_accepts_fives(risk_setup):
    risk_setup.plan.risk_scale = 5
    risk_setup.plan.save()
    form = RiskReviewForm(data(likelihood="5", severity="5"), risk=risk_setup.own)
    assert form.is_valid(), form.errors


def post(client, user, risk, **fields):
    client.force_login(user)
    url = reverse("risk_review", args=[risk.plan.slug, risk.ref])
    return client.post(url, data(**fields), follow=True)


def test_a_review_is_stored_with_its_scores_bands_and_author(risk_setup, client, alice):
    response = post(client, alice, risk_setup.own)
    assert response.redirect_chain[-1][0] == risk_setup.own.get_absolute_url()
    review = RiskReview.objects.get(risk=risk_setup.own)
    assert (review.likelihood, review.severity, review.band) == (3, 4, "HIGH")
    assert (review.residual_likelihood, review.residual_severity, review.residual_band) == (
        2,
        4,
        "MEDIUM",
    )
    assert review.author == alice and review.note == "Recruitment drive under way"
    assert "Review of risk R1 recorded." in response.text


def test_errors_are_shown_field_by_field_with_a_summary(risk_setup, client, alice):
    response = post(client, alice, risk_setup.own, likelihood="7", note="")
    assert response.status_code == 200
    page = response.text
    assert "There is a problem" in page
    assert '<a href="#id_likelihood">Enter the likelihood as a whole number from 1 to 4</a>' in page
    assert 'id="id_likelihood-error"' in page and 'id="id_note-error"' in page
    assert "<title>Error: " in page
    assert not RiskReview.objects.exists()


def test_a_residual_above_the_inherent_score_is_saved_with_a_visible_warning(
    risk_setup, client, alice
):
    response = post(client, alice, risk_setup.own, residual_likelihood="4", residual_severity="4")
    assert RiskReview.objects.get().residual_band == "HIGH"
    assert "Its residual score is above its inherent score" in response.text
    # The risk's page and the register keep warning.
    assert "The residual score (16) is above the inherent score (12)" in response.text
    register = client.get(reverse("risk_list", args=[risk_setup.plan.slug]))
    assert "(above inherent)" in register.text


def test_a_next_review_date_in_the_past_flags_review_overdue(risk_setup, client, alice):
    due = TODAY - timedelta(days=30)
    response = post(
        client,
        alice,
        risk_setup.own,
        reviewed_on=str(TODAY - timedelta(days=60)),
        next_review_on=str(due),
    )
    assert "review overdue" in response.text
    assert f"Review overdue: the risk was due for review by {due:%-d %b %Y}." in response.text


def test_closing_a_review_closes_the_risk_on_the_reviews_date(risk_setup, client, alice):
    closed_on = TODAY - timedelta(days=10)
    post(client, alice, risk_setup.own, reviewed_on=str(closed_on), next_review_on="", close="on")
    risk_setup.own.refresh_from_db()
    assert risk_setup.own.closed_on == closed_on
    assert RiskReview.objects.get().closed


def test_the_form_starts_from_the_scores_in_force(risk_setup, client, alice):
    client.force_login(alice)
    page = client.get(reverse("risk_review", args=[risk_setup.plan.slug, "R1"])).text
    assert 'name="likelihood" type="number" value="3"' in page
    assert 'name="residual_severity" type="number" value="4"' in page


def test_an_unscored_risk_gets_its_first_scores_from_a_review(risk_setup, client, manager):
    unscored = make_risk(risk_setup.plan, "R3")
    response = post(client, manager, unscored, residual_likelihood="", residual_severity="")
    assert "first scored" in response.text
    assert '3 × <span class="govuk-visually-hidden">severity </span>4 = 12' in response.text
