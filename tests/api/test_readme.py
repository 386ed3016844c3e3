"""The README's curl calls, run against the demo: each answers, and validates."""

import re
from pathlib import Path

from improvement import roles
from improvement.models import ApiToken
from tests.factories import make_person, make_user

README = Path(__file__).resolve().parents[2] / "README.md"


def readme_calls() -> list[str]:
    return re.findall(r'^curl -H "\$T" "\$A(/[^"]+)"', README.read_text(), re.MULTILINE)


def test_every_curl_in_the_readme_answers_on_the_demo(api, demo):
    calls = readme_calls()
    assert len(calls) == 8
    # A director of the demo's council: the plan is that council's.
    director = make_user("bi", roles.DIRECTOR)
    make_person("Business Intelligence", user=director, organisation=demo.organisation)
    _, token = ApiToken.issue(director, "Power BI")
    for call in calls:
        response = api("/api" + call, token)
        assert response.status_code == 200, call
    listed = api("/api" + calls[0], token).json()["results"]
    assert [plan["slug"] for plan in listed] == ["jar-2006"]
