"""The blank template: headings, notes on every column, a drop-down of statuses; as Excel or
as CSV files in a zip."""

import csv
import io
import zipfile

import openpyxl
from django.urls import reverse

from improvement.spreadsheets.blank import NOTES
from improvement.spreadsheets.plan_import import import_plan
from improvement.spreadsheets.reading import read_upload
from improvement.spreadsheets.template import PLAN_COLUMNS
from tests.improvement.test_spreadsheets import AS_AT


def test_the_blank_workbook_has_every_sheet_notes_and_a_status_drop_down(client, officer):
    client.force_login(officer)
    response = client.get(reverse("plan_import_template"))
    assert response.status_code == 200
    assert 'filename="improvement-plan-template.xlsx"' in response["Content-Disposition"]
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["plan", "people", "indicators", "risks", "notes"]
    headings = [c.value for c in next(workbook["plan"].iter_rows(max_row=1))]
    assert headings == list(PLAN_COLUMNS)
    [choice] = workbook["plan"].data_validations.dataValidation
    assert choice.type == "list"
    assert choice.formula1 == '"Complete,On track,Behind,Off track,Not started"'
    status = "ABCDEFGHIJKL"[PLAN_COLUMNS.index("status")]
    assert str(choice.sqref) == f"{status}2:{status}5000"
    notes = {(r[0], r[1]): r for r in workbook["notes"].iter_rows(min_row=3, values_only=True)}
    assert set(notes) == set(NOTES)  # every column explained
    assert "w/c 3 June 2024" in notes["plan", "due"][3]
    assert "Amber" in notes["plan", "status"][3]


def test_the_blank_csv_files_come_in_a_zip(client, officer):
    client.force_login(officer)
    response = client.get(reverse("plan_import_template_csv"))
    assert response["Content-Type"] == "application/zip"
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        assert sorted(archive.namelist()) == [
            "indicators.csv",
            "notes.csv",
            "people.csv",
            "plan.csv",
            "risks.csv",
        ]
        header = next(csv.reader(io.StringIO(archive.read("plan.csv").decode())))
    assert header == list(PLAN_COLUMNS)


def test_the_blank_template_filled_in_imports_and_its_notes_are_not_read(db, client, officer):
    client.force_login(officer)
    workbook = openpyxl.load_workbook(
        io.BytesIO(client.get(reverse("plan_import_template")).content)
    )
    workbook["plan"].append(
        ["Stay Safe", "1", "Do", "", "", "1", "Act", "", "CEO", "Apr-24", "Amber"]
    )
    buffer = io.BytesIO()
    workbook.save(buffer)
    found = read_upload("template.xlsx", buffer.getvalue())
    # Beside the plan, the sheets of headings alone are nothing to import; notes never are.
    assert set(found) == {"plan"}
    assert found.unused_sheets == ["people", "indicators", "risks", "notes"]
    result = import_plan(found, slug="t", as_at=AS_AT, create_people=True)
    assert result.ok, result.errors
    assert result.created["milestones"] == 1
