"""Every plan manager named before members existed becomes a manager member, so the members
page lists them with their role (Plan.managers stays, kept in step by the members page)."""

from django.db import migrations


def managers_to_members(apps, schema_editor):
    Plan = apps.get_model("improvement", "Plan")
    PlanMember = apps.get_model("improvement", "PlanMember")
    rows = Plan.managers.through.objects.values_list("plan_id", "person_id")
    PlanMember.objects.bulk_create(
        [PlanMember(plan_id=plan, person_id=person, role="manager") for plan, person in rows],
        ignore_conflicts=True,
    )


class Migration(migrations.Migration):
    dependencies = [("improvement", "0007_plan_partners_restricted_members")]

    operations = [migrations.RunPython(managers_to_members, migrations.RunPython.noop)]
