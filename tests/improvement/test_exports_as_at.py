"""Exports as at a past date use the due date in force at that date (a revision made later is
not yet known then), and Excel files are typed: dates as dates, plain numbers as numbers, refs
as text, the heading row frozen and filtered, and the plan and as-at date in the workbook."""

import csv
import io
from datetime import date, datetime

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from improvement.demo import SLUG
from improvement.status import Status
from improvement.workbook import DATE, NUMBER, TEXT, cell_value, neutralise, plain_number
from indicators.models import Indicator, Measurement
from recommendations.models import Milestone
from recommendations.services import record_status_update
from tests.indicators.conftest import add_figures

AS_AT = "2006-05-31"


@pytest.fixture
def revised(demo):
    """4.1 (due 30 Apr 2006) revised today to 31 Mar 2027."""
    milestone = Milestone.objects.get(recommendation__plan=demo, recommendation__ref="4", ref="1")
    record_status_update(
        milestone,
        status=Status.ON_TRACK,
        as_at=timezone.localdate(),
        revised_due_date=date(2027, 3, 31),
        revision_reason="Re-planned",
    )
    return milestone


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def csv_rows(response) -> list[dict]:
    return list(csv.DictReader(io.StringIO(body(response).decode("utf-8-sig"))))


def workbook(response):
    return openpyxl.load_workbook(io.BytesIO(body(response)))


def xlsx_rows(response, sheet=0) -> list[dict]:
    book = workbook(response)
    ws = book.worksheets[sheet] if isinstance(sheet, int) else book[sheet]
    header, *values = [list(r) for r in ws.iter_rows(values_only=True)]
    return [dict(zip(header, row, strict=True)) for row in values]


def test_the_milestone_table_exports_the_due_date_in_force(client, director, revised):
    client.force_login(director)
    url = reverse("milestone_list", args=[SLUG])
    (row,) = [
        r
        for r in csv_rows(client.get(url, {"as_at": AS_AT, "_export": "csv"}))
        if r["Ref"] == "4.1"
    ]
    assert (row["Due"], row["Revised due date"], row["Overdue"]) == ("2006-04-30", "", "yes")
    (row,) = [
        r
        for r in xlsx_rows(client.get(url, {"as_at": AS_AT, "_export": "xlsx"}))
        if r["Ref"] == "4.1"
    ]
    assert (row["Due"], row["Revised due date"]) == (datetime(2006, 4, 30), None)
    # As at today the revision is in force.
    (row,) = [r for r in csv_rows(client.get(url, {"_export": "csv"})) if r["Ref"] == "4.1"]
    assert row["Due"] == row["Revised due date"] == "2027-03-31"


def test_the_plan_export_uses_the_due_date_in_force(client, director, revised):
    client.force_login(director)
    url = reverse("plan_export", args=[SLUG])
    rows = csv_rows(client.get(url, {"as_at": AS_AT, "format": "csv"}))
    (row,) = [r for r in rows if (r["recommendation_ref"], r["milestone_ref"]) == ("4", "1")]
    assert (row["revised_due_date"], row["overdue"]) == ("", "yes")
    rows = xlsx_rows(client.get(url, {"as_at": AS_AT}), "plan")
    (row,) = [r for r in rows if (r["recommendation_ref"], r["milestone_ref"]) == ("4", "1")]
    assert (row["due_date"], row["revised_due_date"]) == (datetime(2006, 4, 30), None)


def test_the_excel_milestone_table_is_typed_frozen_filtered_and_says_what_it_is(
    client, director, demo
):
    client.force_login(director)
    response = client.get(
        reverse("milestone_list", args=[SLUG]), {"as_at": AS_AT, "_export": "xlsx"}
    )
    book = workbook(response)
    sheet = book["Milestones"]
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == sheet.dimensions
    header = [c.value for c in sheet[1]]
    due, ref, rec = (header.index(name) + 1 for name in ("Due", "Ref", "Recommendation"))
    first = sheet.cell(row=2, column=due)
    assert isinstance(first.value, datetime) and first.is_date
    assert first.number_format == "d mmm yyyy"
    # Refs stay text: "1" is recommendation 1, not the number one; "4.1" is not four point one.
    assert sheet.cell(row=2, column=ref).data_type == "s"
    assert {sheet.cell(row=r, column=rec).data_type for r in range(2, sheet.max_row + 1)} == {"s"}
    about = {row[0].value: row[1].value for row in book["About"].iter_rows()}
    assert about["Plan"] == "Herefordshire JAR Performance Improvement Action Plan"
    assert about["Figures as at"] == datetime(2006, 5, 31)
    assert book.properties.title.endswith("as at 31 May 2006")


def test_negative_figures_are_numbers_and_text_figures_stay_text(client, director, demo):
    indicator = Indicator.objects.filter(plan=demo).order_by("pk").first()
    Measurement.objects.filter(indicator=indicator).delete()
    add_figures(indicator, ("March 06", "-29.6", "Up to 50%"))
    client.force_login(director)
    url = reverse("indicator_list", args=[SLUG])
    rows = xlsx_rows(client.get(url, {"as_at": AS_AT, "_export": "xlsx"}), "Indicators")
    (row,) = [r for r in rows if r["Ref"] == indicator.ref]
    assert row["Latest actual"] == -29.6
    assert row["Target"] == "Up to 50%"
    (row,) = [
        r
        for r in csv_rows(client.get(url, {"as_at": AS_AT, "_export": "csv"}))
        if r["Ref"] == indicator.ref
    ]
    assert row["Latest actual"] == "-29.6"
    # In the plan export's indicators sheet, too.
    rows = xlsx_rows(
        client.get(reverse("plan_export", args=[SLUG]), {"as_at": AS_AT}), "indicators"
    )
    (row,) = [r for r in rows if r["ref"] == indicator.ref]
    assert row["actual"] == -29.6


@pytest.mark.parametrize(
    "text, number",
    [
        ("-29.6", -29.6),
        ("75", 75),
        ("0", 0),
        ("0.5", 0.5),
        ("75.50", None),  # written with two decimals: kept as written
        ("007", None),
        ("1,234", None),
        ("+5", None),
        ("-", None),
        ("=1+2", None),
        ("Up to 50%", None),
        ("", None),
    ],
)
def test_plain_number(text, number):
    assert plain_number(text) == number


@pytest.mark.parametrize(
    "value, kind, cell",
    [
        ("2006-04-30", DATE, date(2006, 4, 30)),
        ("2006-04-30", TEXT, "2006-04-30"),
        ("03/06", DATE, "03/06"),  # a due date as written stays as written
        ("4", TEXT, "4"),
        ("4", NUMBER, 4),
        ("New indicator", NUMBER, "New indicator"),
        ("", NUMBER, None),
        (3, TEXT, 3),
        (True, TEXT, "yes"),
    ],
)
def test_cell_value(value, kind, cell):
    assert cell_value(value, kind) == cell


@pytest.mark.parametrize(
    "value, written",
    [("-29.6", "-29.6"), ("-5", "-5"), ("-", "'-"), ("-1+2", "'-1+2"), ("=SUM(A1)", "'=SUM(A1)")],
)
def test_neutralise_leaves_plain_numbers_alone(value, written):
    assert neutralise(value) == written
