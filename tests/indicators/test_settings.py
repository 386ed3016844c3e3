"""The indicator settings page: only the plan's managers (administrators manage every plan)
set an indicator up; its owner enters the figures but does not. Every change is recorded with
who and when, and a polarity set there gives the indicator the RAG it could not have before."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from indicators.forms import IndicatorSettingsForm
from indicators.models import Indicator, IndicatorRecommendation
from indicators.rag import Rag
from indicators.services import change_settings, settings_changes
from indicators.snapshot import state_of
from tests.factories import make_person, make_plan, make_recommendation
from tests.indicators.conftest import add_figures, make_indicator

# alice owns the indicator; bob is an officer with a lead of his own; olivia ("officer") is an
# officer with none; mona ("manager") manages the plan; ada administers.
USERS = ["alice", "bob", "officer", "director", "clerk", "administrator", "manager"]
ALLOWED = {"manager", "administrator"}


@pytest.fixture
def login(client, request):
    def login_as(name):
        client.force_login(request.getfixturevalue(name))
        return client

    return login_as


def settings_url(indicator: Indicator) -> str:
    return reverse("indicator_settings", args=[indicator.plan.slug, indicator.ref])


def post_data(indicator: Indicator, **changes) -> dict:
    """The form as it opens for the indicator (nothing changed), with ``changes``."""
    data = {
        "definition": indicator.definition,
        "unit": indicator.unit,
        "polarity": {True: "higher", False: "lower", None: "unknown"}[indicator.higher_is_better],
        "amber_tolerance": f"{indicator.amber_tolerance.normalize():f}",
        "owner": indicator.owner_id or "",
        "recommendations": [rec.pk for rec in indicator.recommendations.all()],
        "reason": "",
    }
    return {**data, **changes}


def test_the_url_takes_a_ref_with_a_slash_and_a_space(indicator_setup):
    assert settings_url(indicator_setup.indicator) == (
        "/plans/improve/indicators/CF/%20C64/settings/"
    )


# Who may use it


@pytest.mark.parametrize("who", USERS)
def test_the_page_opens_only_for_the_plans_managers(indicator_setup, login, who):
    response = login(who).get(settings_url(indicator_setup.indicator))
    assert response.status_code == (200 if who in ALLOWED else 403)


@pytest.mark.parametrize("who", USERS)
def test_settings_are_saved_only_by_the_plans_managers(indicator_setup, login, who):
    indicator = indicator_setup.indicator
    before = indicator.history.count()
    response = login(who).post(
        settings_url(indicator), post_data(indicator, polarity="lower", amber_tolerance="10")
    )
    allowed = who in ALLOWED
    assert response.status_code == (302 if allowed else 403)
    indicator.refresh_from_db()
    assert (indicator.higher_is_better, indicator.amber_tolerance) == (
        (False, Decimal(10)) if allowed else (True, Decimal(5))
    )
    assert indicator.history.count() == before + allowed


def test_the_owner_enters_figures_but_does_not_set_the_indicator_up(indicator_setup, login):
    client = login("alice")
    indicator = indicator_setup.indicator
    create = reverse("indicator_measurement_create", args=["improve", indicator.ref])
    assert client.get(create).status_code == 200
    assert client.get(settings_url(indicator)).status_code == 403


def test_anonymous_users_are_sent_to_log_in_and_nothing_is_saved(indicator_setup, client):
    indicator = indicator_setup.indicator
    url = settings_url(indicator)
    for response in (client.get(url), client.post(url, post_data(indicator, polarity="lower"))):
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))
    indicator.refresh_from_db()
    assert indicator.higher_is_better is True


def test_a_manager_of_another_plan_cannot_set_this_ones_up(indicator_setup, login):
    indicator_setup.plan.managers.clear()
    assert login("manager").get(settings_url(indicator_setup.indicator)).status_code == 403


def test_an_unknown_indicator_is_not_found(indicator_setup, login):
    client = login("manager")
    assert client.get("/plans/improve/indicators/NI%2099/settings/").status_code == 404
    assert client.get("/plans/nope/indicators/CF/%20C64/settings/").status_code == 404


@pytest.mark.parametrize("who", USERS)
def test_the_pi_page_links_to_the_settings_only_for_those_who_may_use_them(
    indicator_setup, login, who
):
    page = login(who).get(indicator_setup.indicator.get_absolute_url()).text
    link = f'href="{settings_url(indicator_setup.indicator)}"'
    assert (link in page) is (who in ALLOWED)
    assert ("Change the indicator’s settings" in page) is (who in ALLOWED)


@pytest.mark.parametrize(("who", "linked"), [("manager", True), ("director", False)])
def test_an_unknown_polarity_links_plan_managers_to_where_they_set_it(
    indicator_setup, login, who, linked
):
    indicator = indicator_setup.indicator
    indicator.higher_is_better = None
    indicator.save()
    page = login(who).get(indicator.get_absolute_url()).text
    assert "until a plan manager sets it" in page
    link = f'<a class="govuk-link app-no-print" href="{settings_url(indicator)}">'
    assert (f"{link}set which way is better</a>" in page) is linked
    form = login(who).get(reverse("indicator_measurement_create", args=["improve", indicator.ref]))
    if who == "manager":
        assert f'href="{settings_url(indicator)}">set which way is better</a>' in form.text


# The form


def test_the_form_opens_with_the_settings_as_they_are(indicator_setup, login):
    indicator = indicator_setup.indicator
    indicator.higher_is_better = None
    indicator.amber_tolerance = Decimal("7.50")
    indicator.save()
    page = login("manager").get(settings_url(indicator)).text
    assert '<h1 class="govuk-heading-l">Indicator settings</h1>' in page
    assert 'type="radio" value="unknown" checked' in page  # never guessed
    assert 'id="id_amber_tolerance" name="amber_tolerance" type="text"' in page
    assert 'value="7.5"' in page
    rec = indicator_setup.plan.recommendations.get()
    assert f'type="checkbox" value="{rec.pk}" checked' in page
    assert f'<option value="{indicator.owner_id}" selected>Alice Lead (AL)</option>' in page


def form(indicator: Indicator, **changes) -> IndicatorSettingsForm:
    return IndicatorSettingsForm(post_data(indicator, **changes), indicator=indicator)


@pytest.mark.parametrize(
    ("text", "tolerance"),
    [("0", 0), ("5", 5), ("7.5", Decimal("7.5")), ("12.25%", Decimal("12.25")), ("100", 100)],
)
def test_tolerances_from_0_to_100_are_accepted(indicator_setup, text, tolerance):
    f = form(indicator_setup.indicator, amber_tolerance=text)
    assert f.is_valid(), f.errors
    assert f.cleaned_data["amber_tolerance"] == tolerance


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "Enter an amber tolerance from 0 to 100 (per cent of the target)"),
        ("-1", "Enter an amber tolerance from 0 to 100 (per cent of the target)"),
        ("100.01", "Enter an amber tolerance from 0 to 100 (per cent of the target)"),
        ("250", "Enter an amber tolerance from 0 to 100 (per cent of the target)"),
        ("NaN", "Enter an amber tolerance from 0 to 100 (per cent of the target)"),
        ("five", "Enter the amber tolerance as a number, such as 5"),
        ("5.125", "Enter the amber tolerance to at most 2 decimal places"),
    ],
)
def test_a_tolerance_out_of_range_is_refused(indicator_setup, text, message):
    f = form(indicator_setup.indicator, amber_tolerance=text)
    assert not f.is_valid()
    assert f.errors == {"amber_tolerance": [message]}


def test_polarity_must_be_chosen_and_not_known_is_a_choice(indicator_setup):
    indicator = indicator_setup.indicator
    f = form(indicator, polarity="")
    assert not f.is_valid()
    assert f.errors == {"polarity": ["Choose which way is better, or that it is not known"]}
    f = form(indicator, polarity="unknown")
    assert f.is_valid(), f.errors
    assert f.cleaned_data["polarity"] is None


def test_the_definition_is_required(indicator_setup):
    f = form(indicator_setup.indicator, definition="  ")
    assert f.errors == {"definition": ["Enter the definition of the indicator"]}


def test_a_recommendation_of_another_plan_is_refused(indicator_setup):
    other = make_recommendation(make_plan("other"), "9")
    f = form(indicator_setup.indicator, recommendations=[other.pk])
    assert not f.is_valid()
    assert f.errors == {"recommendations": ["Choose recommendations of this plan only"]}


def test_the_form_offers_only_recommendations_of_the_plan(indicator_setup, login):
    other = make_recommendation(make_plan("other"), "9", text="From another plan")
    page = login("manager").get(settings_url(indicator_setup.indicator)).text
    own = indicator_setup.plan.recommendations.get()
    assert f'type="checkbox" value="{own.pk}"' in page and "1: Recommendation 1" in page
    assert "From another plan" not in page
    assert f'type="checkbox" value="{other.pk}"' not in page


def test_the_service_refuses_a_recommendation_of_another_plan(indicator_setup, manager):
    indicator = indicator_setup.indicator
    other = make_recommendation(make_plan("other"), "9")
    with pytest.raises(ValidationError, match="Recommendation 9 belongs to another plan"):
        change_settings(
            indicator,
            definition=indicator.definition,
            unit=indicator.unit,
            higher_is_better=True,
            amber_tolerance=Decimal(5),
            owner=None,
            recommendations=[other],
            author=manager,
        )
    assert not IndicatorRecommendation.objects.filter(recommendation=other).exists()
    indicator.refresh_from_db()
    assert indicator.owner is not None  # nothing saved


def test_errors_are_shown_field_by_field_with_a_summary(indicator_setup, login):
    indicator = indicator_setup.indicator
    other = make_recommendation(make_plan("other"), "9")
    response = login("manager").post(
        settings_url(indicator),
        post_data(indicator, amber_tolerance="101", recommendations=[other.pk], polarity=""),
    )
    assert response.status_code == 200
    page = response.text
    assert "<title>Error: " in page
    assert "There is a problem" in page
    for anchor, message in [
        ("id_polarity_0", "Choose which way is better, or that it is not known"),
        ("id_amber_tolerance", "Enter an amber tolerance from 0 to 100"),
        ("id_recommendations", "Choose recommendations of this plan only"),
    ]:
        assert f'<a href="#{anchor}">{message}' in page  # the summary links to the field
        assert f'id="{anchor.removesuffix("_0")}-error" class="govuk-error-message">' in page
    assert 'id="id_recommendations" name="recommendations" type="checkbox"' in page
    assert 'value="101"' in page  # kept as typed
    indicator.refresh_from_db()
    assert indicator.amber_tolerance == 5


# What is saved and recorded


def test_every_change_is_recorded_with_who_when_and_why(indicator_setup, login, manager):
    indicator = indicator_setup.indicator
    plan = indicator_setup.plan
    first = plan.recommendations.get()
    second = make_recommendation(plan, "2")
    bob_person = make_person("Bob Two", "B2")
    response = login("manager").post(
        settings_url(indicator),
        post_data(
            indicator,
            definition="Core assessments completed within 35 working days",
            unit="% of assessments",
            polarity="lower",
            amber_tolerance="2.5",
            owner=bob_person.pk,
            recommendations=[second.pk],
            reason="Agreed at the board of 3 July",
        ),
    )
    assert response.status_code == 302
    assert response.url == indicator.get_absolute_url()
    indicator.refresh_from_db()
    assert (
        indicator.definition,
        indicator.unit,
        indicator.higher_is_better,
        indicator.amber_tolerance,
        indicator.owner,
        list(indicator.recommendations.all()),
    ) == (
        "Core assessments completed within 35 working days",
        "% of assessments",
        False,
        Decimal("2.5"),
        bob_person,
        [second],
    )
    latest = indicator.history.latest()
    assert (latest.history_user, latest.history_change_reason) == (
        manager,
        "Agreed at the board of 3 July",
    )
    assert timezone.now() - latest.history_date < timedelta(minutes=1)  # when
    links = IndicatorRecommendation.history.filter(indicator_id=indicator.pk)
    removed = links.get(history_type="-")
    added = links.get(history_type="+", recommendation_id=second.pk)
    assert removed.recommendation_id == first.pk
    for record in (removed, added):
        assert (record.history_user, record.history_change_reason) == (
            manager,
            "Agreed at the board of 3 July",
        )

    page = login("manager").get(response.url).text
    assert (
        "CF/ C64: settings saved (definition, unit, which way is better, amber tolerance, "
        "owner, recommendations it measures changed)." in page
    )
    assert "Lower is better" in page and "Within 2.5% of the target" in page

    page = login("manager").get(settings_url(indicator)).text
    assert "Changes to the settings" in page
    for what, old, new in [
        ("Which way is better", "Higher is better", "Lower is better"),
        ("Amber tolerance", "5% of the target", "2.5% of the target"),
        ("Owner", "Alice Lead (AL)", "Bob Two (B2)"),
        ("Recommendation unlinked", "Recommendation 1", ""),
        ("Recommendation linked", "", "Recommendation 2"),
    ]:
        row = (
            f'<td class="govuk-table__cell">{what}</td>\n'
            f'      <td class="govuk-table__cell">{old}</td>\n'
            f'      <td class="govuk-table__cell">{new}</td>\n'
            '      <td class="govuk-table__cell">Agreed at the board of 3 July</td>'
        )
        assert row in page, what
    assert '<td class="govuk-table__cell">mona</td>' in page  # who


def test_without_a_reason_the_history_says_what_changed(indicator_setup, login, administrator):
    indicator = indicator_setup.indicator
    login("administrator").post(
        settings_url(indicator), post_data(indicator, polarity="unknown", owner="")
    )
    indicator.refresh_from_db()
    assert (indicator.higher_is_better, indicator.owner) == (None, None)
    latest = indicator.history.latest()
    assert (latest.history_user, latest.history_change_reason) == (
        administrator,
        "Settings changed: which way is better, owner",
    )
    changes = settings_changes(indicator)
    assert [(c.what, c.old, c.new, c.who) for c in changes[:2]] == [
        ("Which way is better", "Higher is better", "Not known", "ada"),
        ("Owner", "Alice Lead (AL)", "None", "ada"),
    ]
    assert changes[-1].what == "Indicator added"


def test_saving_without_a_change_records_nothing(indicator_setup, login):
    indicator = indicator_setup.indicator
    before = (indicator.history.count(), IndicatorRecommendation.history.count())
    response = login("manager").post(settings_url(indicator), post_data(indicator))
    assert response.status_code == 302
    assert (indicator.history.count(), IndicatorRecommendation.history.count()) == before
    assert "CF/ C64: nothing was changed." in login("manager").get(response.url).text


def test_a_new_owner_enters_the_figures_and_the_old_one_no_longer_does(indicator_setup, login, bob):
    indicator = indicator_setup.indicator
    login("manager").post(settings_url(indicator), post_data(indicator, owner=bob.person.pk))
    create = reverse("indicator_measurement_create", args=["improve", indicator.ref])
    assert login("bob").get(create).status_code == 200
    assert login("alice").get(create).status_code == 403


# The RAG follows the settings


@pytest.fixture
def unknown_polarity(plan_setup):
    """A PI as the demo loads one with a blank higher_is_better, but with a period that has
    both numbers: 78 against a target of 80 (2.5% short)."""
    indicator = make_indicator(plan_setup.plan, "CH 143", higher_is_better=None)
    add_figures(indicator, ("March 06", "70", ""), ("June 06", "78", "80"))
    return indicator


def rag_as_at(indicator: Indicator, as_at=date(2006, 6, 30)):
    indicator = Indicator.objects.with_related().get(pk=indicator.pk)
    return state_of(indicator, as_at).rag


def test_an_unknown_polarity_gets_a_rag_once_it_is_set(unknown_polarity, login):
    indicator = unknown_polarity
    client = login("manager")
    page_url = indicator.get_absolute_url() + "?as_at=2006-06-30"
    assert rag_as_at(indicator) is None
    page = client.get(page_url).text
    assert "because it is not known whether higher or lower is better" in page

    client.post(settings_url(indicator), post_data(indicator, polarity="higher"))
    assert rag_as_at(indicator) is Rag.AMBER  # 2.5% short, within the 5% tolerance
    page = client.get(page_url).text
    assert "Near target" in page and "June 06: actual 78 against a target of 80" in page
    assert "Improving" in page  # from 70: direction needs the polarity too

    indicator.refresh_from_db()
    client.post(settings_url(indicator), post_data(indicator, amber_tolerance="2"))
    assert rag_as_at(indicator) is Rag.RED  # 2.5% short is beyond a 2% tolerance

    indicator.refresh_from_db()
    client.post(settings_url(indicator), post_data(indicator, polarity="lower"))
    assert rag_as_at(indicator) is Rag.GREEN
    assert "Worsening" in client.get(page_url).text

    indicator.refresh_from_db()
    client.post(settings_url(indicator), post_data(indicator, polarity="unknown"))
    assert rag_as_at(indicator) is None  # back to no RAG: never guessed


def test_the_pi_table_shows_the_rag_once_polarity_is_set(unknown_polarity, login):
    client = login("manager")
    url = reverse("indicator_list", args=["improve"]) + "?as_at=2006-06-30&rag=amber"
    assert "CH 143</a>" not in client.get(url).text
    client.post(settings_url(unknown_polarity), post_data(unknown_polarity, polarity="higher"))
    assert "CH 143</a>" in client.get(url).text
