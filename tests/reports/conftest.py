"""A small hand-made plan whose figures are known at two dates, and reports on it.

Milestones (due; history):
  1.1  31 Mar 2006; complete 15 Mar
  1.2  30 Apr 2006; on track 31 Mar, complete 10 May
  1.3  30 Jun 2006; behind 31 May ("Recruitment delayed")
  2.1  31 May 2006; on track 31 Mar, then nothing (overdue from 1 Jun)
  2.2  30 Sep 2006; on track 30 Apr
  2.3  30 Apr 2006; never updated (overdue from 1 May)

As at 30 Apr 2006: due 1.1, 1.2, 2.3 -> 1 completed, 1 on track, 1 not started.
As at 30 Jun 2006: due all but 2.2 -> 2 completed, 1 behind, 2 off track (both overdue).
"""

import io
from dataclasses import dataclass
from datetime import date

import pytest
from pypdf import PdfReader

from improvement.reports.models import BoardReport
from improvement.status import Status
from recommendations.services import record_status_update
from tests.factories import make_milestone, make_person, make_plan, make_recommendation

APRIL, JUNE = date(2006, 4, 30), date(2006, 6, 30)


@dataclass
class SmallPlan:
    plan: object
    milestones: dict


@pytest.fixture
def small_plan(db) -> SmallPlan:
    plan = make_plan("council-plan", title="Council improvement plan")
    plan.starts_on = date(2006, 1, 1)
    plan.save()
    lead, other = make_person("Sue Fiennes", "SF"), make_person("Linda Maden", "LM")
    rec1 = make_recommendation(plan, "1", text="Set thresholds for social care")
    rec2 = make_recommendation(plan, "2", theme="Be Healthy", text="Improve health checks")
    ms = {
        "1.1": make_milestone(rec1, "1", due=date(2006, 3, 31), leads=(lead,)),
        "1.2": make_milestone(rec1, "2", due=date(2006, 4, 30), leads=(lead, other)),
        "1.3": make_milestone(rec1, "3", due=date(2006, 6, 30), leads=(other,)),
        "2.1": make_milestone(rec2, "1", due=date(2006, 5, 31), leads=(other,)),
        "2.2": make_milestone(rec2, "2", due=date(2006, 9, 30), leads=(lead,)),
        "2.3": make_milestone(rec2, "3", due=date(2006, 4, 30)),
    }
    history = [
        ("1.1", Status.COMPLETE, date(2006, 3, 15), ""),
        ("1.2", Status.ON_TRACK, date(2006, 3, 31), ""),
        ("1.2", Status.COMPLETE, date(2006, 5, 10), ""),
        ("1.3", Status.BEHIND, date(2006, 5, 31), "Recruitment delayed"),
        ("2.1", Status.ON_TRACK, date(2006, 3, 31), "Pilot agreed"),
        ("2.2", Status.ON_TRACK, date(2006, 4, 30), ""),
    ]
    for ref, status, as_at, comment in history:
        record_status_update(ms[ref], status=status, as_at=as_at, comment=comment)
    return SmallPlan(plan, ms)


def make_report(plan, **fields) -> BoardReport:
    fields.setdefault("title", "Progress on the council improvement plan")
    fields.setdefault("meeting", "Cabinet")
    fields.setdefault("meeting_date", date(2006, 7, 13))
    fields.setdefault("as_at", JUNE)
    fields.setdefault("purpose", "To advise Cabinet of progress.")
    return BoardReport.objects.create(plan=plan, **fields)


def pdf_pages(data: bytes) -> list[str]:
    """Each page's text, with runs of white space (line wraps) made single spaces."""
    reader = PdfReader(io.BytesIO(data))
    return [" ".join(page.extract_text().split()) for page in reader.pages]


def pdf_text(data: bytes) -> str:
    return " ".join(pdf_pages(data))
