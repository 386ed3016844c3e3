"""A plan's structure pages, for its managers and administrators: the outline, and adding,
editing, reordering and closing themes, recommendations, outcomes and milestones."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from improvement.access import readable_plan_or_404, require_manages_plan
from improvement.history import record_changes
from improvement.models import Theme
from recommendations import structure
from recommendations.history import field_changes
from recommendations.models import Milestone, Outcome, Recommendation
from recommendations.services import StaleVersion
from recommendations.structure_forms import (
    CloseForm,
    MilestoneAddForm,
    MilestoneEditForm,
    OutcomeForm,
    RecommendationForm,
    ThemeForm,
)

FORM = "recommendations/structure_form.html"
CLASH = "Someone else changed this after you opened the page, so your changes were not saved."


def managed_plan(request, slug):
    """The plan, for those who may read it (404 otherwise) and manage it (403 otherwise)."""
    plan = readable_plan_or_404(request.user, slug)
    require_manages_plan(request.user, plan)
    return plan


def outline_url(plan, anchor: str = "") -> str:
    return reverse("plan_structure", kwargs={"slug": plan.slug}) + (f"#{anchor}" if anchor else "")


def plan_structure(request, slug):
    plan = managed_plan(request, slug)
    return render(
        request,
        "recommendations/plan_structure.html",
        {"plan": plan, "themes": structure.plan_outline(plan), "today": timezone.localdate()},
    )


# ----- themes, recommendations and outcomes: one shape of form each ----------------------------


KINDS = {
    "theme": (Theme, ThemeForm, "plan"),
    "recommendation": (Recommendation, RecommendationForm, "plan"),
    "outcome": (Outcome, OutcomeForm, "recommendation__plan"),
}


def edit_item(request, plan, kind: str, item=None):
    """Add (item None) or edit a theme, recommendation or outcome; a save over someone else's
    change is refused with 409 and the form kept."""
    form_class = KINDS[kind][1]
    clash = False
    if request.method == "POST":
        form = form_class(request.POST, instance=item, plan=plan)
        if form.is_valid():
            try:
                saved = structure.save_with_history(form, expected=form.cleaned_data["last_change"])
            except structure.Clash:
                clash = True
                data = request.POST.copy()
                data["last_change"] = structure.last_change(item)
                form = form_class(data, instance=type(item).objects.get(pk=item.pk), plan=plan)
            else:
                verb = "changed" if item else "added"
                messages.success(request, f"{label_of(saved)} {verb}.")
                return redirect(outline_url(plan, f"{kind}-{saved.pk}"))
    else:
        initial = {"last_change": structure.last_change(item) if item else None}
        if item is None and kind == "recommendation":
            initial["theme"] = request.GET.get("theme")
        if item is None and kind == "outcome":
            initial["recommendation"] = request.GET.get("recommendation")
        form = form_class(instance=item, plan=plan, initial=initial)
    changes = history_of(item) if item else []
    return render(
        request,
        FORM,
        {
            "plan": plan,
            "form": form,
            "kind": kind,
            "item": item,
            "heading": f"Change {lower_first(label_of(item))}" if item else f"Add a {kind}",
            "clash": clash,
            "changes": changes,
        },
        status=409 if clash else 200,
    )


def label_of(item) -> str:
    if isinstance(item, Milestone):
        return f"Milestone {item.full_ref}"
    if isinstance(item, Recommendation):
        return item.full_label
    if isinstance(item, Theme):
        return f"Theme {item.name}"
    if isinstance(item, Outcome):
        return f"Outcome of recommendation {item.recommendation.ref}"
    return str(item)


def lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def history_of(item):
    """The item's creation and every change to it, newest first."""
    records = list(item.history.select_related("history_user").order_by("history_date"))
    return list(reversed(record_changes(records, type(item))))


def item_or_404(plan, kind: str, pk: int):
    model, _, plan_path = KINDS[kind]
    return get_object_or_404(model, pk=pk, **{plan_path: plan})


@require_http_methods(["GET", "POST"])
def theme_add(request, slug):
    return edit_item(request, managed_plan(request, slug), "theme")


@require_http_methods(["GET", "POST"])
def theme_edit(request, slug, pk):
    plan = managed_plan(request, slug)
    return edit_item(request, plan, "theme", item_or_404(plan, "theme", pk))


@require_http_methods(["GET", "POST"])
def recommendation_add(request, slug):
    return edit_item(request, managed_plan(request, slug), "recommendation")


@require_http_methods(["GET", "POST"])
def recommendation_edit(request, slug, pk):
    plan = managed_plan(request, slug)
    return edit_item(request, plan, "recommendation", item_or_404(plan, "recommendation", pk))


@require_http_methods(["GET", "POST"])
def outcome_add(request, slug):
    return edit_item(request, managed_plan(request, slug), "outcome")


@require_http_methods(["GET", "POST"])
def outcome_edit(request, slug, pk):
    plan = managed_plan(request, slug)
    return edit_item(request, plan, "outcome", item_or_404(plan, "outcome", pk))


# ----- milestones -------------------------------------------------------------------------------


def milestone_or_404(plan, pk) -> Milestone:
    return get_object_or_404(
        Milestone.objects.select_related("recommendation__theme").prefetch_related(
            "lead_links__person"
        ),
        pk=pk,
        recommendation__plan=plan,
    )


@require_http_methods(["GET", "POST"])
def milestone_add(request, slug):
    plan = managed_plan(request, slug)
    if request.method == "POST":
        form = MilestoneAddForm(request.POST, plan=plan)
        if form.is_valid():
            milestone = structure.add_milestone(form, author=request.user)
            messages.success(request, f"Milestone {milestone.full_ref} added.")
            return redirect(outline_url(plan, f"milestone-{milestone.pk}"))
    else:
        form = MilestoneAddForm(
            plan=plan, initial={"recommendation": request.GET.get("recommendation")}
        )
    return render(
        request,
        FORM,
        {"plan": plan, "form": form, "kind": "milestone", "heading": "Add a milestone"},
    )


@require_http_methods(["GET", "POST"])
def milestone_edit(request, slug, pk):
    plan = managed_plan(request, slug)
    milestone = milestone_or_404(plan, pk)
    clash = False
    if request.method == "POST":
        form = MilestoneEditForm(request.POST, instance=milestone, plan=plan)
        if form.is_valid():
            try:
                structure.edit_milestone(form, author=request.user)
            except StaleVersion:
                clash = True
                form = keep_with_version(form, Milestone.objects.get(pk=pk).version)
            else:
                messages.success(request, f"Milestone {milestone.full_ref} changed.")
                return redirect(outline_url(plan, f"milestone-{milestone.pk}"))
    else:
        form = MilestoneEditForm(instance=milestone, plan=plan)
    return render(
        request,
        FORM,
        {
            "plan": plan,
            "form": form,
            "kind": "milestone",
            "item": milestone,
            "heading": f"Change milestone {milestone.full_ref}",
            "clash": clash,
            "changes": field_changes(milestone),
        },
        status=409 if clash else 200,
    )


def keep_with_version(form, version: int):
    """The form as the user filled it in, carrying the milestone's new version, so that
    saving again (after reading the other change) is a deliberate choice."""
    data = form.data.copy()
    data["version"] = version
    return type(form)(data, instance=Milestone.objects.get(pk=form.instance.pk), plan=form.plan)


# ----- closing ----------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def milestone_close(request, slug, pk):
    plan = managed_plan(request, slug)
    milestone = milestone_or_404(plan, pk)
    return close_item(request, plan, milestone, f"milestone {milestone.full_ref}")


@require_http_methods(["GET", "POST"])
def recommendation_close(request, slug, pk):
    plan = managed_plan(request, slug)
    recommendation = item_or_404(plan, "recommendation", pk)
    return close_item(request, plan, recommendation, recommendation.full_label)


def close_item(request, plan, item, name: str):
    is_milestone = isinstance(item, Milestone)
    clash = False
    if request.method == "POST":
        form = CloseForm(request.POST, plan=plan)
        if form.is_valid():
            data = form.cleaned_data
            try:
                if is_milestone:
                    structure.close_milestone(
                        item,
                        closed_on=data["closed_on"],
                        reason=data["reason"].strip(),
                        author=request.user,
                        expected_version=data["version"],
                    )
                else:
                    structure.close_recommendation(
                        item,
                        closed_on=data["closed_on"],
                        reason=data["reason"].strip(),
                        author=request.user,
                        expected=data["last_change"],
                    )
            except (StaleVersion, structure.Clash):
                clash = True
                item.refresh_from_db()
                form = CloseForm(fresh_tokens(request.POST, item), plan=plan)
            else:
                messages.success(request, f"{name[:1].upper()}{name[1:]} closed.")
                kind = "milestone" if is_milestone else "recommendation"
                return redirect(outline_url(plan, f"{kind}-{item.pk}"))
    else:
        form = CloseForm(
            plan=plan,
            initial={
                "closed_on": timezone.localdate(),
                "version": item.version if is_milestone else None,
                "last_change": None if is_milestone else structure.last_change(item),
            },
        )
    return render(
        request,
        "recommendations/structure_close.html",
        {
            "plan": plan,
            "form": form,
            "item": item,
            "name": name,
            "is_milestone": is_milestone,
            "clash": clash,
        },
        status=409 if clash else 200,
    )


@require_POST
def reopen(request, slug, kind, pk):
    """Undo a closing made in error (a plain form on the structure page)."""
    plan = managed_plan(request, slug)
    if kind == "milestone":
        item = milestone_or_404(plan, pk)
    else:
        item = item_or_404(plan, "recommendation", pk)
    structure.reopen(item, author=request.user)
    messages.success(request, f"{label_of(item)} reopened: it counts again at every date.")
    return redirect(outline_url(plan, f"{kind}-{pk}"))


def fresh_tokens(data, item):
    data = data.copy()
    if isinstance(item, Milestone):
        data["version"] = item.version
    else:
        data["last_change"] = structure.last_change(item)
    return data


# ----- reordering -------------------------------------------------------------------------------


MOVABLE = {"theme": (Theme, "plan"), "outcome": (Outcome, "recommendation__plan")}


@require_POST
def move(request, slug, kind, pk):
    """Move a theme, outcome or milestone one place up or down (a plain form: no script)."""
    plan = managed_plan(request, slug)
    if kind == "milestone":
        item = milestone_or_404(plan, pk)
    else:
        model, plan_path = MOVABLE[kind]
        item = get_object_or_404(model, pk=pk, **{plan_path: plan})
    step = -1 if request.POST.get("direction") == "up" else 1
    structure.move(item, step)
    return redirect(outline_url(plan, f"{kind}-{pk}"))
