"""The milestone table: filters and sorting as at a date, and exports of exactly those rows."""

import csv
import io
import itertools
from datetime import date

import openpyxl
import pytest
from django.urls import reverse

from improvement.status import Status, effective_status
from recommendations.models import Milestone, SignOff
from recommendations.services import record_status_update
from tests.factories import make_milestone, make_person, make_plan, make_recommendation

AS_AT = date(2006, 5, 1)


@pytest.fixture
def table_plan(db):
    plan = make_plan("table", title="Table plan")
    lee, kim = make_person("Lee Lead", "LL"), make_person("Kim Key", "KK")
    rec1 = make_recommendation(plan, "1", theme="Stay Safe")
    rec10 = make_recommendation(plan, "10", theme="Be Healthy")
    a = make_milestone(rec1, "1", due=date(2006, 3, 31), leads=(lee,), text="Alpha")
    b = make_milestone(rec1, "2", due=date(2006, 4, 30), leads=(lee, kim), text="Bravo")
    c = make_milestone(rec10, "1", due=date(2006, 7, 31), leads=(kim,), text="Charlie")
    make_milestone(rec10, "2", leads=(kim,), text="Delta")
    record_status_update(a, status=Status.COMPLETE, as_at=date(2006, 3, 20), evidence="x")
    record_status_update(b, status=Status.ON_TRACK, as_at=date(2006, 2, 1))  # overdue on 1 May
    record_status_update(c, status=Status.BEHIND, as_at=date(2006, 4, 15), comment="late")
    return plan


def names(page: str) -> list[str]:
    found = [(page.find(f">{n}</a>"), n) for n in ("Alpha", "Bravo", "Charlie", "Delta")]
    return [n for at, n in sorted(found) if at >= 0]


def get(client, user, query=""):
    client.force_login(user)
    return client.get(reverse("milestone_list", args=["table"]) + f"?as_at={AS_AT}&{query}")


@pytest.mark.parametrize(
    ("query", "shown"),
    [
        ("", ["Alpha", "Bravo", "Charlie", "Delta"]),  # by due date, undated last
        ("sort=-effective_due", ["Delta", "Charlie", "Bravo", "Alpha"]),
        ("sort=effective_status", ["Bravo", "Charlie", "Delta", "Alpha"]),  # worst first
        ("sort=ref", ["Alpha", "Bravo", "Charlie", "Delta"]),  # 1.1, 1.2, 10.1, 10.2
        ("status=off_track", ["Bravo"]),
        ("status=behind", ["Charlie"]),
        ("status=complete", ["Alpha"]),
        ("overdue=on", ["Bravo"]),
        ("due_from=2006-04-01&due_to=2006-07-31", ["Bravo", "Charlie"]),
    ],
)
def test_filters_and_sorting(table_plan, client, director, query, shown):
    assert names(get(client, director, query).text) == shown


def test_filter_by_theme_recommendation_and_lead(table_plan, client, director):
    theme = table_plan.themes.get(name="Be Healthy")
    rec = table_plan.recommendations.get(ref="1")
    lee = table_plan.recommendations.get(ref="1").milestones.first().lead_people[0]
    assert names(get(client, director, f"theme={theme.pk}").text) == ["Charlie", "Delta"]
    assert names(get(client, director, f"recommendation={rec.pk}").text) == ["Alpha", "Bravo"]
    assert names(get(client, director, f"lead={lee.pk}").text) == ["Alpha", "Bravo"]


def test_csv_export_is_exactly_the_filtered_rows(table_plan, client, director):
    response = get(client, director, "overdue=on&_export=csv")
    assert response["Content-Type"].startswith("text/csv")
    assert "table-milestones-2006-05-01.csv" in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert len(rows) == 1
    row = rows[0]
    assert row["Ref"] == "1.2"
    assert row["Milestone"] == "Bravo"
    assert row["Leads"] == "LL; KK"
    assert row["Due"] == "2006-04-30"
    assert row["Status"] == "Off track"
    assert row["Overdue"] == "yes"
    assert row["Last reported status"] == "On track"
    assert row["Last update"] == "2006-02-01"
    assert row["Theme"] == "Stay Safe"


def test_xlsx_export_opens_in_excel_with_the_same_cells(table_plan, client, director):
    response = get(client, director, "status=behind&_export=xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    values = list(sheet.values)
    header, rows = values[0], values[1:]
    assert len(rows) == 1
    record = dict(zip(header, rows[0], strict=True))
    assert (record["Ref"], record["Milestone"], record["Status"]) == ("10.1", "Charlie", "Behind")


def test_the_table_pages_fifty_rows_at_a_time(client, director, db):
    plan = make_plan("big")
    rec = make_recommendation(plan, "1")
    Milestone.objects.bulk_create(
        Milestone(recommendation=rec, ref=str(n), ref_sort=f"{n:010d}", text=f"M{n}")
        for n in range(1, 76)
    )
    client.force_login(director)
    page = client.get(reverse("milestone_list", args=["big"])).text
    assert "75 milestones" in page
    assert 'aria-label="Pagination"' in page
    csv_rows = client.get(reverse("milestone_list", args=["big"]) + "?_export=csv")
    assert len(csv_rows.content.decode().strip().splitlines()) == 76  # every row, not one page


def test_the_tables_own_cells_are_what_django_tables2_would_render(table_plan, director):
    """MilestoneTable.page_cells skips django-tables2's per-cell work; the HTML must not move."""
    from django.test import RequestFactory
    from django_tables2 import RequestConfig

    from recommendations.tables import MilestoneTable

    milestones = (
        Milestone.objects.filter(recommendation__plan=table_plan)
        .with_related()
        .with_effective_status(AS_AT)
    )
    table = MilestoneTable(milestones)
    RequestConfig(RequestFactory().get("/"), paginate={"per_page": 50}).configure(table)
    mine = [[str(cell) for cell in cells] for cells in table.page_cells]
    theirs = [[str(cell) for _, cell in row.items()] for row in table.paginated_rows]
    assert len(mine) == 4
    assert mine == theirs


def test_sql_and_python_agree_on_the_effective_status(db):
    """with_effective_status() is the SQL twin of status.effective_status(): try every case of
    due date, report, sign-off and a revised due date recorded by an earlier report (which the
    later report, revising nothing, keeps), with a report after the date that must not count."""
    plan = make_plan("grid")
    rec = make_recommendation(plan, "1")
    dues = [None, date(2006, 4, 30), date(2006, 5, 1), date(2006, 5, 2)]
    reports = [None, *Status]
    revisions = [None, date(2006, 4, 15), date(2006, 6, 30)]
    expected = {}
    cases = itertools.product(dues, reports, [False, True], revisions)
    for n, (due, reported, awaiting, revised) in enumerate(cases, start=1):
        if awaiting and reported != Status.COMPLETE:
            continue
        milestone = make_milestone(rec, str(n), due=due)
        if revised:
            record_status_update(
                milestone, status=Status.ON_TRACK, as_at=date(2006, 3, 1), revised_due_date=revised
            )
        if reported:
            record_status_update(
                milestone,
                status=reported,
                as_at=date(2006, 4, 1),
                sign_off=SignOff.REQUESTED if awaiting else "",
            )
        record_status_update(milestone, status=Status.COMPLETE, as_at=date(2006, 6, 1))
        shown = reported or (Status.ON_TRACK if revised else Status.NOT_STARTED)
        python = effective_status(shown, revised or due, AS_AT, awaiting)
        expected[milestone.pk] = (python.status.value, python.overdue, revised or due)
    found = {
        m.pk: (m.effective_status, m.overdue, m.effective_due)
        for m in Milestone.objects.filter(recommendation=rec).with_effective_status(AS_AT)
    }
    assert found == expected


def test_the_latest_of_two_updates_as_at_one_date_is_the_one_recorded_last(db):
    milestone = make_milestone(make_recommendation(make_plan("tie"), "1"), "1")
    for status in (Status.OFF_TRACK, Status.BEHIND, Status.ON_TRACK):
        record_status_update(milestone, status=status, as_at=date(2006, 4, 1), comment=status)
    (found,) = Milestone.objects.filter(pk=milestone.pk).with_status_as_at(AS_AT)
    assert (found.reported_status, found.reported_comment) == ("on_track", "on_track")
    assert found.reported_on == date(2006, 4, 1)


@pytest.mark.parametrize("export", ["csv", "xlsx"])
def test_exports_never_carry_a_live_formula(db, client, director, export):
    plan = make_plan("inject")
    make_milestone(make_recommendation(plan, "1"), "1", text='=HYPERLINK("http://x","y")')
    client.force_login(director)
    response = client.get(reverse("milestone_list", args=["inject"]) + f"?_export={export}")
    if export == "csv":
        row = next(csv.DictReader(io.StringIO(response.content.decode())))
        assert row["Milestone"] == '\'=HYPERLINK("http://x","y")'
    else:
        sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
        header = [c.value for c in sheet[1]]
        cell = sheet.cell(row=2, column=header.index("Milestone") + 1)
        assert cell.data_type == "s"
        assert cell.value == '\'=HYPERLINK("http://x","y")'


def test_the_dashboard_lists_filters_agree_with_the_dashboard_on_every_combination(db):
    """The milestone table's due-soon, stale and awaiting-sign-off filters are the SQL twins
    of the dashboard's lists (improvement.dashboard): the same milestones, every case."""
    from improvement import dashboard
    from recommendations.snapshot import plan_snapshots

    plan = make_plan("lists", reporting_cycle_days=30, completion_sign_off=True)
    rec = make_recommendation(plan, "1")
    dues = [None, date(2006, 4, 30), date(2006, 5, 1), date(2006, 5, 2), date(2006, 5, 31)]
    dues.append(date(2006, 6, 1))
    reported = [None, date(2006, 3, 31), date(2006, 4, 1), date(2006, 4, 2)]
    cases = itertools.product(dues, reported, [*Status])
    for n, (due, on, status) in enumerate(cases, start=1):
        milestone = make_milestone(rec, str(n), due=due)
        if on:
            record_status_update(milestone, status=status, as_at=on)
    snapshot = plan_snapshots([plan], AS_AT, with_leads=False)[plan.pk]
    table = Milestone.objects.filter(recommendation=rec).with_effective_status(AS_AT)

    def ids(rows):
        return {row.milestone.pk for row in rows}

    assert ids(dashboard.due_soon(snapshot)) == set(
        table.due_soon(AS_AT).values_list("pk", flat=True)
    )
    assert ids(dashboard.stale(snapshot)) == set(
        table.stale(AS_AT, 30).values_list("pk", flat=True)
    )
    awaiting = set(table.awaiting_sign_off().values_list("pk", flat=True))
    assert ids(dashboard.awaiting_sign_off(snapshot)) == awaiting
    assert awaiting and ids(dashboard.stale(snapshot)) and ids(dashboard.due_soon(snapshot))
