from datetime import date

from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import Max
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from improvement import dashboard, figures
from improvement import search as searching
from improvement.access import managed_plans, manages_plan, readable_plan_or_404, readable_plans
from improvement.asat import as_at_from
from improvement.models import Plan
from improvement.status import Status
from indicators.summary import indicators_by_recommendation
from recommendations.models import StatusUpdate
from recommendations.snapshot import plan_snapshot

PORTFOLIO_PER_PAGE = 20
# A plan manager runs a handful of plans; past this many, the rest are listed with the others.
MY_PLANS_SHOWN = 20


@login_not_required
@never_cache
@require_GET
def healthz(request):
    """Up and able to reach the database: one trivial query."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return HttpResponse("ok", content_type="text/plain")


@login_not_required
@require_GET
def favicon(request):
    """The icon, for the browsers that ask /favicon.ico rather than read the page's link."""
    return redirect(static("images/favicon.svg"))


def start(request):
    """Where signing in leads: leads to their milestones, everyone else to the portfolio."""
    from recommendations.models import MilestoneLead

    if MilestoneLead.objects.filter(person__user=request.user).exists():
        return redirect("my_milestones")
    return redirect("home")


def home(request):
    """The portfolio: every plan's status and figures as at the chosen date, the plans the
    user manages first ("My plans")."""
    as_at, as_at_form = as_at_from(request)
    mine = managed_plans(request.user).select_related("organisation").order_by("title", "pk")
    my_plans = list(mine[:MY_PLANS_SHOWN])
    others = readable_plans(request.user).exclude(pk__in=[plan.pk for plan in my_plans])
    # Paged, so that the page's cost does not grow with the number of plans.
    page = Paginator(
        others.select_related("organisation").order_by("title", "pk"), PORTFOLIO_PER_PAGE
    ).get_page(request.GET.get("page"))
    if page.number > 1:
        my_plans = []
    cards = dashboard.portfolio([*my_plans, *page.object_list], as_at)
    return render(
        request,
        "improvement/home.html",
        {
            "my_cards": cards[: len(my_plans)],
            "cards": cards[len(my_plans) :],
            "page": page,
            "as_at": as_at,
            "as_at_form": as_at_form,
        },
    )


def as_at_shortcuts(plan: Plan) -> list[tuple[str, date]]:
    """Quick links for the as-at picker: today, the plan's latest update, its end."""

    def latest():
        updates = StatusUpdate.objects.filter(milestone__recommendation__plan=plan)
        # Cached as text: None would read as "not cached".
        day = updates.aggregate(latest=Max("as_at"))["latest"]
        return day.isoformat() if day else ""

    latest_update = figures.cached(figures.key("latest-update", plan), latest)
    shortcuts = [
        ("today", timezone.localdate()),
        ("the latest update", date.fromisoformat(latest_update) if latest_update else None),
        ("the end of the plan", plan.ends_on),
    ]
    return [(label, day) for label, day in shortcuts if day]


def plan_dashboard(request, slug):
    plan = readable_plan_or_404(request.user, slug)
    as_at, as_at_form = as_at_from(request)

    def render_figures():
        # Rendered without the request: nothing of this viewer's session can be in it.
        dash = dashboard.plan_dashboard(plan, as_at)
        context = {
            "plan": plan,
            "dash": dash,
            "by_theme": dashboard.group_by_theme(dash.snapshot),
            "as_at": as_at,
        }
        return str(render_to_string("improvement/_dashboard_figures.html", context))

    viewer = figures.visibility(request.user, plan)
    html = figures.cached(figures.key("dashboard", plan, as_at, viewer), render_figures)
    return render(
        request,
        "improvement/plan_dashboard.html",
        {
            "plan": plan,
            "figures": mark_safe(html),  # our own template's output
            "as_at": as_at,
            "as_at_form": as_at_form,
            "as_at_shortcuts": as_at_shortcuts(plan),
        },
    )


def plan_detail(request, slug):
    plan = readable_plan_or_404(request.user, slug)
    as_at, as_at_form = as_at_from(request)
    return render(
        request,
        "improvement/plan_detail.html",
        {
            "plan": plan,
            "snapshot": plan_snapshot(plan, as_at),
            "as_at": as_at,
            "as_at_form": as_at_form,
            "as_at_shortcuts": as_at_shortcuts(plan),
            "statuses": list(Status),
            "can_import": manages_plan(request.user, plan),
            "indicators_by_rec": indicators_by_recommendation(plan, as_at),
        },
    )


@require_GET
def search(request):
    """Milestones, recommendations, PIs and risks by words, ref or lead, in the plans the user
    may read; ?kind= pages through one kind."""
    kind = request.GET.get("kind")
    kind = kind if kind in searching.KINDS else None
    query, groups = searching.search(
        request.user, request.GET.get("q"), timezone.localdate(), kind, request.GET.get("page")
    )
    return render(
        request,
        "improvement/search.html",
        {
            "query": query,
            "groups": groups,
            "kind": kind,
            "kind_label": searching.KIND_LABELS.get(kind, ""),
            "total": sum(group.count for group in groups),
            "today": timezone.localdate(),
        },
    )
