"""Changing a plan's risk matrix: validation, re-banding current risks, and reviews that keep
the band they were recorded with."""

from datetime import date

import pytest
from django.urls import reverse

from risks.forms import RiskMatrixForm
from risks.services import change_matrix
from tests.risks.factories import make_risk, review

WIDER_LOW = {
    "scale": "4",
    "band_1_name": "LOW",
    "band_1_max": "6",
    "band_2_name": "MEDIUM",
    "band_2_max": "12",
    "band_3_name": "HIGH",
}


@pytest.mark.parametrize(
    ("fields", "errors"),
    [
        ({}, {}),
        (
            {"band_3_max": "16"},
            {"band_3_max": "The highest band has no upper score: leave it empty"},
        ),
        ({"band_2_max": ""}, {"band_2_max": "Enter the band's highest score"}),
        ({"band_2_max": "5"}, {"band_2_max": "The highest score must be more than 6"}),
        ({"band_2_max": "7"}, {"band_2_max": "No score on a 4 x 4 matrix is 7"}),
        (
            {"band_2_max": "x"},
            {"band_2_max": "Enter the highest score in band 2 as a whole number"},
        ),
        ({"band_2_name": ""}, {"band_2_name": "Enter the band's name"}),
        ({"band_2_name": "low"}, {"band_2_name": "Two bands are called low"}),
        (
            {"scale": "6"},
            {"scale": "Select a valid choice. 6 is not one of the available choices."},
        ),
        ({"scale": ""}, {"scale": "Choose the scale"}),
        # A blank row between bands is skipped; a fourth band is fine.
        ({"band_3_name": "", "band_4_name": "HIGH"}, {}),
        ({"scale": "5", "band_3_max": "15", "band_4_name": "SEVERE"}, {}),
        (
            {"band_3_max": "15", "band_4_name": "SEVERE"},
            {"band_3_max": "No score on a 4 x 4 matrix falls from 13 to 15"},
        ),
    ],
)
def test_matrix_form_validation(risk_setup, fields, errors):
    form = RiskMatrixForm({**WIDER_LOW, **fields}, plan=risk_setup.plan)
    assert form.is_valid() == (not errors)
    assert {name: msgs[0] for name, msgs in form.errors.items()} == errors


def test_the_form_starts_from_the_plans_matrix(risk_setup):
    form = RiskMatrixForm(plan=risk_setup.plan)
    assert [(n.value(), m.value()) for _, n, m in form.band_rows()] == [
        ("LOW", 4),
        ("MEDIUM", 9),
        ("HIGH", None),
        (None, None),
        (None, None),
    ]


def test_a_smaller_scale_is_refused_while_scores_use_the_larger_one(risk_setup, client, manager):
    plan = risk_setup.plan
    plan.risk_scale = 5
    plan.save()
    make_risk(plan, "R5", (5, 2))
    client.force_login(manager)
    response = client.post(reverse("risk_matrix", args=[plan.slug]), WIDER_LOW)
    assert response.status_code == 200
    assert "Risk R5 has scores above 4: keep the larger scale" in response.text
    plan.refresh_from_db()
    assert plan.risk_scale == 5


def test_changing_the_matrix_re_bands_current_risks_but_not_recorded_reviews(
    risk_setup, client, manager
):
    own = risk_setup.own  # 3 x 4 = 12 HIGH, residual 2 x 4 = 8 MEDIUM
    review(own, date(2026, 1, 15), (3, 4), (2, 4))
    client.force_login(manager)
    response = client.post(
        reverse("risk_matrix", args=[risk_setup.plan.slug]), WIDER_LOW, follow=True
    )
    # R1's inherent 12 moves from HIGH to MEDIUM (its residual 8 stays MEDIUM); R2's inherent
    # 6 moves from MEDIUM to LOW (its residual 4 stays LOW).
    assert "Risk matrix saved. 2 open risks changed band" in response.text
    risk_setup.plan.refresh_from_db()
    assert risk_setup.plan.risk_bands == [
        {"name": "LOW", "max": 6},
        {"name": "MEDIUM", "max": 12},
        {"name": "HIGH", "max": None},
    ]
    register = response.text
    assert 'govuk-tag--yellow app-band">MEDIUM</strong>' in register  # 12 is MEDIUM now
    assert ">HIGH</strong>" not in register.split('<h2 class="govuk-heading-m">Register')[1]
    page = client.get(own.get_absolute_url()).text
    history = page.split("Reviews and score movement")[1]
    # The review keeps HIGH for its 12; the first assessment (the risk's own record) re-bands.
    assert history.count(">HIGH</strong>") == 1
    assert history.count(">MEDIUM</strong>") == 3


def test_change_matrix_counts_the_open_risks_that_move_band(risk_setup):
    plan = risk_setup.plan
    make_risk(plan, "R3", (2, 3))  # 6: MEDIUM now, LOW under WIDER_LOW
    make_risk(plan, "R4", (3, 4), closed_on=date(2020, 1, 1))  # closed: not counted
    make_risk(plan, "R5", (1, 2))  # 2: LOW either way
    new = [{"name": "LOW", "max": 6}, {"name": "MEDIUM", "max": 12}, {"name": "HIGH", "max": None}]
    # R1 (inherent 12: HIGH to MEDIUM), R2 (inherent 6: MEDIUM to LOW) and R3 move.
    assert change_matrix(plan, 4, new, date(2026, 6, 1)) == 3


def test_change_matrix_refuses_an_invalid_matrix(risk_setup):
    with pytest.raises(ValueError):
        change_matrix(risk_setup.plan, 4, [{"name": "LOW", "max": 4}], date(2026, 6, 1))
