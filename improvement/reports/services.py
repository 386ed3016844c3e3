"""Writes to board reports: starting one, editing its narrative, issuing it."""

import hashlib

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from improvement.models import Plan

from .content import report_content
from .docx import render_docx
from .models import BoardReport
from .pdf import render_pdf, report_body_html

DEFAULT_MEETING = "Improvement Board"


class ReportIssued(Exception):
    """The report was issued (perhaps by someone else a moment ago): it cannot change."""


class StaleReport(Exception):
    """Someone saved the report after this edit was opened."""


def default_narrative(plan: Plan, meeting: str = DEFAULT_MEETING) -> dict[str, str]:
    """What a plan's first report says until a clerk writes otherwise."""
    return {
        "portfolio_responsibility": "",
        "wards_affected": "County-wide",
        "key_decision": "This is not a Key Decision.",
        "purpose": f"To advise {meeting} of progress on the {plan.title}.",
        "recommendation": f"THAT {meeting} notes the progress made on the plan.",
        "reasons": "To ensure routine monitoring of the actions which will deliver the "
        "improvements the plan sets out.",
        "financial_implications": "None arising from this report.",
        "considerations": "",
        "alternative_options": "There are no alternative options.",
        "risk_management": "The plan's risk register is reviewed routinely; the highest "
        "risks are set out in this report.",
        "consultees": "",
        "background_papers": "None identified.",
        "contact": "",
    }


def previous_report(plan: Plan) -> BoardReport | None:
    """The plan's latest report by meeting date, the one a new report's narrative follows."""
    return BoardReport.objects.filter(plan=plan).order_by("-meeting_date", "-created").first()


def starting_point(plan: Plan, source: BoardReport | None = None) -> dict:
    """The fields a new report is prefilled with: the narrative (and title and meeting) of
    `source`, else of the plan's previous report, else the defaults. Dates are not copied:
    each report is for its own meeting."""
    source = source or previous_report(plan)
    if source is None:
        return {"title": f"Progress on the {plan.title}", **default_narrative(plan)}
    return {"title": source.title, "meeting": source.meeting, **source.narrative()}


@transaction.atomic
def save_edit(report: BoardReport, cleaned_data: dict, expected_version: int) -> BoardReport:
    """Save an edit of a draft, refusing it when the report was issued or saved by someone
    else since the form was opened (the row is locked so the check and the write are one)."""
    locked = BoardReport.objects.select_for_update().get(pk=report.pk)
    if locked.is_issued:
        raise ReportIssued
    if locked.version != expected_version:
        raise StaleReport
    fields = [name for name in cleaned_data if name != "version"]
    for name in fields:
        setattr(locked, name, cleaned_data[name])
    locked.version += 1
    locked.save(update_fields=[*fields, "version"])
    return locked


def issue(report: BoardReport, user, *, issued_at=None) -> BoardReport:
    """Issue the report: render its final PDF (no draft mark), store it with its SHA-256,
    who and when (now, unless `issued_at` says otherwise: the demo's 2006 report is issued
    in 2006). Irreversible. Two clerks issuing at once produce one PDF: the second waits on
    the row lock, then finds the report issued and gets ReportIssued."""
    with transaction.atomic():
        locked = BoardReport.objects.select_for_update().select_related("plan").get(pk=report.pk)
        if locked.is_issued:
            raise ReportIssued
        locked.issued_by, locked.issued_at = user, issued_at or timezone.now()
        locked.state = BoardReport.State.ISSUED
        locked.version += 1
        content = report_content(locked, draft=False)
        pdf = render_pdf(content)
        locked.html = report_body_html(content)
        locked.sha256 = hashlib.sha256(pdf).hexdigest()
        name = f"{locked.plan.slug}-{locked.meeting_date:%Y-%m-%d}-{locked.pk}"
        locked.pdf.save(f"{name}.pdf", ContentFile(pdf), save=False)
        docx = render_docx(content)
        locked.docx_sha256 = hashlib.sha256(docx).hexdigest()
        locked.docx.save(f"{name}.docx", ContentFile(docx), save=False)
        try:
            # The state check in save() reads the stored row, still a draft until now.
            locked.save(
                update_fields=[
                    "state",
                    "issued_by",
                    "issued_at",
                    "sha256",
                    "pdf",
                    "docx",
                    "docx_sha256",
                    "html",
                    "version",
                ]
            )
        except BaseException:
            # The transaction rolls back: leave no orphan file.
            locked.pdf.delete(save=False)
            locked.docx.delete(save=False)
            raise
    return locked
