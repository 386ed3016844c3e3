"""The PI table, the PI page and the figures form, as a user sees them."""

import csv
import io
from datetime import date

import openpyxl
import pytest
from django.urls import reverse

from indicators.models import Indicator, IndicatorRecommendation, Measurement
from tests.factories import make_plan, make_recommendation
from tests.indicators.conftest import add_figures, make_indicator


@pytest.fixture
def pi_plan(db):
    """Four PIs as at 30 Jun 2006: green and improving, amber and worsening, red with no
    direction (lower is better), and words only with unknown polarity."""
    plan = make_plan("pis", title="PI plan")
    rec1, rec2 = make_recommendation(plan, "1"), make_recommendation(plan, "2")
    green = make_indicator(plan, "CF/ C64", definition="Core assessments in 35 days", order=1)
    add_figures(green, ("March 06", "76", "80"), ("June 06", "81", "80"))
    amber = make_indicator(plan, "DIS 1704", definition="Initial assessments", order=2)
    add_figures(amber, ("March 06", "78", "80"), ("June 06", "76", "80"))
    red = make_indicator(
        plan, "CH 141", definition="Referrals", higher_is_better=False, unit="rate", order=3
    )
    add_figures(red, ("June 06", "175", "150"))
    words = make_indicator(plan, "SC 5026", definition="Transition plans", higher_is_better=None)
    words.order = 4
    words.save()
    add_figures(words, ("March 06", "Up to 50%", ""), ("March 07", "", "Up to 75%"))
    for indicator, rec in ((green, rec1), (amber, rec1), (red, rec2), (words, rec2)):
        IndicatorRecommendation.objects.create(indicator=indicator, recommendation=rec)
    return plan


def get(client, user, query="", slug="pis"):
    client.force_login(user)
    return client.get(reverse("indicator_list", args=[slug]) + f"?as_at=2006-06-30&{query}")


def refs(page: str) -> list[str]:
    found = [(page.find(f">{r}</a>"), r) for r in ("CF/ C64", "DIS 1704", "CH 141", "SC 5026")]
    return [r for at, r in sorted(found) if at >= 0]


def test_the_table_shows_each_pi_as_at_the_date(pi_plan, client, director):
    page = get(client, director).text
    assert refs(page) == ["CF/ C64", "DIS 1704", "CH 141", "SC 5026"]  # the plan's order
    words = " ".join(page.split())
    assert (
        "4 indicators as at 30 Jun 2006: 1 off target, 1 near target, 1 on target, 1 with no RAG"
        in words
    )
    # The PI's page opens at the table's date.
    assert 'href="/plans/pis/indicators/CF/%20C64/?as_at=2006-06-30"' in page
    assert "Up to 50%" in page and "Up to 75%" in page  # words, as written
    assert "Improving" in page and "Worsening" in page
    assert '<svg class="app-sparkline" role="img"' in page


@pytest.mark.parametrize(
    ("query", "shown"),
    [
        ("rag=green", ["CF/ C64"]),
        ("rag=amber", ["DIS 1704"]),
        ("rag=red", ["CH 141"]),
        ("rag=none", ["SC 5026"]),
        ("direction=improving", ["CF/ C64"]),
        ("direction=worsening", ["DIS 1704"]),
        ("direction=none", ["CH 141", "SC 5026"]),
        ("rag=red&direction=none", ["CH 141"]),
        ("polarity=lower", ["CH 141"]),
        ("polarity=unknown", ["SC 5026"]),
        ("sort=rag", ["CH 141", "DIS 1704", "CF/ C64", "SC 5026"]),  # worst first
        ("sort=-rag", ["SC 5026", "CF/ C64", "DIS 1704", "CH 141"]),
        ("sort=ref", ["CF/ C64", "CH 141", "DIS 1704", "SC 5026"]),
        ("sort=direction", ["DIS 1704", "CF/ C64", "CH 141", "SC 5026"]),
    ],
)
def test_filters_and_sorting(pi_plan, client, director, query, shown):
    assert refs(get(client, director, query).text) == shown


def test_filter_by_recommendation(pi_plan, client, director):
    rec = pi_plan.recommendations.get(ref="2")
    assert refs(get(client, director, f"recommendation={rec.pk}").text) == ["CH 141", "SC 5026"]


def test_the_as_at_date_moves_the_rag(pi_plan, client, director):
    client.force_login(director)
    url = reverse("indicator_list", args=["pis"])
    march = client.get(url + "?as_at=2006-03-31&rag=amber").text
    # 76 against 80 is exactly 5% short, so amber; 78 against 80 too.
    assert refs(march) == ["CF/ C64", "DIS 1704"]
    assert refs(client.get(url + "?as_at=2006-03-31&rag=red").text) == []


def test_csv_export_carries_the_figures_as_written(pi_plan, client, director):
    response = get(client, director, "sort=ref&_export=csv")
    assert response["Content-Type"].startswith("text/csv")
    assert "pis-indicators-2006-06-30.csv" in response["Content-Disposition"]
    rows = {row["Ref"]: row for row in csv.DictReader(io.StringIO(response.content.decode()))}
    assert list(rows) == ["CF/ C64", "CH 141", "DIS 1704", "SC 5026"]
    green = rows["CF/ C64"]
    assert green["Latest actual"] == "81"
    assert green["Latest period"] == "June 06"
    assert green["Latest period end"] == "2006-06-30"
    assert green["Previous actual"] == "76"
    assert green["Target"] == "80"
    assert green["RAG"] == "Green"
    assert green["Direction"] == "Improving"
    assert green["Polarity"] == "Higher is better"
    assert green["Amber tolerance (%)"] == "5"
    assert green["Recommendations"] == "1"
    assert "Trend" not in green
    words = rows["SC 5026"]
    assert (words["Latest actual"], words["Target"], words["RAG"]) == (
        "Up to 50%",
        "Up to 75%",
        "No RAG",
    )
    assert (words["Direction"], words["Polarity"]) == ("", "Not known")


def test_xlsx_export_is_exactly_the_filtered_rows(pi_plan, client, director):
    response = get(client, director, "rag=red&_export=xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    header, *rows = list(sheet.values)
    assert len(rows) == 1
    record = dict(zip(header, rows[0], strict=True))
    assert (record["Ref"], record["Latest actual"], record["RAG"]) == (
        "CH 141",
        175,
        "Red",
    )  # a plain number is a number


def test_the_table_pages_fifty_rows_at_a_time_but_exports_all(client, director, db):
    plan = make_plan("many")
    Indicator.objects.bulk_create(
        Indicator(plan=plan, ref=f"PI {n}", ref_sort=f"pi {n:010d}", definition="x")
        for n in range(1, 61)
    )
    client.force_login(director)
    page = client.get(reverse("indicator_list", args=["many"])).text
    assert "60 indicators" in page and 'aria-label="Pagination"' in page
    exported = client.get(reverse("indicator_list", args=["many"]) + "?_export=csv")
    assert len(exported.content.decode().strip().splitlines()) == 61


def test_the_pi_page_with_a_slash_and_a_space_in_its_ref(pi_plan, client, director):
    client.force_login(director)
    response = client.get("/plans/pis/indicators/CF/%20C64/?as_at=2006-06-30")
    assert response.status_code == 200
    page = response.text
    assert '<h1 class="govuk-heading-l">CF/ C64</h1>' in page
    assert "On target" in page and "June 06: actual 81 against a target of 80" in page
    assert "Improving</span>" in page and "from 76 (March 06)" in page
    assert "Recommendation 1</a>" in page
    assert 'role="img" aria-labelledby="trend-title trend-desc"' in page
    assert "Figures by period" in page and "March 06" in page


def test_the_pi_page_as_at_an_earlier_date(pi_plan, client, director):
    client.force_login(director)
    page = client.get("/plans/pis/indicators/CF/%20C64/?as_at=2006-04-01").text
    assert "Near target" in page and "March 06: actual 76 against a target of 80" in page


def test_the_pi_page_with_words_and_unknown_polarity(pi_plan, client, director):
    client.force_login(director)
    page = client.get(reverse("indicator_detail", args=["pis", "SC 5026"])).text
    assert "because it is not known whether higher or lower is better" in page
    assert (
        "Not charted, as they are words rather than numbers: Up to 50% (actual, March 06)" in page
    )


def test_an_unknown_ref_is_not_found(pi_plan, client, director):
    client.force_login(director)
    assert client.get("/plans/pis/indicators/NI%2099/").status_code == 404
    assert client.get("/plans/nope/indicators/CH%20141/").status_code == 404
    assert client.get("/plans/nope/indicators/").status_code == 404


def test_adding_figures(indicator_setup, client, alice):
    client.force_login(alice)
    url = reverse("indicator_measurement_create", args=["improve", "CF/ C64"])
    assert url == "/plans/improve/indicators/CF/%20C64/figures/new/"
    response = client.post(
        url, {"period": "Sept 06", "actual": "New definition", "target": "80", "note": "Changed"}
    )
    assert response.status_code == 302
    assert response.url == "/plans/improve/indicators/CF/%20C64/"
    m = Measurement.objects.get(period="Sept 06")
    assert (m.period_end, m.actual, m.actual_number, m.note) == (
        date(2006, 9, 30), "New definition", None, "Changed"
    )  # fmt: skip
    assert m.history.get().history_user == alice
    page = client.get(response.url).text
    assert "CF/ C64: figures for Sept 06 added." in page
    assert '<td class="govuk-table__cell">alice</td>' in page  # the changes name who


def test_correcting_figures_records_who_and_why(indicator_setup, client, manager):
    client.force_login(manager)
    march = indicator_setup.march
    url = reverse("indicator_measurement_update", args=["improve", "CF/ C64", march.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url, {"period": "March 06", "actual": "77", "target": "80", "reason": "Audited return"}
    )
    assert response.status_code == 302
    march.refresh_from_db()
    assert (march.actual, march.actual_number) == ("77", 77)
    latest = march.history.latest()
    assert (latest.history_user, latest.history_change_reason) == (manager, "Audited return")
    page = client.get(indicator_setup.indicator.get_absolute_url()).text
    assert "Audited return" in page and "mona" in page


def test_a_refused_period_is_shown_with_the_form(indicator_setup, client, alice):
    client.force_login(alice)
    url = reverse("indicator_measurement_create", args=["improve", "CF/ C64"])
    response = client.post(url, {"period": "June 2006", "actual": "80"})
    assert response.status_code == 200
    page = response.text
    assert "There is a problem" in page
    assert "There are already figures for June 06 (the period ending 30 Jun 2006)" in page
    assert Measurement.objects.count() == 2


def test_a_measurement_of_another_indicator_is_not_found(indicator_setup, client, manager):
    other = make_indicator(indicator_setup.plan, "NI 60")
    [m] = add_figures(other, ("March 06", "1", ""))
    client.force_login(manager)
    url = reverse("indicator_measurement_update", args=["improve", "CF/ C64", m.pk])
    assert client.get(url).status_code == 404


def trend_description(page: str) -> str:
    return page.split('id="trend-desc">', 1)[1].split("<", 1)[0]


def test_the_chart_and_the_figures_stop_at_the_as_at_date(pi_plan, client, director):
    client.force_login(director)
    url = reverse("indicator_detail", args=["pis", "CF/ C64"])
    page = client.get(url + "?as_at=2006-04-01").text
    assert 'id="period-2006-03-31"' in page
    assert 'id="period-2006-06-30"' not in page  # June 06 ends after the date
    assert trend_description(page).startswith("CF/ C64 (%) by period. Actual: 76 in March 06;")
    assert "81" not in trend_description(page) and "June 06" not in trend_description(page)
    assert "Periods ending on or before 1 Apr 2006: 1 later period not shown." in page
    assert "the figures of every period ending on or before 1 Apr 2006" in page

    page = client.get(url + "?as_at=2006-06-30").text
    assert 'id="period-2006-03-31"' in page and 'id="period-2006-06-30"' in page
    assert "from 76 in March 06 to 81 in June 06" in trend_description(page)
    assert "Periods ending on or before 30 Jun 2006." in page


def test_before_the_first_period_the_pi_page_has_no_figures_to_show(pi_plan, client, director):
    client.force_login(director)
    url = reverse("indicator_detail", args=["pis", "CF/ C64"])
    page = client.get(url + "?as_at=2006-01-01").text
    assert 'id="period-' not in page and '<svg class="app-chart__svg"' not in page
    assert "2 later periods not shown" in page
    assert "No figures for periods ending on or before 1 Jan 2006." in page
