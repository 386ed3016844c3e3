"""Writes to board reports: starting one, editing its narrative, issuing it."""

import hashlib
import os
import tempfile
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass

from django.conf import settings
from django.core.files import File
from django.db import transaction
from django.utils import timezone

from improvement.models import Plan

from .committees import USUAL_COMMITTEES, carried_over, other_committees_named
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


def previous_report(plan: Plan, meeting: str | None = None) -> BoardReport | None:
    """The plan's latest report by meeting date (to `meeting`, in any case, when given): the
    one a new report's narrative follows."""
    reports = BoardReport.objects.filter(plan=plan)
    if meeting is not None:
        reports = reports.filter(meeting__iexact=" ".join(meeting.split()))
    return reports.order_by("-meeting_date", "-created").first()


def starting_point(plan: Plan, source: BoardReport | None = None, meeting: str = "") -> dict:
    """The fields a new report is prefilled with: the narrative (and title and meeting) of
    `source`, else the defaults for `meeting` (or the usual one). Dates are not copied: each
    report is for its own meeting."""
    if source is None:
        return {
            "title": f"Progress on the {plan.title}",
            **({"meeting": meeting} if meeting else {}),
            **default_narrative(plan, meeting or DEFAULT_MEETING),
        }
    return {"title": source.title, "meeting": source.meeting, **source.narrative()}


def committees_of(plan: Plan) -> list[str]:
    """Every committee the plan's reports went to, and the usual ones."""
    meetings = BoardReport.objects.filter(plan=plan).values_list("meeting", flat=True)
    return sorted({*meetings, *USUAL_COMMITTEES}, key=str.casefold)


def committee_warnings(report: BoardReport) -> list[str]:
    """Sentences for the clerk: each narrative field that names another committee than the
    one this report goes to, and whether that text was carried over from which report."""
    carried = (
        set(carried_over(report.narrative(), report.carried_from.narrative()))
        if report.carried_from
        else set()
    )
    labels = {field.name: field.verbose_name for field in BoardReport._meta.fields}
    warnings = []
    for field, committee in other_committees_named(
        report.narrative(), report.meeting, committees_of(report.plan)
    ):
        origin = (
            f", carried over from “{report.carried_from.title}” ({report.carried_from.meeting}, "
            f"{report.carried_from.meeting_date:%-d %B %Y})"
            if field in carried
            else ""
        )
        warnings.append(
            f"{labels[field].capitalize()} names {committee}{origin}, but this report goes "
            f"to {report.meeting}."
        )
    return warnings


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


@dataclass(frozen=True)
class IssuedFile:
    """A file stored with an issued report: the model's file field it goes in, the name it is
    stored under, its bytes, and the field that keeps its SHA-256 ("" for none)."""

    field: str
    name: str
    content: bytes
    sha256_field: str = ""


def issued_files(report: BoardReport, content) -> list[IssuedFile]:
    """What issuing stores, each rendered from the same figures. Another format (a .docx)
    is one more entry here and its fields on the model."""
    stem = f"{report.plan.slug}-{report.meeting_date:%Y-%m-%d}-{report.pk}"
    return [
        IssuedFile("pdf", f"{stem}.pdf", render_pdf(content), "sha256"),
        IssuedFile("docx", f"{stem}.docx", render_docx(content), "docx_sha256"),
    ]


def issue(
    report: BoardReport,
    user,
    *,
    issued_at=None,
    expected_version: int | None = None,
    on_issued: Callable[[BoardReport], None] | None = None,
) -> BoardReport:
    """Issue the report: render its final files (no draft mark), then store them with their
    SHA-256, who and when (now, unless `issued_at` says otherwise: the demo's 2006 report is
    issued in 2006). Irreversible, and once only.

    Rendering takes minutes for a large plan, so it happens before the transaction, holding
    no lock (on SQLite a long write transaction would stop every other write). The files are
    written under temporary names and moved into place, and the row flipped to issued, in one
    short transaction that first locks the row and checks it is still the same draft: a second
    issue (another clerk, a retried task) finds it issued and gets ReportIssued; a worker
    killed before the commit leaves a draft and no stored file. `on_issued(report)` runs in
    that transaction (the task marks itself done there). `expected_version` refuses a report
    edited since issuing was asked for (StaleReport)."""
    draft = BoardReport.objects.select_related("plan").get(pk=report.pk)
    _check_issuable(draft, expected_version)
    draft.issued_by, draft.issued_at = user, issued_at or timezone.now()
    draft.state = BoardReport.State.ISSUED  # in memory only: the content says "issued"
    content = report_content(draft, draft=False)
    files = issued_files(draft, content)
    html = report_body_html(content)
    with transaction.atomic():
        locked = BoardReport.objects.select_for_update().select_related("plan").get(pk=report.pk)
        _check_issuable(locked, expected_version or draft.version)
        locked.issued_by, locked.issued_at = draft.issued_by, draft.issued_at
        locked.state = BoardReport.State.ISSUED
        locked.version += 1
        locked.html = html
        stored = []
        try:
            for file in files:
                with atomic_file(file.content) as rendered:
                    getattr(locked, file.field).save(file.name, rendered, save=False)
                stored.append(file.field)
                if file.sha256_field:
                    setattr(locked, file.sha256_field, hashlib.sha256(file.content).hexdigest())
            # The state check in save() reads the stored row, still a draft until now.
            locked.save(
                update_fields=[
                    "state",
                    "issued_by",
                    "issued_at",
                    "html",
                    "version",
                    *stored,
                    *(file.sha256_field for file in files if file.sha256_field),
                ]
            )
            if on_issued is not None:
                on_issued(locked)
        except BaseException:
            for field in stored:  # the transaction rolls back: leave no orphan file
                getattr(locked, field).delete(save=False)
            raise
    return locked


def _check_issuable(report: BoardReport, expected_version: int | None) -> None:
    if report.is_issued:
        raise ReportIssued
    if expected_version is not None and report.version != expected_version:
        raise StaleReport


class _TemporaryFile(File):
    """A rendered file already on disk under a temporary name: FileSystemStorage moves it
    into place with one rename instead of writing the stored name chunk by chunk, so a stored
    name never holds half a file."""

    def temporary_file_path(self) -> str:
        return self.file.name


@contextmanager
def atomic_file(content: bytes):
    """The bytes in a temporary file beside the stored ones (one file system, so the move is
    a rename), removed afterwards if a storage copied rather than moved it."""
    folder = os.path.join(settings.MEDIA_ROOT, ".partial")
    os.makedirs(folder, exist_ok=True)
    handle = tempfile.NamedTemporaryFile(dir=folder, suffix=".part", delete=False)  # noqa: SIM115
    try:
        handle.write(content)
        handle.flush()
        os.fsync(handle.fileno())
        handle.seek(0)
        yield _TemporaryFile(handle, name=os.path.basename(handle.name))
    finally:
        handle.close()
        if os.path.exists(handle.name):
            os.unlink(handle.name)
