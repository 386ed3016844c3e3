"""python manage.py board_report <plan> --as-at YYYY-MM-DD --out FILE.pdf"""

from datetime import date

import pytest
from django.core.management import CommandError, call_command

from improvement.reports.models import BoardReport
from tests.reports.conftest import make_report, pdf_text


def test_writes_the_report_as_at_the_date_with_the_default_narrative(small_plan, tmp_path):
    out = tmp_path / "reports" / "april.pdf"
    call_command("board_report", "council-plan", "--as-at", "2006-04-30", "--out", str(out))
    text = pdf_text(out.read_bytes())
    assert "There are 3 milestones due by 30 April 2006." in text
    assert "To advise Improvement Board of progress on the Council improvement plan." in text
    assert "DRAFT" in text
    assert not BoardReport.objects.exists()  # nothing saved, nothing issued


def test_uses_the_plans_latest_report_narrative(small_plan, tmp_path):
    make_report(small_plan.plan, meeting="Scrutiny", purpose="Our own words")
    out = tmp_path / "june.pdf"
    call_command("board_report", "council-plan", "--as-at", "2006-06-30", "--out", str(out))
    text = pdf_text(out.read_bytes())
    assert "Our own words" in text and "Scrutiny, 30 June 2006" in text
    assert BoardReport.objects.count() == 1


def test_refuses_an_unknown_plan_and_a_bad_date(db, tmp_path):
    with pytest.raises(CommandError, match="There is no plan 'nope'"):
        call_command("board_report", "nope", "--out", str(tmp_path / "x.pdf"))
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("board_report", "nope", "--as-at", "30/06/2006", "--out", "x.pdf")


def test_defaults_to_today(small_plan, tmp_path):
    out = tmp_path / "today.pdf"
    call_command("board_report", "council-plan", "--out", str(out))
    today = date.today()
    assert f"as at {today.day} {today:%B %Y}" in pdf_text(out.read_bytes())


def test_a_queued_run_is_written_by_the_task_worker(small_plan, tmp_path, capsys):
    from improvement.tasks.models import BackgroundTask
    from tests.tasks.worker import run_queued_tasks

    out = tmp_path / "queued.pdf"
    argv = ["council-plan", "--as-at", "2006-04-30", "--out", str(out), "--queue"]
    call_command("board_report", *argv)
    task = BackgroundTask.objects.get()
    assert f"Queued as task {task.pk}" in capsys.readouterr().out and not out.exists()
    run_queued_tasks()
    task.refresh_from_db()
    assert task.state == BackgroundTask.State.DONE and task.plan == small_plan.plan
    assert f"Wrote {out}" in task.message
    assert "There are 3 milestones due by 30 April 2006." in pdf_text(out.read_bytes())
