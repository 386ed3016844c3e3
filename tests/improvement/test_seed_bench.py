"""seed_bench: the sizes asked for, the same data for the same seed, and new plans each run."""

from django.contrib.auth import get_user_model
from django.core.management import call_command

from improvement.models import Person, Plan
from indicators.models import Measurement
from recommendations.models import Milestone, MilestoneLead, Recommendation, StatusUpdate
from risks.models import Risk

SMALL = [
    "--plans=2",
    "--recommendations=3",
    "--milestones-per-recommendation=4",
    "--updates-per-milestone=5",
    "--indicators=2",
    "--periods=6",
    "--risks=3",
    "--people=10",
    "--officers=4",
]


def snapshot():
    return list(
        Milestone.objects.order_by(
            "recommendation__plan__slug", "recommendation__order", "order"
        ).values_list("status", "due_date", "version")
    ) + list(StatusUpdate.objects.order_by("pk").values_list("status", "as_at"))


def test_it_makes_the_sizes_asked_for(db):
    call_command("seed_bench", *SMALL, stdout=None)
    assert Plan.objects.filter(slug__startswith="bench-001-").count() == 2
    assert Milestone.objects.count() == 2 * 3 * 4
    assert StatusUpdate.objects.count() == 2 * 3 * 4 * 5
    assert Measurement.objects.count() == 2 * 2 * 6
    assert Risk.objects.count() == 2 * 3
    assert Person.objects.count() == 10
    assert get_user_model().objects.filter(groups__name="Officer").count() == 4
    # Each milestone's current status is its latest update's, as record_status_update leaves it.
    for milestone in Milestone.objects.all():
        latest = milestone.updates.order_by("-as_at").first()
        assert milestone.status == latest.status
        assert milestone.version == 6
    assert MilestoneLead.objects.filter(person__user__isnull=False).count() >= 24


def test_the_same_seed_gives_the_same_data_and_each_run_adds_plans(db):
    call_command("seed_bench", *SMALL, "--seed=7", stdout=None)
    first = snapshot()
    call_command("seed_bench", *SMALL, "--seed=7", stdout=None)
    assert Plan.objects.filter(slug__startswith="bench-002-").count() == 2
    assert Milestone.objects.count() == 2 * 2 * 3 * 4

    # Back to an empty database (themes are protected while recommendations use them).
    Recommendation.objects.all().delete()
    Plan.objects.all().delete()
    Person.objects.all().delete()
    get_user_model().objects.all().delete()
    call_command("seed_bench", *SMALL, "--seed=7", stdout=None)
    assert snapshot() == first
