"""Plans in and out of spreadsheets: all or nothing, every error by sheet, row and column."""

import io
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from django.core.management import CommandError, call_command

from improvement.dashboard import plan_summary
from improvement.demo import DEMO_DIR, SLUG
from improvement.models import Person, Plan
from improvement.spreadsheets.export import csv_bytes, sheets, xlsx_bytes
from improvement.spreadsheets.plan_import import PLAN_COLUMNS, import_plan
from improvement.spreadsheets.reading import FileProblem, read_path, read_upload
from improvement.status import Status
from improvement.workbook import neutralise
from indicators.models import Indicator
from recommendations.models import Milestone, StatusUpdate
from recommendations.snapshot import plan_snapshot
from risks.models import Risk

AS_AT = date(2006, 5, 31)
HEADER = ",".join(PLAN_COLUMNS)


def plan_csv(*rows: str, header: str = HEADER) -> dict:
    return read_upload("plan.csv", ("\n".join((header, *rows)) + "\n").encode())


def run(sheets_, **kwargs):
    kwargs.setdefault("slug", "new")
    kwargs.setdefault("as_at", AS_AT)
    return import_plan(sheets_, **kwargs)


ROW = "Stay Safe,1,Do it,2006,Better,{ref},{text},Done,{leads},{due},{status}"


def row(ref="1", text="Milestone", leads="Chief Executive", due="3/06", status=""):
    return ROW.format(ref=ref, text=text, leads=leads, due=due, status=status)


def test_a_small_plan_imports_with_inherited_cells(db):
    result = run(
        plan_csv(
            row("1"),
            ",,,,,2,Second,,Chief Executive,4/06,On track",
            "Be Healthy,2,Other,,,1,Third,,Chief Executive,,",
        ),
        title="New plan",
        create_people=True,
    )
    assert result.ok, result.errors
    plan = Plan.objects.get(slug="new")
    milestones = {
        m.full_ref: m for m in Milestone.objects.filter(recommendation__plan=plan).with_related()
    }
    assert set(milestones) == {"1.1", "1.2", "2.1"}
    assert milestones["1.2"].recommendation.theme.name == "Stay Safe"
    assert milestones["1.2"].outcome.text == "Better"  # inherited within the recommendation
    assert milestones["2.1"].outcome is None  # not across recommendations
    assert milestones["1.2"].status == Status.ON_TRACK
    assert StatusUpdate.objects.get().as_at == AS_AT
    assert [p.name for p in milestones["1.1"].lead_people] == ["Chief Executive"]


def test_a_dry_run_changes_nothing_and_reports_what_would_happen(db):
    result = run(plan_csv(row("1"), row("2")), dry_run=True, create_people=True)
    assert result.ok
    assert (result.created["milestones"], result.created["recommendations"]) == (2, 1)
    assert not Plan.objects.exists() and not Person.objects.exists()


@pytest.mark.parametrize(
    ("data", "where", "message"),
    [
        (plan_csv(row(status="Purple")), ("plan", 2, "status"), "“Purple” is not a status"),
        (plan_csv(row(ref="")), ("plan", 2, "milestone_ref"), "This cell is empty"),
        (plan_csv(row(text="")), ("plan", 2, "milestone"), "This cell is empty"),
        (
            plan_csv(row(), header=HEADER.replace(",milestone,", ",number,")),
            ("plan", 1, "milestone"),
            "No column is the milestone (missing milestone): give its heading, or choose which "
            "column it is. Headings not imported: “number”.",
        ),
        (plan_csv(), ("plan", None, ""), "no rows"),
        (
            plan_csv(row(leads="ZZ")),
            ("plan", None, "leads"),
            "These leads and owners are in no people list: ZZ",
        ),
    ],
)
def test_errors_say_where_and_nothing_is_imported(db, data, where, message):
    result = run(data)
    assert not result.ok
    problem = result.errors[0]
    assert (problem.sheet, problem.row, problem.column) == where
    assert message in problem.message
    assert not Plan.objects.exists() and not Milestone.objects.exists()


def test_a_repeated_milestone_ref_is_a_warning_and_becomes_2_2(db):
    result = run(plan_csv(row("2"), row("2", text="Again")), create_people=True)
    assert result.ok
    assert "imported as 2-2" in result.warnings[0].message
    assert set(Milestone.objects.values_list("ref", flat=True)) == {"2", "2-2"}


def test_an_unreadable_due_date_is_kept_as_written_with_a_warning(db):
    result = run(plan_csv(row(due="When funding allows")), create_people=True)
    assert result.ok
    assert result.warnings[0].column == "due"
    milestone = Milestone.objects.get()
    assert (milestone.due_text, milestone.due_date) == ("When funding allows", None)


@pytest.mark.parametrize("due", ["Ongoing", "TBC"])
def test_ongoing_and_tbc_are_kept_as_text_with_a_warning_and_no_due_date(db, due):
    result = run(plan_csv(row(due=due)), create_people=True)
    assert result.ok
    assert [(w.row, w.column) for w in result.warnings] == [(2, "due")]
    assert "names no due date" in result.warnings[0].message
    milestone = Milestone.objects.get()
    assert (milestone.due_text, milestone.due_date) == (due, None)


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("plan.csv", b"", "is empty"),
        ("plan.csv", b"\n\n", "is empty"),
        ("plan.pdf", b"%PDF-1.4", "neither a CSV file nor an Excel workbook"),
        ("plan.csv", "theme\n".encode("utf-16"), "UTF-16"),
        ("plan.xlsx", b"PK\x03\x04 broken", "not an Excel workbook"),
        ("plan.csv", b"a\x00b,c\n", "not a CSV file"),
    ],
)
def test_files_we_cannot_read_are_refused_with_a_reason(name, data, message):
    with pytest.raises(FileProblem, match=message):
        read_upload(name, data)


def test_a_file_over_the_limit_is_refused(settings):
    settings.IMPORT_MAX_BYTES = 100
    with pytest.raises(FileProblem, match="the limit is"):
        read_upload("plan.csv", b"x" * 101)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252"])
def test_utf8_with_or_without_bom_and_windows_1252_are_read(db, encoding):
    text = HEADER + "\n" + row(text="Café – “quoted”") + "\n"
    result = run(read_upload("plan.csv", text.encode(encoding)), create_people=True)
    assert result.ok
    assert Milestone.objects.get().text == "Café – “quoted”"


def test_headers_are_case_insensitive(db):
    result = run(plan_csv(row(), header=HEADER.upper()), create_people=True)
    assert result.ok


def xlsx_with(rows, formula_cell=None) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Plan"
    for r in rows:
        sheet.append(r)
    if formula_cell:
        sheet[formula_cell] = '=CONCAT("Ev","il")'
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_xlsx_formulas_are_never_evaluated(db):
    data = xlsx_with(
        [list(PLAN_COLUMNS), ["Stay Safe", 1, "Do", "", "", 1, "placeholder", "", "", "", ""]],
        formula_cell="G2",
    )
    result = run(read_upload("plan.xlsx", data), create_people=True)
    # A formula saved without a calculated value reads as empty: the milestone text is missing.
    assert not result.ok
    assert (result.errors[0].row, result.errors[0].column) == (2, "milestone")


def test_xlsx_numbers_and_dates_read_as_typed(db):
    data = xlsx_with(
        [
            list(PLAN_COLUMNS),
            ["Stay Safe", 10, "Do", "", "", 2, "Text", "", "", date(2022, 3, 31), ""],
        ]
    )
    result = run(read_upload("plan.xlsx", data), create_people=True)
    assert result.ok, result.errors
    milestone = Milestone.objects.get()
    assert (milestone.recommendation.ref, milestone.ref) == ("10", "2")
    assert (milestone.due_text, milestone.due_date) == ("2022-03-31", date(2022, 3, 31))


@pytest.fixture
def imported(db):
    result = run(plan_csv(row("1", status="On track"), row("2")), create_people=True)
    assert result.ok
    return Plan.objects.get(slug="new")


def test_reimporting_updates_changed_text_and_reports_missing_rows(imported):
    result = run(plan_csv(row("1", text="Reworded", status="On track")))
    assert result.ok
    assert (result.updated["milestones"], result.created["status updates"]) == (1, 0)
    assert result.missing == ["milestone 1.2"]
    assert Milestone.objects.filter(recommendation__plan=imported).count() == 2  # none deleted
    changed = Milestone.objects.get(ref="1")
    assert changed.text == "Reworded"
    assert changed.history.latest().history_change_reason == "Imported"


def test_a_status_cell_is_recorded_only_when_it_differs(imported):
    run(plan_csv(row("1", status="On track"), row("2", status="Behind")))
    assert StatusUpdate.objects.filter(milestone__ref="1").count() == 1
    assert StatusUpdate.objects.filter(milestone__ref="2").get().status == Status.BEHIND


def test_export_neutralises_formulas():
    assert neutralise("=SUM(A1)") == "'=SUM(A1)"
    assert neutralise("+44 1432") == "'+44 1432"
    assert neutralise("@cmd") == "'@cmd"
    assert neutralise("-") == "'-"
    assert neutralise("Plain") == "Plain"


def test_formula_like_text_survives_export_and_import(db, tmp_path):
    run(plan_csv(row(text="=HYPERLINK(evil)")), create_people=True, slug="src")
    tables = sheets(Plan.objects.get(slug="src"), AS_AT)
    assert "'=HYPERLINK(evil)" in csv_bytes(tables["plan"]).decode()
    (tmp_path / "plan.csv").write_bytes(csv_bytes(tables["plan"]))
    assert run(read_path(tmp_path), slug="copy").ok
    assert Milestone.objects.get(recommendation__plan__slug="copy").text == "=HYPERLINK(evil)"


def figures(plan, as_at):
    """Every figure a dashboard or the summary API shows, and what the PIs and risks say."""
    snapshot = plan_snapshot(plan, as_at)
    summary = plan_summary(plan, as_at)
    del summary["plan"]
    return (
        summary,
        snapshot.recommendation_statuses(),
        [
            (r.milestone.full_ref, r.milestone.text, r.milestone.due_text, r.effective.status)
            for r in snapshot.milestones
        ],
        indicator_figures(plan),
        risk_figures(plan),
    )


def indicator_figures(plan):
    return [
        (
            i.ref,
            i.definition,
            i.unit,
            i.higher_is_better,
            sorted(r.ref for r in i.recommendations.all()),
            [
                (m.period, m.period_end, m.actual, m.target, m.comparator, m.comparator_label)
                for m in i.measurements.order_by("period_end")
            ],
        )
        for i in Indicator.objects.filter(plan=plan).order_by("order")
    ]


def risk_figures(plan):
    return [
        (
            r.ref,
            r.description,
            (r.likelihood, r.severity, r.residual_likelihood, r.residual_severity),
            r.mitigation,
            r.owner.short_name if r.owner else "",
            r.contingency,
        )
        for r in Risk.objects.filter(plan=plan).select_related("owner").order_by("ref_sort")
    ]


@pytest.mark.parametrize("form", ["csv", "xlsx"])
def test_the_demo_exported_and_imported_into_a_new_plan_gives_the_same_figures(
    demo, tmp_path, form
):
    tables = sheets(demo, AS_AT)
    if form == "csv":
        for name, rows in tables.items():
            (tmp_path / f"{name}.csv").write_bytes(csv_bytes(rows))
        source = tmp_path
    else:
        source = tmp_path / "plan.xlsx"
        source.write_bytes(xlsx_bytes(tables))
    result = run(read_path(Path(source)), slug="copy", title="Copy", as_at=AS_AT)
    assert result.ok, result.errors
    assert (result.created["indicators"], result.created["risks"]) == (10, 4)
    assert figures(Plan.objects.get(slug="copy"), AS_AT) == figures(demo, AS_AT)


def test_the_command_prints_the_preview_and_fails_on_errors(db, tmp_path, capsys):
    (tmp_path / "plan.csv").write_text(HEADER + "\n" + row(status="Purple") + "\n")
    with pytest.raises(CommandError, match="1 errors: nothing was imported"):
        call_command("import_plan", str(tmp_path), "--plan", "x")
    assert "“Purple” is not a status" in capsys.readouterr().out
    assert not Plan.objects.exists()


def test_the_commands_round_trip_the_demo(demo, tmp_path, capsys):
    call_command("export_plan", SLUG, str(tmp_path), "--as-at", "2006-05-31")
    call_command(
        "import_plan", str(tmp_path), "--plan", "copy", "--dry-run", "--as-at", "2006-05-31"
    )
    assert "milestones: 66 to create" in capsys.readouterr().out
    assert not Plan.objects.filter(slug="copy").exists()
    call_command("import_plan", str(tmp_path), "--plan", "copy", "--as-at", "2006-05-31")
    assert Milestone.objects.filter(recommendation__plan__slug="copy").count() == 66


def test_the_demo_files_import_as_they_are(db):
    result = run(read_path(DEMO_DIR), slug="jar", create_people=True)
    assert result.ok
    assert result.created["milestones"] == 66
    assert sorted(result.unknown_leads) == ["BT", "CYPP", "LH", "MG", "NA", "RG"]


def test_every_table_export_is_protected_against_formulas():
    from improvement.tables import ExportTable
    from indicators.tables import IndicatorTable
    from recommendations.tables import MilestoneTable
    from risks.tables import RiskTable

    assert all(issubclass(t, ExportTable) for t in (IndicatorTable, MilestoneTable, RiskTable))


def test_row_numbers_count_blank_rows_as_a_spreadsheet_does(db):
    data = (HEADER + "\n" + row("1") + "\n\n" + row(status="Greenish") + "\n").encode()
    result = run(read_upload("plan.csv", data), create_people=True)
    assert (result.errors[0].row, result.errors[0].column) == (4, "status")


@pytest.mark.parametrize(
    ("cells", "column"),
    [
        ({"ref": "1" * 21}, "milestone_ref"),
        ({"due": "x" * 201}, "due"),
        ({"leads": "Director of " + "x" * 200}, "leads"),
    ],
)
def test_cells_too_long_for_the_database_are_errors_not_crashes(db, cells, column):
    result = run(plan_csv(row(**cells)), create_people=True)
    assert not result.ok
    assert result.errors[0].column == column
    assert "characters" in result.errors[0].message
    assert not Plan.objects.exists()


def test_the_export_carries_indicators_with_rag_and_direction(db):
    from tests.indicators.conftest import add_figures, make_indicator

    plan = make_plan_for_export()
    indicator = make_indicator(plan, "NI 59", higher_is_better=True)
    add_figures(indicator, ("Q1 2009/10", "80", "90"), ("Q2 2009/10", "88", "90"))
    add_figures(
        make_indicator(plan, "NEW", higher_is_better=None), ("2009/10", "New indicator", "")
    )
    rows = sheets(plan, AS_AT)["indicators"]
    header, *data = rows
    records = [dict(zip(header, r, strict=True)) for r in data]
    # In the plan's order, then by ref: NEW before NI 59.
    assert [(r["ref"], r["period"], r["rag"], r["direction"]) for r in records] == [
        ("NEW", "2009/10", "", ""),  # text, and no polarity: never guessed
        ("NI 59", "Q1 2009/10", "red", ""),  # 80 against 90: more than 5 % short
        ("NI 59", "Q2 2009/10", "amber", "improving"),  # 88: within 5 % of 90
    ]
    assert records[0]["actual"] == "New indicator"
    assert records[0]["higher_is_better"] == "" and records[1]["higher_is_better"] == "true"


def test_the_export_carries_risks_with_ratings_and_bands(db):
    from tests.risks.factories import make_risk

    plan = make_plan_for_export()
    make_risk(plan, "R1", (3, 4), (2, 4))
    make_risk(plan, "R2")
    header, *data = sheets(plan, AS_AT)["risks"]
    records = {r[0]: dict(zip(header, r, strict=True)) for r in data}
    assert (records["R1"]["rating"], records["R1"]["band"]) == ("12", "HIGH")
    assert (records["R1"]["residual_rating"], records["R1"]["residual_band"]) == ("8", "MEDIUM")
    assert (records["R2"]["rating"], records["R2"]["band"]) == ("", "")


def test_a_plan_without_indicators_or_risks_exports_without_those_sheets(db):
    assert set(sheets(make_plan_for_export(), AS_AT)) == {"plan", "people"}


def make_plan_for_export():
    run(plan_csv(row()), slug="exp", create_people=True)
    return Plan.objects.get(slug="exp")


def test_the_comment_column_round_trips_through_export(db):
    result = run(plan_csv(row(status="Behind") + ",Waiting for the budget"), create_people=True)
    assert result.ok, result.errors
    assert StatusUpdate.objects.get().comment == "Waiting for the budget"
    header_row, data_row = sheets(Plan.objects.get(slug="new"), AS_AT)["plan"]
    assert header_row[: len(PLAN_COLUMNS)] == HEADER.split(",")
    assert data_row[PLAN_COLUMNS.index("comment")] == "Waiting for the budget"
    # Imported again unchanged, the same comment records nothing new.
    again = run(plan_csv(row(status="Behind") + ",Waiting for the budget"))
    assert (again.created["status updates"], again.changes) == (0, [])
