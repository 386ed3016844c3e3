"""Importing a plan in the browser (upload, dry run, confirm) and downloading it again."""

import uuid
from pathlib import Path

from django import forms
from django.contrib import messages
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from improvement.asat import as_at_from, date_in_range
from improvement.models import Plan
from improvement.roles import is_administrator
from improvement.spreadsheets.export import csv_bytes, sheets, xlsx_bytes
from improvement.spreadsheets.plan_import import import_plan
from improvement.spreadsheets.reading import FileProblem, check_size, max_bytes, read_upload
from recommendations.forms import DATE_FORMATS, DateInput
from recommendations.permissions import manages_plan

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


def _stash(upload, options: dict) -> str:
    """Keep the uploaded file between the dry run and the confirmation; returns a signed token
    naming it and the choices made, so neither can be changed in between."""
    _sweep()
    name = default_storage.save(
        f"imports/{uuid.uuid4().hex}{Path(upload.name).suffix.lower()}", ContentFile(upload.read())
    )
    return SIGNER.sign_object({"stored": name, "original": upload.name, **options})


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
    plan = get_object_or_404(Plan, slug=slug) if slug else None
    if not (manages_plan(request.user, plan) if plan else is_administrator(request.user)):
        raise PermissionDenied("Only the plan's managers and administrators may import.")
    form_class = ImportForm if plan else NewPlanImportForm
    context = {"plan": plan, "max_mb": max_bytes() // (1024 * 1024)}
    if request.method == "POST" and "token" in request.POST:
        return _confirm(request, plan, context)
    form = form_class(
        request.POST or None, request.FILES or None, initial={"as_at": timezone.localdate()}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        target = plan.slug if plan else data["slug"]
        try:
            check_size(data["file"].size, data["file"].name)
            upload_bytes = data["file"].read()
            data["file"].seek(0)
            sheets_ = read_upload(data["file"].name, upload_bytes)
        except FileProblem as problem:
            form.add_error("file", str(problem))
        else:
            result = import_plan(
                sheets_,
                slug=target,
                title=data.get("title", ""),
                as_at=data["as_at"],
                create_people=data["create_people"],
                dry_run=True,
                user=request.user,
                source=data["file"].name,
            )
            options = {
                "slug": target,
                "title": data.get("title", ""),
                "as_at": data["as_at"].isoformat(),
                "create_people": data["create_people"],
            }
            context.update(
                result=result,
                token=_stash(data["file"], options) if result.ok else "",
                file_name=data["file"].name,
            )
            if only_unknown_leads(result) and not data["create_people"]:
                # Offer the one choice that would make the import go through: creating them.
                with_people = import_plan(
                    sheets_, **{**_import_kwargs(options), "create_people": True}, dry_run=True
                )
                if with_people.ok:
                    data["file"].seek(0)
                    context["create_people_token"] = _stash(
                        data["file"], {**options, "create_people": True}
                    )
            return render(request, "improvement/plan_import_preview.html", context)
    context["form"] = form
    return render(request, "improvement/plan_import.html", context)


def only_unknown_leads(result) -> bool:
    """Whether the one thing stopping the import is leads that no people list names."""
    return bool(result.unknown_leads) and all(
        e.column == "leads" and e.row is None for e in result.errors
    )


def _import_kwargs(options: dict) -> dict:
    from datetime import date

    return {
        "slug": options["slug"],
        "title": options["title"],
        "as_at": date.fromisoformat(options["as_at"]),
    }


def _confirm(request, plan, context):
    from datetime import date

    try:
        stash, data = _unstash(request.POST["token"])
        sheets_ = read_upload(stash["original"], data)
    except FileProblem as problem:
        messages.error(request, str(problem))
        return redirect(request.path)
    slug = plan.slug if plan else stash["slug"]
    if slug != stash["slug"] or (not plan and Plan.objects.filter(slug=slug).exists()):
        raise PermissionDenied("That plan has changed since the check: start the import again.")
    result = import_plan(
        sheets_,
        slug=slug,
        title=stash["title"],
        as_at=date.fromisoformat(stash["as_at"]),
        create_people=stash["create_people"],
        user=request.user,
        source=stash["original"],
    )
    if not result.ok:
        context.update(result=result, token="", file_name=stash["original"])
        return render(request, "improvement/plan_import_preview.html", context, status=400)
    default_storage.delete(stash["stored"])
    messages.success(request, f"Imported {stash['original']}: {', '.join(result.lines()[:4])}.")
    return redirect("plan_dashboard", slug=slug)


def plan_export(request, slug):
    """The plan in the import template, as an Excel workbook or the plan sheet as CSV."""
    plan = get_object_or_404(Plan, slug=slug)
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
