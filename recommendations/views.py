from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin
from django_tables2.export.views import ExportMixin

from improvement import access, evidence
from improvement.asat import PlanListMixin, as_at_from, carried_as_at
from improvement.status import Status, effective_status
from recommendations import permissions
from recommendations.filtersets import MilestoneFilterSet
from recommendations.forms import MyMilestonesFilterForm, SignOffForm, StatusUpdateForm
from recommendations.history import field_changes
from recommendations.mine import filter_rows, my_milestone_rows
from recommendations.models import Milestone, SignOff, StatusUpdate
from recommendations.services import StaleVersion, decide_sign_off, record_status_update
from recommendations.tables import MilestoneTable
from recommendations.timeline import (
    BadMonth,
    default_months,
    months_between,
    months_ending,
    parse_month,
)
from recommendations.timeline import plan_timeline as timeline_for


def get_milestone(user, slug, pk) -> Milestone:
    """The milestone of this plan's address, or 404 where the user may not read the plan."""
    return get_object_or_404(
        Milestone.objects.with_related(),
        pk=pk,
        recommendation__plan__slug=slug,
        recommendation__plan__in=access.readable_plans(user),
    )


def milestone_detail(request, slug, pk):
    as_at, _ = as_at_from(request)
    # Filtered before the status is joined, so the latest update is looked up for this one.
    milestone = get_object_or_404(
        Milestone.objects.filter(
            pk=pk,
            recommendation__plan__slug=slug,
            recommendation__plan__in=access.readable_plans(request.user),
        )
        .with_related()
        .with_status_as_at(as_at)
    )
    effective = effective_status(
        Status(milestone.reported_status),
        milestone.effective_due_date,
        as_at,
        awaiting_sign_off=milestone.reported_sign_off == SignOff.REQUESTED,
    )
    plan = milestone.recommendation.plan
    return render(
        request,
        "recommendations/milestone_detail.html",
        {
            "plan": plan,
            "milestone": milestone,
            "updates": milestone.updates.select_related("author").order_by(
                "-as_at", "-created", "-pk"
            ),
            "effective": effective,
            "as_at": as_at,
            "can_update": permissions.can_update_milestone(request.user, milestone),
            "can_sign_off": milestone.awaiting_sign_off and access.manages_plan(request.user, plan),
            "changes": field_changes(milestone),
        },
    )


@require_http_methods(["GET", "POST"])
def milestone_update(request, slug, pk):
    milestone = get_milestone(request.user, slug, pk)
    permissions.require_can_update(request.user, milestone)
    conflict = None
    if request.method == "POST":
        form = StatusUpdateForm(request.POST, request.FILES, milestone=milestone)
        if form.is_valid():
            try:
                save_update(form, milestone, request.user)
            except StaleVersion as stale:
                conflict = stale.latest_update
                form = conflicted_form(form, stale.milestone)
            else:
                messages.success(request, saved_message(milestone))
                return redirect(next_url(request) or milestone.get_absolute_url())
    else:
        form = StatusUpdateForm(
            milestone=milestone,
            initial={
                "status": milestone.status,
                "as_at": timezone.localdate(),
                "version": milestone.version,
            },
        )
    return render(
        request,
        "recommendations/milestone_form.html",
        {
            "plan": milestone.recommendation.plan,
            "milestone": milestone,
            "current": current_effective(milestone),
            "form": form,
            "conflict": conflict,
            "next": next_url(request),
        },
        status=409 if conflict else 200,
    )


def current_effective(milestone: Milestone):
    """How the milestone counts today, from its current (denormalised) status."""
    return effective_status(
        milestone.status_enum,
        milestone.revised_due_date or milestone.due_date,
        timezone.localdate(),
        milestone.awaiting_sign_off,
    )


def saved_message(milestone: Milestone) -> str:
    """Say so when the update leaves the milestone counting as off track, or awaiting
    sign-off, so that nobody is surprised by what the dashboards then show."""
    milestone.refresh_from_db()
    effective = current_effective(milestone)
    message = f"Milestone {milestone.full_ref} updated."
    if effective.overdue:
        due = milestone.revised_due_date or milestone.due_date
        message += (
            f" It still counts as off track because it was due on {due:%-d %b %Y}: if it will "
            "finish later, give it a revised due date."
        )
    elif effective.awaiting_sign_off:
        message += " Its completion now awaits a plan manager's sign-off."
    return message


def save_update(form, milestone, user) -> StatusUpdate:
    data = form.cleaned_data
    return record_status_update(
        milestone,
        status=Status(data["status"]),
        as_at=data["as_at"],
        comment=data["comment"].strip(),
        evidence=data["evidence"].strip(),
        evidence_file=data.get("evidence_file"),
        revised_due_date=data.get("revised_due_date"),
        revision_reason=data.get("revision_reason", "").strip(),
        author=user,
        expected_version=data["version"],
    )


def conflicted_form(form, current: Milestone) -> StatusUpdateForm:
    """The officer's form as they typed it, now carrying the current version, so that saving
    again (having read the other update) is a deliberate choice."""
    data = form.data.copy()
    data["version"] = str(current.version)
    return StatusUpdateForm(data, milestone=current)


def next_url(request) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return ""


@require_http_methods(["GET", "POST"])
def milestone_sign_off(request, slug, pk):
    milestone = get_milestone(request.user, slug, pk)
    plan = milestone.recommendation.plan
    access.require_manages_plan(request.user, plan)
    if not milestone.awaiting_sign_off:
        messages.info(request, "This milestone has no completion awaiting sign-off.")
        return redirect(milestone.get_absolute_url())
    form = SignOffForm(request.POST or None, initial={"version": milestone.version})
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            decide_sign_off(
                milestone,
                confirm=form.cleaned_data["decision"] == "confirm",
                reason=form.cleaned_data["reason"].strip(),
                as_at=timezone.localdate(),
                author=request.user,
                expected_version=form.cleaned_data["version"],
            )
        except StaleVersion as stale:
            conflict = stale.latest_update
        else:
            messages.success(request, f"Milestone {milestone.full_ref}: decision recorded.")
            return redirect(milestone.get_absolute_url())
    request_update = (
        milestone.updates.filter(sign_off=SignOff.REQUESTED)
        .select_related("author")
        .order_by("-created")
        .first()
    )
    return render(
        request,
        "recommendations/milestone_sign_off.html",
        {
            "plan": plan,
            "milestone": milestone,
            "form": form,
            "conflict": conflict,
            "request_update": request_update,
        },
        status=409 if conflict else 200,
    )


def evidence_file(request, slug, pk, update_pk):
    """Evidence is served through the app, only to those who may read the plan, never from a
    public URL."""
    update = get_object_or_404(
        StatusUpdate.objects.select_related("milestone__recommendation__plan"),
        pk=update_pk,
        milestone_id=pk,
        milestone__recommendation__plan__slug=slug,
        milestone__recommendation__plan__in=access.readable_plans(request.user),
    )
    if not update.evidence_file:
        raise Http404("No file with this update")
    stored = update.evidence_file.open("rb")
    content_type, filename = evidence.download(
        evidence.kind_of(stored),
        update.evidence_file_name or update.evidence_file.name.rsplit("/", 1)[-1],
    )
    return FileResponse(stored, as_attachment=True, filename=filename, content_type=content_type)


def my_milestones(request):
    as_at = timezone.localdate()
    rows = my_milestone_rows(request.user, as_at)
    plans = {r.milestone.recommendation.plan.pk: r.milestone.recommendation.plan for r in rows}
    form = MyMilestonesFilterForm(request.GET or None, plans=plans.values())
    shown = filter_rows(rows, as_at, form.cleaned_data) if form.is_valid() else rows
    return render(
        request,
        "recommendations/my_milestones.html",
        {
            "rows": shown,
            "total": len(rows),
            "form": form,
            "as_at": as_at,
            "person": access.person_of(request.user),
            "statuses": list(Status),
        },
    )


def plan_timeline(request, slug):
    plan = access.readable_plan_or_404(request.user, slug)
    # As at a chosen date, the timeline ends at it, and nothing later is shown.
    as_at = carried_as_at(request)
    today = min(as_at, timezone.localdate()) if as_at else timezone.localdate()
    first, last = months_ending(plan, as_at) if as_at else default_months(plan, today)
    error = ""
    try:
        first = parse_month(request.GET["from"]) if request.GET.get("from") else first
        last = parse_month(request.GET["to"]) if request.GET.get("to") else last
        months = months_between(first, last)
    except BadMonth as bad:
        error = str(bad)
        first, last = months_ending(plan, as_at) if as_at else default_months(plan, today)
        months = months_between(first, last)
    return render(
        request,
        "recommendations/timeline.html",
        {
            "plan": plan,
            "timeline": timeline_for(plan, months, today),
            "first": first,
            "last": last,
            "error": error,
            "statuses": list(Status),
            "carried_as_at": as_at,
        },
        status=400 if error else 200,
    )


class MilestoneListView(PlanListMixin, ExportMixin, SingleTableMixin, FilterView):
    """A plan's milestones as at a date: sortable, filterable, and exported exactly as
    filtered with ?_export=csv or ?_export=xlsx."""

    table_class = MilestoneTable
    filterset_class = MilestoneFilterSet
    template_name = "recommendations/milestone_list.html"
    # The table pages itself (one count); paginate_by would make the list view count again.
    table_pagination = {"per_page": 50}
    export_formats = ("csv", "xlsx")

    def get_queryset(self):
        return (
            Milestone.objects.filter(recommendation__plan=self.plan)
            .with_related()
            .with_effective_status(self.as_at)
        )

    def get_filterset_kwargs(self, filterset_class):
        kwargs = super().get_filterset_kwargs(filterset_class)
        return {**kwargs, "plan": self.plan, "as_at": self.as_at}

    def get_table(self, **kwargs):
        table = super().get_table(**kwargs)
        table.caption = f"Milestones of {self.plan.title} as at {self.as_at:%-d %b %Y}"
        return table

    def get_export_filename(self, export_format):
        return f"{self.plan.slug}-milestones-{self.as_at:%Y-%m-%d}.{export_format}"
