"""Two officers save the same milestone at the same moment, in two real PostgreSQL transactions:
exactly one update lands and the other is refused, never silently overwritten."""

import threading
import time
from datetime import date

import pytest
from django.db import connection, connections, transaction

from improvement.status import Status
from recommendations.models import Milestone, StatusUpdate
from recommendations.services import StaleVersion, record_status_update

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def waiting_on_a_lock() -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity "
            "WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
        return cursor.fetchone()[0]


def test_the_second_of_two_overlapping_saves_is_refused(plan_setup, alice, manager):
    milestone_id, opened = plan_setup.own.pk, plan_setup.own.version
    first_saved, release = threading.Event(), threading.Event()
    outcome = {}

    def first():
        try:
            with transaction.atomic():
                record_status_update(
                    Milestone.objects.get(pk=milestone_id),
                    status=Status.BEHIND,
                    as_at=date.today(),
                    comment="first",
                    author=alice,
                    expected_version=opened,
                )
                first_saved.set()
                release.wait(10)  # hold the row lock until the second save is queued behind it
            outcome["first"] = "saved"
        finally:
            connections.close_all()

    def second():
        first_saved.wait(10)
        try:
            record_status_update(
                Milestone.objects.get(pk=milestone_id),
                status=Status.ON_TRACK,
                as_at=date.today(),
                comment="second",
                author=manager,
                expected_version=opened,
            )
            outcome["second"] = "saved"
        except StaleVersion:
            outcome["second"] = "refused"
        finally:
            connections.close_all()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    first_saved.wait(10)
    deadline = time.monotonic() + 10
    while waiting_on_a_lock() == 0 and time.monotonic() < deadline:
        time.sleep(0.02)
    assert waiting_on_a_lock() == 1, "the second save never overlapped the first"
    release.set()
    for thread in threads:
        thread.join(15)

    assert outcome == {"first": "saved", "second": "refused"}
    assert list(StatusUpdate.objects.values_list("comment", flat=True)) == ["first"]
    milestone = Milestone.objects.get(pk=milestone_id)
    assert (milestone.status, milestone.version) == (Status.BEHIND, opened + 1)
