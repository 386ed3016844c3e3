"""The admin lists and edits risks; reviews are shown but never added, changed or deleted."""

from datetime import date

from django.urls import reverse

from tests.factories import make_plan, make_recommendation
from tests.risks.factories import make_risk, review


def test_admin_pages_render(client, administrator):
    plan = make_plan("adm")
    risk = make_risk(plan, "R1", (3, 4))
    recorded = review(risk, date(2026, 1, 1), (2, 2))
    client.force_login(administrator)
    assert client.get(reverse("admin:risks_risk_changelist")).status_code == 200
    page = client.get(reverse("admin:risks_risk_change", args=[risk.pk]))
    assert page.status_code == 200 and "Reviewed" in page.text
    assert client.get(reverse("admin:risks_riskreview_changelist")).status_code == 200
    assert client.get(reverse("admin:risks_riskreview_add")).status_code == 403
    change = client.get(reverse("admin:risks_riskreview_change", args=[recorded.pk]))
    assert change.status_code == 200 and 'name="note"' not in change.text  # read-only
    delete = client.post(reverse("admin:risks_riskreview_delete", args=[recorded.pk]))
    assert delete.status_code == 403


def test_admin_refuses_scores_off_the_scale_and_other_plans_recommendations(client, administrator):
    plan, other = make_plan("adm"), make_plan("other")
    foreign = make_recommendation(other, "9")
    risk = make_risk(plan, "R1")
    client.force_login(administrator)
    response = client.post(
        reverse("admin:risks_risk_change", args=[risk.pk]),
        {
            "plan": plan.pk,
            "ref": "R1",
            "description": "x",
            "likelihood": "5",
            "severity": "2",
            "recommendations": [foreign.pk],
            "reviews-TOTAL_FORMS": "0",
            "reviews-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    assert "Enter a whole number from 1 to 4" in response.text
    assert "Link only recommendations of the same plan (not 9)." in response.text
