"""send_reminders: one digest per lead with an account, listing what needs their attention."""

from datetime import date, timedelta

import pytest
from django.core import mail
from django.core.management import CommandError, call_command

from improvement.status import Status
from recommendations.services import record_status_update
from tests.factories import make_milestone, make_person, make_plan, make_recommendation, make_user

AS_AT = date(2026, 6, 1)


@pytest.fixture
def setup(alice, bob, settings):
    settings.SITE_URL = "https://tracker.example.gov.uk"
    plan = make_plan("alpha", title="Alpha plan", reporting_cycle_days=30)
    rec = make_recommendation(plan, "1")
    a, b = (alice.person,), (bob.person,)
    overdue = make_milestone(rec, "1", due=AS_AT - timedelta(days=3), leads=a, text="Overdue task")
    soon = make_milestone(rec, "2", due=AS_AT + timedelta(days=10), leads=a, text="Soon task")
    make_milestone(rec, "3", due=AS_AT + timedelta(days=60), leads=a, text="Distant task")
    done = make_milestone(rec, "4", due=AS_AT - timedelta(days=90), leads=b, text="Done task")
    fresh = make_milestone(rec, "5", due=AS_AT + timedelta(days=60), leads=b, text="Fresh task")
    for milestone in (overdue, soon):
        record_status_update(milestone, status=Status.ON_TRACK, as_at=AS_AT - timedelta(days=5))
    record_status_update(done, status=Status.COMPLETE, as_at=AS_AT - timedelta(days=100))
    record_status_update(fresh, status=Status.ON_TRACK, as_at=AS_AT - timedelta(days=5))
    # A lead with no account, and an account with no e-mail address: nobody to write to.
    nobody = make_person("No Account", "NO")
    silent = make_person("Silent", "SI", user=make_user("silent", "Officer"))
    make_milestone(rec, "6", due=AS_AT - timedelta(days=1), leads=(nobody, silent))
    return plan


def test_each_lead_gets_one_digest_of_what_needs_attention(setup):
    call_command("send_reminders", "--as-at", AS_AT.isoformat())
    assert [m.to for m in mail.outbox] == [["alice@example.gov.uk"]]
    body = mail.outbox[0].body
    assert "Dear Alice Lead" in body
    overdue, soon, stale = (
        body.index("OVERDUE"),
        body.index("DUE IN THE NEXT 14 DAYS"),
        body.index("NOT UPDATED THIS REPORTING CYCLE"),
    )
    assert overdue < body.index("Overdue task") < soon < body.index("Soon task") < stale
    assert "overdue by 3 days" in body and "due in 10 days" in body
    assert body[stale:].count("Distant task") == 1  # never updated
    assert "https://tracker.example.gov.uk/plans/alpha/milestones/" in body
    assert "Done task" not in body and "Fresh task" not in body
    assert mail.outbox[0].subject == "Your improvement milestones: 3 need attention"


def test_a_lead_whose_milestones_are_all_in_hand_gets_nothing(setup, bob):
    call_command("send_reminders", "--as-at", AS_AT.isoformat())
    assert ["bob@example.gov.uk"] not in [m.to for m in mail.outbox]


def test_dry_run_says_who_would_get_what_and_sends_nothing(setup, capsys):
    call_command("send_reminders", "--as-at", AS_AT.isoformat(), "--dry-run")
    out = capsys.readouterr().out
    assert (
        "Alice Lead <alice@example.gov.uk>: 1 overdue, 1 due within 14 days, 1 not updated" in out
    )
    assert "Dry run: 1 e-mails would be sent" in out
    assert mail.outbox == []


def test_inactive_accounts_get_nothing(setup, alice):
    alice.is_active = False
    alice.save()
    call_command("send_reminders", "--as-at", AS_AT.isoformat())
    assert mail.outbox == []


def test_a_bad_date_is_a_clear_error(db):
    with pytest.raises(CommandError, match="--as-at must be a date as YYYY-MM-DD"):
        call_command("send_reminders", "--as-at", "June")


def test_the_command_names_the_leads_it_cannot_write_to(setup, capsys):
    call_command("send_reminders", "--as-at", AS_AT.isoformat(), "--dry-run")
    out = capsys.readouterr().out
    assert (
        "Silent (account silent) has milestones to chase but no e-mail address: add one to "
        "their account or their person record." in out
    )
    # A lead without an account is not expected to be reminded, so is not listed.
    assert "No Account" not in out


def test_nothing_to_send_says_why(db, capsys):
    call_command("send_reminders", "--as-at", AS_AT.isoformat(), "--dry-run")
    out = capsys.readouterr().out
    assert "No lead with an account has a milestone overdue, due within 14 days" in out
    assert "Dry run: 0 e-mails would be sent; none was." in out


def test_queued_reminders_are_sent_by_the_task_worker(setup, capsys):
    from improvement.tasks.models import BackgroundTask
    from tests.tasks.worker import run_queued_tasks

    call_command("send_reminders", "--as-at", AS_AT.isoformat(), "--queue")
    task = BackgroundTask.objects.get()
    assert f"Queued as task {task.pk}" in capsys.readouterr().out
    assert mail.outbox == []  # nothing sent by the scheduler's process
    run_queued_tasks()
    task.refresh_from_db()
    assert task.state == BackgroundTask.State.DONE
    assert [message.to for message in mail.outbox] == [["alice@example.gov.uk"]]
    assert "Sent 1 reminder e-mails as at 1 Jun 2026." in task.message
