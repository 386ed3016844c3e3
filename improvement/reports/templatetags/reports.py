import re

from django import template
from django.utils.html import conditional_escape, format_html_join
from django.utils.safestring import mark_safe

from improvement.reports.progress import long_date as _long_date

register = template.Library()

_BLANK_LINE = re.compile(r"\n\s*\n")


def paragraphs_of(text: str) -> list[str]:
    """Paragraphs are separated by blank lines, as people type them."""
    text = (text or "").replace("\r\n", "\n").strip()
    return [part.strip() for part in _BLANK_LINE.split(text) if part.strip()]


@register.filter
def paragraphs(text: str, css_class: str = "govuk-body"):
    """The text as escaped <p> elements; a single line break stays a line break."""
    return format_html_join(
        "\n",
        '<p class="{}">{}</p>',
        (
            (css_class, mark_safe("<br>".join(conditional_escape(line) for line in p.split("\n"))))
            for p in paragraphs_of(text)
        ),
    )


@register.filter
def paragraph_list(text: str) -> list[str]:
    """The paragraphs, each with its line breaks kept (escaped), for numbered lists."""
    return [
        mark_safe("<br>".join(conditional_escape(line) for line in p.split("\n")))
        for p in paragraphs_of(text)
    ]


@register.filter
def long_date(day):
    """30 June 2006."""
    return _long_date(day) if day else ""
