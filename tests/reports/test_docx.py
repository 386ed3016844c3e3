"""The report as a Word document: read back with python-docx, it says what the PDF says; the
issued one is stored with its SHA-256 and served as stored."""

import hashlib
import io
import re
from datetime import date

import docx
import pytest
from django.urls import reverse

from improvement.demo import SLUG, load_demo
from improvement.reports.content import report_content
from improvement.reports.docx import render_docx
from improvement.reports.models import BoardReport
from improvement.reports.pdf import report_html
from improvement.status import Status
from recommendations.models import Recommendation
from recommendations.services import record_status_update
from tests.reports.conftest import make_report
from tests.tasks.worker import run_queued_tasks

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def read(data: bytes):
    return docx.Document(io.BytesIO(data))


def all_text(document) -> str:
    parts = [p.text for p in document.paragraphs]
    parts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join(parts)


def headings(document, level: int) -> list[str]:
    return [p.text for p in document.paragraphs if p.style.name == f"Heading {level}"]


def test_the_demo_reports_word_document_has_the_progress_sentence_and_every_recommendation(
    db,
):
    load_demo(with_accounts=True, with_report=True, with_editorial=True)
    report = BoardReport.objects.get(plan__slug=SLUG)
    stored = report.docx.read()
    assert hashlib.sha256(stored).hexdigest() == report.docx_sha256
    document = read(stored)
    content = report_content(report, draft=False)
    paragraphs = [p.text for p in document.paragraphs]
    assert content.progress in paragraphs
    assert content.progress.startswith("There are 25 milestones due by 31 May 2006.")
    text = all_text(document)
    recommendations = Recommendation.objects.filter(plan=report.plan)
    assert recommendations.count() == 17
    for recommendation in recommendations:
        assert f"Recommendation {recommendation.ref}" in text
        assert recommendation.text in text
    # The same headings as the PDF's, in the same order.
    html = report_html(content)
    assert headings(document, 1) == [report.title]
    assert headings(document, 2) == re.findall(r"<h2[^>]*>([^<]+)</h2>", html)
    assert "DRAFT" not in text


def test_tables_are_word_tables_with_a_caption_and_a_repeating_header_row(small_plan):
    document = read(render_docx(report_content(make_report(small_plan.plan))))
    tables = document.tables
    assert len(tables) == 3  # exceptions, the timeline, the plan
    for table in tables:
        header = table.rows[0]._tr
        assert header.trPr is not None
        assert header.trPr.xpath("./w:tblHeader")
        assert table._tbl.tblPr.xpath("./w:tblCaption/@w:val")
    exceptions, timeline, plan = tables
    assert [c.text for c in exceptions.rows[0].cells] == [
        "Milestone",
        "Leads",
        "Due",
        "Status",
        "Latest comment",
    ]
    # Off track first, by due date, then behind; the same rows as the PDF's.
    assert [row.cells[0].text.split()[0] for row in exceptions.rows[1:]] == ["2.3", "2.1", "1.3"]
    assert exceptions.rows[1].cells[3].text == "Off track (overdue)"
    assert exceptions.rows[3].cells[4].text == "Recruitment delayed (31 May 2006)"
    assert [c.text for c in timeline.rows[0].cells][:2] == ["Recommendation", "Jan 06"]
    assert len(plan.rows) == 1 + 2 + 6  # the headings, a row per recommendation, 6 milestones


def test_a_draft_says_draft_and_follows_the_plan(client, director, small_plan):
    report = make_report(small_plan.plan)
    client.force_login(director)
    url = reverse("report_docx", kwargs={"slug": small_plan.plan.slug, "pk": report.pk})
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == DOCX
    assert response["Cache-Control"] == "no-store"
    assert 'filename="council-plan-2006-07-13-draft.docx"' in response["Content-Disposition"]
    document = read(response.content)
    assert document.sections[0].header.paragraphs[0].text.startswith("DRAFT · ")
    assert "There are 5 milestones due by 30 June 2006." in all_text(document)
    record_status_update(
        small_plan.milestones["2.1"], status=Status.COMPLETE, as_at=date(2006, 6, 1)
    )
    assert "3 have been completed" in all_text(read(client.get(url).content))


def test_an_issued_reports_word_document_is_the_stored_file(client, clerk, officer, small_plan):
    report = make_report(small_plan.plan)
    kwargs = {"slug": small_plan.plan.slug, "pk": report.pk}
    client.force_login(clerk)
    client.post(reverse("report_issue", kwargs=kwargs))
    run_queued_tasks()  # the worker issues it
    report.refresh_from_db()
    assert report.is_issued and report.docx and len(report.docx_sha256) == 64
    record_status_update(
        small_plan.milestones["2.1"], status=Status.COMPLETE, as_at=date(2006, 6, 1)
    )
    client.force_login(officer)  # officers read issued reports
    response = client.get(reverse("report_docx", kwargs=kwargs))
    assert response.status_code == 200
    served = b"".join(response.streaming_content)
    assert hashlib.sha256(served).hexdigest() == report.docx_sha256
    text = all_text(read(served))
    assert "2 have been completed" in text and "3 have been completed" not in text
    assert "DRAFT" not in text
    page = client.get(report.get_absolute_url()).content.decode()
    assert report.docx_sha256 in page
    assert reverse("report_docx", kwargs=kwargs) in page


# A draft's PDF is made by the task worker: its address leads readers to the task's page.
@pytest.mark.parametrize(("user", "docx", "pdf"), [("officer", 403, 403), ("director", 200, 302)])
def test_a_drafts_word_document_is_read_as_its_pdf_is(client, small_plan, user, docx, pdf, request):
    report = make_report(small_plan.plan)
    client.force_login(request.getfixturevalue(user))
    kwargs = {"slug": small_plan.plan.slug, "pk": report.pk}
    assert client.get(reverse("report_docx", kwargs=kwargs)).status_code == docx
    assert client.get(reverse("report_pdf", kwargs=kwargs)).status_code == pdf


def test_a_report_issued_before_word_documents_were_kept_has_none(client, clerk, small_plan):
    report = make_report(small_plan.plan)
    kwargs = {"slug": small_plan.plan.slug, "pk": report.pk}
    client.force_login(clerk)
    client.post(reverse("report_issue", kwargs=kwargs))
    run_queued_tasks()  # the worker issues it
    BoardReport.objects.filter(pk=report.pk).update(docx="", docx_sha256="")
    assert client.get(reverse("report_docx", kwargs=kwargs)).status_code == 404
    page = client.get(report.get_absolute_url()).content.decode()
    assert reverse("report_docx", kwargs=kwargs) not in page
