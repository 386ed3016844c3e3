"""Two plan managers close the same recommendation at the same moment, in two real PostgreSQL
transactions: the first lands, the second is refused (the row lock orders them, and the second
then finds a newer history record than the one its form was opened on)."""

import threading
import time
from datetime import date

import pytest
from django.db import connections, transaction

from recommendations.models import Recommendation
from recommendations.structure import Clash, close_recommendation, last_change
from tests.recommendations.test_concurrency import waiting_on_a_lock

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_the_second_of_two_overlapping_closings_is_refused(plan_setup, manager):
    rec_id = plan_setup.own.recommendation_id
    opened = last_change(Recommendation.objects.get(pk=rec_id))
    first_saved, release = threading.Event(), threading.Event()
    outcome = {}

    def close(reason):
        close_recommendation(
            Recommendation.objects.get(pk=rec_id),
            closed_on=date(2026, 3, 12),
            reason=reason,
            author=manager,
            expected=opened,
        )

    def first():
        try:
            with transaction.atomic():
                close("superseded")
                first_saved.set()
                release.wait(10)  # hold the row lock until the second is queued behind it
            outcome["first"] = "saved"
        finally:
            connections.close_all()

    def second():
        first_saved.wait(10)
        try:
            close("withdrawn by the board")
            outcome["second"] = "saved"
        except Clash:
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
    assert waiting_on_a_lock() == 1, "the second closing never overlapped the first"
    release.set()
    for thread in threads:
        thread.join(15)

    assert outcome == {"first": "saved", "second": "refused"}
    assert Recommendation.objects.get(pk=rec_id).closed_reason == "superseded"
