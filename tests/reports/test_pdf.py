"""The PDF read back: the figures, the header and footer, the tags, the DRAFT mark, the escaping."""

import io
import re
from datetime import date

import pytest
from pypdf import PdfReader

from improvement.reports.content import report_content
from improvement.reports.pdf import render_pdf
from recommendations.models import Recommendation
from tests.reports.conftest import APRIL, JUNE, make_report, pdf_pages, pdf_text


def render(report, draft=None) -> bytes:
    return render_pdf(report_content(report, draft=draft))


@pytest.mark.parametrize(
    ("as_at", "sentence"),
    [
        (
            APRIL,
            "There are 3 milestones due by 30 April 2006. Of these, 1 has been completed, "
            "1 is on track and 1 has not started.",
        ),
        (
            JUNE,
            "There are 5 milestones due by 30 June 2006. Of these, 2 have been completed, "
            "1 is behind and 2 are off track (all overdue).",
        ),
    ],
)
def test_the_progress_sentence_is_computed_as_at_the_reports_date(small_plan, as_at, sentence):
    text = pdf_text(render(make_report(small_plan.plan, as_at=as_at)))
    assert sentence in text


def test_every_page_has_the_running_header_and_page_x_of_y(small_plan):
    pages = pdf_pages(render(make_report(small_plan.plan)))
    count = len(pages)
    assert count >= 3  # the body, then each appendix on its own landscape page
    for number, text in enumerate(pages, start=1):
        assert "Council improvement plan" in text
        assert "Progress on the council improvement plan" in text
        assert "as at 30 June 2006" in text
        assert f"Page {number} of {count}" in text
    assert pages[0].count("Page 1 of") == 1


def test_appendices_are_landscape_and_the_body_portrait(small_plan):
    reader = PdfReader(io.BytesIO(render(make_report(small_plan.plan))))
    sizes = [(round(p.mediabox.width), round(p.mediabox.height)) for p in reader.pages]
    assert sizes[0] == (595, 842)  # A4 portrait
    assert sizes[-1] == (842, 595)  # A4 landscape
    texts = [" ".join(p.extract_text().split()) for p in reader.pages]
    for size, text in zip(sizes, texts, strict=True):
        if "Appendix 1: RAG timeline" in text or "Appendix 2:" in text:
            assert size == (842, 595)


def test_the_pdf_is_tagged_with_its_title_and_language(small_plan):
    reader = PdfReader(io.BytesIO(render(make_report(small_plan.plan))))
    root = reader.trailer["/Root"]
    assert bool(root["/MarkInfo"]["/Marked"])
    assert "/StructTreeRoot" in root
    assert root["/Lang"] == "en-GB"
    assert reader.metadata.title == (
        "Progress on the council improvement plan: Cabinet, 13 July 2006"
    )
    # The structure tree names headings, paragraphs and tables, so a screen reader can use them.
    assert {"H1", "H2", "P", "L", "Table", "TH", "TD"} <= structure_tags(root)
    # PDF/UA-1 identifies itself in the XMP metadata.
    assert b"pdfuaid:part" in reader.xmp_metadata.stream.get_data()


def structure_tags(root) -> set[str]:
    """The role (/S) of every element in the PDF's structure tree."""
    seen, stack = set(), [root["/StructTreeRoot"]]
    while stack:
        node = stack.pop()
        node = node.get_object() if hasattr(node, "get_object") else node
        if isinstance(node, list):
            stack.extend(node)
        elif isinstance(node, dict):
            if "/S" in node:
                seen.add(str(node["/S"]).lstrip("/"))
            if "/K" in node:
                kids = node["/K"]
                stack.extend(kids if isinstance(kids, list) else [kids])
    return seen


def test_a_preview_carries_the_draft_mark_and_the_issued_rendering_does_not(small_plan):
    report = make_report(small_plan.plan)
    draft = pdf_pages(render(report))
    final = pdf_pages(render(report, draft=False))
    assert all("DRAFT" in page for page in draft)
    assert not any("DRAFT" in page for page in final)


def test_the_exceptions_list_every_milestone_off_track_or_behind_with_leads_and_comment(
    small_plan,
):
    text = pdf_text(render(make_report(small_plan.plan)))
    section = text.split("Milestones off track or behind", 1)[1].split("Performance indicators")[0]
    # Off track first (by due date), then behind.
    assert re.search(r"2\.3 .*2\.1 .*1\.3 ", section)
    assert "Recruitment delayed" in section and "Pilot agreed" in section
    assert "LM (Linda Maden)" in section
    assert "1.1 " not in section and "2.2 " not in section


def test_sections_with_nothing_to_show_say_so(small_plan):
    text = pdf_text(render(make_report(small_plan.plan)))
    assert "The plan has no performance indicators." in text
    assert "No risk is open as at 30 June 2006." in text


def test_user_text_is_escaped_in_html_and_pdf(small_plan, client, clerk):
    evil = '<script>alert("x")</script> & <b>bold</b>'
    report = make_report(small_plan.plan, purpose=evil, title="Report <i>one</i>")
    assert evil in pdf_text(render(report))
    assert "Report <i>one</i>" in pdf_text(render(report))
    client.force_login(clerk)
    html = client.get(report.get_absolute_url()).content.decode()
    assert "<script>alert" not in html and "<b>bold</b>" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;" in html


def test_the_demo_report_names_every_recommendation(demo):
    report = make_report(demo, as_at=date(2006, 5, 31), meeting_date=date(2006, 6, 15))
    text = pdf_text(render(report))
    refs = Recommendation.objects.filter(plan=demo).values_list("ref", flat=True)
    assert len(refs) == 17
    for ref in refs:
        assert f"Recommendation {ref}" in text


def test_the_cached_page_list_is_what_pydyf_itself_gives():
    """improvement/reports/pdf.py replaces pydyf's page_references with a cached one; it must
    give exactly what pydyf's own code gives, also after more pages are added."""
    import pydyf

    from improvement.reports.pdf import _cached_page_references

    def pydyfs_own(pdf):
        return tuple(f"{n} 0 R".encode("ascii") for n in pdf.pages["Kids"][::3])

    pdf = pydyf.PDF()
    for _ in range(3):
        pdf.add_page(pydyf.Dictionary({"Type": "/Page"}))
        assert _cached_page_references(pdf) == pydyfs_own(pdf)
        assert pdf.page_references == pydyfs_own(pdf)
    assert len(pdf.page_references) == 3
