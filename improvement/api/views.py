"""The API's lists: plans, and each plan's milestones, PIs, risks and status updates.

Every list answers JSON pages (`next` links, at most 500 items a page) or, with ?format=csv,
every item as CSV with the same columns. Each view only declares its query, its page and
its items; what they share is `list_endpoint`.
"""

import re
from datetime import datetime
from functools import wraps

from django.contrib.auth.decorators import login_not_required
from django.db.models import Q
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.http import require_safe

from improvement.access import readable_plans
from improvement.api import ApiError, as_at_param, get_plan, schemas
from improvement.api import items as build
from improvement.api.middleware import json_error
from improvement.api.openapi import (
    AS_AT,
    CURSOR,
    FORMAT,
    LEAD,
    OVERDUE,
    PAGE,
    PAGE_SIZE,
    SINCE,
    STATUS,
    Endpoint,
)
from improvement.api.pages import cursor_page, numbered_page
from improvement.api.tabular import csv_response
from improvement.models import Person
from improvement.status import Status
from indicators.models import Indicator
from recommendations.models import Milestone, MilestoneLead, StatusUpdate
from risks.models import Risk

FORMATS = ("json", "csv")


def list_endpoint(**description):
    """A list view: signed in (session or token), GET only, errors as JSON, and described in
    the OpenAPI document by `description` (see improvement.api.openapi.Endpoint)."""
    endpoint = Endpoint(**{**description, "params": (*description["params"], FORMAT)})

    def decorate(view):
        @login_not_required
        @require_safe
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return json_error(401)
            try:
                if request.GET.get("format", "json") not in FORMATS:
                    raise ApiError(400, "format must be json or csv")
                return view(request, *args, **kwargs)
            except ApiError as error:
                return json_error(error.status, str(error))

        wrapper.endpoint = endpoint
        return wrapper

    return decorate


def wants_csv(request) -> bool:
    return request.GET.get("format") == "csv"


def answer_pages(request, queryset, builder, page_model, filename, **context):
    """A numbered page of the queryset as JSON, or all of it as CSV."""
    if wants_csv(request):
        return csv_response(schemas.item_model(page_model), builder(list(queryset)), filename)
    as_at = context.get("as_at")
    page = numbered_page(request, queryset, **({"as_at": as_at.isoformat()} if as_at else {}))
    body = page_model(
        count=page.count,
        next=page.next,
        previous=page.previous,
        results=builder(page.items),
        **context,
    )
    return JsonResponse(body.model_dump(mode="json"))


@list_endpoint(
    name="api_plans",
    summary="The plans you may read, with each one's status as at a date",
    response=schemas.PlanPage,
    params=(AS_AT, PAGE, PAGE_SIZE),
)
def plans(request):
    as_at = as_at_param(request)
    queryset = readable_plans(request.user).select_related("organisation").order_by("title", "pk")
    return answer_pages(
        request,
        queryset,
        lambda page: build.plan_items(request, page, as_at),
        schemas.PlanPage,
        f"plans-{as_at:%Y-%m-%d}.csv",
        as_at=as_at,
    )


def milestone_filters(request, queryset):
    """?status= (effective, as at the date), ?overdue=true|false and ?lead= (initials, name
    or id), each filtered in the database so that pages stay pages."""
    status = request.GET.get("status")
    if status:
        if status not in Status:
            raise ApiError(400, f"status must be one of {', '.join(Status)}")
        queryset = queryset.filter(effective_status=status)
    overdue = request.GET.get("overdue")
    if overdue:
        if overdue not in ("true", "false"):
            raise ApiError(400, "overdue must be true or false")
        queryset = queryset.filter(overdue=overdue == "true")
    lead = request.GET.get("lead", "").strip()
    if lead:
        who = Q(initials=lead) | Q(name__iexact=lead)
        if lead.isdigit() and len(lead) < 10:
            who |= Q(pk=int(lead))
        led = MilestoneLead.objects.filter(person__in=Person.objects.filter(who))
        queryset = queryset.filter(pk__in=led.values("milestone_id"))
    return queryset


def plan_list(request, slug, name, page_model, query, builder):
    """One of a plan's lists as at ?as_at=: `query(plan, as_at)` gives the ordered queryset,
    `builder(request, objects, as_at)` the items."""
    plan, as_at = get_plan(request, slug), as_at_param(request)
    return answer_pages(
        request,
        query(plan, as_at),
        lambda page: builder(request, page, as_at),
        page_model,
        f"{plan.slug}-{name}-{as_at:%Y-%m-%d}.csv",
        plan=plan.slug,
        as_at=as_at,
    )


@list_endpoint(
    name="api_milestones",
    summary="Every milestone of the plan with its status as at a date",
    response=schemas.MilestonePage,
    params=(AS_AT, STATUS, OVERDUE, LEAD, PAGE, PAGE_SIZE),
)
def milestones(request, slug):
    def query(plan, as_at):
        queryset = (
            Milestone.objects.filter(recommendation__plan=plan)
            .open_as_at(as_at)
            .with_related()
            .with_effective_status(as_at)
        )
        # The plan's own order: themes, recommendations by natural ref, milestones as written.
        return milestone_filters(request, queryset).order_by(
            "recommendation__theme__order",
            "recommendation__theme_id",
            "recommendation__ref_sort",
            "recommendation_id",
            "order",
            "ref_sort",
            "pk",
        )

    return plan_list(
        request, slug, "milestones", schemas.MilestonePage, query, build.milestone_items
    )


@list_endpoint(
    name="api_indicators",
    summary="The plan's PIs with every figure up to a date, each with its RAG and direction",
    response=schemas.IndicatorPage,
    params=(AS_AT, PAGE, PAGE_SIZE),
)
def indicators(request, slug):
    def query(plan, as_at):
        return (
            Indicator.objects.filter(plan=plan).with_related().order_by("order", "ref_sort", "pk")
        )

    return plan_list(
        request, slug, "indicators", schemas.IndicatorPage, query, build.indicator_items
    )


@list_endpoint(
    name="api_risks",
    summary="The plan's risks with the scores, ratings and bands in force at a date",
    response=schemas.RiskPage,
    params=(AS_AT, PAGE, PAGE_SIZE),
)
def risks(request, slug):
    def query(plan, as_at):
        return (
            Risk.objects.filter(plan=plan)
            .with_related()
            .with_assessment(as_at)
            .order_by("ref_sort", "pk")
        )

    return plan_list(request, slug, "risks", schemas.RiskPage, query, build.risk_items)


# A "+02:00" offset typed into a URL arrives as " 02:00": put the plus back.
_SPACED_OFFSET = re.compile(r"(\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?) (\d{2}:?\d{2})$")
EARLIEST_YEAR, LATEST_YEAR = 1990, 2100


def since_param(request) -> datetime | None:
    raw = request.GET.get("since", "").strip()
    if not raw:
        return None
    try:
        moment = datetime.fromisoformat(_SPACED_OFFSET.sub(r"\1+\2", raw))
    except ValueError:
        raise ApiError(
            400,
            f"since must be an ISO date and time, for example 2026-11-30T18:00:00Z, not {raw!r}",
        ) from None
    if not EARLIEST_YEAR <= moment.year <= LATEST_YEAR:
        raise ApiError(400, f"since must be between {EARLIEST_YEAR} and {LATEST_YEAR}")
    # A time without an offset is the council's own (UK) time, as every page shows times.
    return moment if timezone.is_aware(moment) else timezone.make_aware(moment)


@list_endpoint(
    name="api_updates",
    summary="Status updates recorded since a moment, oldest first, for incremental refresh",
    description="Pages follow a cursor (`next`): updates recorded while you page through are "
    "not skipped. Keep the `recorded` time of the last update you read and pass it as `since` "
    "next time; an update recorded exactly then is sent again, with the same `id`.",
    response=schemas.UpdatePage,
    params=(SINCE, CURSOR, PAGE_SIZE),
)
def updates(request, slug):
    plan, since = get_plan(request, slug), since_param(request)
    queryset = StatusUpdate.objects.filter(milestone__recommendation__plan=plan).select_related(
        "milestone__recommendation", "author"
    )
    if since is not None:
        queryset = queryset.filter(created__gte=since)
    if wants_csv(request):
        stamp = f"-since-{since:%Y-%m-%dT%H%M%S}" if since else ""
        return csv_response(
            schemas.UpdateItem,
            build.update_items(request, queryset.order_by("created", "pk")),
            f"{plan.slug}-updates{stamp}.csv",
        )
    page = cursor_page(request, queryset)
    body = schemas.UpdatePage(
        plan=plan.slug, since=since, next=page.next, results=build.update_items(request, page.items)
    )
    return JsonResponse(body.model_dump(mode="json"))
