from datetime import date

from django import template
from django.urls import reverse

from improvement.access import manages_plan_once
from improvement.asat import carried_as_at, with_as_at
from improvement.status import Status, days_in_words

register = template.Library()


@register.simple_tag(takes_context=True)
def user_manages(context, plan) -> bool:
    """Whether the viewer manages the plan (the tabs only managers see)."""
    request = context.get("request")
    if request is None or plan is None:
        return False
    return manages_plan_once(request.user, plan)


@register.filter
def status_meaning(value: str) -> str:
    try:
        return Status(value).meaning
    except ValueError:
        return ""


@register.filter
def as_status(value: str) -> Status | None:
    try:
        return Status(value)
    except ValueError:
        return None


@register.filter
def first_input_id(field) -> str:
    """Where an error summary link should land: the first radio of a group, else the field."""
    if field.widget_type == "radioselect":
        return f"{field.auto_id}_0"
    return field.auto_id


@register.filter
def in_words(days: int) -> str:
    """40 -> "40 days"; 7512 -> "21 years"."""
    return days_in_words(abs(int(days)))


@register.filter
def status_segments(counts) -> dict:
    """Where each status's segment starts and how wide it is, in milestones, for the status
    bar's SVG (drawn with attributes, as the Content-Security-Policy allows no inline style)."""
    segments, start = [], 0
    for status, count in counts.items():
        if count:
            segments.append({"status": status, "count": count, "x": start})
            start += count
    return {"segments": segments, "total": start}


@register.simple_tag(takes_context=True)
def as_at_url(context, url) -> str:
    """The address with the page's as-at date, so that a link keeps the reader at the date
    they chose: the request's, when it asks for one other than today; on a fragment rendered
    without the request (a cached dashboard), the fragment's own `as_at`."""
    request = context.get("request")
    if request is not None:
        return with_as_at(str(url), carried_as_at(request))
    day = context.get("as_at")
    return with_as_at(str(url), day if isinstance(day, date) else None)


@register.simple_tag(takes_context=True)
def url_as_at(context, view_name, *args) -> str:
    """{% url %} and as_at_url in one: `{% url_as_at 'plan_detail' plan.slug %}`."""
    return as_at_url(context, reverse(view_name, args=args))
