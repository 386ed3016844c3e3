"""The blank template: every sheet's headings, a notes sheet explaining every column with
examples, and a drop-down of statuses on the plan's status column. As an Excel workbook, or as
CSV files (one per sheet, and the notes) in a zip."""

import io
import zipfile

from improvement.spreadsheets.export import csv_bytes
from improvement.spreadsheets.template import (
    INDICATOR_COLUMNS,
    PEOPLE_COLUMNS,
    PLAN_COLUMNS,
    RISK_COLUMNS,
)
from improvement.status import LABELS
from improvement.workbook import add_sheet

SHEETS = {
    "plan": PLAN_COLUMNS,
    "people": PEOPLE_COLUMNS,
    "indicators": INDICATOR_COLUMNS,
    "risks": RISK_COLUMNS,
}
STATUS_WORDS = [LABELS[s] for s in LABELS]
DUE_EXAMPLES = (
    "31/03/2024; 2024-03-31; March 2024; Mar-24; April 24 (end of April 2024); 3/24; "
    "w/c 3 June 2024 (that week's Friday); Q3 2024/25 (31 Dec 2024); 2024/25 (31 Mar 2025); "
    "2024-26 (31 Mar 2026); Summer 2024 (31 Aug 2024); Autumn term 2024 (31 Dec 2024); "
    "From April 2024 (a start, no due date); Ongoing or TBC (kept as written, no due date)"
)
STATUS_EXAMPLES = (
    "Complete, On track, Behind, Off track, Not started; or Blue, Green, Amber, Red, Grey "
    "(B, G, A, R); Completed, Achieved, Ongoing, At risk, Slipped, Not yet started. In Excel a "
    "status cell left empty but filled red, amber, green, blue or grey is read by its colour."
)
HEADING_NOTE = (
    "Your own headings and layout are fine: the importer finds the heading row under any title "
    "rows and recognises headings such as Rec No., Action, Lead Officer, Target date, RAG and "
    "Progress update. The check shows how each column was read, and you can change it."
)
# (sheet, column): what it holds, and examples.
NOTES = {
    ("plan", "theme"): ("The theme or work stream; blank: the one above.", "Stay Safe; LG"),
    ("plan", "recommendation_ref"): (
        "The recommendation's number (required); blank: the one above.",
        "1; 10; LG1",
    ),
    ("plan", "recommendation"): ("What the inspectors recommended; blank: the one above.", ""),
    ("plan", "timescale"): ("The recommendation's own timescale, as written.", "By March 2025"),
    ("plan", "outcome"): ("What good looks like; blank: the one above, in a recommendation.", ""),
    ("plan", "milestone_ref"): (
        "The action's number within its recommendation; without the column, 1, 2, 3 in order.",
        "1; 2a",
    ),
    ("plan", "milestone"): ("The action (required).", "Appoint a permanent DCS"),
    ("plan", "success_criteria"): ("How you will know it is done.", ""),
    ("plan", "leads"): (
        "Initials, names or job titles; several separated by ; or new lines.",
        "SMe LM; Jane Smith; Director of Children's Services",
    ),
    ("plan", "due"): ("When it is due, as you write it.", DUE_EXAMPLES),
    ("plan", "status"): ("The RAG status as at the import's date.", STATUS_EXAMPLES),
    ("plan", "comment"): (
        "The progress update: the comment of the status update the row records.",
        "Interviews held; post offered",
    ),
    ("people", "initials"): ("As the plan writes them (optional; unique).", "SMe; LM"),
    ("people", "name"): ("The person's name (required).", "Jane Smith"),
    ("people", "role"): (
        "Their job title: a lead written as this title is this person.",
        "Director of Children's Services",
    ),
    ("people", "organisation"): ("Council, partner or agency.", "Herefordshire Council"),
    ("indicators", "ref"): ("The PI's reference (required).", "NI 59"),
    ("indicators", "definition"): ("What is measured (the PI's first row).", ""),
    ("indicators", "unit"): ("Its unit.", "%"),
    ("indicators", "higher_is_better"): ("true, false or blank (not known).", "true"),
    ("indicators", "period"): ("The period the figures are for (required).", "Q1 2024/25"),
    ("indicators", "actual"): ("The figure, as written.", "75%; New indicator"),
    ("indicators", "target"): ("The target, as written.", "80%"),
    ("indicators", "comparator"): ("A comparator's figure.", "72%"),
    ("indicators", "comparator_label"): ("Whose figure the comparator is.", "England"),
    ("indicators", "recommendation_refs"): ("The recommendations it measures, by ref.", "1 3"),
    ("risks", "ref"): ("The risk's reference (required).", "R1"),
    ("risks", "description"): ("The risk (required).", ""),
    ("risks", "likelihood"): ("A whole number on the plan's matrix.", "3"),
    ("risks", "severity"): ("A whole number on the plan's matrix.", "4"),
    ("risks", "rating"): ("Worked out from the scores; a different one is a warning.", "12"),
    ("risks", "band"): ("Worked out from the score and the plan's bands.", "HIGH"),
    ("risks", "mitigation"): ("What is done about it.", ""),
    ("risks", "owner"): ("Initials, name or job title.", "LM"),
    ("risks", "residual_likelihood"): ("After mitigation.", "2"),
    ("risks", "residual_severity"): ("After mitigation.", "3"),
    ("risks", "residual_rating"): ("Worked out from the residual scores.", "6"),
    ("risks", "residual_band"): ("Worked out from the residual score.", "MEDIUM"),
    ("risks", "contingency"): ("What happens if it does.", ""),
}


def notes_rows() -> list[list[str]]:
    rows = [["sheet", "column", "what it holds", "examples"], ["", "", HEADING_NOTE, ""]]
    for sheet, columns in SHEETS.items():
        rows += [[sheet, column, *NOTES[sheet, column]] for column in columns]
    return rows


def blank_xlsx() -> bytes:
    import openpyxl
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    # The exports' own sheets: headings frozen and filtered, every cell text.
    for name, columns in SHEETS.items():
        add_sheet(workbook, name, [list(columns)], [])
    status = get_column_letter(PLAN_COLUMNS.index("status") + 1)
    choice = DataValidation(
        type="list",
        formula1='"' + ",".join(STATUS_WORDS) + '"',
        allow_blank=True,
        showErrorMessage=False,  # a council's own word is still read, or reported in the check
        promptTitle="Status",
        prompt="Choose a status, or write your own word (see notes)",
    )
    choice.add(f"{status}2:{status}5000")
    workbook["plan"].add_data_validation(choice)
    add_sheet(workbook, "notes", notes_rows(), [])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def blank_csv_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, columns in SHEETS.items():
            archive.writestr(f"{name}.csv", csv_bytes([list(columns)]))
        archive.writestr("notes.csv", csv_bytes(notes_rows()))
    return buffer.getvalue()
