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
from improvement.spreadsheets.plan_import import PLAN_COLUMNS, import_plan
from improvement.spreadsheets.reading import FileProblem, read_upload
from recommendations.models import Milestone, StatusUpdate
from recommendations.snapshot import plan_snapshot

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


def state():
    return (
        Plan.objects.count(),
        Milestone.objects.count(),
        Person.objects.count(),
        StatusUpdate.objects.count(),
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
@given(rows=st.lists(valid_row, min_size=1, max_size=8), as_xlsx=st.booleans())
def test_export_then_import_reproduces_the_plan(db, rows, as_xlsx):
    # Examples share the test's database, so each works on plans of its own.
    n = next(_examples)
    src, copy = f"src-{n}", f"copy-{n}"
    source = csv_bytes([list(PLAN_COLUMNS), *[list(r) for r in rows]])
    result = import_plan(
        read_upload("plan.csv", source), slug=src, title="Src", as_at=AS_AT, create_people=True
    )
    assert result.ok, result.errors
    tables = sheets(Plan.objects.get(slug=src), AS_AT)
    data = xlsx_bytes(tables) if as_xlsx else csv_bytes(tables["plan"])
    again = import_plan(
        read_upload("plan.xlsx" if as_xlsx else "plan.csv", data),
        slug=copy,
        title="Copy",
        as_at=AS_AT,
        create_people=True,
    )
    assert again.ok, again.errors
    assert figures(copy) == figures(src)


@pytest.mark.parametrize("value", ["=1+1", "+1", "-1", "@A1"])
def test_a_formula_like_cell_round_trips_as_text(db, value):
    rows = [list(PLAN_COLUMNS), ["T", "1", "R", "", "", "1", value, "", "", "", ""]]
    assert import_plan(
        read_upload("plan.csv", csv_bytes(rows)), slug="src", as_at=AS_AT, create_people=True
    ).ok
    assert Milestone.objects.get().text == value
