"""The demo's issued board report read back as PDF/UA asks (improvement/reports/pdf_tags.py):
every marked-content id in the structure tree, the running header and page numbers drawn as
pagination artifacts, table header cells with a scope, continued tables with their caption,
list items with an LBody, and words that keep their spaces when read by the tree."""

import re
from html import unescape

import pytest
from django.db import transaction

from improvement.demo import SLUG, load_demo
from improvement.reports.content import report_content
from improvement.reports.models import BoardReport
from improvement.reports.pdf import render_pdf, report_html
from tests.reports.conftest import make_report, pdf_pages
from tests.reports.pdf_structure import (
    ARTIFACT,
    element_text,
    marked_texts,
    reached,
    structure,
    words,
)

PLAN_CAPTION = "Every recommendation with its outcomes and milestones"


@pytest.fixture(scope="module")
def demo_pdf(django_db_setup, django_db_blocker):
    """The demo report's issued PDF, as `make demo` issues it, and the HTML it was made
    from; the database is rolled back after."""
    with django_db_blocker.unblock(), transaction.atomic():
        load_demo(with_accounts=True, with_report=True, with_editorial=True)
        report = BoardReport.objects.get(plan__slug=SLUG)
        data = report.pdf.read()
        html = report_html(report_content(report, draft=False))
        report.pdf.delete(save=False)
        report.docx.delete(save=False)
        transaction.set_rollback(True)
    return data, html


@pytest.fixture(scope="module")
def tree(demo_pdf):
    root, mapped = structure(demo_pdf[0])
    return root, mapped, marked_texts(demo_pdf[0])


def test_every_marked_content_id_is_in_the_structure_tree(tree):
    root, mapped, texts = tree
    in_content = {
        (number, mcid)
        for number, page in enumerate(texts)
        for mcid in page
        if isinstance(mcid, int)
    }
    in_parent_tree = {(page, mcid) for page, ids in enumerate(mapped) for mcid in ids}
    assert len(in_content) > 1000
    assert in_content == reached(root)
    assert in_parent_tree == in_content
    # No text is drawn outside marked content or an artifact.
    assert not any(t.get(None, "").strip() for t in texts)


def test_the_running_header_and_page_numbers_are_pagination_artifacts(tree):
    _, _, texts = tree
    count = len(texts)
    assert count >= 10
    for number, page in enumerate(texts, start=1):
        header = page[(ARTIFACT, "/Header")]
        footer = page[(ARTIFACT, "/Footer")]
        assert "Herefordshire JAR Performance Improvement Action Plan" in header
        assert "as at 31 May 2006" in header
        assert " ".join(footer.split()) == f"Page {number} of {count}"
        tagged = "".join(text for mark, text in page.items() if isinstance(mark, int))
        assert f"Page {number} of" not in tagged


def test_table_header_cells_have_a_scope(tree):
    root, _, _ = tree
    cells = root.find("TH")
    assert len(cells) > 50
    for cell in cells:
        assert cell.attributes["/O"] == "/Table"
        assert cell.attributes["/Scope"] in ("/Column", "/Row")
    heads = [th for section in root.find("THead") for th in section.find("TH")]
    assert heads and all(th.attributes["/Scope"] == "/Column" for th in heads)
    # The timeline's recommendation numbers head their rows.
    bodies = [th for section in root.find("TBody") for th in section.find("TH")]
    assert any(th.attributes["/Scope"] == "/Row" for th in bodies)


def test_every_table_on_every_page_has_its_caption(tree):
    root, _, texts = tree
    tables = root.find("Table")
    assert len(tables) >= 8
    for table in tables:
        assert table.roles[0] == "Caption", f"a table on page {table.page + 1} has no caption"
        assert "Caption" not in [role for kid in table.kids[1:] for role in kid.roles]
    continued = [t for t in tables if PLAN_CAPTION in element_text(t.kids[0], texts)]
    assert len(continued) >= 3  # Appendix 2 runs over several pages, captioned on each
    assert len({table.page for table in continued}) == len(continued)


def test_list_items_hold_a_label_and_a_body(tree):
    root, _, texts = tree
    items = root.find("LI")
    assert items
    for item in items:
        assert item.roles.count("LBody") == 1
        assert set(item.roles) <= {"Lbl", "LBody"}
    for listing in root.find("L"):
        assert set(listing.roles) <= {"LI", "Caption"}
    numbered = [item for item in items if "Lbl" in item.roles]
    assert any(
        "There are 25 milestones due by 31 May 2006." in element_text(item, texts)
        for item in numbered
    )


def test_words_keep_their_spaces_in_the_text_read_by_the_tree(tree, demo_pdf):
    root, _, texts = tree
    html = re.sub(r"<(style|title)[^>]*>.*?</\1>", " ", demo_pdf[1], flags=re.S)
    known = words(unescape(re.sub(r"<[^>]+>", " ", html)))
    read = element_text(root, texts)
    assert "PERFORMANCE IMPROVEMENT ACTION PLAN" in read
    assert "Progress on the Herefordshire JAR Performance Improvement Action Plan" not in read
    run_together = words(read) - known
    assert not run_together, sorted(run_together)[:20]
    # And by position, as pdftotext and pypdf read it.
    by_position = words(" ".join(pdf_pages(demo_pdf[0]))) - known - {"page"}
    assert not by_position, sorted(by_position)[:20]


def test_a_drafts_mark_is_a_watermark_artifact_not_content(small_plan):
    data = render_pdf(report_content(make_report(small_plan.plan)))
    root, _ = structure(data)
    texts = marked_texts(data)
    for page in texts:
        assert "DRAFT" in page[(ARTIFACT, "/Watermark")]
    assert "DRAFT" not in element_text(root, texts)
    assert {page for page, _ in reached(root)} == set(range(len(texts)))
