"""?format=csv on every list: the JSON fields as columns, every item rather than a page, and
text that a spreadsheet would run as a formula written as text."""

import csv
import io

import pytest

from improvement.api import schemas
from improvement.api.tabular import columns
from tests.api.conftest import AFTER


def read_csv(response) -> list[dict]:
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    return list(csv.DictReader(io.StringIO(response.content.decode())))


def header(response) -> list[str]:
    return next(csv.reader(io.StringIO(response.content.decode())))


LISTS = {
    "/api/plans/": schemas.PlanItem,
    "/api/plans/north/milestones/": schemas.MilestoneItem,
    "/api/plans/north/indicators/": schemas.IndicatorItem,
    "/api/plans/north/risks/": schemas.RiskItem,
    "/api/plans/north/updates/": schemas.UpdateItem,
}


@pytest.mark.parametrize(("url", "model"), LISTS.items())
def test_the_columns_are_the_json_fields_flattened(api, world, url, model):
    as_csv = api(url, world.dan_token, format="csv", as_at=AFTER.isoformat())
    as_json = api(url, world.dan_token, as_at=AFTER.isoformat()).json()["results"][0]
    names = header(as_csv)
    assert names == columns(model)
    # Every JSON field is there, by its own name or as the prefix of its flattened columns.
    for field in as_json:
        assert field in names or any(name.startswith(f"{field}_") for name in names), field


def test_milestones_as_csv(api, world):
    rows = read_csv(
        api("/api/plans/north/milestones/", world.dan_token, format="csv", as_at="2024-04-01")
    )
    assert [row["full_ref"] for row in rows] == ["1.1", "1.2", "2.1"]
    first, second = rows[0], rows[1]
    assert (first["effective_status"], first["reason"], first["due_date_as_at"]) == (
        "off_track",
        "overdue",
        "2024-03-31",
    )
    assert (second["leads_initials"], second["leads_name"]) == (
        "LM; ",
        "Linda Maden; Chief Executive",
    )
    assert second["reason"] == ""


def test_every_item_comes_in_one_file_not_a_page(api, world):
    rows = read_csv(api("/api/plans/", world.ada_token, format="csv", page_size="1"))
    assert [row["slug"] for row in rows] == ["north", "south"]
    assert rows[1]["links_risks"].startswith("http://testserver/api/plans/south/risks/?as_at=")


def test_indicators_give_a_row_per_figure(api, world):
    rows = read_csv(
        api("/api/plans/north/indicators/", world.dan_token, format="csv", as_at="2024-07-31")
    )
    assert [(r["ref"], r["figures_period"], r["figures_rag"]) for r in rows] == [
        ("NI 1", "Mar 2024", "red"),
        ("NI 1", "Jun 2024", "amber"),
        ("NI 2", "Mar 2024", ""),
    ]
    assert rows[1]["figures_direction"] == "improving" and rows[1]["rag"] == "amber"
    assert rows[0]["owner_name"] == "Linda Maden" and rows[2]["owner_name"] == ""
    assert rows[0]["figures_actual_number"] == "70.0"


def test_an_indicator_without_figures_by_the_date_still_has_its_row(api, world):
    rows = read_csv(
        api("/api/plans/north/indicators/", world.dan_token, format="csv", as_at="2024-01-01")
    )
    assert [(r["ref"], r["figures_period"]) for r in rows] == [("NI 1", ""), ("NI 2", "")]


def test_risks_and_updates_as_csv(api, world):
    risks = read_csv(
        api("/api/plans/north/risks/", world.dan_token, format="csv", as_at="2024-07-31")
    )
    assert [(r["ref"], r["rating"], r["open"]) for r in risks] == [
        ("R1", "2 x 2 = 4 LOW", "true"),
        ("R2", "Not scored", "false"),
    ]
    updates = read_csv(
        api("/api/plans/north/updates/", world.dan_token, format="csv", since="2024-04-01")
    )
    assert [(u["milestone_ref"], u["status"]) for u in updates] == [
        ("1.1", "complete"),
        ("1.2", "behind"),
    ]


def test_a_formula_in_a_cell_is_written_as_text(api, world):
    world.m11.text = '=HYPERLINK("http://evil")'
    world.m11.save()
    rows = read_csv(api("/api/plans/north/milestones/", world.dan_token, format="csv"))
    assert rows[0]["text"] == '\'=HYPERLINK("http://evil")'
