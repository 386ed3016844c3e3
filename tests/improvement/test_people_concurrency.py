"""Two plan managers confirm the same person's hand-over at the same moment, to different
successors, in two real PostgreSQL transactions: one hand-over happens, the other is told
the list changed and moves nothing."""

import threading
import time
from datetime import date

import pytest
from django.db import connection, connections
from django.utils import timezone

from improvement.models import Person
from improvement.people import handover
from recommendations.models import MilestoneLead
from tests.factories import make_person, make_user
from tests.recommendations.test_concurrency import waiting_on_a_lock

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_two_hand_overs_at_once_move_the_work_once(plan_setup, alice, bob, manager, monkeypatch):
    carol = make_person("Carol Third", "CT")
    other_manager = make_user("max")
    today = timezone.localdate()
    listed = handover.holdings(alice.person, plan_setup.plan, today).digest()
    inside, release = threading.Event(), threading.Event()
    reason = handover.handover_reason

    def slow_reason(*args):
        # Hold the first hand-over inside its transaction until the second waits on the lock.
        if not inside.is_set():
            inside.set()
            release.wait(10)
        return reason(*args)

    monkeypatch.setattr(handover, "handover_reason", slow_reason)
    outcome = {}

    def hand_over(name, successor, user, wait_for=None):
        if wait_for:
            wait_for.wait(10)
        try:
            handover.hand_over(
                Person.objects.get(pk=alice.person.pk),
                plan_setup.plan,
                successor,
                date(2026, 1, 5),
                today=today,
                user=user,
                listed=listed,
            )
            outcome[name] = "handed over"
        except handover.StaleHoldings:
            outcome[name] = "stale"
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=hand_over, args=("first", bob.person, manager)),
        threading.Thread(target=hand_over, args=("second", carol, other_manager, inside)),
    ]
    for thread in threads:
        thread.start()
    inside.wait(10)
    deadline = time.monotonic() + 10
    while waiting_on_a_lock() == 0 and time.monotonic() < deadline:
        time.sleep(0.02)
    assert waiting_on_a_lock() == 1, "the second hand-over never overlapped the first"
    release.set()
    for thread in threads:
        thread.join(30)

    assert outcome == {"first": "handed over", "second": "stale"}
    assert list(
        MilestoneLead.objects.filter(milestone=plan_setup.own).values_list("person", flat=True)
    ) == [bob.person.pk]
    assert Person.objects.get(pk=alice.person.pk).successor_id == bob.person.pk
    assert connection.vendor == "postgresql"
