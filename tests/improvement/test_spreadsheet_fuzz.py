"""Random and broken spreadsheets: always a clean import or a list of errors with the
database unchanged; and export then import reproduces any plan exactly."""

import io
import itertools
from datetime import date

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from improvement.models import Person, Plan
from improvement.spreadsheets.export import csv_bytes, sheets, xlsx_bytes
from improvement.spreadsheets.indicator_sheet import INDICATOR_COLUMNS
from improvement.spreadsheets.plan_import import PLAN_COLUMNS, import_plan
from improvement.spreadsheets.reading import FileProblem, read_csv, read_upload
from improvement.spreadsheets.risk_sheet import RISK_COLUMNS
from indicators.models import Indicator, Measurement
from recommendations.models import Milestone, StatusUpdate
from recommendations.snapshot import plan_snapshot
from risks.models import Risk
from tests.improvement.test_spreadsheets import indicator_figures, risk_figures

AS_AT = date(2026, 1, 31)
FUZZ = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# Spreadsheets cannot hold control characters (XLSX refuses them), so plans never do.
cell_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc")),
    max_size=30,
)
statuses = st.sampled_from(["", "On track", "Complete", "Behind", "Off track", "Greenish", "done"])
dues = st.sampled_from(["", "3/06", "31/03/2022", "Q3 2009/10", "ongoing", "=1+1", "June 2009"])
refs = st.sampled_from(["1", "2", "10", "LG1", "", "2-2"])
plan_row = st.tuples(
    st.sampled_from(["", "Stay Safe", "Be Healthy"]),
    refs,
    cell_text,
    cell_text,
    cell_text,
    refs,
    cell_text,
    cell_text,
    st.sampled_from(["", "AB", "AB CD", "Chief Executive", "AB; Head of HR"]),
    dues,
    statuses,
)

# Rows that a person could really have typed: every required cell filled in.
filled_text = cell_text.filter(lambda t: t.strip() != "")
valid_row = st.tuples(
    st.sampled_from(["Stay Safe", "Be Healthy", "Leadership and Governance (LG)"]),
    st.sampled_from(["1", "2", "10", "LG1"]),
    filled_text,
    cell_text,
    cell_text,
    st.sampled_from(["1", "2", "3", "2-2", "10"]),
    filled_text,
    cell_text,
    st.sampled_from(["", "AB", "AB CD", "Chief Executive", "AB; Head of HR"]),
    dues,
    st.sampled_from(["", "On track", "Complete", "Behind", "Off track", "Not started"]),
)


# PI rows: refs from a few, periods that each end on a different day, figures as councils
# write them (numbers, per cents, words, formula-like text).
figure = st.sampled_from(["", "75", "75%", "1,234", "-3.5", "New indicator", "=1+1", "Up to 50%"])
indicator_row = st.tuples(
    st.sampled_from(["NI 59", "CH 141", "CF/ C64"]),
    filled_text,
    cell_text,
    st.sampled_from(["", "true", "false"]),
    st.sampled_from(["March 06", "2008/09", "Q1 2009/10", "Jun 2022", "Q4 2021/22"]),
    figure,
    figure,
    figure,
    cell_text,
)
# Risk scores in pairs, residual ones only with inherent ones, as a risk log must have them.
pair = st.one_of(st.just(("", "")), st.tuples(*[st.sampled_from("1234")] * 2))
risk_row = st.tuples(
    st.sampled_from(["R1", "R2", "R10", "LG-1"]),
    filled_text,
    pair,
    cell_text,
    st.sampled_from(["", "AB", "Chief Executive"]),
    pair,
    cell_text,
).filter(lambda r: r[2] != ("", "") or r[5] == ("", ""))


def state():
    return (
        Plan.objects.count(),
        Milestone.objects.count(),
        Person.objects.count(),
        StatusUpdate.objects.count(),
        Indicator.objects.count(),
        Measurement.objects.count(),
        Risk.objects.count(),
    )


def check_outcome(data: bytes, name: str):
    before = state()
    try:
        sheets_ = read_upload(name, data)
    except FileProblem:
        assert state() == before
        return
    result = import_plan(sheets_, slug="fuzz", title="Fuzz", as_at=AS_AT, create_people=True)
    if result.ok:
        assert Plan.objects.filter(slug="fuzz").exists()
    else:
        assert result.errors and all(str(e) for e in result.errors)
        assert state() == before


@FUZZ
@given(rows=st.lists(plan_row, max_size=8), headers_ok=st.booleans())
def test_random_csv_imports_cleanly_or_changes_nothing(db, rows, headers_ok):
    headers = list(PLAN_COLUMNS) if headers_ok else ["theme", "ref", "text"]
    check_outcome(csv_bytes([headers, *[list(r) for r in rows]]), "plan.csv")


@FUZZ
@given(data=st.binary(max_size=400), name=st.sampled_from(["plan.csv", "plan.xlsx", "x.txt"]))
def test_random_bytes_never_half_import(db, data, name):
    check_outcome(data, name)


@FUZZ
@given(rows=st.lists(plan_row, max_size=6))
def test_random_xlsx_imports_cleanly_or_changes_nothing(db, rows):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "plan"
    sheet.append(list(PLAN_COLUMNS))
    for r in rows:
        sheet.append([c if not c.startswith("=") else "'" + c for c in r])
    buffer = io.BytesIO()
    workbook.save(buffer)
    check_outcome(buffer.getvalue(), "plan.xlsx")


@FUZZ
@given(
    rows=st.lists(plan_row, max_size=4),
    indicators=st.lists(st.lists(cell_text, min_size=0, max_size=12), max_size=4),
    risks=st.lists(st.lists(cell_text, min_size=0, max_size=14), max_size=4),
)
def test_random_pi_and_risk_sheets_import_cleanly_or_change_nothing(db, rows, indicators, risks):
    workbook = openpyxl.Workbook()
    for name, header, data in (
        ("plan", PLAN_COLUMNS, rows),
        ("indicators", INDICATOR_COLUMNS, indicators),
        ("risks", RISK_COLUMNS, risks),
    ):
        sheet = workbook.create_sheet(name)
        sheet.append(list(header))
        for r in data:
            sheet.append([c if not c.startswith("=") else "'" + c for c in r])
    workbook.remove(workbook["Sheet"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    check_outcome(buffer.getvalue(), "plan.xlsx")


_examples = itertools.count()


def figures(slug):
    snapshot = plan_snapshot(Plan.objects.get(slug=slug), AS_AT)
    return [
        (
            r.milestone.recommendation.theme.name,
            r.milestone.full_ref,
            r.milestone.text,
            r.milestone.success_criteria,
            r.milestone.due_text,
            r.milestone.outcome.text if r.milestone.outcome else "",
            [p.short_name for p in r.milestone.lead_people],
            r.effective.status,
        )
        for r in snapshot.milestones
    ]


@FUZZ
@given(
    rows=st.lists(valid_row, min_size=1, max_size=8),
    indicators=st.lists(indicator_row, max_size=6),
    risks=st.lists(risk_row, max_size=4, unique_by=lambda r: r[0]),
    as_xlsx=st.booleans(),
    data=st.data(),
)
def test_export_then_import_reproduces_the_plan(db, rows, indicators, risks, as_xlsx, data):
    # Examples share the test's database, so each works on plans of its own.
    n = next(_examples)
    src, copy = f"src-{n}", f"copy-{n}"
    refs = sorted({r[1] for r in rows})
    tables = {
        "plan": [list(PLAN_COLUMNS), *[list(r) for r in rows]],
        "indicators": [list(INDICATOR_COLUMNS)],
        "risks": [list(RISK_COLUMNS)],
    }
    periods = set()
    for ref, definition, unit, polarity, period, actual, target, comparator, label in indicators:
        if (ref, period) in periods:
            continue  # one row per PI and period: the same period twice is an error
        periods.add((ref, period))
        measured = data.draw(st.lists(st.sampled_from(refs), unique=True, max_size=2))
        tables["indicators"].append(
            [ref, definition, unit, polarity, period, actual, target, comparator, label]
            + [" ".join(measured)]
        )
    for ref, description, (li, se), mitigation, owner, (rl, rs), contingency in risks:
        tables["risks"].append(
            [ref, description, li, se, "", "", mitigation, owner, rl, rs, "", "", contingency]
        )
    source = {
        name: read_csv(csv_bytes(table), name, f"{name}.csv")
        for name, table in tables.items()
        if len(table) > 1
    }
    result = import_plan(source, slug=src, title="Src", as_at=AS_AT, create_people=True)
    assert result.ok, result.errors
    exported = sheets(Plan.objects.get(slug=src), AS_AT)
    if as_xlsx:
        again_sheets = read_upload("plan.xlsx", xlsx_bytes(exported))
    else:
        again_sheets = {
            name: read_csv(csv_bytes(table), name, f"{name}.csv")
            for name, table in exported.items()
        }
    again = import_plan(again_sheets, slug=copy, title="Copy", as_at=AS_AT, create_people=True)
    assert again.ok, again.errors
    assert figures(copy) == figures(src)
    src_plan, copy_plan = Plan.objects.get(slug=src), Plan.objects.get(slug=copy)
    assert indicator_figures(copy_plan) == indicator_figures(src_plan)
    assert risk_figures(copy_plan) == risk_figures(src_plan)


@pytest.mark.parametrize("value", ["=1+1", "+1", "-1", "@A1"])
def test_a_formula_like_cell_round_trips_as_text(db, value):
    rows = [list(PLAN_COLUMNS), ["T", "1", "R", "", "", "1", value, "", "", "", ""]]
    assert import_plan(
        read_upload("plan.csv", csv_bytes(rows)), slug="src", as_at=AS_AT, create_people=True
    ).ok
    assert Milestone.objects.get().text == value
