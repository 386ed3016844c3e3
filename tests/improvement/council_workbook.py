"""A council's own workbook, as councils keep them: a sheet called "Improvement Plan", two title
rows and a blank row above the headings, its own headings, recommendation numbers merged down
their milestones, RAG words and letters, three statuses shown only by the cell's colour, leads
written as job titles, and a sheet of officers with their job titles."""

import io

import openpyxl
from openpyxl.styles import PatternFill

TITLE = "Improvement Plan"
HEADINGS = ["Rec No.", "Action", "Lead Officer", "Target date", "RAG", "Progress update"]
DCS = "Director of Children's Services"
HOS = "Head of Safeguarding"
AMBER, GREEN, RED = "FFC000", "00B050", "FF0000"

# (rec, action, lead, target date, RAG word or ("fill", colour), progress update)
THIS_MONTH = [
    ("1", "Appoint a permanent DCS", DCS, "April 24", "Green", "Interviews held"),
    ("1", "Agree the social work academy", DCS, "w/c 3 June 2024", "Amber", "Budget agreed"),
    ("1", "Recruit six team managers", HOS, "Summer 2024", ("fill", AMBER), ""),
    ("2", "Audit 50 case files a month", HOS, "Apr-24", "G", "Audits running"),
    ("2", "Publish the audit findings", "JS", "2024-26", ("fill", GREEN), ""),
    ("3", "Review the front door", DCS, "Ongoing", "Red", "Backlog of referrals"),
    ("3", "Train partners on thresholds", HOS, "31/03/2024", ("fill", RED), ""),
]

# Four changes: a status, a progress update, a target date and a lead.
NEXT_MONTH = [list(row) for row in THIS_MONTH]
NEXT_MONTH[1][4] = "Green"  # 1.2: Behind -> On track
NEXT_MONTH[3][5] = "Audits running; first report in July"  # 2.1: a new progress update
NEXT_MONTH[5][3] = "Winter 2024"  # 3.1: the target date
NEXT_MONTH[6][2] = DCS  # 3.2: the lead

OFFICERS = [("Jane Smith", DCS), ("Tom Brown", HOS)]


def council_workbook(rows=THIS_MONTH, *, officers=OFFICERS, headings=HEADINGS) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = TITLE
    sheet.append(["Children's Services Improvement Plan"])
    sheet.merge_cells("A1:F1")
    sheet.append(["Ofsted ILACS inspection, January 2024: progress to the Improvement Board"])
    sheet.append([])
    sheet.append(headings)
    first_of = {}
    for number, (rec, action, lead, due, rag, update) in enumerate(rows, start=5):
        word = "" if isinstance(rag, tuple) else rag
        sheet.append(["" if rec in first_of else rec, action, lead, due, word, update])
        first_of.setdefault(rec, number)
        if isinstance(rag, tuple):
            sheet.cell(number, 5).fill = PatternFill("solid", fgColor=rag[1])
    last = {rec: n for n, (rec, *_) in enumerate(rows, start=5)}
    for rec, first in first_of.items():
        if last[rec] > first:
            sheet.merge_cells(start_row=first, start_column=1, end_row=last[rec], end_column=1)
    if officers:
        people = workbook.create_sheet("Officers")
        people.append(["Name", "Job title"])
        for officer in officers:
            people.append(list(officer))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
