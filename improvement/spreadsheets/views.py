"""Importing a plan in the browser (upload, dry run, confirm) and downloading it again."""

import uuid
from dataclasses import asdict
from datetime import date
from pathlib import Path

from django import forms
from django.contrib import messages
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from improvement.access import manages_plan, readable_plan_or_404
from improvement.asat import as_at_from, date_in_range
from improvement.models import Plan
from improvement.roles import is_administrator
from improvement.spreadsheets import preview_outcome, tasks
from improvement.spreadsheets.blank import blank_csv_zip, blank_xlsx
from improvement.spreadsheets.export import csv_bytes, sheets, xlsx_bytes
from improvement.spreadsheets.forms import MappingForm
from improvement.spreadsheets.layout import Mapping
from improvement.spreadsheets.plan_import import import_plan
from improvement.spreadsheets.reading import (
    FileProblem,
    check_size,
    count_rows,
    max_bytes,
    read_upload,
)
from improvement.tasks import views as task_views
from improvement.tasks.models import BackgroundTask
from improvement.widgets import DATE_FORMATS, DateInput

# The dry run's file and choices are signed into the confirm form, valid for a day: what is
# confirmed is exactly what was previewed.
SIGNER = signing.TimestampSigner(salt="plan-import")
STASH_SECONDS = 24 * 60 * 60


class ImportForm(forms.Form):
    file = forms.FileField(
        label="Spreadsheet",
        help_text="An Excel workbook (.xlsx) with sheets named plan, people, indicators and "
        "risks (any of them but plan may be left out), or one CSV file named after its sheet: "
        "plan.csv, people.csv, indicators.csv or risks.csv. A new plan needs its plan sheet.",
        error_messages={"required": "Choose the spreadsheet to import"},
        widget=forms.FileInput(attrs={"accept": ".xlsx,.csv"}),
    )
    as_at = forms.DateField(
        label="Statuses and risk scores in the file are as at",
        input_formats=DATE_FORMATS,
        validators=[date_in_range],
        widget=DateInput(),
        error_messages={"required": "Enter the date the statuses describe"},
    )
    create_people = forms.BooleanField(
        label="Create leads and risk owners that the people list does not name",
        required=False,
    )


class NewPlanImportForm(ImportForm):
    title = forms.CharField(label="Plan title", max_length=300)
    slug = forms.SlugField(
        label="Short name for web addresses",
        max_length=80,
        help_text="Lower-case letters, numbers and hyphens, for example jar-2026.",
    )

    field_order = ["title", "slug", "file", "as_at", "create_people"]

    def clean_slug(self):
        slug = self.cleaned_data["slug"]
        if Plan.objects.filter(slug=slug).exists():
            raise forms.ValidationError("A plan already has this short name: choose another")
        return slug


def _stash(upload, options: dict) -> dict:
    """Keep the uploaded file between the dry run and the confirmation; returns what a signed
    token carries: the stored file's name and the choices made, so neither can be changed in
    between."""
    _sweep()
    upload.seek(0)
    name = default_storage.save(
        f"imports/{uuid.uuid4().hex}{Path(upload.name).suffix.lower()}", ContentFile(upload.read())
    )
    return {"stored": name, "original": upload.name, **options}


def _sign(stash: dict) -> str:
    return SIGNER.sign_object(stash)


def _unstash(token: str) -> tuple[dict, bytes]:
    try:
        stash = SIGNER.unsign_object(token, max_age=STASH_SECONDS)
    except signing.SignatureExpired:
        raise FileProblem("The check was made over a day ago: upload the file again.") from None
    except signing.BadSignature:
        raise PermissionDenied(
            "The import could not be confirmed: upload the file again."
        ) from None
    if not default_storage.exists(stash["stored"]):
        raise FileProblem("The uploaded file has expired: upload it again.")
    with default_storage.open(stash["stored"], "rb") as handle:
        return stash, handle.read()


def _sweep() -> None:
    """Remove files of dry runs that were never confirmed."""
    try:
        _, files = default_storage.listdir("imports")
    except FileNotFoundError:
        return
    cutoff = timezone.now() - timezone.timedelta(seconds=STASH_SECONDS)
    for name in files:
        path = f"imports/{name}"
        if default_storage.get_modified_time(path) < cutoff:
            default_storage.delete(path)


@require_http_methods(["GET", "POST"])
def plan_import(request, slug=None):
    plan = readable_plan_or_404(request.user, slug) if slug else None
    if not (manages_plan(request.user, plan) if plan else is_administrator(request.user)):
        raise PermissionDenied("Only the plan's managers and administrators may import.")
    form_class = ImportForm if plan else NewPlanImportForm
    context = {"plan": plan, "max_mb": max_bytes() // (1024 * 1024)}
    if request.method == "POST" and "token" in request.POST:
        return _confirm(request, plan, context)
    if request.method == "POST" and "remap" in request.POST:
        return _remap(request, plan, context)
    form = form_class(
        request.POST or None, request.FILES or None, initial={"as_at": timezone.localdate()}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        options = {
            "slug": plan.slug if plan else data["slug"],
            "title": data.get("title", ""),
            "as_at": data["as_at"].isoformat(),
            "create_people": data["create_people"],
        }
        try:
            check_size(data["file"].size, data["file"].name)
            upload_bytes = data["file"].read()
            if tasks.runs_as_task(count_rows(data["file"].name, upload_bytes)):
                # Counted from the file's row tags or lines, unparsed: the worker reads it.
                stash = _stash(data["file"], options)
                queued = tasks.request_preview(_sign(stash), stash, plan, request.user)
                return redirect(queued)
            workbook = read_upload(data["file"].name, upload_bytes, saved=_saved_mapping(plan))
        except FileProblem as problem:
            form.add_error("file", str(problem))
        else:
            return _preview(request, context, _stash(data["file"], options), workbook)
    context["form"] = form
    return render(request, "improvement/plan_import.html", context)


def _saved_mapping(plan) -> Mapping | None:
    """The layout of the plan's last import, tried first on next month's file."""
    if plan is None or not plan.import_mapping:
        return None
    try:
        return Mapping.from_json(plan.import_mapping)
    except FileProblem:
        return None


def _mapping_of(stash: dict) -> Mapping | None:
    return Mapping.from_json(stash["mapping"]) if stash.get("mapping") else None


def _stashed(token: str):
    """The stashed file, its bytes, and the file read as the token's mapping says."""
    stash, data = _unstash(token)
    return stash, data, read_upload(stash["original"], data, _mapping_of(stash))


def _dry_run(workbook, stash: dict, user) -> dict:
    """What the import would do, and the tokens that confirm exactly this (or read the file
    otherwise): the same for a preview made in the request or by the task worker."""
    result = import_plan(
        workbook,
        **_import_kwargs(stash),
        create_people=stash["create_people"],
        dry_run=True,
        user=user,
        source=stash["original"],
    )
    layout = workbook["plan"].layout if "plan" in workbook else None
    stash = {**stash, "mapping": layout.as_mapping() if layout else None}
    checked = {
        "result": result,
        "plan_layout": layout,
        "token": _sign(stash) if result.ok else "",
        "remap": _sign(stash),
        "create_people_token": "",
    }
    if only_unknown_leads(result) and not stash["create_people"]:
        # Offer the one choice that would make the import go through: creating them.
        with_people = import_plan(
            workbook, **_import_kwargs(stash), create_people=True, dry_run=True
        )
        if with_people.ok:
            checked["create_people_token"] = _sign({**stash, "create_people": True})
    return checked


def _preview(request, context, stash: dict, workbook, status=200, form=None):
    """The dry run: how the file was read (with the selects to read it otherwise), what the
    import would do row by row, and the token that confirms exactly this."""
    checked = _dry_run(workbook, stash, request.user)
    context.update(
        checked,
        file_name=stash["original"],
        mapping_form=form or MappingForm(workbook, checked["plan_layout"]),
    )
    return render(request, "improvement/plan_import_preview.html", context, status=status)


def checked_outcome(token: str, plan, background) -> dict:
    """The task worker's dry run of a stashed file, as plain JSON kept on the task: all the
    preview page needs, the first rows for the mapping form included. Raises FileProblem."""
    stash, data = _unstash(token)
    mapping = _mapping_of(stash)
    workbook = read_upload(
        stash["original"], data, mapping, saved=None if mapping else _saved_mapping(plan)
    )
    checked = _dry_run(workbook, stash, background.requested_by)
    layout = checked["plan_layout"]
    return {
        **checked,
        "result": preview_outcome.result_json(checked["result"]),
        "plan_layout": preview_outcome.layout_json(layout) if layout else None,
        "grids": preview_outcome.grids_json(workbook),
        "file_name": stash["original"],
    }


def _remap(request, plan, context):
    """The plan manager chose another sheet, heading row or column: read the file again so."""
    try:
        stash, data, shown = _stashed(request.POST["remap"])
    except FileProblem as problem:
        messages.error(request, str(problem))
        return redirect(request.path)
    layout = shown["plan"].layout if "plan" in shown else None
    form = MappingForm(shown, layout, request.POST)
    if not form.is_valid():
        return _preview(request, context, stash, shown, status=400, form=form)
    try:
        workbook = read_upload(stash["original"], data, form.mapping())
    except FileProblem as problem:
        form.add_error("header_row", str(problem))
        return _preview(request, context, stash, shown, status=400, form=form)
    return _preview(request, context, stash, workbook)


@require_http_methods(["GET", "POST"])
def plan_import_checked(request, slug, pk):
    """The preview of a large file, from the dry run the task worker kept on its task: the
    same page as in the request, confirming through the import page (which queues the
    import). Choosing another layout queues a new check; nothing is read here."""
    checked = task_views.visible_task(request.user, slug, pk)
    if checked.kind != BackgroundTask.Kind.PLAN_IMPORT_PREVIEW:
        raise Http404("This task is not the check of an import.")
    if checked.state != BackgroundTask.State.DONE:
        return redirect(checked)
    outcome = checked.result
    layout = preview_outcome.layout_from(outcome["plan_layout"])
    grids = preview_outcome.grids_from(outcome["grids"])
    form = MappingForm(None, layout, request.POST or None, grids=grids)
    if request.method == "POST" and form.is_valid():
        try:
            stash = SIGNER.unsign_object(request.POST.get("remap", ""), max_age=STASH_SECONDS)
        except signing.BadSignature:
            raise PermissionDenied("The check has expired: upload the file again.") from None
        if stash["slug"] != checked.plan_slug:
            raise PermissionDenied("That check is of another plan's import.")
        stash = {**stash, "mapping": asdict(form.mapping())}
        queued = tasks.request_preview(_sign(stash), stash, checked.plan, request.user)
        return redirect(queued)
    plan = checked.plan
    context = {
        "plan": plan,
        "result": preview_outcome.result_from(outcome["result"]),
        "file_name": outcome["file_name"],
        "token": outcome["token"],
        "remap": outcome["remap"],
        "create_people_token": outcome["create_people_token"],
        "plan_layout": layout,
        "mapping_form": form,
        "confirm_action": reverse("plan_import", args=[plan.slug])
        if plan
        else reverse("plan_import_new"),
    }
    status = 400 if request.method == "POST" else 200
    response = render(request, "improvement/plan_import_preview.html", context, status=status)
    response["Cache-Control"] = "no-store"
    return response


def only_unknown_leads(result) -> bool:
    """Whether the one thing stopping the import is leads that no people list names."""
    return bool(result.unknown_leads) and all(
        e.column == "leads" and e.row is None for e in result.errors
    )


def _import_kwargs(options: dict) -> dict:
    return {
        "slug": options["slug"],
        "title": options["title"],
        "as_at": date.fromisoformat(options["as_at"]),
    }


def _confirm(request, plan, context):
    try:
        stash, data = _unstash(request.POST["token"])
    except FileProblem as problem:
        messages.error(request, str(problem))
        return redirect(request.path)
    slug = plan.slug if plan else stash["slug"]
    if slug != stash["slug"] or (not plan and Plan.objects.filter(slug=slug).exists()):
        raise PermissionDenied("That plan has changed since the check: start the import again.")
    try:
        if tasks.runs_as_task(count_rows(stash["original"], data)):
            queued = tasks.request_import(request.POST["token"], stash, plan, request.user)
            return redirect(queued)
        sheets_ = read_upload(stash["original"], data, _mapping_of(stash))
    except FileProblem as problem:
        messages.error(request, str(problem))
        return redirect(request.path)
    result = import_plan(
        sheets_,
        **_import_kwargs(stash),
        create_people=stash["create_people"],
        user=request.user,
        source=stash["original"],
    )
    if not result.ok:
        context.update(result=result, token="", file_name=stash["original"])
        return render(request, "improvement/plan_import_preview.html", context, status=400)
    default_storage.delete(stash["stored"])
    messages.success(request, f"Imported {stash['original']}: {result.done()}.")
    if plan is None:
        # A new plan has no organisation, so every signed-in user reads it until it is set.
        messages.info(request, "Now choose the organisation that owns the new plan.")
        return redirect("plan_settings", slug=slug)
    return redirect("plan_dashboard", slug=slug)


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@require_http_methods(["GET"])
def blank_template(request):
    """The blank template: headings, notes on every column, a drop-down of statuses."""
    response = HttpResponse(blank_xlsx(), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="improvement-plan-template.xlsx"'
    return response


@require_http_methods(["GET"])
def blank_template_csv(request):
    """The blank template as CSV files, one per sheet and the notes, in a zip."""
    response = HttpResponse(blank_csv_zip(), content_type="application/zip")
    response["Content-Disposition"] = 'attachment; filename="improvement-plan-template.zip"'
    return response


def plan_export(request, slug):
    """The plan in the import template, as an Excel workbook or the plan sheet as CSV."""
    plan = readable_plan_or_404(request.user, slug)
    as_at, _ = as_at_from(request)
    tables = sheets(plan, as_at)
    stem = f"{plan.slug}-{as_at:%Y-%m-%d}"
    if request.GET.get("format") == "csv":
        response = HttpResponse(csv_bytes(tables["plan"]), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{stem}-plan.csv"'
        return response
    response = HttpResponse(
        xlsx_bytes(tables, plan, as_at),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{stem}.xlsx"'
    return response
