"""Board report pages: thin; permissions in permissions.py, writes in services.py, figures in
content.py, PDF in pdf.py."""

from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_http_methods

from improvement.access import readable_plan_or_404, readable_plans
from improvement.models import Plan

from . import permissions, services, tasks
from .content import report_content
from .docx import render_docx
from .forms import BoardReportEditForm, BoardReportForm
from .models import BoardReport


def _report(user, slug: str, pk: int) -> BoardReport:
    """The report of this plan's address, or 404 where the user may not read the plan."""
    return get_object_or_404(
        BoardReport.objects.select_related(
            "plan__organisation", "issued_by", "created_by", "carried_from"
        ),
        plan__slug=slug,
        plan__in=readable_plans(user),
        pk=pk,
    )


def report_list(request, slug):
    plan = readable_plan_or_404(request.user, slug)
    permissions.require_can_read_reports(request.user)
    reports = plan.board_reports.select_related("issued_by")
    if not permissions.can_read_drafts(request.user):
        reports = reports.filter(state=BoardReport.State.ISSUED)
    return render(
        request,
        "reports/report_list.html",
        {
            "plan": plan,
            "reports": reports,
            "can_write": permissions.can_write_reports(request.user),
        },
    )


@require_http_methods(["GET", "POST"])
def report_create(request, slug):
    """A new report starts from the plan's previous report to the same committee, so that
    one committee's wording never drifts into another's papers: the clerk names the meeting
    first (?meeting=), or picks a report to start from (?from=)."""
    plan = readable_plan_or_404(request.user, slug)
    permissions.require_can_write_reports(request.user)
    source, meeting = None, " ".join(request.GET.get("meeting", "").split())
    if request.GET.get("from", "").isdigit():
        source = get_object_or_404(BoardReport, plan=plan, pk=request.GET["from"])
    elif meeting:
        source = services.previous_report(plan, meeting)
    elif plan.board_reports.exists():
        return render(
            request,
            "reports/report_committee.html",
            {"plan": plan, "latest": _latest_by_committee(plan)},
        )
    form = BoardReportForm(
        request.POST or None,
        initial=services.starting_point(plan, source, meeting),
        carried_from=source,
    )
    if request.method == "POST" and form.is_valid():
        report = form.save(commit=False)
        report.plan, report.created_by, report.carried_from = plan, request.user, source
        report.save()
        messages.success(request, "Draft report saved. Preview it, then issue it when ready.")
        return redirect(report)
    return render(
        request,
        "reports/report_form.html",
        {"plan": plan, "form": form, "source": source, "meeting": meeting, "report": None},
    )


def _latest_by_committee(plan: Plan) -> list[BoardReport]:
    """The latest report to each committee the plan has reported to, newest first."""
    latest = {}
    for report in plan.board_reports.order_by("-meeting_date", "-created"):
        latest.setdefault(report.meeting.casefold(), report)
    return list(latest.values())


@require_http_methods(["GET", "POST"])
def report_edit(request, slug, pk):
    report = _report(request.user, slug, pk)
    permissions.require_can_write_reports(request.user)
    if report.is_issued:
        return _issued_cannot_change(request, report)
    form = BoardReportEditForm(
        request.POST or None,
        instance=report,
        initial={"version": report.version},
        carried_from=report.carried_from,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.save_edit(report, form.cleaned_data, form.cleaned_data["version"])
        except services.ReportIssued:
            return _issued_cannot_change(request, report)
        except services.StaleReport:
            form.add_error(
                None,
                "Someone else saved this report after you opened it. Your changes are below "
                "but were not saved: open the report again to see theirs.",
            )
        else:
            messages.success(request, "Draft report saved.")
            return redirect(report)
    return render(
        request,
        "reports/report_form.html",
        {"plan": report.plan, "form": form, "report": report},
    )


def _issued_cannot_change(request, report):
    return render(
        request,
        "reports/report_issued_conflict.html",
        {"plan": report.plan, "report": report},
        status=409,
    )


def report_detail(request, slug, pk):
    """The report as HTML: the preview of a draft, or what an issued report says."""
    report = _report(request.user, slug, pk)
    permissions.require_can_read(request.user, report)
    # An issued report shows the HTML stored with its PDF (rendered by our own templates,
    # which escape every user text), so the page and the PDF always agree.
    issued_html = mark_safe(report.html) if report.is_issued and report.html else ""  # noqa: S308
    return render(
        request,
        "reports/report_detail.html",
        {
            "plan": report.plan,
            "report": report,
            "content": None if issued_html else report_content(report),
            "issued_html": issued_html,
            "can_write": permissions.can_write_reports(request.user),
        },
    )


def report_pdf(request, slug, pk):
    """An issued report's stored bytes, never rendered again. A draft's PDF takes minutes for
    a large plan, so it is made by the task worker: this asks for it (or finds the one made
    or being made for this version of the draft) and shows the task's page."""
    report = _report(request.user, slug, pk)
    permissions.require_can_read(request.user, report)
    if not report.is_issued:
        return redirect(tasks.request_preview(report, request.user))
    filename = f"{report.plan.slug}-{report.meeting_date:%Y-%m-%d}-{report.state}.pdf"
    response = FileResponse(report.pdf.open("rb"), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def report_docx(request, slug, pk):
    """The report as a Word document: an issued report's stored file, never made again; a
    draft's, freshly made from the current figures (with its DRAFT line)."""
    report = _report(request.user, slug, pk)
    permissions.require_can_read(request.user, report)
    filename = f"{report.plan.slug}-{report.meeting_date:%Y-%m-%d}-{report.state}.docx"
    if report.is_issued:
        if not report.docx:
            raise Http404("This report was issued before Word documents were kept with it.")
        response = FileResponse(report.docx.open("rb"), content_type=DOCX_TYPE)
    else:
        response = HttpResponse(
            render_docx(report_content(report, draft=True)), content_type=DOCX_TYPE
        )
        response["Cache-Control"] = "no-store"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_http_methods(["GET", "POST"])
def report_issue(request, slug, pk):
    """GET asks for confirmation (issuing cannot be undone); POST asks the task worker to
    issue it and shows the task's page."""
    report = _report(request.user, slug, pk)
    permissions.require_can_write_reports(request.user)
    if report.is_issued:
        return _issued_cannot_change(request, report)
    warnings = services.committee_warnings(report)
    error = ""
    if request.method == "POST":
        if warnings and not request.POST.get("checked_committee"):
            error = f"Confirm that the text is right for {report.meeting}, or edit it first"
        else:
            try:
                task = tasks.request_issue(report, request.user)
            except services.ReportIssued:
                return _issued_cannot_change(request, report)
            return redirect(task)
    return render(
        request,
        "reports/report_issue.html",
        {"plan": report.plan, "report": report, "warnings": warnings, "error": error},
        status=400 if error else 200,
    )
