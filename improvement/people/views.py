"""A plan's people, for its managers: the list, adding and editing a person, their account
(linked or invited), and marking them as left with their work handed over."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import F
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from improvement.access import manages_plan_once, plan_people, readable_plan_or_404
from improvement.history import record_changes
from improvement.models import Person
from improvement.people import handover, services
from improvement.people.forms import (
    InviteForm,
    LeaveForm,
    LinkAccountForm,
    PersonForm,
    loaded_digest,
)

PEOPLE_PER_PAGE = 100


def _managed_plan(request, slug):
    plan = readable_plan_or_404(request.user, slug)
    # Asked once per request (the plan tabs ask too).
    if not manages_plan_once(request.user, plan):
        raise PermissionDenied("Only the plan's managers may do this.")
    return plan


def _person(plan, pk) -> Person:
    """One of the plan's people; another's id in this plan's address is not found."""
    return get_object_or_404(plan_people(plan).select_related("user", "organisation"), pk=pk)


def person_changes(person: Person):
    """Every recorded change to the person (left, linked, handed over...), newest first."""
    records = list(person.history.select_related("history_user").order_by("history_date"))
    return sorted(record_changes(records, Person), key=lambda c: c.when, reverse=True)


def person_list(request, slug):
    plan = _managed_plan(request, slug)
    people = (
        plan_people(plan)
        .select_related("organisation", "user", "successor")
        # Current people first (every database alike), then those who left, latest first.
        .order_by(F("left_on").desc(nulls_first=True), "name", "pk")
    )
    page = Paginator(people, PEOPLE_PER_PAGE).get_page(request.GET.get("page"))
    rows = services.person_rows(plan, list(page.object_list), timezone.localdate())
    return render(
        request, "improvement/people/person_list.html", {"plan": plan, "rows": rows, "page": page}
    )


@require_http_methods(["GET", "POST"])
def person_add(request, slug):
    return _person_form(request, _managed_plan(request, slug), Person())


@require_http_methods(["GET", "POST"])
def person_edit(request, slug, pk):
    plan = _managed_plan(request, slug)
    return _person_form(request, plan, _person(plan, pk))


def _person_form(request, plan, person: Person):
    form = PersonForm(request.POST or None, instance=person, plan=plan)
    conflict = False
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            conflict = form.has_conflict()
            if not conflict:
                saved = form.save()
                messages.success(request, f"{saved.name} is saved.")
                return redirect("plan_people", slug=plan.slug)
    current = Person.objects.select_related("organisation").get(pk=person.pk) if conflict else None
    return render(
        request,
        "improvement/people/person_form.html",
        {
            "plan": plan,
            "person": person,
            "form": form,
            "conflict": current,
            "reloaded": loaded_digest(current) if current else "",
            "changes": person_changes(person) if person.pk else [],
        },
        status=409 if conflict else 200,
    )


@require_http_methods(["GET", "POST"])
def person_account(request, slug, pk):
    """Link the person to an existing account, invite them to make one, send the invitation
    again, or unlink the account."""
    plan = _managed_plan(request, slug)
    person = _person(plan, pk)
    action = request.POST.get("action") if request.method == "POST" else None
    link_form = LinkAccountForm(request.POST if action == "link" else None, person=person)
    invite_form = InviteForm(
        request.POST if action == "invite" else None, person=person, inviter=request.user
    )
    if action in ("link", "invite") and person.user_id:
        messages.info(request, f"{person.name} has an account already.")
        return redirect("person_account", slug=plan.slug, pk=person.pk)
    if action == "link" and link_form.is_valid():
        services.link_account(person, link_form.cleaned_data["account"])
        messages.success(request, f"{person.name} is linked to the account.")
        return redirect("plan_people", slug=plan.slug)
    if action == "invite" and invite_form.is_valid():
        services.invite(person, **invite_form.cleaned_data, plan=plan, request=request)
        messages.success(
            request, f"{person.name} is invited: the e-mail is on its way to {person.email}."
        )
        return redirect("plan_people", slug=plan.slug)
    if action == "resend" and services.awaiting_password(person.user):
        services.send_invitation(person.user, plan=plan, request=request)
        messages.success(request, f"The invitation is sent again to {person.user.email}.")
        return redirect("person_account", slug=plan.slug, pk=person.pk)
    if action == "unlink" and person.user_id:
        services.unlink_account(person)
        messages.success(request, f"{person.name} is no longer linked to an account.")
        return redirect("person_account", slug=plan.slug, pk=person.pk)
    if action and action not in ("link", "invite"):
        return redirect("person_account", slug=plan.slug, pk=person.pk)
    return render(
        request,
        "improvement/people/person_account.html",
        {
            "plan": plan,
            "person": person,
            "link_form": link_form,
            "invite_form": invite_form,
            "awaiting_password": services.awaiting_password(person.user),
            "invitation_days": settings.INVITATION_TIMEOUT // 86400,
        },
    )


@require_http_methods(["GET", "POST"])
def person_leave(request, slug, pk):
    """Mark the person as left and hand their open work in this plan over: a form, then the
    list of what will move to confirm, then the hand-over in one transaction."""
    plan = _managed_plan(request, slug)
    person = _person(plan, pk)
    today = timezone.localdate()
    held = handover.holdings(person, plan, today)
    action = request.POST.get("action") if request.method == "POST" else None
    form = LeaveForm(
        request.POST or None,
        person=person,
        people=plan_people(plan),
        today=today,
        open_work=held.count,
    )
    context = {"plan": plan, "person": person, "form": form, "held": held}
    if action in ("preview", "confirm") and form.is_valid():
        data = form.cleaned_data
        if action == "confirm":
            try:
                moved = handover.hand_over(
                    person,
                    plan,
                    data["successor"],
                    data["left_on"],
                    today=today,
                    user=request.user,
                    listed=data["listed"],
                )
            except handover.StaleHoldings as stale:
                context.update(held=stale.holdings, stale=True)
            else:
                messages.success(request, _done_message(person, data["successor"], moved))
                return redirect("plan_people", slug=plan.slug)
        context.update(
            successor=data["successor"], left_on=data["left_on"], listed=context["held"].digest()
        )
        return render(
            request,
            "improvement/people/person_leave_preview.html",
            context,
            status=409 if context.get("stale") else 200,
        )
    return render(request, "improvement/people/person_leave.html", context)


def _done_message(person, successor, moved) -> str:
    text = f"{person.name} is marked as left"
    if moved.count:
        text += f"; {moved.count} open item{'s' if moved.count != 1 else ''} handed over to "
        text += successor.name
    if person.user_id:
        text += "; their account is deactivated"
    return text + "."


class InvitationConfirmView(auth_views.PasswordResetConfirmView):
    """Django's reset confirmation for an invitation: its own tokens (a longer life), and the
    new user is signed in once they have chosen a password."""

    token_generator = services.invitation_tokens
    template_name = "registration/invitation_confirm.html"
    post_reset_login = True
    # Signing in here is by the token, not a password: django-axes' backend has nothing to
    # check, so the local password backend (Django's own check) signs them in.
    post_reset_login_backend = "improvement.signin.LocalPasswordBackend"
    success_url = reverse_lazy("start")

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, "Your password is set and you are signed in. Welcome.")
        return response
