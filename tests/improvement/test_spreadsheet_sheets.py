"""The indicators and risks sheets: read with the plan or alone into an existing plan, every
error by sheet, row and column, and nothing imported while any remains."""

from datetime import date
from decimal import Decimal

import pytest

from improvement.models import Person, Plan
from improvement.spreadsheets.indicator_sheet import INDICATOR_COLUMNS
from improvement.spreadsheets.plan_import import NO_PLAN_SHEET, PLAN_COLUMNS, import_plan
from improvement.spreadsheets.reading import read_upload
from improvement.spreadsheets.risk_sheet import RISK_COLUMNS
from indicators.models import Indicator, Measurement
from risks.models import Risk, RiskReview
from tests.factories import make_person

AS_AT = date(2009, 9, 30)
PLAN = [
    "Stay Safe,1,Keep children safe,2009,,1,Audit cases,,Chief Executive,6/09,On track",
    "Be Healthy,2,Healthier,2009,,1,Clinics,,Chief Executive,9/09,",
]


def csv(name: str, header, *rows: str) -> dict:
    text = "\n".join((",".join(header), *rows)) + "\n"
    return read_upload(f"{name}.csv", text.encode())


def sheets(indicators=(), risks=(), plan=tuple(PLAN)) -> dict:
    found = {}
    if plan:
        found.update(csv("plan", PLAN_COLUMNS, *plan))
    if indicators:
        found.update(csv("indicators", INDICATOR_COLUMNS, *indicators))
    if risks:
        found.update(csv("risks", RISK_COLUMNS, *risks))
    return found


def run(sheets_, **kwargs):
    kwargs.setdefault("slug", "new")
    kwargs.setdefault("as_at", AS_AT)
    kwargs.setdefault("create_people", True)
    return import_plan(sheets_, **kwargs)


NI59 = "NI 59,Initial assessments within 7 days,%,true,Q1 2009/10,80,90,75,England average,1 2"
NI59_Q2 = "NI 59,,,,Q2 2009/10,88,90,,,"
R1 = "R1,Staff leave,3,4,12,HIGH,Agency staff,Chief Executive,2,4,8,MEDIUM,Interim managers"


def nothing_imported():
    return (
        not Plan.objects.exists() and not Indicator.objects.exists() and not Risk.objects.exists()
    )


def test_indicators_import_with_their_figures_and_recommendations(db):
    result = run(sheets(indicators=[NI59, NI59_Q2, "NEW,A new PI,,,2009/10,New indicator,,,,"]))
    assert result.ok, result.errors
    assert (result.created["indicators"], result.created["indicator figures"]) == (2, 3)
    assert "indicators: 2 to create, 0 to update, 0 unchanged" in result.lines()
    ni59 = Indicator.objects.get(ref="NI 59")
    assert (ni59.definition, ni59.unit, ni59.higher_is_better) == (
        "Initial assessments within 7 days", "%", True,
    )  # fmt: skip
    assert sorted(r.ref for r in ni59.recommendations.all()) == ["1", "2"]
    q1, q2 = ni59.measurements.order_by("period_end")
    assert (q1.period, q1.period_end, q1.actual_number, q1.target_number) == (
        "Q1 2009/10", date(2009, 6, 30), Decimal(80), Decimal(90),
    )  # fmt: skip
    assert (q1.comparator, q1.comparator_label) == ("75", "England average")
    assert (q2.actual, q2.period_end) == ("88", date(2009, 9, 30))
    new = Indicator.objects.get(ref="NEW")
    assert new.higher_is_better is None
    assert new.measurements.get().actual == "New indicator"
    assert list(Indicator.objects.order_by("order").values_list("ref", flat=True)) == [
        "NI 59",
        "NEW",
    ]


def test_a_later_row_that_describes_a_pi_differently_is_a_warning(db):
    result = run(sheets(indicators=[NI59, "NI 59,Something else,,,Q2 2009/10,88,90,,,"]))
    assert result.ok
    [warning] = result.warnings
    assert (warning.sheet, warning.row, warning.column) == ("indicators", 3, "definition")
    assert "the first is kept" in warning.message
    assert Indicator.objects.get().definition == "Initial assessments within 7 days"


@pytest.mark.parametrize(
    ("line", "column", "message"),
    [
        ("NI 59,Def,%,sometimes,Q1 2009/10,80,90,,,", "higher_is_better", "Write true"),
        ("NI 59,Def,%,true,Spring 09,80,90,,,", "period", "Enter one period"),
        ("NI 59,Def,%,true,,80,90,,,", "period", "This cell is empty"),
        (",Def,%,true,Q1 2009/10,80,90,,,", "ref", "This cell is empty"),
        ("NI 59,,%,true,Q1 2009/10,80,90,,,", "definition", "needs its definition"),
        ("NI 59,Def,%,true,Q1 2009/10,80,90,,,1 7", "recommendation_refs", "no recommendation 7"),
        ("NI 59,Def,%,true,Q1 2009/10,1" + "0" * 15 + ",90,,,", "actual", "too large"),
        ("NI 59,Def,%,true,Q1 2009/10,80,0.1234567,,,", "target", "too precise"),
        ("N" * 41 + ",Def,%,true,Q1 2009/10,80,90,,,", "ref", "At most 40 characters"),
    ],
)
def test_a_bad_indicator_cell_is_an_error_and_nothing_is_imported(db, line, column, message):
    result = run(sheets(indicators=[line]))
    assert not result.ok
    [error] = result.errors
    assert (error.sheet, error.row, error.column) == ("indicators", 2, column)
    assert message in error.message
    assert nothing_imported()


def test_the_same_period_twice_is_an_error(db):
    # June 2009 and Q1 2009/10 end on the same day: one period written two ways.
    result = run(sheets(indicators=[NI59, "NI 59,,,,Jun 2009,81,90,,,"]))
    [error] = result.errors
    assert (error.row, error.column) == (3, "period")
    assert "already has figures for the period ending 30 Jun 2009 (row 2)" in error.message
    assert nothing_imported()


def test_errors_in_every_sheet_are_listed_together(db):
    result = run(
        sheets(
            indicators=["NI 59,Def,%,true,Spring,80,90,,,"],
            risks=["R1,Staff leave,5,4,,,,,,,,,"],
            plan=[PLAN[0].replace("On track", "Greenish")],
        )
    )
    assert {e.sheet for e in result.errors} == {"plan", "indicators", "risks"}
    assert nothing_imported()


def test_reimporting_indicators_updates_figures_and_reports_what_the_file_left_out(db):
    assert run(sheets(indicators=[NI59, NI59_Q2, "OLD,Gone,,,2009/10,1,,,,"])).ok
    plan = Plan.objects.get()
    ni59 = Indicator.objects.get(ref="NI 59")
    ni59.higher_is_better = False  # a plan manager's setting since
    ni59.save()
    blank_polarity = NI59.replace(",true,", ",,").replace(",80,", ",82,")
    result = run(sheets(indicators=[blank_polarity], plan=()), slug=plan.slug)
    assert result.ok, result.errors
    assert result.updated["indicator figures"] == 1
    assert result.unchanged["indicators"] == 1
    assert result.missing == ["indicator NI 59, period Q2 2009/10", "indicator OLD"]
    ni59.refresh_from_db()
    assert ni59.higher_is_better is False  # blank means "not known", not "forget it"
    q1 = ni59.measurements.get(period="Q1 2009/10")
    assert q1.actual_number == Decimal(82)
    assert q1.history.first().history_change_reason == "Imported"
    assert Measurement.objects.count() == 3  # nothing deleted


def test_a_sheet_alone_needs_an_existing_plan(db):
    result = run(sheets(indicators=[NI59], plan=()))
    assert [str(e) for e in result.errors] == [f"plan: {NO_PLAN_SHEET}"]
    assert "There is no plan sheet (plan.csv)" in NO_PLAN_SHEET


def test_a_dry_run_of_indicators_and_risks_changes_nothing(db):
    result = run(sheets(indicators=[NI59], risks=[R1]), dry_run=True)
    assert result.ok
    assert (result.created["indicators"], result.created["risks"]) == (1, 1)
    assert nothing_imported()


def test_risks_import_with_scores_and_owners(db):
    lee = make_person("Lee Lead", "LL")
    result = run(sheets(risks=[R1, "R2,Partners distracted,,,,,,LL,,,,,"]))
    assert result.ok, result.errors
    assert result.warnings == []
    r1, r2 = Risk.objects.order_by("ref_sort")
    assert (r1.likelihood, r1.severity, r1.residual_likelihood, r1.residual_severity) == (
        3,
        4,
        2,
        4,
    )
    assert (r1.mitigation, r1.contingency) == ("Agency staff", "Interim managers")
    assert r1.owner.name == "Chief Executive"
    assert r2.owner == lee and r2.likelihood is None


def test_an_unknown_risk_owner_is_offered_as_a_new_person(db):
    result = run(sheets(risks=["R1,Staff leave,,,,,,Head of HR,,,,,"]), create_people=False)
    assert not result.ok
    assert "Head of HR" in result.unknown_leads
    assert result.errors[-1].column == "leads"
    assert nothing_imported()
    assert run(sheets(risks=["R1,Staff leave,,,,,,Head of HR,,,,,"])).ok
    assert not Person.objects.get(name="Head of HR").is_listed


@pytest.mark.parametrize(
    ("line", "column", "message"),
    [
        ("R1,Staff leave,5,4,,,,,,,,,", "likelihood", "outside the plan's 4 x 4 risk matrix"),
        ("R1,Staff leave,3,0,,,,,,,,,", "severity", "from 1 to 4"),
        ("R1,Staff leave,3,high,,,,,,,,,", "severity", "“high” is not a whole number"),
        ("R1,Staff leave,3,2.5,,,,,,,,,", "severity", "whole number"),
        ("R1,Staff leave,3,,,,,,,,,,", "severity", "Enter the severity too"),
        ("R1,Staff leave,,,,,,,2,2,,,", "likelihood", "Score the risk before mitigation"),
        ("R1,,3,4,,,,,,,,,", "description", "This cell is empty"),
        ("R" * 21 + ",Staff leave,,,,,,,,,,,", "ref", "At most 20 characters"),
    ],
)
def test_a_bad_risk_cell_is_an_error_and_nothing_is_imported(db, line, column, message):
    result = run(sheets(risks=[line]))
    assert not result.ok
    [error] = result.errors
    assert (error.sheet, error.row, error.column) == ("risks", 2, column)
    assert message in error.message
    assert nothing_imported()


def test_a_risk_given_twice_is_an_error(db):
    result = run(sheets(risks=[R1, R1]))
    [error] = result.errors
    assert (error.row, error.column) == (3, "ref")
    assert "given twice (first at row 2)" in error.message


def test_scores_are_checked_against_the_plans_own_matrix(db):
    assert run(sheets()).ok
    plan = Plan.objects.get()
    plan.risk_scale = 5
    plan.risk_bands = [{"name": "LOW", "max": 6}, {"name": "HIGH", "max": None}]
    plan.save()
    result = run(sheets(risks=["R1,Staff leave,5,5,25,HIGH,,,,,,,"], plan=()), slug=plan.slug)
    assert result.ok, result.errors
    assert result.warnings == []
    assert Risk.objects.get().likelihood == 5


@pytest.mark.parametrize(
    ("line", "column", "message"),
    [
        (R1.replace(",12,", ",16,"), "rating", "The file says 16, but the scores give 3 x 4 = 12"),
        (R1.replace(",HIGH,", ",Low,"), "band", "but 3 x 4 = 12 is HIGH in the plan's matrix"),
        ("R1,Staff leave,,,9,,,,,,,,", "rating", "which are blank"),
        ("R1,Staff leave,,,,,,,,,,HIGH,", "residual_band", "is not kept"),
    ],
)
def test_ratings_and_bands_are_computed_and_a_differing_cell_is_a_warning(
    db, line, column, message
):
    result = run(sheets(risks=[line]))
    assert result.ok, result.errors
    [warning] = result.warnings
    assert (warning.sheet, warning.row, warning.column) == ("risks", 2, column)
    assert message in warning.message


def test_a_band_in_another_case_is_no_warning(db):
    assert run(sheets(risks=[R1.replace(",HIGH,", ",high,")])).warnings == []


def test_reimported_scores_are_a_review_so_earlier_reports_keep_theirs(db):
    assert run(sheets(risks=[R1]), as_at=date(2009, 6, 30)).ok
    plan = Plan.objects.get()
    changed = R1.replace("Staff leave,3,4,12,HIGH", "Staff leave,2,4,8,MEDIUM")
    result = run(sheets(risks=[changed], plan=()), slug=plan.slug, as_at=date(2009, 9, 30))
    assert result.ok, result.errors
    assert (result.updated["risks"], result.created["risk reviews"]) == (1, 1)
    review = RiskReview.objects.get()
    assert (review.reviewed_on, review.likelihood, review.band) == (date(2009, 9, 30), 2, "MEDIUM")
    before = Risk.objects.with_assessment(date(2009, 8, 31)).get()
    after = Risk.objects.with_assessment(date(2009, 9, 30)).get()
    assert (before.likelihood_as_at, after.likelihood_as_at) == (3, 2)
    again = run(sheets(risks=[changed], plan=()), slug=plan.slug, as_at=date(2009, 10, 31))
    assert (again.unchanged["risks"], again.created["risk reviews"]) == (1, 0)


def test_reimported_risk_text_is_updated_with_history_and_missing_risks_are_kept(db):
    assert run(sheets(risks=[R1, "R2,Other,,,,,,,,,,,"])).ok
    plan = Plan.objects.get()
    result = run(sheets(risks=[R1.replace("Agency staff", "Bank staff")], plan=()), slug=plan.slug)
    assert result.ok
    assert result.missing == ["risk R2"]
    r1 = Risk.objects.get(ref="R1")
    assert r1.mitigation == "Bank staff"
    assert r1.history.first().history_change_reason == "Imported"
    assert Risk.objects.count() == 2
