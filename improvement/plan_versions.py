"""Which writes raise which plans' version (improvement.figures).

Connected to the models' save and delete signals rather than called from each service, so that
every write path (the services, the admin, a shell, one added later) invalidates the cached
figures without having to remember to. The receivers run inside the write's transaction and
after its row is written. Bulk writes send no signals: the import raises the version itself.
"""

from django.contrib.auth import get_user_model
from django.db.models.signals import m2m_changed, post_delete, post_save

from improvement.figures import touch_plans

# For each model, the plans one of its rows belongs to, as lookups on Plan (by the parent's
# key, which is still there after a delete).
PLAN_OF = {
    "improvement.Plan": lambda row: {"pk": row.pk},
    "improvement.Theme": lambda row: {"pk": row.plan_id},
    # A member's role decides the links a cached fragment offers (figures.visibility).
    "improvement.PlanMember": lambda row: {"pk": row.plan_id},
    # A lead's or an organisation's name is shown on many plans' pages.
    "improvement.Person": lambda row: {},
    "improvement.Organisation": lambda row: {},
    "recommendations.Recommendation": lambda row: {"pk": row.plan_id},
    "recommendations.Outcome": lambda row: {"recommendations": row.recommendation_id},
    "recommendations.Milestone": lambda row: {"recommendations": row.recommendation_id},
    "recommendations.MilestoneLead": lambda row: {"recommendations__milestones": row.milestone_id},
    "recommendations.StatusUpdate": lambda row: {"recommendations__milestones": row.milestone_id},
    "indicators.Indicator": lambda row: {"pk": row.plan_id},
    "indicators.IndicatorRecommendation": lambda row: {"indicators": row.indicator_id},
    "indicators.Measurement": lambda row: {"indicators": row.indicator_id},
    "risks.Risk": lambda row: {"pk": row.plan_id},
    "risks.RiskReview": lambda row: {"risks": row.risk_id},
    "publishing.Publication": lambda row: {"pk": row.plan_id},
    "publishing.Approval": lambda row: {"pk": row.plan_id},
}
# An author's name is shown beside their updates; signing in saves only last_login.
USER_NAME_FIELDS = {"username", "first_name", "last_name"}


def _touch(sender, instance, **kwargs):
    lookups = PLAN_OF[sender._meta.label](instance)
    touch_plans(**lookups)


def _touch_for_user(sender, instance, update_fields=None, **kwargs):
    if update_fields is None or USER_NAME_FIELDS & set(update_fields):
        touch_plans()


def _touch_for_managers(sender, instance, action, pk_set, **kwargs):
    from improvement.models import Plan

    if action.startswith("post_"):
        touch_plans(pk=instance.pk) if isinstance(instance, Plan) else touch_plans(pk__in=pk_set)


def connect() -> None:
    from django.apps import apps

    from improvement.models import Plan

    for label in PLAN_OF:
        model = apps.get_model(label)
        post_save.connect(_touch, sender=model, dispatch_uid=f"plan-version-save-{label}")
        post_delete.connect(_touch, sender=model, dispatch_uid=f"plan-version-delete-{label}")
    post_save.connect(_touch_for_user, sender=get_user_model(), dispatch_uid="plan-version-user")
    m2m_changed.connect(
        _touch_for_managers, sender=Plan.managers.through, dispatch_uid="plan-version-managers"
    )
