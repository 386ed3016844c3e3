"""The plan settings and members pages: the plan's managers and administrators only."""

from django.contrib import messages
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from improvement.access import plan_people, readable_plan_or_404, require_manages_plan
from improvement.models import Plan

from . import services
from .forms import MemberAddForm, MemberRoleForm, PlanSettingsForm
from .history import member_changes, settings_changes


def latest_change(plan: Plan) -> int:
    """The id of the plan's latest recorded change (0 before any): what an editor saw."""
    return plan.history.order_by("-history_id").values_list("history_id", flat=True).first() or 0


@require_http_methods(["GET", "POST"])
def plan_settings(request, slug):
    plan = readable_plan_or_404(request.user, slug)
    require_manages_plan(request.user, plan)
    seen = latest_change(plan)
    form = PlanSettingsForm(request.POST or None, instance=plan, seen=seen)
    status = 200
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            # Locked and read again: two saves at once are taken one after the other.
            locked = Plan.objects.select_for_update().get(pk=plan.pk)
            if (form.cleaned_data["seen"] or 0) != latest_change(locked):
                form.add_error(
                    None,
                    "Someone else changed these settings after you opened this page. Their "
                    "change is at the top of the list of changes below. Check your answers "
                    "and save again.",
                )
                form.data = form.data.copy()
                form.data["seen"] = latest_change(locked)
                status = 409
            else:
                form.save()
                messages.success(request, "Plan settings saved.")
                return redirect("plan_settings", slug=plan.slug)
    elif request.method == "POST":
        status = 400
    return render(
        request,
        "improvement/plan_settings.html",
        {"plan": plan, "form": form, "changes": settings_changes(plan)},
        status=status,
    )


@require_http_methods(["GET", "POST"])
def plan_members(request, slug):
    plan = readable_plan_or_404(request.user, slug)
    require_manages_plan(request.user, plan)
    people = plan_people(plan).order_by("name")
    action = request.POST.get("action") if request.method == "POST" else None
    add_form = MemberAddForm(request.POST if action == "add" else None, people=people)
    role_form = MemberRoleForm(request.POST if action == "role" else None)
    status = 200
    if action == "add" and add_form.is_valid():
        person, role = add_form.cleaned_data["person"], add_form.cleaned_data["role"]
        services.set_member(plan, person, role)
        messages.success(request, f"{person} added as {role}.")
        return redirect("plan_members", slug=plan.slug)
    if action == "role" and role_form.is_valid():
        named = {person.pk: person for person, _ in services.members(plan)}
        person = named.get(role_form.cleaned_data["person"])
        if person is None:
            raise Http404("No such member of this plan")
        role = role_form.cleaned_data["role"]
        if role == "remove":
            services.remove_member(plan, person)
            messages.success(request, f"{person} removed from the plan.")
        else:
            services.set_member(plan, person, role)
            messages.success(request, f"{person} is now a {role}.")
        return redirect("plan_members", slug=plan.slug)
    if action is not None:
        status = 400
    return render(
        request,
        "improvement/plan_members.html",
        {
            "plan": plan,
            "members": services.members(plan),
            "add_form": add_form,
            "form": add_form if action == "add" else role_form,
            "roles": MemberRoleForm.base_fields["role"].choices,
            "changes": member_changes(plan),
        },
        status=status,
    )
