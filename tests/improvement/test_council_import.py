"""A council's own workbook gets in: its table found under title rows, its headings, its RAG
words and colours, its job titles; a mapping chosen once is kept; a re-import says what
changes, milestone by milestone."""

import io
import json
from datetime import date

import openpyxl
import pytest
from django.core.management import CommandError, call_command

from improvement.models import Person, Plan
from improvement.spreadsheets.layout import Mapping, normalise, recognise
from improvement.spreadsheets.plan_import import import_plan
from improvement.spreadsheets.reading import FileProblem, read_upload
from improvement.status import Status
from recommendations.models import Milestone, StatusUpdate
from tests.improvement.council_workbook import (
    DCS,
    HEADINGS,
    HOS,
    NEXT_MONTH,
    OFFICERS,
    THIS_MONTH,
    council_workbook,
)

AS_AT = date(2024, 6, 30)


def run(data, name="council.xlsx", mapping=None, **kwargs):
    kwargs.setdefault("slug", "council")
    kwargs.setdefault("as_at", AS_AT)
    kwargs.setdefault("create_people", True)
    return import_plan(read_upload(name, data, mapping), **kwargs)


@pytest.mark.parametrize(
    ("heading", "column"),
    [
        ("Rec No.", "recommendation_ref"),
        ("REC NO", "recommendation_ref"),
        ("Recommendation number", "recommendation_ref"),
        ("Ref", "recommendation_ref"),
        ("Action No.", "milestone_ref"),
        ("Action ref", "milestone_ref"),
        ("Action", "milestone"),
        ("Task", "milestone"),
        ("Lead officer", "leads"),
        ("Responsible Officer", "leads"),
        ("Who", "leads"),
        ("Target date", "due"),
        ("By when?", "due"),
        ("Deadline", "due"),
        ("RAG status", "status"),
        ("Progress rating", "status"),
        ("Progress update", "comment"),
        ("Commentary", "comment"),
        ("recommendation_ref", "recommendation_ref"),  # the template's own names
        ("success_criteria", "success_criteria"),
        ("Timescale", "timescale"),  # our template's column, unless there is no due column
        ("due_date", ""),  # what our export adds is read back as nothing
        ("Notes", ""),
    ],
)
def test_headings_are_recognised_in_the_councils_own_words(heading, column):
    assert recognise(heading, "plan") == column


def test_headings_are_compared_without_case_or_punctuation():
    assert normalise("  Rec. No.  ") == normalise("rec_no") == "rec no"


def test_a_council_workbook_is_found_under_its_title_rows_and_imports(db):
    result = run(council_workbook())
    assert result.ok, result.errors
    plan_layout, people_layout = result.layouts
    assert (plan_layout.sheet, plan_layout.header_row) == ("Improvement Plan", 4)
    assert [c.column for c in plan_layout.headed] == [
        "recommendation_ref",
        "milestone",
        "leads",
        "due",
        "status",
        "comment",
    ]
    assert (people_layout.sheet, people_layout.kind) == ("Officers", "people")
    milestones = {
        m.full_ref: m for m in Milestone.objects.filter(recommendation__plan__slug="council")
    }
    # Milestones numbered within their recommendation; the merged "Rec No." copied down.
    assert sorted(milestones) == ["1.1", "1.2", "1.3", "2.1", "2.2", "3.1", "3.2"]
    assert milestones["3.1"].recommendation.text == "Recommendation 3"
    assert milestones["1.1"].recommendation.theme.name == "Improvement Plan"
    statuses = {ref: m.status for ref, m in milestones.items()}
    assert statuses == {
        "1.1": Status.ON_TRACK,  # Green
        "1.2": Status.BEHIND,  # Amber
        "1.3": Status.BEHIND,  # amber fill, no text
        "2.1": Status.ON_TRACK,  # G
        "2.2": Status.ON_TRACK,  # green fill
        "3.1": Status.OFF_TRACK,  # Red
        "3.2": Status.OFF_TRACK,  # red fill
    }
    dues = {ref: m.due_date for ref, m in milestones.items()}
    assert dues["1.1"] == date(2024, 4, 30) and dues["1.2"] == date(2024, 6, 7)
    assert dues["2.2"] == date(2026, 3, 31) and dues["3.1"] is None
    comment = StatusUpdate.objects.get(milestone=milestones["1.1"]).comment
    assert comment == "Interviews held"


def test_the_preview_lists_each_status_word_and_colour_and_what_it_became(db):
    result = run(council_workbook(), dry_run=True)
    assert result.statuses_read == {
        "“Green”": (Status.ON_TRACK, 1),
        "“Amber”": (Status.BEHIND, 1),
        "the cell's colour #FFC000": (Status.BEHIND, 1),
        "“G”": (Status.ON_TRACK, 1),
        "the cell's colour #00B050": (Status.ON_TRACK, 1),
        "“Red”": (Status.OFF_TRACK, 1),
        "the cell's colour #FF0000": (Status.OFF_TRACK, 1),
    }
    assert "Status the cell's colour #FFC000 → Behind (1 row)" in result.lines()


def test_leads_written_as_job_titles_are_the_people_who_hold_them(db):
    result = run(council_workbook())
    assert result.ok
    jane = Person.objects.get(name="Jane Smith")
    assert jane.role == DCS
    led_by_jane = Milestone.objects.filter(leads=jane).count()
    assert led_by_jane == sum(1 for row in THIS_MONTH if row[2] == DCS)
    # Only the initials nobody holds became a new person; no second person with a title.
    assert result.unknown_leads == ["JS"]
    assert not Person.objects.filter(name__in=[DCS, HOS]).exists()


def test_a_title_from_the_app_matches_a_lead_case_insensitively(db):
    Person.objects.create(name="Jane Smith", role=DCS)
    result = run(council_workbook(officers=()))
    assert result.ok
    assert Person.objects.filter(role=DCS).count() == 1
    lead = Milestone.objects.get(recommendation__ref="1", ref="1").lead_people[0]
    assert lead.name == "Jane Smith"
    rows = [(r[0], r[1], DCS.upper(), *r[3:]) for r in THIS_MONTH[:1]]
    assert run(council_workbook(rows, officers=()), slug="other").ok
    assert Milestone.objects.get(recommendation__plan__slug="other").lead_people[0].name == (
        "Jane Smith"
    )


def test_a_title_two_people_hold_is_an_error_naming_both(db):
    Person.objects.create(name="Jane Smith", role=DCS)
    Person.objects.create(name="Raj Patel", role=DCS)
    result = run(council_workbook(officers=()))
    assert not result.ok
    error = next(e for e in result.errors if e.column == "leads")
    assert (error.row, "Jane Smith" in error.message, "Raj Patel" in error.message) == (
        5,
        True,
        True,
    )
    assert not Plan.objects.filter(slug="council").exists()


def test_a_reimport_lists_each_change_row_by_row_and_counts_the_rest(db):
    assert run(council_workbook()).ok
    result = run(council_workbook(NEXT_MONTH), dry_run=True)
    assert result.ok, result.errors
    changes = {c.ref: c.changes for c in result.changes}
    assert changes == {
        "1.2": [("status", "Behind", "On track")],
        "2.1": [("comment", "Audits running", "Audits running; first report in July")],
        "3.1": [("due", "Ongoing", "Winter 2024")],
        "3.2": [("leads", "Tom Brown", "Jane Smith")],
    }
    assert (result.updated["milestones"], result.unchanged["milestones"]) == (2, 5)
    assert result.created["milestones"] == 0
    assert "Milestone 1.2: status “Behind” → “On track”" in result.lines()


def test_after_an_import_the_message_counts_what_was_done_in_the_past_tense(db):
    result = run(council_workbook())
    assert result.done().startswith("plan: 1 created, 0 updated, 0 unchanged;")
    assert "people: 3 created, 0 updated, 0 unchanged" in result.done()
    assert "milestones: 7 created" in result.done()


def test_a_progress_update_alone_records_a_status_update_with_that_comment(db):
    assert run(council_workbook()).ok
    assert run(council_workbook(NEXT_MONTH)).ok
    milestone = Milestone.objects.get(recommendation__ref="2", ref="1")
    comments = list(milestone.updates.order_by("created").values_list("comment", "status"))
    assert comments == [
        ("Audits running", Status.ON_TRACK),
        ("Audits running; first report in July", Status.ON_TRACK),
    ]


def test_the_chosen_layout_is_saved_on_the_plan_and_used_next_month(db):
    assert run(council_workbook()).ok
    plan = Plan.objects.get(slug="council")
    assert plan.import_mapping["sheet"] == "Improvement Plan"
    assert plan.import_mapping["header_row"] == 4
    assert plan.import_mapping["columns"]["RAG"] == "status"
    # Next month's headings are the council's own again, one of them unrecognisable: the
    # saved mapping reads it.
    headings = [*HEADINGS[:4], "BRAG rating (this month)", HEADINGS[5]]
    plan.import_mapping["columns"] = {
        **plan.import_mapping["columns"],
        "BRAG rating (this month)": "status",
    }
    del plan.import_mapping["columns"]["RAG"]
    plan.save()
    saved = Mapping.from_json(plan.import_mapping)
    data = council_workbook(NEXT_MONTH, headings=headings)
    result = import_plan(
        read_upload("council.xlsx", data, saved=saved), slug="council", as_at=AS_AT
    )
    assert result.ok, result.errors
    assert {c.ref for c in result.changes} == {"1.2", "2.1", "3.1", "3.2"}


def test_a_mapping_chooses_the_sheet_the_heading_row_and_the_columns(db):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Summary"
    sheet.append(["Nothing here"])
    plan = workbook.create_sheet("Year 2")
    plan.append(["Number", "Thing to do", "Person", "When"])
    plan.append(["1", "Do it", "Chief Executive", "June 2024"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    mapping = Mapping.from_json(
        {
            "sheet": "year 2",
            "header_row": 1,
            "columns": {
                "Number": "recommendation_ref",
                "Thing to do": "milestone",
                "Person": "leads",
                "When": "due",
            },
        }
    )
    result = run(buffer.getvalue(), mapping=mapping)
    assert result.ok, result.errors
    milestone = Milestone.objects.get()
    assert (milestone.text, milestone.due_date) == ("Do it", date(2024, 6, 30))


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ([], "must be a JSON object"),
        ({"header_row": "three"}, "“header_row” must be a row number"),
        ({"columns": {"RAG": "colour"}}, "maps “RAG” to “colour”, which is not a column"),
        ({"columns": ["RAG"]}, "“columns” must map headings"),
    ],
)
def test_a_bad_mapping_is_refused_with_a_reason(data, message):
    with pytest.raises(FileProblem, match=message):
        Mapping.from_json(data)


def test_a_mapping_naming_a_sheet_the_workbook_lacks_says_which_it_has(db):
    with pytest.raises(FileProblem, match="has no sheet “Plan 2025”.*Improvement Plan, Officers"):
        read_upload("council.xlsx", council_workbook(), Mapping("Plan 2025", 4))


def test_the_command_imports_a_council_workbook_with_no_mapping(db, tmp_path, capsys):
    source = tmp_path / "council.xlsx"
    source.write_bytes(council_workbook())
    call_command(
        "import_plan", str(source), "--plan", "x", "--create-people", "--as-at", "2024-06-30"
    )
    out = capsys.readouterr().out
    assert "plan: sheet “Improvement Plan”, headings in row 4" in out
    assert "Imported: plan: 1 created" in out
    assert Milestone.objects.filter(recommendation__plan__slug="x").count() == len(THIS_MONTH)


def test_the_command_takes_a_mapping_file(db, tmp_path, capsys):
    source = tmp_path / "council.xlsx"
    source.write_bytes(council_workbook(headings=["No", "Do", "Who", "When", "Colour", "Said"]))
    mapping = tmp_path / "mapping.json"
    columns = dict(
        zip(
            ["No", "Do", "Who", "When", "Colour", "Said"],
            ["recommendation_ref", "milestone", "leads", "due", "status", "comment"],
            strict=True,
        )
    )
    mapping.write_text(
        json.dumps({"sheet": "Improvement Plan", "header_row": 4, "columns": columns})
    )
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("import_plan", str(source), "--plan", "x", "--create-people")
    assert "There is no plan sheet" in capsys.readouterr().out
    call_command(
        "import_plan", str(source), "--plan", "x", "--create-people", "--mapping", str(mapping)
    )
    assert Milestone.objects.filter(recommendation__plan__slug="x").count() == len(THIS_MONTH)
    assert Plan.objects.get(slug="x").import_mapping["columns"] == columns


def test_the_command_refuses_a_mapping_that_is_not_json(db, tmp_path):
    mapping = tmp_path / "mapping.json"
    mapping.write_text("{sheet: Plan")
    with pytest.raises(CommandError, match="is not JSON"):
        call_command("import_plan", str(tmp_path), "--plan", "x", "--mapping", str(mapping))


def test_a_people_sheet_found_by_its_headings_keeps_officers_once(db):
    assert run(council_workbook()).ok
    assert run(council_workbook(NEXT_MONTH)).ok
    for name, _ in OFFICERS:
        assert Person.objects.filter(name=name).count() == 1
