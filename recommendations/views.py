from django.shortcuts import get_object_or_404, render

from improvement.asat import as_at_from
from improvement.status import Status, effective_status
from recommendations.models import Milestone


def milestone_detail(request, slug, pk):
    milestone = get_object_or_404(
        Milestone.objects.with_related().select_related("recommendation__plan"),
        pk=pk,
        recommendation__plan__slug=slug,
    )
    as_at, _ = as_at_from(request)
    updates = milestone.updates.select_related("author").order_by("-as_at", "-created", "-pk")
    reported = next((u for u in updates if u.as_at <= as_at), None)
    effective = effective_status(
        Status(reported.status) if reported else Status.NOT_STARTED,
        milestone.effective_due_date,
        as_at,
    )
    return render(
        request,
        "recommendations/milestone_detail.html",
        {
            "plan": milestone.recommendation.plan,
            "milestone": milestone,
            "updates": updates,
            "effective": effective,
            "as_at": as_at,
        },
    )
