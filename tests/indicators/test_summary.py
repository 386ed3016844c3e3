"""What the dashboard, the API and the plan page read about indicators."""

from datetime import date

from django.template import Context, Template
from django.template.loader import render_to_string

from indicators.rag import Rag
from indicators.summary import indicator_block, indicators_by_recommendation, off_target_counts
from tests.factories import make_plan, make_recommendation
from tests.indicators.conftest import add_figures, make_indicator


def test_indicator_block_counts_current_rag_as_at_the_date(indicator_setup):
    plan = indicator_setup.plan  # CF/ C64: 76 v 80 (March 06, amber), 79 v 80 (June 06, amber)
    red = make_indicator(plan, "NI 1", higher_is_better=False)
    add_figures(red, ("March 06", "120", "100"))
    make_indicator(plan, "NI 2")  # no figures
    assert indicator_block(plan, date(2006, 3, 30)) == {
        "total": 3,
        "by_rag": {"green": 0, "amber": 0, "red": 0, "none": 3},
    }
    assert indicator_block(plan, date(2006, 12, 31)) == {
        "total": 3,
        "by_rag": {"green": 0, "amber": 1, "red": 1, "none": 1},
    }


def test_indicator_block_of_a_plan_without_indicators(db):
    assert indicator_block(make_plan("empty"), date(2006, 1, 1)) == {
        "total": 0,
        "by_rag": {"green": 0, "amber": 0, "red": 0, "none": 0},
    }


def test_off_target_counts_for_every_plan(db):
    plans = [make_plan(f"p{n}") for n in range(3)]
    for n, plan in enumerate(plans):
        for k in range(n):
            add_figures(make_indicator(plan, f"PI {k}"), ("March 06", "50", "80"))
        add_figures(make_indicator(plan, "Good"), ("March 06", "90", "80"))
    assert off_target_counts(plans, date(2006, 6, 30)) == {
        plans[0].pk: 0,
        plans[1].pk: 1,
        plans[2].pk: 2,
    }
    assert off_target_counts(plans, date(2006, 1, 1)) == dict.fromkeys((p.pk for p in plans), 0)
    assert off_target_counts([], date(2006, 1, 1)) == {}


def test_indicators_by_recommendation_and_its_partial(indicator_setup, plan_setup):
    plan = indicator_setup.plan
    rec = plan_setup.own.recommendation
    make_recommendation(plan, "2")  # measured by no indicator
    grouped = indicators_by_recommendation(plan, date(2006, 6, 30))
    assert list(grouped) == [rec.pk]
    [row] = grouped[rec.pk]
    assert row.indicator.ref == "CF/ C64"
    assert (row.state.rag, row.state.latest.actual) == (Rag.AMBER, "79")

    html = render_to_string(
        "indicators/_recommendation_indicators.html",
        {"rows": grouped[rec.pk], "as_at": date(2006, 6, 30)},
    )
    assert 'href="/plans/improve/indicators/CF/%20C64/?as_at=2006-06-30">CF/ C64</a>' in html
    assert "79" in html and "(June 06)" in html and "80" in html
    assert "Near target" in html and "Improving" in html
    assert (
        render_to_string("indicators/_recommendation_indicators.html", {"rows": []}).strip() == ""
    )


def test_the_rows_for_filter_finds_a_recommendations_rows(indicator_setup, plan_setup):
    grouped = indicators_by_recommendation(indicator_setup.plan, date(2006, 6, 30))
    template = Template(
        "{% load indicator_tags %}{% for row in grouped|rows_for:pk %}{{ row.indicator.ref }}"
        "{% endfor %}|{% for row in grouped|rows_for:0 %}x{% endfor %}"
    )
    pk = plan_setup.own.recommendation.pk
    assert template.render(Context({"grouped": grouped, "pk": pk})) == "CF/ C64|"
