"""The risk register: sorted worst first, filtered, exported as filtered, with heat maps whose
cells link to their risks."""

import csv
import io
from datetime import date

import openpyxl
import pytest
from django.urls import reverse

from tests.factories import make_person, make_plan, make_recommendation
from tests.risks.factories import make_risk, review

AS_AT = date(2026, 5, 1)


@pytest.fixture
def register(db):
    plan = make_plan("register", title="Register plan")
    lee, kim = make_person("Lee Lead", "LL"), make_person("Kim Key", "KK")
    rec1, rec10 = make_recommendation(plan, "1"), make_recommendation(plan, "10")
    a = make_risk(
        plan, "A", (3, 4), (2, 4), owner=lee, review_date=date(2026, 4, 1), mitigation="Agency"
    )
    make_risk(plan, "B", (2, 2), (1, 2), owner=kim, review_date=date(2026, 9, 1))
    c = make_risk(plan, "C", (3, 4), (3, 4), owner=kim)
    c.recommendations.add(rec10, rec1)
    make_risk(plan, "D")
    make_risk(plan, "E", (2, 3), closed_on=date(2026, 3, 1), review_date=date(2026, 1, 1))
    make_risk(plan, "F", (2, 3))
    # A later review: as at AS_AT it has not happened yet.
    review(a, date(2026, 6, 1), (1, 1))
    return plan


def get(client, user, query="", as_at=AS_AT):
    client.force_login(user)
    return client.get(reverse("risk_list", args=["register"]) + f"?as_at={as_at}&{query}")


def refs(page: str) -> list[str]:
    body = page.split("<tbody")[-1]
    found = [(body.find(f">{r}</a>"), r) for r in "ABCDEF"]
    return [r for at, r in sorted(found) if at >= 0]


@pytest.mark.parametrize(
    ("query", "shown"),
    [
        # Residual score first (unscored last), then inherent, then ref.
        ("", ["C", "A", "B", "E", "F", "D"]),
        ("sort=residual", ["D", "E", "F", "B", "A", "C"]),
        ("sort=-inherent", ["C", "A", "E", "F", "B", "D"]),
        ("sort=inherent", ["D", "B", "E", "F", "A", "C"]),
        ("sort=ref", ["A", "B", "C", "D", "E", "F"]),
        # Band: residual where scored, else inherent.
        ("band=HIGH", ["C"]),
        ("band=MEDIUM", ["A", "E", "F"]),
        ("band=LOW", ["B"]),
        ("band=unscored", ["D"]),
        ("status=open", ["C", "A", "B", "F", "D"]),
        ("status=closed", ["E"]),
        ("review_overdue=on", ["A"]),
        # The heat map's cells.
        ("likelihood=3&severity=4", ["C", "A"]),
        ("residual_likelihood=3&residual_severity=4", ["C"]),
    ],
)
def test_filters_and_sorting(register, client, director, query, shown):
    response = get(client, director, query)
    assert response.status_code == 200
    assert refs(response.text) == shown


def test_owner_filter_lists_the_plans_risk_owners(register, client, director):
    from improvement.models import Person

    lee = Person.objects.get(initials="LL")
    page = get(client, director, f"owner={lee.pk}").text
    assert refs(page) == ["A"]
    assert ">Lee Lead (LL)</option>" in page and ">Kim Key (KK)</option>" in page


def test_scores_are_as_at_the_date(register, client, director):
    """A's review of 1 June 2026 scored it 1 x 1, so from then it is LOW and unscored residual."""
    page = get(client, director, "band=LOW", as_at=date(2026, 7, 1)).text
    assert refs(page) == ["B", "A"]


def test_a_row_shows_scores_bands_owner_review_date_and_recommendations(register, client, director):
    page = get(client, director).text
    row = page.split(">A</a>")[1].split("</tr>")[0]
    assert (
        'severity </span>4 = 12</span> <strong class="govuk-tag govuk-tag--red app-band">HIGH'
        in row
    )
    assert '4 = 8</span> <strong class="govuk-tag govuk-tag--yellow app-band">MEDIUM' in row
    assert "Lee Lead (LL)" in row and "Agency" in row
    assert "1 Apr 2026" in row and "Review overdue" in row
    row_c = page.split(">C</a>")[1].split("</tr>")[0]
    assert ">1</a>, <a" in row_c and ">10</a>" in row_c  # linked recommendations, in order
    row_d = page.split(">D</a>")[1].split("</tr>")[0]
    assert row_d.count("Not scored") == 2
    row_e = page.split(">E</a>")[1].split("</tr>")[0]
    assert "Closed</strong>" in row_e and "Review overdue" not in row_e


def test_csv_export_has_one_value_a_cell(register, client, director):
    response = get(client, director, "_export=csv&sort=ref")
    assert response["Content-Type"].startswith("text/csv")
    assert "register-risks-2026-05-01.csv" in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [r["Ref"] for r in rows] == ["A", "B", "C", "D", "E", "F"]
    a, c, d, e = rows[0], rows[2], rows[3], rows[4]
    assert (a["Likelihood"], a["Severity"], a["Rating"], a["Band"]) == ("3", "4", "12", "HIGH")
    assert (a["Residual rating"], a["Residual band"]) == ("8", "MEDIUM")
    assert (a["Owner"], a["Review date"], a["Review overdue"], a["Status"]) == (
        "Lee Lead (LL)",
        "2026-04-01",
        "yes",
        "open",
    )
    assert c["Recommendations"] == "1 10"
    assert (d["Band"], d["Residual band"], d["Rating"]) == ("Not scored", "Not scored", "")
    assert (e["Status"], e["Closed on"]) == ("closed", "2026-03-01")


def test_xlsx_export_is_filtered_like_the_page(register, client, director):
    response = get(client, director, "_export=xlsx&band=MEDIUM")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    header = [cell.value for cell in sheet[1]]
    values = [
        dict(zip(header, [cell.value for cell in row], strict=True))
        for row in sheet.iter_rows(min_row=2)
    ]
    assert [v["Ref"] for v in values] == ["A", "E", "F"]


def test_the_heat_maps_count_open_risks_and_link_to_them(register, client, director):
    page = get(client, director).text
    inherent, residual = page.split("<caption")[1:3]
    assert "before mitigation (inherent), as at 1 May 2026" in inherent
    link = (
        'href="/plans/register/risks/?likelihood=3&amp;severity=4&amp;status=open'
        '&amp;as_at=2026-05-01">2<'
    )
    assert link in inherent
    assert "1 open risk has no inherent scores" in page  # D; E is closed
    assert 'residual_severity=4&amp;status=open&amp;as_at=2026-05-01">1<' in residual
    assert "2 open risks have no residual scores" in page  # D and F


def test_following_a_heat_map_cell_says_which_cell_is_shown(register, client, director):
    page = get(client, director, "likelihood=3&severity=4&status=open").text
    assert "Showing the heat map cell with likelihood 3 and severity 4 before mitigation." in page
    assert refs(page) == ["C", "A"]


def test_an_invalid_filter_is_reported_not_a_crash(register, client, director):
    response = get(client, director, "band=PURPLE")
    assert response.status_code == 200
    assert "There is a problem" in response.text


def test_a_ref_with_a_slash_and_a_space_has_working_links(db, client, manager):
    plan = make_plan("odd")
    plan.managers.add(manager.person)
    risk = make_risk(plan, "LG 2/3", (2, 2))
    client.force_login(manager)
    page = client.get(reverse("risk_list", args=["odd"])).text
    assert f'href="{risk.get_absolute_url()}">LG 2/3</a>' in page
    assert client.get(risk.get_absolute_url()).status_code == 200
    review_url = reverse("risk_review", args=["odd", risk.ref])
    assert client.get(review_url).status_code == 200
