from django import template

from improvement.status import Status, days_in_words

register = template.Library()


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


@register.filter
def manages(user, plan) -> bool:
    """Whether the user manages the plan: the nav shows a manager's tabs (one query, then
    remembered for the request)."""
    from improvement.access import manages_plan

    return manages_plan(user, plan)
