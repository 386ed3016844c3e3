"""The publishing page for plan managers, and the public pages and open data for everyone.

Public responses are made from the approved, frozen position only, rendered without the
request (so nothing of a signed-in visitor can end up in them) and cached under a key that
names the approval: a new approval or a withdrawal changes the key, so no server ever serves
a position that is no longer approved, however many servers share the work.
"""

import csv
import hashlib
import io
import json
import re
from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.http import FileResponse, Http404, HttpResponse, HttpResponseNotModified
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_http_methods, require_safe
from django_ratelimit.core import is_ratelimited

from improvement.access import readable_plan_or_404, require_manages_plan
from improvement.asat import as_at_from
from improvement.models import Plan
from improvement.reports.models import BoardReport
from improvement.sessions import client_ip
from publishing.forms import ApprovalForm, PublicationForm, WithdrawForm
from publishing.models import Approval, Publication
from publishing.position import build_position, public_csv, public_position
from publishing.services import approve, publication_of, set_publication, withdraw

CACHE_SECONDS = 300
REPORT_KEY = re.compile(r"[0-9a-f]{16}")


def _client_address(group, request) -> str:
    # The rule log-in uses: behind a trusted proxy, the client's address and not the proxy's.
    return client_ip(request) or ""


def rate_limited(view):
    """At most PUBLIC_RATE_LIMIT requests per address to the public pages; then 429."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if is_ratelimited(
            request,
            group="public",
            key=_client_address,
            rate=settings.PUBLIC_RATE_LIMIT,
            increment=True,
        ):
            response = HttpResponse(
                "Too many requests from your address: wait a minute and try again.",
                status=429,
                content_type="text/plain; charset=utf-8",
            )
            response["Retry-After"] = "60"
            return response
        return view(request, *args, **kwargs)

    return wrapped


def _live(slug: str) -> tuple[int, float, bool]:
    """The current approval of a published plan (its pk and when it was approved) and whether
    names may be shown, in one query; 404 when the plan is not public."""
    current = (
        Approval.objects.live()
        .filter(plan__slug=slug, plan__publication__published=True)
        .order_by("-approved_at", "-pk")
        .values_list("pk", "approved_at", "plan__publication__show_names")
        .first()
    )
    if current is None:
        raise Http404("No plan with a published position has that address.")
    pk, approved_at, show_names = current
    return pk, approved_at.timestamp(), show_names


def _cached(request, slug: str, kind: str, content_type: str, make) -> HttpResponse:
    approval_pk, approved_at, show_names = _live(slug)
    # The approval, when it was made and whether names show: a new approval, a withdrawal or
    # a change of the names switch makes a new version. Hashed, so no id shows in a header.
    raw = f"{approval_pk}.{approved_at:.6f}.{int(show_names)}"
    version = hashlib.sha256(raw.encode()).hexdigest()[:20]
    etag = f'"{kind}-{version}"'
    if request.headers.get("If-None-Match") == etag:
        response = HttpResponseNotModified()
    else:
        key = f"public:{slug}:{kind}:{version}"
        body = cache.get(key)
        if body is None:
            approval = Approval.objects.select_related("plan__publication").get(pk=approval_pk)
            body = make(approval.plan.publication, approval)
            cache.set(key, body, CACHE_SECONDS)
        response = HttpResponse(body, content_type=content_type)
    response["ETag"] = etag
    response["Cache-Control"] = f"public, max-age={CACHE_SECONDS}"
    return response


def _page(publication: Publication, approval: Approval, *, preview: bool = False) -> str:
    context = {
        "public": public_position(approval.position, show_names=publication.show_names),
        "approval": approval,
        "show_names": publication.show_names,
        "slug": publication.plan.slug,
        "preview": preview,
    }
    return render_to_string("publishing/public_plan.html", context)


def _csv(rows: list[list[str]]) -> bytes:
    buffer = io.StringIO(newline="")
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    return buffer.getvalue().encode("utf-8")


@login_not_required
@require_safe
@rate_limited
def public_index(request):
    """Every published plan with an approved position."""
    plans = (
        Plan.objects.filter(publication__published=True, approvals__withdrawn_at__isnull=True)
        .distinct()
        .order_by("title")
        .values("slug", "title")
    )
    response = HttpResponse(
        render_to_string("publishing/public_index.html", {"plans": list(plans)})
    )
    response["Cache-Control"] = f"public, max-age={CACHE_SECONDS}"
    return response


@login_not_required
@require_safe
@rate_limited
def public_plan(request, slug):
    return _cached(request, slug, "page", "text/html; charset=utf-8", _page)


@login_not_required
@require_safe
@rate_limited
def public_summary(request, slug):
    """The summary API's shape, for the approved position."""

    def make(publication, approval):
        return json.dumps(approval.position["summary"], indent=2).encode()

    return _cached(request, slug, "summary", "application/json", make)


@login_not_required
@require_safe
@rate_limited
def public_sheet(request, slug, sheet):
    """The private export's plan or indicators sheet, for the approved position."""

    def make(publication, approval):
        rows = public_csv(approval.position, sheet, show_names=publication.show_names)
        return _csv(rows)

    response = _cached(request, slug, f"csv-{sheet}", "text/csv; charset=utf-8", make)
    response["Content-Disposition"] = f'attachment; filename="{slug}-{sheet}.csv"'
    return response


def _published_report(slug: str, key: str, approval: Approval) -> BoardReport:
    """An issued report the approval offers the public (only with names allowed), or 404."""
    if not REPORT_KEY.fullmatch(key):
        raise Http404("No published report has that address.")
    keys = {r["key"] for r in approval.position.get("reports", [])}
    if key not in keys or not approval.plan.publication.show_names:
        raise Http404("No published report has that address.")
    return get_object_or_404(
        BoardReport, plan=approval.plan, state=BoardReport.State.ISSUED, sha256__startswith=key
    )


@login_not_required
@require_safe
@rate_limited
def public_report(request, slug, key):
    """An issued board report as accessible HTML: what was stored with its PDF."""
    if not REPORT_KEY.fullmatch(key):
        raise Http404("No published report has that address.")

    def make(publication, approval):
        report = _published_report(slug, key, approval)
        return render_to_string(
            "publishing/public_report.html",
            {"report": report, "body": mark_safe(report.html), "slug": slug},  # noqa: S308
        )

    return _cached(request, slug, f"report-{key}", "text/html; charset=utf-8", make)


@login_not_required
@require_safe
@rate_limited
def public_report_pdf(request, slug, key):
    """An issued board report's PDF: the stored bytes."""
    approval_pk, _, _ = _live(slug)
    approval = Approval.objects.select_related("plan__publication").get(pk=approval_pk)
    report = _published_report(slug, key, approval)
    response = FileResponse(report.pdf.open("rb"), content_type="application/pdf")
    response["Content-Disposition"] = (
        f'inline; filename="{slug}-{report.meeting_date:%Y-%m-%d}-report.pdf"'
    )
    response["Cache-Control"] = f"public, max-age={CACHE_SECONDS}"
    return response


@require_http_methods(["GET", "POST"])
def manage(request, slug):
    """Plan managers: switch publishing on or off, approve a position, withdraw one."""
    plan = readable_plan_or_404(request.user, slug)
    require_manages_plan(request.user, plan)
    publication = publication_of(plan)
    action = request.POST.get("action") if request.method == "POST" else None
    switch = PublicationForm(
        request.POST if action == "switch" else None,
        initial={"published": publication.published, "show_names": publication.show_names},
    )
    approval_form = ApprovalForm(request.POST if action == "approve" else None)
    withdraw_form = WithdrawForm(request.POST if action == "withdraw" else None)
    if action == "switch" and switch.is_valid():
        changed = set_publication(plan, **switch.cleaned_data, user=request.user)
        messages.success(request, "Publishing settings saved." if changed else "Nothing changed.")
        return redirect("publishing", slug=plan.slug)
    if action == "approve" and approval_form.is_valid():
        approval = approve(plan, **approval_form.cleaned_data, user=request.user)
        messages.success(
            request,
            f"The position as at {approval.as_at:%-d %B %Y} is approved for publication"
            + ("." if publication.published else ": turn publishing on to show it."),
        )
        return redirect("publishing", slug=plan.slug)
    if action == "withdraw" and withdraw_form.is_valid():
        approval = get_object_or_404(Approval, pk=withdraw_form.cleaned_data["approval"], plan=plan)
        if withdraw(approval, user=request.user, reason=withdraw_form.cleaned_data["reason"]):
            messages.success(
                request, f"The approval of the position as at {approval.as_at:%-d %B %Y} is "
                "withdrawn."
            )  # fmt: skip
        else:
            messages.info(request, "That approval was already withdrawn.")
        return redirect("publishing", slug=plan.slug)
    approvals = list(
        plan.approvals.select_related("approved_by", "withdrawn_by")
        .defer("position")
        .order_by("-approved_at", "-pk")
    )
    current = next((a for a in approvals if not a.is_withdrawn), None)
    invalid = any(form.errors for form in (switch, approval_form, withdraw_form))
    status = 400 if action and invalid else 200
    return render(
        request,
        "publishing/manage.html",
        {
            "plan": plan,
            "publication": publication,
            "switch": switch,
            "approval_form": approval_form,
            "withdraw_form": withdraw_form,
            "withdraw_target": withdraw_form.data.get("approval") if action == "withdraw" else "",
            "approvals": approvals,
            "current": current,
            "today": timezone.localdate(),
        },
        status=status,
    )


@require_safe
def preview(request, slug):
    """What the public would see if the position as at the date were approved now."""
    plan = readable_plan_or_404(request.user, slug)
    require_manages_plan(request.user, plan)
    as_at, _ = as_at_from(request)
    publication = publication_of(plan)
    draft = Approval(plan=plan, as_at=as_at, position=build_position(plan, as_at))
    return HttpResponse(_page(publication, draft, preview=True))
