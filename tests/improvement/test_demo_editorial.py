"""The demo's editorial additions: with them a newcomer sees PI RAG and risk scores, and each
says where it shows that it is ours, not the source's. Without them the demo is the source."""

from datetime import date

import pytest
from django.core.management import call_command
from django.urls import reverse

from improvement.demo import SLUG
from improvement.demo_editorial import EDITORIAL
from indicators.summary import indicator_block
from risks.models import RiskReview
from risks.summary import risk_block

AS_AT = date(2006, 5, 31)


@pytest.fixture
def editorial(db):
    call_command("load_demo", "--with-editorial")
    from improvement.models import Plan

    return Plan.objects.get(slug=SLUG)


def test_the_editorial_demo_has_pi_rag_and_risk_scores(editorial):
    block = indicator_block(editorial, AS_AT)
    rated = block["by_rag"]["green"] + block["by_rag"]["amber"] + block["by_rag"]["red"]
    # SC 5026 and SC 5037 have actuals in words ("Up to 50%", "89.5% (19/20)"): no RAG.
    assert (rated, block["by_rag"]["none"]) == (8, 2)
    risks = risk_block(editorial, AS_AT)
    assert risks["by_band"]["unscored"] == 0 and risks["by_residual_band"]["unscored"] == 0


def test_every_editorial_addition_says_so_where_it_shows(client, director, editorial):
    client.force_login(director)
    assert "Editorial additions for the demo, not in the source" in editorial.description
    page = client.get(reverse("plan_detail", args=[SLUG])).content.decode()
    assert "Editorial additions for the demo, not in the source document" in page
    pi = client.get(reverse("indicator_detail", args=[SLUG, "CH 143"])).content.decode()
    assert f"{EDITORIAL}. Polarity: the March 07 target (65) is above" in pi
    risk = client.get(reverse("risk_detail", args=[SLUG, "R1"])).content.decode()
    assert f"{EDITORIAL}: the risk log gives no scores." in risk
    assert RiskReview.objects.filter(risk__plan=editorial).count() == 4
    assert not RiskReview.objects.exclude(note__startswith=EDITORIAL).exists()


def test_loading_the_editorial_demo_twice_adds_nothing(editorial):
    call_command("load_demo", "--with-editorial")
    assert RiskReview.objects.filter(risk__plan=editorial).count() == 4
    editorial.refresh_from_db()
    assert editorial.description.count("Editorial additions") == 1


def test_without_the_flag_the_demo_is_the_source_alone(demo):
    assert indicator_block(demo, AS_AT)["by_rag"]["none"] == 10
    assert not RiskReview.objects.exists()
    assert "Editorial" not in demo.description
