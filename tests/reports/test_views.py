"""Writing, previewing and issuing a report through its pages, as a clerk would."""

import hashlib
from datetime import date

import pytest
from django.urls import reverse

from improvement.reports.models import BoardReport
from improvement.status import Status
from improvement.tasks.models import BackgroundTask
from recommendations.services import record_status_update
from tests.reports.conftest import JUNE, make_report, pdf_text
from tests.tasks.worker import run_queued_tasks

FORM = {
    "title": "Progress on the council improvement plan",
    "meeting": "Cabinet",
    "meeting_date": "2006-07-13",
    "as_at": "30/06/2006",
    "portfolio_responsibility": "Children and Young People Services",
    "wards_affected": "County-wide",
    "key_decision": "This is not a Key Decision.",
    "purpose": "To advise Cabinet.",
    "recommendation": "THAT Cabinet notes the progress.",
    "reasons": "Routine monitoring.",
    "financial_implications": "None.",
    "considerations": "Progress has been maintained.\n\nA new team is in place.",
    "alternative_options": "There are no alternative options.",
    "risk_management": "The risk log is considered routinely.",
    "consultees": "Partnership Board",
    "background_papers": "None identified.",
    "contact": "Sue Fiennes, 01432 260039",
}


def create_url(plan):
    return reverse("report_create", kwargs={"slug": plan.slug})


def test_a_clerk_creates_a_draft(client, clerk, small_plan):
    client.force_login(clerk)
    response = client.post(create_url(small_plan.plan), FORM)
    report = BoardReport.objects.get()
    assert response.status_code == 302 and response["Location"] == report.get_absolute_url()
    assert report.state == BoardReport.State.DRAFT and report.created_by == clerk
    assert report.as_at == JUNE and report.meeting_date == date(2006, 7, 13)
    page = client.get(report.get_absolute_url()).content.decode()
    assert "There are 5 milestones due by 30 June 2006." in page
    assert "A new team is in place." in page


def test_a_new_report_starts_from_the_previous_report_to_the_same_committee(
    client, clerk, small_plan
):
    make_report(small_plan.plan, meeting_date=date(2006, 5, 25), purpose="Old purpose")
    make_report(small_plan.plan, meeting_date=date(2006, 7, 13), purpose="Latest purpose")
    make_report(
        small_plan.plan,
        meeting="Improvement Board",
        meeting_date=date(2006, 8, 1),
        purpose="To advise Improvement Board of progress.",
    )
    client.force_login(clerk)
    # First the meeting: one link per committee reported to, starting from its latest report.
    chooser = client.get(create_url(small_plan.plan)).content.decode()
    assert "Which meeting is the report for?" in chooser
    assert chooser.count('href="?meeting=') == 2
    form = client.get(create_url(small_plan.plan) + "?meeting=cabinet").context["form"]
    assert form.initial["purpose"] == "Latest purpose" and form.initial["meeting"] == "Cabinet"
    assert "meeting_date" not in form.initial and "as_at" not in form.initial
    # A committee the plan never reported to starts from the usual wording, in its name.
    form = client.get(create_url(small_plan.plan) + "?meeting=Scrutiny").context["form"]
    assert form.initial["purpose"].startswith("To advise Scrutiny of progress")
    assert form.initial["meeting"] == "Scrutiny"


def test_a_plans_first_report_starts_from_the_default_narrative(client, clerk, small_plan):
    client.force_login(clerk)
    form = client.get(create_url(small_plan.plan)).context["form"]
    assert form.initial["purpose"].startswith("To advise Improvement Board of progress")
    assert form.initial["key_decision"] == "This is not a Key Decision."


def test_errors_are_shown_field_by_field(client, clerk, small_plan):
    client.force_login(clerk)
    data = {**FORM, "title": "", "meeting_date": "31/02/2006", "as_at": "2006-08-01"}
    response = client.post(create_url(small_plan.plan), data)
    assert response.status_code == 200 and not BoardReport.objects.exists()
    page = response.content.decode()
    assert "There is a problem" in page
    assert 'href="#id_title">Enter the report&#x27;s title' in page
    assert "Enter a real date for the meeting date, for example 13/07/2006" in page
    data["meeting_date"] = "2006-07-13"
    page = client.post(create_url(small_plan.plan), data).content.decode()
    assert "The figures must be as at the meeting date or before it" in page
    assert page.count("govuk-form-group--error") == 2


def test_an_edit_saves_and_raises_the_version(client, clerk, small_plan):
    report = make_report(small_plan.plan)
    client.force_login(clerk)
    url = reverse("report_edit", kwargs={"slug": small_plan.plan.slug, "pk": report.pk})
    response = client.post(url, {**FORM, "purpose": "Edited", "version": report.version})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.purpose == "Edited" and report.version == 2


def test_a_stale_edit_is_refused_and_keeps_what_was_typed(client, clerk, small_plan):
    report = make_report(small_plan.plan, purpose="First")
    client.force_login(clerk)
    url = reverse("report_edit", kwargs={"slug": small_plan.plan.slug, "pk": report.pk})
    client.post(url, {**FORM, "purpose": "Someone else's", "version": 1})
    response = client.post(url, {**FORM, "purpose": "Mine", "version": 1})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Someone else saved this report after you opened it" in page
    assert ">Mine</textarea>" in page
    report.refresh_from_db()
    assert report.purpose == "Someone else's"


def test_a_clerk_issues_a_report_after_confirming(client, clerk, small_plan):
    report = make_report(small_plan.plan)
    client.force_login(clerk)
    url = reverse("report_issue", kwargs={"slug": small_plan.plan.slug, "pk": report.pk})
    confirm = client.get(url).content.decode()
    assert "Issuing cannot be undone" in confirm
    assert not BoardReport.objects.get().is_issued  # the GET changed nothing
    response = client.post(url)
    task = BackgroundTask.objects.get(report=report)
    assert response.status_code == 302 and response["Location"] == task.get_absolute_url()
    page = client.get(response["Location"]).content.decode()
    assert "Queued" in page and "task-refresh.js" in page and "Check again" in page
    report.refresh_from_db()
    assert not report.is_issued  # the worker issues it, not the request

    run_queued_tasks()
    page = client.get(response["Location"]).content.decode()
    assert "Done" in page and "Read the issued report" in page and "task-refresh.js" not in page
    report.refresh_from_db()
    assert report.is_issued and report.issued_by == clerk and report.issued_at
    assert report.sha256 in page
    stored = report.pdf.read()
    assert hashlib.sha256(stored).hexdigest() == report.sha256
    assert "DRAFT" not in pdf_text(stored)
    assert "There are 5 milestones due by 30 June 2006." in pdf_text(stored)


def test_an_issued_reports_bytes_never_change(client, clerk, small_plan):
    """The download serves the stored bytes, even after the plan's data has changed."""
    report = make_report(small_plan.plan)
    client.force_login(clerk)
    kwargs = {"slug": small_plan.plan.slug, "pk": report.pk}
    client.post(reverse("report_issue", kwargs=kwargs))
    run_queued_tasks()
    report.refresh_from_db()
    first = b"".join(client.get(reverse("report_pdf", kwargs=kwargs)).streaming_content)
    assert hashlib.sha256(first).hexdigest() == report.sha256

    # Later updates, even back-dated ones, change what the plan says as at 30 June...
    record_status_update(
        small_plan.milestones["2.1"], status=Status.COMPLETE, as_at=date(2006, 6, 1)
    )
    small_plan.plan.title = "Renamed plan"
    small_plan.plan.save()
    draft = make_report(small_plan.plan)
    assert "3 have been completed" in client.get(draft.get_absolute_url()).content.decode()

    # ...but not the issued PDF, nor the issued report's HTML, which say what was issued.
    again = b"".join(client.get(reverse("report_pdf", kwargs=kwargs)).streaming_content)
    assert again == first
    assert hashlib.sha256(again).hexdigest() == report.sha256
    assert "2 have been completed" in pdf_text(again)
    page = client.get(report.get_absolute_url()).content.decode()
    assert "2 have been completed" in page and "3 have been completed" not in page
    assert "This is the report as issued, with the same figures as its PDF" in page


def test_an_issued_report_cannot_be_edited_or_issued_again(client, clerk, small_plan):
    report = make_report(small_plan.plan, purpose="As issued")
    client.force_login(clerk)
    kwargs = {"slug": small_plan.plan.slug, "pk": report.pk}
    client.post(reverse("report_issue", kwargs=kwargs))
    run_queued_tasks()
    report.refresh_from_db()
    sha, issued_at = report.sha256, report.issued_at

    response = client.post(reverse("report_edit", kwargs=kwargs), {**FORM, "version": 2})
    assert response.status_code == 409
    assert client.post(reverse("report_issue", kwargs=kwargs)).status_code == 409
    report.refresh_from_db()
    assert (report.purpose, report.sha256, report.issued_at) == ("As issued", sha, issued_at)


def test_the_model_refuses_to_save_an_issued_report(clerk, small_plan):
    from django.core.exceptions import ValidationError

    from improvement.reports import services

    report = services.issue(make_report(small_plan.plan), clerk)
    report.purpose = "Changed behind the form's back"
    with pytest.raises(ValidationError):
        report.save()


def test_a_new_report_can_start_from_an_issued_one(client, clerk, small_plan):
    from improvement.reports import services

    issued = services.issue(make_report(small_plan.plan, purpose="Issued purpose"), clerk)
    make_report(small_plan.plan, purpose="A later draft", meeting_date=date(2006, 9, 1))
    client.force_login(clerk)
    detail = client.get(issued.get_absolute_url()).content.decode()
    assert "Start a new report from this one" in detail
    response = client.get(create_url(small_plan.plan) + f"?from={issued.pk}")
    assert response.context["form"].initial["purpose"] == "Issued purpose"


def test_the_draft_pdf_is_made_by_the_worker_with_the_draft_mark(client, director, small_plan):
    report = make_report(small_plan.plan)
    client.force_login(director)
    url = reverse("report_pdf", kwargs={"slug": "council-plan", "pk": report.pk})
    task_url = client.get(url)["Location"]
    assert client.get(url)["Location"] == task_url  # asking again finds the same task
    run_queued_tasks()
    page = client.get(task_url).content.decode()
    assert "Download the PDF preview" in page
    response = client.get(task_url + "file/")
    assert response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "no-store"
    assert "DRAFT" in pdf_text(b"".join(response.streaming_content))
    # A later edit makes a new version of the draft: its preview is made afresh.
    BoardReport.objects.filter(pk=report.pk).update(version=2)
    assert client.get(url)["Location"] != task_url


def test_the_plan_pages_link_to_the_reports(client, director, small_plan):
    client.force_login(director)
    page = client.get(small_plan.plan.get_absolute_url()).content.decode()
    assert f'href="/plans/{small_plan.plan.slug}/reports/"' in page


def test_the_admins_bulk_delete_spares_issued_reports(client, administrator, small_plan):
    from improvement.reports import services

    issued = services.issue(make_report(small_plan.plan, title="Issued"), administrator)
    draft = make_report(small_plan.plan, title="Draft")
    client.force_login(administrator)
    client.post(
        "/admin/reports/boardreport/",
        {"action": "delete_selected", "_selected_action": [issued.pk, draft.pk], "post": "yes"},
    )
    assert BoardReport.objects.filter(pk=issued.pk).exists()
    client.post(
        "/admin/reports/boardreport/",
        {"action": "delete_selected", "_selected_action": [draft.pk], "post": "yes"},
    )
    assert list(BoardReport.objects.values_list("title", flat=True)) == ["Issued"]
