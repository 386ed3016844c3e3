"""Who changed a risk's own fields is shown on its page, as for milestones and PIs."""

from tests.factories import make_person


def test_the_risk_page_shows_who_changed_what(client, director, administrator, risk_setup):
    risk = risk_setup.own
    risk.mitigation = "Weekly caseload review"
    risk.owner = make_person("Olive Owner", "OO")
    risk._history_user = administrator
    risk.save()

    client.force_login(director)
    page = client.get(risk.get_absolute_url()).text
    section = page[page.index("Changes to the risk") :]
    assert "Mitigation" in section and "Weekly caseload review" in section
    assert "Owner" in section and "Olive Owner (OO)" in section and "Alice Lead (AL)" in section
    assert "ada" in section
    assert "Created" in section
