"""Board reports as PDF, with WeasyPrint, from the same templates as the HTML preview.

The PDF is tagged (PDF/UA-1) with its title and language, and fetches nothing: the print
stylesheet is read from the static files on disk and every other URL is refused, so a report
renders the same on a machine with no network and user text cannot make it fetch anything.
"""

import gc
import logging
from contextlib import contextmanager

import pydyf
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from weasyprint import CSS, HTML
from weasyprint.layout import page as weasyprint_page
from weasyprint.urls import URLFetcher

from . import pdf_tags
from .content import ReportContent

STYLESHEET = "reports/report.css"
PDF_OPTIONS = {"pdf_variant": "pdf/ua-1", "pdf_tags": True}

# WeasyPrint warns about every CSS rule it does not support; those are not errors here.
logging.getLogger("weasyprint").setLevel(logging.ERROR)
logging.getLogger("fontTools").setLevel(logging.ERROR)


def _cached_page_references(pdf):
    # pydyf 0.13 rebuilds the tuple of every page's reference on each access, and WeasyPrint's
    # tagging reads it once per tagged box: quadratic, 22 of 27 s for a 300-page report. Pages
    # are only ever appended, so the tuple is cached until their number changes.
    kids = pdf.pages["Kids"]
    cached = pdf.__dict__.get("_app_page_references")
    if cached is None or cached[0] != len(kids):
        references = tuple(f"{number} 0 R".encode("ascii") for number in kids[::3])
        cached = pdf.__dict__["_app_page_references"] = (len(kids), references)
    return cached[1]


pydyf.PDF.page_references = property(_cached_page_references)
pdf_tags.install()

# Layout keeps every page's boxes to the end, so Python's full collections (which wait until
# the long-lived heap has grown by a quarter) come ever rarer while the boxes of discarded
# layout attempts pile up: 126 MB of the 613 MB peak of a 243-page report. Collecting every
# COLLECT_EVERY pages, then freezing what survives (finished pages live to the end, and frozen
# objects are not scanned again), held that report under 560 MB for about a second of CPU.
COLLECT_EVERY = 25
_weasyprint_remake_page = weasyprint_page.remake_page


def _remake_page(index, *args, **kwargs):
    if index and index % COLLECT_EVERY == 0:
        gc.collect()
        gc.freeze()
    return _weasyprint_remake_page(index, *args, **kwargs)


weasyprint_page.remake_page = _remake_page


@contextmanager
def _frozen_pages_released():
    """Frozen objects are never collected: give them back to the collector after layout."""
    try:
        yield
    finally:
        gc.unfreeze()


class OfflineFetcher(URLFetcher):
    """Refuses every URL but data: ones, so rendering never waits on a network."""

    def __init__(self):
        super().__init__(allowed_protocols={"data"})


def stylesheet() -> CSS:
    path = finders.find(STYLESHEET)
    if path is None:
        raise FileNotFoundError(f"static file {STYLESHEET} is missing")
    with open(path, encoding="utf-8") as css:
        return CSS(string=css.read(), url_fetcher=OfflineFetcher())


def report_html(content: ReportContent) -> str:
    """The standalone HTML document the PDF is made from."""
    return render_to_string("reports/report_pdf.html", {"content": content, "pdf": True})


def report_body_html(content: ReportContent) -> str:
    """The report's body as HTML for a web page (the issued report's accessible version): the
    same template and figures as the PDF."""
    return render_to_string("reports/_report_body.html", {"content": content})


def render_pdf(content: ReportContent) -> bytes:
    return pdf_from_html(report_html(content))


def pdf_from_html(html: str) -> bytes:
    """The tagged PDF of a report's standalone HTML document (report_html)."""
    document = HTML(
        string=html, base_url="about:blank", url_fetcher=OfflineFetcher(), media_type="print"
    )
    with _frozen_pages_released():
        laid_out = document.render(stylesheets=[stylesheet()], **PDF_OPTIONS)
    return laid_out.write_pdf(**PDF_OPTIONS)
