"""Board reports as Word documents (python-docx), for committee systems that take Word.

Made from the same ReportContent (content.py) as the HTML and the PDF: the same headings,
figures, progress statement and tables, in the same order, with the appendices on landscape
pages. Tables are real Word tables with a caption and a header row that repeats on every
page; statuses, RAGs and bands are written in words, as on paper."""

import io

from django.template.defaultfilters import date as short_date
from django.utils.timezone import localtime
from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt

from .content import ReportContent
from .progress import long_date
from .templatetags.reports import paragraphs_of

FONT = "Arial"
NONE = "None"


def render_docx(content: ReportContent) -> bytes:
    """The report as a .docx file."""
    document = Document()
    _set_up(document, content)
    _heading_block(document, content)
    report = content.report
    _narrative(document, "Purpose", report.purpose)
    _narrative(document, "Key decision", report.key_decision)
    _narrative(document, "Recommendation", report.recommendation)
    _narrative(document, "Reasons", report.reasons)
    _narrative(document, "Financial implications", report.financial_implications)
    _considerations(document, content)
    _exceptions(document, content)
    _indicators(document, content)
    _risks(document, content)
    _narrative(document, "Alternative options", report.alternative_options)
    _narrative(document, "Risk management", report.risk_management)
    _narrative(document, "Consultees", report.consultees)
    _narrative(document, "Background papers", report.background_papers)
    _narrative(document, "Contact", report.contact)
    _landscape(document)
    _timeline(document, content)
    document.add_page_break()
    _plan(document, content)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def running_header(content: ReportContent) -> str:
    """The line at the top of every page, as in the PDF."""
    draft = "DRAFT · " if content.draft else ""
    return (
        f"{draft}{content.plan.title} · {content.report.title} · as at {long_date(content.as_at)}"
    )


def _set_up(document, content: ReportContent) -> None:
    report = content.report
    properties = document.core_properties
    properties.title = f"{report.title}: {report.meeting}, {long_date(report.meeting_date)}"
    properties.subject = f"{content.plan.title}, as at {long_date(content.as_at)}"
    properties.author = str(content.plan.organisation or "")
    properties.language = "en-GB"
    properties.keywords = "DRAFT" if content.draft else ""
    normal = document.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(10)
    section = document.sections[0]
    section.header.paragraphs[0].text = running_header(content)
    footer = section.footer.paragraphs[0]
    footer.text = "Page "
    _field(footer, "PAGE")
    footer.add_run(" of ")
    _field(footer, "NUMPAGES")


def _field(paragraph, instruction: str) -> None:
    """A Word field (the page number, the number of pages) that Word fills in."""
    run = paragraph.add_run()
    for kind, text in (("begin", None), (None, instruction), ("separate", None), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        else:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = f" {text} "
        run._r.append(element)
        if kind == "separate":
            run._r.append(_text_element("1"))


def _text_element(text: str):
    element = OxmlElement("w:t")
    element.text = text
    return element


def _heading_block(document, content: ReportContent) -> None:
    report = content.report
    if content.draft:
        document.add_paragraph().add_run("DRAFT: not the issued report").bold = True
    document.add_heading(report.title, level=1)
    facts = [
        ("Portfolio responsibility", report.portfolio_responsibility),
        ("Meeting", f"{report.meeting}, {long_date(report.meeting_date)}"),
        ("Wards affected", report.wards_affected or "None stated"),
        ("Plan", content.plan.title),
        ("Figures as at", long_date(content.as_at)),
    ]
    if report.is_issued:
        facts.append(("Issued", short_date(localtime(report.issued_at), "j F Y")))
    for label, value in facts:
        if value:
            paragraph = document.add_paragraph()
            paragraph.add_run(f"{label}: ").bold = True
            paragraph.add_run(value)


def _paragraphs(document, text: str, style: str | None = None) -> None:
    for part in paragraphs_of(text):
        paragraph = document.add_paragraph(style=style)
        for number, line in enumerate(part.split("\n")):
            if number:
                paragraph.add_run().add_break()
            paragraph.add_run(line)


def _narrative(document, heading: str, text: str) -> None:
    document.add_heading(heading, level=2)
    if paragraphs_of(text):
        _paragraphs(document, text)
    else:
        document.add_paragraph("None.")


def _considerations(document, content: ReportContent) -> None:
    document.add_heading("Considerations", level=2)
    _paragraphs(document, content.report.considerations, style="List Number")
    document.add_paragraph(content.progress, style="List Number")
    document.add_paragraph(content.overall, style="List Number")


def _table(document, caption: str, headings: list[str], rows, widths=None):
    """A captioned table whose first row (the headings) repeats on every page. `rows` yields
    lists of cell texts, or a string for a row spanning the table (a group heading)."""
    document.add_paragraph(caption, style="Caption")
    table = document.add_table(rows=1, cols=len(headings))
    table.style = "Table Grid"
    properties = table._tbl.tblPr
    described = OxmlElement("w:tblCaption")
    described.set(qn("w:val"), caption[:250])
    properties.append(described)
    header = table.rows[0]
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    header._tr.get_or_add_trPr().append(repeat)
    for cell, text in zip(header.cells, headings, strict=True):
        cell.text = ""
        cell.paragraphs[0].add_run(text).bold = True
    for row in rows:
        cells = table.add_row().cells
        if isinstance(row, str):
            merged = cells[0].merge(cells[-1])
            merged.paragraphs[0].add_run(row).bold = True
            continue
        for cell, text in zip(cells, row, strict=True):
            cell.text = text
    return table


def _leads(people, *, names: bool) -> str:
    if not people:
        return "None named"
    if not names:
        return ", ".join(person.short_name for person in people)
    return ", ".join(
        f"{person.short_name} ({person.name})"
        if person.initials and person.name != person.initials
        else person.short_name
        for person in people
    )


def _status(effective) -> str:
    reason = f" ({effective.reason})" if effective.reason else ""
    return f"{effective.status.label}{reason}"


def _latest_comment(row) -> str:
    comment = row.milestone.reported_comment
    when = f" ({short_date(row.reported_on)})" if row.reported_on else ""
    if comment:
        return f"{comment}{when}"
    return f"No comment{when}" if row.reported_on else "Never updated"


def _exceptions(document, content: ReportContent) -> None:
    document.add_heading("Milestones off track or behind", level=2)
    as_at = long_date(content.as_at)
    if not content.exceptions:
        document.add_paragraph(f"No milestone is off track or behind as at {as_at}.")
        return
    _table(
        document,
        f"Every milestone off track (overdue ones included) or behind as at {as_at}, with its "
        "leads and latest comment",
        ["Milestone", "Leads", "Due", "Status", "Latest comment"],
        (
            [
                f"{row.milestone.full_ref} {row.milestone.text}",
                _leads(row.milestone.lead_people, names=True),
                short_date(row.milestone.effective_due_date) or NONE,
                _status(row.effective),
                _latest_comment(row),
            ]
            for row in content.exceptions
        ),
    )


def _indicators(document, content: ReportContent) -> None:
    document.add_heading("Performance indicators", level=2)
    if not content.indicators:
        document.add_paragraph("The plan has no performance indicators.")
        return

    def cells(row):
        indicator, state = row.indicator, row.state
        latest = f"{state.latest.actual} ({state.latest.period})" if state.latest else "None yet"
        target = f"{state.target.target} ({state.target.period})" if state.target else NONE
        direction = state.direction.label if state.direction else "Not known"
        rag = state.rag.label if state.rag else "No RAG"
        return [f"{indicator.ref} {indicator.definition}", latest, target, rag, direction]

    _table(
        document,
        f"Each indicator's latest figures as at {long_date(content.as_at)}, its RAG against "
        "target and its direction of travel",
        ["Indicator", "Latest actual", "Target", "RAG", "Direction"],
        (cells(row) for row in content.indicators),
    )


def _rating(rating) -> str:
    if not rating.scored:
        return "Not scored"
    return f"{rating.likelihood} × {rating.severity} = {rating.score} {rating.band}"


def _risks(document, content: ReportContent) -> None:
    document.add_heading("Risks", level=2)
    as_at = long_date(content.as_at)
    count = content.open_risks
    if not count:
        document.add_paragraph(f"No risk is open as at {as_at}.")
        return
    text = f"{count} risk{' is' if count == 1 else 's are'} open as at {as_at}."
    if content.scored_risks:
        text += " The grids count them by likelihood and severity, before and after mitigation."
    else:
        text += " None of them has been scored, so there is no grid of likelihood and severity."
    document.add_paragraph(text)
    if content.scored_risks:
        for heat_map in (content.inherent_map, content.residual_map):
            _table(
                document,
                heat_map.caption,
                ["Likelihood \\ severity", *(f"Severity {s}" for s in heat_map.severities)],
                (
                    [
                        f"Likelihood {row.likelihood}",
                        *(f"{cell.count} {cell.band}" for cell in row.cells),
                    ]
                    for row in heat_map.rows
                ),
            )
            if heat_map.unscored:
                n = heat_map.unscored
                document.add_paragraph(
                    f"{n} open risk{'' if n == 1 else 's'} {'has' if n == 1 else 'have'} no "
                    f"{heat_map.kind} scores, so {'is' if n == 1 else 'are'} not on this grid."
                )
    if content.highest_risks:
        _table(
            document,
            f"The open risks with the highest residual scores as at {as_at}",
            ["Risk", "Owner", "Inherent", "Residual", "Mitigation"],
            (
                [
                    f"{line.risk.ref} {line.risk.description}",
                    line.risk.owner.short_name if line.risk.owner else "None named",
                    _rating(line.inherent),
                    _rating(line.residual),
                    line.risk.mitigation or "None recorded",
                ]
                for line in content.highest_risks
            ),
        )


def _landscape(document) -> None:
    """The appendices are wide: they start a landscape section, as in the PDF."""
    portrait = document.sections[-1]
    section = document.add_section(WD_SECTION.NEW_PAGE)
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = portrait.page_height, portrait.page_width


def _timeline(document, content: ReportContent) -> None:
    timeline = content.timeline
    document.add_heading("Appendix 1: RAG timeline", level=2)
    if not timeline.months:
        document.add_paragraph(
            f"No month of the plan had ended by {long_date(content.as_at)}, so there is no "
            "timeline yet."
        )
        return
    document.add_paragraph(
        "Each recommendation's status at the end of each month, rolled up from its milestones "
        "(an overdue milestone counts as off track), from "
        f"{timeline.months[0]:%B %Y} to {timeline.months[-1]:%B %Y}."
    )
    document.add_paragraph(
        "Key: " + "; ".join(f"{s.abbreviation} {s.label}" for s in content.statuses) + "."
    )

    def rows():
        for theme in timeline.themes:
            yield theme.theme.name
            for row in theme.rows:
                yield [
                    row.recommendation.ref,
                    *(cell.abbreviation if cell else "" for cell in row.cells),
                ]

    _table(
        document,
        "Status of each recommendation at the end of each month",
        ["Recommendation", *(f"{month:%b %y}" for month in timeline.months)],
        rows(),
    )


def _plan(document, content: ReportContent) -> None:
    document.add_heading(f"Appendix 2: the plan as at {long_date(content.as_at)}", level=2)
    if not content.snapshot.milestones:
        document.add_paragraph("The plan has no milestones yet.")
        return

    def rows():
        for theme in content.snapshot.themes:
            code = f" ({theme.theme.code})" if theme.theme.code else ""
            for rec in theme.recommendations:
                recommendation = rec.recommendation
                timescale = (
                    f" Timescale: {recommendation.timescale}." if recommendation.timescale else ""
                )
                yield (
                    f"Recommendation {recommendation.ref}{code}: {recommendation.text}"
                    f"{timescale} Status: {rec.status.label}."
                )
                outcome = object()
                for row in rec.milestones:
                    milestone = row.milestone
                    if milestone.outcome_id == outcome:
                        outcome_text = "As above"
                    else:
                        outcome_text = milestone.outcome.text if milestone.outcome_id else ""
                    outcome = milestone.outcome_id
                    due = milestone.due_text or ""
                    revised = milestone.effective_due_date
                    if revised and revised != milestone.due_date:
                        due = f"{due} revised to {short_date(revised)}".strip()
                    yield [
                        outcome_text,
                        f"{milestone.full_ref} {milestone.text}",
                        milestone.success_criteria,
                        _leads(milestone.lead_people, names=False),
                        due,
                        _status(row.effective),
                    ]

    _table(
        document,
        "Every recommendation with its outcomes and milestones, their success criteria, leads, "
        "due dates and status",
        ["Outcome", "Milestone", "Success criteria", "Leads", "Due", "Status"],
        rows(),
    )
