"""The status update form: validation field by field, evidence files, revised dates, clashes."""

import io
import zipfile
from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from improvement.status import Status
from recommendations.models import Milestone, StatusUpdate
from recommendations.services import record_status_update

TODAY = date.today()


def update_url(milestone):
    return reverse(
        "milestone_update", kwargs={"slug": milestone.recommendation.plan.slug, "pk": milestone.pk}
    )


def post(client, milestone, **fields):
    data = {
        "status": "on_track",
        "comment": "",
        "evidence": "",
        "as_at": TODAY.isoformat(),
        "version": milestone.version,
        **fields,
    }
    return client.post(update_url(milestone), data)


@pytest.fixture
def own(plan_setup, alice, client):
    client.force_login(alice)
    return plan_setup.own


def test_the_form_starts_with_today_and_the_current_status(own, client):
    page = client.get(update_url(own)).text
    assert f'value="{TODAY.isoformat()}"' in page
    assert 'value="not_started" checked' in page
    assert f'name="version" value="{own.version}"' in page


def test_a_valid_update_is_saved_and_tops_the_history(own, client, alice):
    response = post(client, own, status="behind", comment="Waiting for the new system")
    assert response.status_code == 302
    assert response.url == own.get_absolute_url()
    update = StatusUpdate.objects.get(milestone=own)
    assert (update.status, update.comment, update.author, update.as_at) == (
        "behind",
        "Waiting for the new system",
        alice,
        TODAY,
    )
    own.refresh_from_db()
    assert (own.status, own.version) == ("behind", 2)
    page = client.get(own.get_absolute_url()).text
    assert "Milestone 1.1 updated." in page
    assert page.index("Waiting for the new system") < page.index("Changes to the milestone")


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"status": "behind"}, "comment", "Say why the milestone is behind"),
        ({"status": "off_track"}, "comment", "Say why the milestone is off track"),
        ({"status": "complete"}, "evidence", "Give the evidence that the milestone is complete"),
        ({"status": ""}, "status", "Select the milestone&#x27;s status"),
        ({"as_at": (TODAY + timedelta(days=1)).isoformat()}, "as_at", "cannot be in the future"),
        ({"as_at": "2019-12-31"}, "as_at", "cannot be before the plan starts (1 Jan 2020)"),
        ({"as_at": "31/31/2026"}, "as_at", "Enter a real date, for example 30/06/"),
        ({"revised_due_date": "2031-01-31"}, "revision_reason", "Give the reason for the new"),
        ({"revision_reason": "Delayed"}, "revised_due_date", "Enter the new due date"),
    ],
)
def test_errors_are_shown_field_by_field_and_nothing_is_saved(own, client, fields, field, message):
    response = post(client, own, **{"comment": "", **fields})
    assert response.status_code == 200
    page = response.text
    assert "There is a problem" in page  # the error summary at the top
    assert message in page
    assert f'id="id_{field}-error"' in page
    assert not StatusUpdate.objects.exists()


def test_what_the_officer_typed_is_kept_when_there_is_an_error(own, client):
    page = post(
        client, own, status="complete", comment="All done, report to follow", evidence=""
    ).text
    assert "All done, report to follow</textarea>" in page
    assert 'value="complete" checked' in page


def test_a_revised_due_date_keeps_the_original_and_records_who_and_why(own, client, alice):
    response = post(
        client,
        own,
        status="behind",
        comment="Supplier late",
        revised_due_date="2030-09-30",
        revision_reason="Supplier delivered late",
    )
    assert response.status_code == 302
    own.refresh_from_db()
    assert (own.due_date, own.revised_due_date, own.slippage_days) == (
        date(2030, 6, 30),
        date(2030, 9, 30),
        92,
    )
    page = client.get(own.get_absolute_url()).text
    assert "3 months later than first planned" in page
    change = own.history.latest()
    assert (change.history_user, change.history_change_reason) == (
        alice,
        "Supplier delivered late",
    )
    assert "Revised due date" in page and "Supplier delivered late" in page


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 32
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def office_file(member: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(member, "<x/>")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("report.pdf", PDF),
        ("photo.png", PNG),
        ("photo.jpg", JPEG),
        ("minutes.docx", office_file("word/document.xml")),
        ("figures.xlsx", office_file("xl/workbook.xml")),
        ("no-extension", PDF),  # judged by content, not by name
    ],
)
def test_accepted_evidence_files_are_stored_and_downloadable(own, client, name, content):
    upload = SimpleUploadedFile(name, content)
    response = client.post(
        update_url(own),
        {
            "status": "complete",
            "evidence": "",
            "comment": "",
            "as_at": TODAY.isoformat(),
            "version": own.version,
            "evidence_file": upload,
        },
    )
    assert response.status_code == 302, response.text
    update = StatusUpdate.objects.get()
    assert update.evidence_file_name == name
    download = client.get(
        reverse(
            "evidence_file",
            kwargs={"slug": own.recommendation.plan.slug, "pk": own.pk, "update_pk": update.pk},
        )
    )
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == content
    assert name in download["Content-Disposition"]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("report.pdf", b"MZ\x90\x00\x03" + b"\x00" * 64, "is not one of these"),  # a renamed .exe
        ("notes.docx", office_file("other.xml"), "is not one of these"),
        ("data.xlsx", b"PK\x03\x04 not really a zip", "is not one of these"),
        ("page.html", b"<html></html>", "is not one of these"),
        ("big.pdf", b"%PDF-" + b"0" * (10 * 1024 * 1024), "must be 10 MB or smaller"),
    ],
)
def test_other_files_are_refused_whatever_their_name(own, client, name, content, message):
    response = client.post(
        update_url(own),
        {
            "status": "complete",
            "evidence": "See file",
            "as_at": TODAY.isoformat(),
            "version": own.version,
            "evidence_file": SimpleUploadedFile(name, content),
        },
    )
    assert response.status_code == 200
    assert message in response.text
    assert 'id="id_evidence_file-error"' in response.text
    assert not StatusUpdate.objects.exists()


def test_evidence_of_another_milestone_is_not_served_under_this_one(plan_setup, alice, client):
    update = record_status_update(
        plan_setup.other,
        status=Status.COMPLETE,
        as_at=TODAY,
        evidence_file=SimpleUploadedFile("a.pdf", PDF),
    )
    client.force_login(alice)
    wrong = reverse(
        "evidence_file",
        kwargs={"slug": "improve", "pk": plan_setup.own.pk, "update_pk": update.pk},
    )
    assert client.get(wrong).status_code == 404


def test_a_clash_is_refused_shows_the_other_update_and_keeps_the_text(own, client, manager):
    opened_version = own.version
    # The manager saves while alice has the form open.
    record_status_update(
        own,
        status=Status.OFF_TRACK,
        as_at=TODAY,
        comment="Escalated to the board",
        author=manager,
    )
    response = post(client, own, status="on_track", comment="All fine here", version=opened_version)
    assert response.status_code == 409
    page = response.text
    assert "Someone else updated this milestone" in page
    assert "Escalated to the board" in page and "mona" in page
    assert "All fine here</textarea>" in page
    assert StatusUpdate.objects.filter(milestone=own).count() == 1
    # Having read it, alice saves again deliberately: the form now carries the new version.
    own.refresh_from_db()
    assert f'name="version" value="{own.version}"' in page
    again = post(client, own, status="on_track", comment="All fine here", version=own.version)
    assert again.status_code == 302
    assert Milestone.objects.get(pk=own.pk).status == "on_track"


def test_quick_update_returns_to_my_milestones(own, client):
    response = post(client, own, status="on_track", next="/me/?overdue=on#milestone-1")
    assert response.status_code == 302
    assert response.url == "/me/?overdue=on#milestone-1"


def test_an_outside_next_address_is_ignored(own, client):
    response = post(client, own, next="https://evil.example/")
    assert response.url == own.get_absolute_url()


def test_a_quick_update_with_an_error_opens_the_full_form(own, client):
    response = post(client, own, status="behind", comment="", next="/me/")
    assert response.status_code == 200
    assert "Update milestone 1.1" in response.text
    assert "Say why the milestone is behind" in response.text
    assert 'name="next" value="/me/"' in response.text


def test_a_revised_due_date_before_the_update_is_refused(own, client):
    response = post(
        client,
        own,
        status="behind",
        comment="x",
        revised_due_date="2001-01-31",
        revision_reason="typo",
    )
    assert response.status_code == 200
    assert "The new due date cannot be before the date of this update" in response.text
    assert not StatusUpdate.objects.exists()


def test_a_later_revision_does_not_rewrite_earlier_figures(plan_setup):
    """Reports as at a date keep the due date in force then; a revision counts from its own
    as-at date."""
    from recommendations.snapshot import plan_snapshot
    from recommendations.timeline import plan_timeline
    from tests.factories import make_milestone

    rec = plan_setup.own.recommendation
    Milestone.objects.filter(pk__in=[plan_setup.own.pk, plan_setup.other.pk]).delete()
    milestone = make_milestone(rec, "9", due=date(2025, 6, 30))
    record_status_update(milestone, status=Status.ON_TRACK, as_at=date(2025, 1, 31))

    def effective(as_at):
        return plan_snapshot(plan_setup.plan, as_at).milestones[0].effective

    assert effective(date(2025, 7, 31)).overdue
    record_status_update(
        milestone,
        status=Status.BEHIND,
        as_at=date(2025, 8, 15),
        comment="Delayed",
        revised_due_date=date(2026, 3, 31),
        revision_reason="Funding moved",
    )
    assert effective(date(2025, 7, 31)).overdue  # unchanged: the revision came later
    assert not effective(date(2025, 9, 30)).overdue
    assert plan_snapshot(plan_setup.plan, date(2025, 9, 30)).milestones[
        0
    ].milestone.effective_due_date == date(2026, 3, 31)
    months = [date(2025, 7, 1), date(2025, 9, 1)]
    cells = plan_timeline(plan_setup.plan, months, date(2026, 1, 1)).rows[0].cells
    assert cells == [Status.OFF_TRACK, Status.BEHIND]


def test_saving_an_overdue_milestone_says_why_it_still_counts_as_off_track(
    plan_setup, alice, client
):
    from tests.factories import make_milestone

    late = make_milestone(
        plan_setup.own.recommendation, "7", due=date(2020, 3, 31), leads=(alice.person,)
    )
    client.force_login(alice)
    form = client.get(update_url(late)).text
    assert "This milestone is past its due date" in form
    response = post(client, late, status="behind", comment="Waiting")
    page = client.get(response.url).text
    assert "It still counts as off track because it was due on 31 Mar 2020" in page


def upload_evidence(own, client, name, content) -> StatusUpdate:
    response = client.post(
        update_url(own),
        {
            "status": "complete",
            "as_at": TODAY.isoformat(),
            "version": own.version,
            "evidence_file": SimpleUploadedFile(name, content),
        },
    )
    assert response.status_code == 302, response.text
    return StatusUpdate.objects.get()


def evidence_download(own, client, update):
    return client.get(
        reverse(
            "evidence_file",
            kwargs={"slug": own.recommendation.plan.slug, "pk": own.pk, "update_pk": update.pk},
        )
    )


@pytest.mark.parametrize(
    ("name", "content", "content_type", "served_as"),
    [
        ("page.html", PDF, "application/pdf", "page.html.pdf"),
        ("report.pdf", PDF, "application/pdf", "report.pdf"),
        ("photo.JPG", JPEG, "image/jpeg", "photo.JPG"),
        ("image.svg", PNG, "image/png", "image.svg.png"),
        ("figures.xlsx", office_file("xl/workbook.xml"), XLSX_TYPE, "figures.xlsx"),
    ],
)
def test_evidence_is_served_as_the_type_its_content_was_checked_to_be(
    own, client, name, content, content_type, served_as
):
    update = upload_evidence(own, client, name, content)
    download = evidence_download(own, client, update)
    assert download["Content-Type"] == content_type
    assert download["Content-Disposition"] == f'attachment; filename="{served_as}"'


def test_stored_evidence_that_no_longer_passes_is_served_as_bytes(own, client):
    update = upload_evidence(own, client, "page.html", PDF)
    with open(update.evidence_file.path, "wb") as stored:
        stored.write(b"<html><script>alert(1)</script></html>")
    download = evidence_download(own, client, update)
    assert download["Content-Type"] == "application/octet-stream"
    assert download["Content-Disposition"].startswith("attachment;")
