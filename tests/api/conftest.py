"""A small plan made by hand, whose every figure is known at two dates, and a client that
checks every API response it gets against the OpenAPI document.

Northshire's plan "north" (two themes, three milestones, two PIs, two risks) is read as at
BEFORE (1 Apr 2024) and AFTER (31 Jul 2024); Southshire's plan "south" has one milestone.
dan directs at Northshire, sam at Southshire.
"""

import csv
import io
from dataclasses import dataclass
from datetime import date, datetime

import pytest
from django.utils import timezone
from openapi_core import Config, OpenAPI
from openapi_core.contrib.django import DjangoOpenAPIRequest, DjangoOpenAPIResponse

from improvement import roles
from improvement.models import ApiToken, Organisation
from improvement.status import Status
from indicators.models import Indicator
from indicators.services import save_measurement
from recommendations.models import Milestone, StatusUpdate
from recommendations.services import record_status_update
from risks.models import Risk
from tests.factories import make_milestone, make_person, make_plan, make_recommendation, make_user
from tests.risks.factories import make_risk, review

BEFORE, AFTER = date(2024, 4, 1), date(2024, 7, 31)


@dataclass
class World:
    north: object
    south: object
    m11: Milestone
    m12: Milestone
    m21: Milestone
    south_milestone: Milestone
    ni1: Indicator
    ni2: Indicator
    r1: Risk
    r2: Risk
    dan: object
    sam: object
    dan_token: str
    sam_token: str
    ada_token: str  # an administrator's, who reads both councils' plans


def recorded(update: StatusUpdate, when: datetime) -> StatusUpdate:
    """Give an update a known recording time (created is set on insert)."""
    StatusUpdate.objects.filter(pk=update.pk).update(created=when)
    update.refresh_from_db()
    return update


@pytest.fixture
def world(db) -> World:
    northshire = Organisation.objects.create(name="Northshire Council")
    southshire = Organisation.objects.create(name="Southshire Council")
    dan = make_user("dan", roles.DIRECTOR, first_name="Dan", last_name="Director")
    sam = make_user("sam", roles.DIRECTOR, first_name="Sam", last_name="South")
    make_person("Dan Director", "DD", organisation=northshire, user=dan)
    make_person("Sam South", "SS", organisation=southshire, user=sam)
    linda = make_person("Linda Maden", "LM", organisation=northshire)
    chief = make_person("Chief Executive", organisation=northshire)

    north = make_plan(
        "north",
        title="Northshire improvement plan",
        organisation=northshire,
        starts_on=date(2024, 1, 1),
        ends_on=date(2025, 12, 31),
    )
    safe = make_recommendation(north, "1", theme="Stay Safe", text="Keep children safe")
    lead = make_recommendation(north, "2", theme="Leadership", text="Lead well")
    lead.theme.order = 1
    lead.theme.save()
    m11 = make_milestone(
        safe, "1", due=date(2024, 3, 31), leads=(linda,), due_text="03/24", text="Audit cases"
    )
    m12 = make_milestone(
        safe, "2", due=date(2024, 6, 30), leads=(linda, chief), due_text="June 2024"
    )
    m21 = make_milestone(lead, "1", due=date(2024, 12, 31), due_text="Q3 2024/25")
    tz = timezone.get_current_timezone()
    recorded(
        record_status_update(m11, status=Status.ON_TRACK, as_at=date(2024, 2, 1), author=dan),
        datetime(2024, 2, 1, 9, 0, tzinfo=tz),
    )
    recorded(
        record_status_update(
            m11, status=Status.COMPLETE, as_at=date(2024, 4, 10), comment="Done", author=dan
        ),
        datetime(2024, 4, 10, 9, 0, tzinfo=tz),
    )
    recorded(
        record_status_update(
            m12,
            status=Status.BEHIND,
            as_at=date(2024, 5, 1),
            revised_due_date=date(2024, 9, 30),
            revision_reason="Staff left",
        ),
        datetime(2024, 5, 1, 9, 0, tzinfo=tz),
    )

    ni1 = Indicator.objects.create(
        plan=north,
        ref="NI 1",
        definition="Visits on time",
        unit="%",
        higher_is_better=True,
        owner=linda,
    )
    ni1.recommendations.add(safe)
    save_measurement(ni1, period="Mar 2024", actual="70", target="80")
    save_measurement(ni1, period="Jun 2024", actual="78", target="80")
    ni2 = Indicator.objects.create(plan=north, ref="NI 2", definition="Reviews", order=1)
    save_measurement(ni2, period="Mar 2024", actual="New indicator")

    r1 = make_risk(north, "R1", scores=(3, 4), residual=(2, 3), owner=linda)
    review(r1, date(2024, 6, 1), scores=(2, 2), residual=(1, 2))
    r2 = make_risk(north, "R2", closed_on=date(2024, 5, 1))

    south = make_plan("south", title="Southshire plan", organisation=southshire)
    south_milestone = make_milestone(make_recommendation(south, "1"), "1", due=date(2024, 5, 31))
    return World(
        north=north,
        south=south,
        m11=m11,
        m12=m12,
        m21=m21,
        south_milestone=south_milestone,
        ni1=ni1,
        ni2=ni2,
        r1=r1,
        r2=r2,
        dan=dan,
        sam=sam,
        dan_token=ApiToken.issue(dan, "Power BI")[1],
        sam_token=ApiToken.issue(sam, "Excel")[1],
        ada_token=ApiToken.issue(make_user("ada", roles.ADMINISTRATOR), "Dashboards")[1],
    )


def decode_text(value: bytes, charset: str = "utf-8", **parameters) -> str:
    return value.decode(charset)


@pytest.fixture
def served(client) -> dict:
    """The OpenAPI document as the API serves it."""
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    return response.json()


@pytest.fixture
def openapi(served):
    """The document, ready to validate responses; a CSV body is read as the text it is."""
    config = Config(extra_media_type_deserializers={"text/csv": decode_text})
    return OpenAPI.from_dict(served, config=config)


def csv_header(response) -> list[str]:
    return next(csv.reader(io.StringIO(response.content.decode())))


@pytest.fixture
def api(client, openapi, served):
    """GET an API address with a token (or none), and check the response against the OpenAPI
    document before the test sees it: every response in tests/api is validated, a CSV's
    header row against the columns the document gives."""

    def get(url, token=None, **params):
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        response = client.get(url, params, headers=headers)
        request = response.wsgi_request
        openapi.validate_response(DjangoOpenAPIRequest(request), DjangoOpenAPIResponse(response))
        if response["Content-Type"].startswith("text/csv"):
            path = "/" + request.resolver_match.route.replace("<slug:slug>", "{slug}")
            media = served["paths"][path]["get"]["responses"]["200"]["content"]["text/csv"]
            assert csv_header(response) == media["x-columns"]
        return response

    return get
