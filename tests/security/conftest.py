"""One small world for the security tests: the plan `improve` (mona manages it, alice leads a
milestone, owns a PI and a risk), and a second plan `other` whose ids nobody on `improve` may
reach through `improve`'s addresses."""

import hashlib
from dataclasses import dataclass
from datetime import date

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from improvement.models import ApiToken, Plan
from improvement.reports.models import BoardReport
from improvement.reports.services import starting_point
from improvement.status import Status
from improvement.tasks.models import BackgroundTask
from indicators.models import Indicator, Measurement
from publishing.services import approve, set_publication
from recommendations.models import Milestone, Outcome, StatusUpdate
from recommendations.services import record_status_update
from risks.models import Risk
from tests.factories import make_milestone, make_plan, make_recommendation
from tests.indicators.conftest import add_figures, make_indicator
from tests.risks.factories import make_risk
from tests.tasks.imports import checked_import

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@dataclass
class World:
    plan: Plan
    milestone: Milestone  # led by alice
    update: StatusUpdate  # with an evidence file
    indicator: Indicator  # owned by alice
    measurement: Measurement
    risk: Risk  # owned by alice
    token: ApiToken  # alice's
    other_plan: Plan
    other_milestone: Milestone
    other_update: StatusUpdate
    other_indicator: Indicator
    other_measurement: Measurement
    other_risk: Risk
    draft: BoardReport  # of plan
    issued: BoardReport  # of plan, offered on its public page
    other_issued: BoardReport  # of other_plan
    issue_task: BackgroundTask  # the (finished) task that issued `issued`
    other_issue_task: BackgroundTask  # of other_plan
    import_check: BackgroundTask | None = None  # a large import's check, for plan
    outcome: Outcome | None = None  # of milestone's recommendation
    other_outcome: Outcome | None = None


def _evidenced_update(milestone, author) -> StatusUpdate:
    return record_status_update(
        milestone,
        status=Status.ON_TRACK,
        as_at=date(2026, 1, 31),
        comment="Progressing",
        evidence="Minutes of the board",
        evidence_file=SimpleUploadedFile("minutes.pdf", PDF, content_type="application/pdf"),
        author=author,
    )


def _report(plan, clerk, *, issued: bool) -> BoardReport:
    """A draft, or an issued report stored as issue() stores one but with a stand-in PDF:
    rendering real PDFs for each of these hundreds of tests would take minutes, and the
    reports' own tests render and read them."""
    report = BoardReport(
        plan=plan,
        meeting_date=date(2026, 2, 12),
        as_at=date(2026, 1, 31),
        created_by=clerk,
        **starting_point(plan),
    )
    if issued:
        report.state, report.issued_by, report.issued_at = "issued", clerk, timezone.now()
        report.sha256 = hashlib.sha256(PDF + plan.slug.encode()).hexdigest()
        report.html = "<p>The report as issued.</p>"
        report.pdf.save(f"{plan.slug}-issued.pdf", ContentFile(PDF), save=False)
        report.docx.save(f"{plan.slug}-issued.docx", ContentFile(b"PK stand-in"), save=False)
        report.docx_sha256 = hashlib.sha256(b"PK stand-in").hexdigest()
    report.save()
    return report


def _issue_task(report, clerk) -> BackgroundTask:
    return BackgroundTask.objects.create(
        kind=BackgroundTask.Kind.REPORT_ISSUE,
        plan=report.plan,
        report=report,
        requested_by=clerk,
        state=BackgroundTask.State.DONE,
        message="The report was issued.",
        result={"sha256": report.sha256},
    )


@pytest.fixture
def world(plan_setup, alice, bob, clerk, council) -> World:
    plan = plan_setup.plan
    # The council's plan, which every named user works for (test_two_councils adds others).
    plan.organisation = council
    plan.save()
    indicator = make_indicator(plan, "NI 59", owner=alice.person)
    (measurement,) = add_figures(indicator, ("March 06", "76", "80"))
    risk = make_risk(plan, "R1", (3, 4), (2, 4), owner=alice.person)
    token, _ = ApiToken.issue(alice, "Power BI")

    other_plan = make_plan("other", title="Another council's plan")
    other_milestone = make_milestone(
        make_recommendation(other_plan, "1"), "1", due=date(2030, 6, 30), leads=(bob.person,)
    )
    other_indicator = make_indicator(other_plan, "NI 60", owner=bob.person)
    (other_measurement,) = add_figures(other_indicator, ("March 06", "1", "2"))
    issued = _report(plan, clerk, issued=True)
    other_issued = _report(other_plan, clerk, issued=True)
    # Published, names allowed, so that every public address answers.
    set_publication(plan, published=True, show_names=True, user=None)
    approve(plan, date(2026, 1, 31), user=None)
    return World(
        plan=plan,
        milestone=plan_setup.own,
        update=_evidenced_update(plan_setup.own, alice),
        indicator=indicator,
        measurement=measurement,
        risk=risk,
        token=token,
        other_plan=other_plan,
        other_milestone=other_milestone,
        other_update=_evidenced_update(other_milestone, bob),
        other_indicator=other_indicator,
        other_measurement=other_measurement,
        other_risk=make_risk(other_plan, "R9", (1, 1), owner=bob.person),
        draft=_report(plan, clerk, issued=False),
        issued=issued,
        other_issued=other_issued,
        issue_task=_issue_task(issued, clerk),
        other_issue_task=_issue_task(other_issued, clerk),
        import_check=checked_import(plan, None),
        outcome=Outcome.objects.create(recommendation=plan_setup.own.recommendation, text="Safe"),
        other_outcome=Outcome.objects.create(
            recommendation=other_milestone.recommendation, text="Elsewhere"
        ),
    )


@pytest.fixture(autouse=True)
def _a_provider_that_cannot_be_reached(settings):
    """Every address exists for every test: the sign-in provider `council` is configured, on
    a loopback port where nothing listens (tests/oidc/ signs in through a real one)."""
    from improvement.oidc.config import Provider

    settings.OIDC_PROVIDERS = {
        "council": Provider("council", "Herefordshire Council", "http://127.0.0.1:9", "id", "s")
    }
