from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from improvement.models import Person
from improvement.status import Status
from recommendations.models import Recommendation, StatusUpdate
from recommendations.services import StaleVersion, record_status_update
from tests.factories import make_milestone, make_person, make_plan, make_recommendation


def test_initials_are_optional_and_unique_when_present(db):
    make_person("Alan Blundell")
    make_person("Director Children and Families")  # a job title, no initials
    make_person("Linda Maden", "LM")
    make_person("Steve Merrell", "SMe")
    make_person("Steve Martin", "SMA")  # differs only in case: another person
    with pytest.raises(IntegrityError), transaction.atomic():
        make_person("Someone Else", "LM")
    assert Person.objects.filter(initials="").count() == 2


def test_recommendations_order_naturally(db):
    plan = make_plan()
    for ref in ["10", "2", "LG2", "1", "LG10", "LG1"]:
        make_recommendation(plan, ref)
    refs = list(Recommendation.objects.filter(plan=plan).values_list("ref", flat=True))
    assert refs == ["1", "2", "10", "LG1", "LG2", "LG10"]


@pytest.fixture
def milestone(db):
    return make_milestone(make_recommendation(make_plan()), "1", due=date(2006, 6, 30))


def test_a_status_update_moves_the_current_status_and_the_version(milestone):
    assert (milestone.status, milestone.version) == (Status.NOT_STARTED, 1)
    record_status_update(milestone, status=Status.ON_TRACK, as_at=date(2006, 3, 31))
    record_status_update(milestone, status=Status.BEHIND, as_at=date(2006, 4, 30), comment="x")
    milestone.refresh_from_db()
    assert (milestone.status, milestone.status_as_at, milestone.version) == (
        Status.BEHIND,
        date(2006, 4, 30),
        3,
    )


def test_a_late_entry_for_an_earlier_date_does_not_replace_the_current_status(milestone):
    record_status_update(milestone, status=Status.BEHIND, as_at=date(2006, 4, 30))
    record_status_update(milestone, status=Status.ON_TRACK, as_at=date(2006, 3, 31))
    milestone.refresh_from_db()
    assert milestone.status == Status.BEHIND
    assert milestone.updates.count() == 2


def test_a_save_against_an_old_version_is_refused_and_changes_nothing(milestone):
    record_status_update(milestone, status=Status.ON_TRACK, as_at=date(2006, 3, 31))
    with pytest.raises(StaleVersion) as raised:
        record_status_update(
            milestone, status=Status.COMPLETE, as_at=date(2006, 4, 1), expected_version=1
        )
    assert raised.value.milestone.version == 2
    milestone.refresh_from_db()
    assert (milestone.status, milestone.updates.count()) == (Status.ON_TRACK, 1)


def test_status_updates_are_append_only(milestone):
    update = record_status_update(milestone, status=Status.ON_TRACK, as_at=date(2006, 3, 31))
    update.comment = "rewritten"
    with pytest.raises(ValidationError):
        update.save()
    assert StatusUpdate.objects.get().comment == ""
