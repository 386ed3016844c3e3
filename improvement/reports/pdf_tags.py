"""PDF/UA fixes to WeasyPrint 70's tagging, made while it builds the structure tree.

As WeasyPrint 70 tags a document:
- the page's margin boxes (our running header and "Page X of Y") are marked content mapped
  to structure elements that nothing in the tree reaches (27 ids in a 13-page report);
- table header cells (TH) have no /Scope;
- a table's caption is tagged on its first page only, so a table continued on later pages
  is a table without a caption there;
- a numbered list item's text sits straight under its LI, with no LBody;
- the space at each line wrap is not drawn, so text read in structure order (a screen
  reader, "save as text" from the tags) runs the last word of a line into the next line's.

Each is put right here, at the two points where WeasyPrint builds the tree (`add_tags`, once
per document, and `_build_box_tree`, once per box): there the boxes, and so the HTML, are
still known, which a pass over the finished PDF would have to guess from its bytes, and a
300-page report is not parsed and written twice. Written against weasyprint 70 and pydyf
0.13 (pinned); tests/reports/test_pdf_ua.py reads the result back with pikepdf.

What the templates mark:
- `data-pdf-artifact="watermark"` on an element: drawn as a pagination artifact (the DRAFT
  mark), not part of the structure;
- class `app-pdf-caption` on a table's first header cell (a header row spanning the table,
  which WeasyPrint repeats on every page the table runs onto): tagged as that table's
  Caption on each page.
"""

import pydyf
from weasyprint import pdf as weasyprint_pdf
from weasyprint.formatting_structure import boxes
from weasyprint.layout.absolute import AbsolutePlaceholder
from weasyprint.pdf import tags as weasyprint_tags

ARTIFACT_ATTRIBUTE = "data-pdf-artifact"
CAPTION_CLASS = "app-pdf-caption"
# A line may wrap after these with no space having been dropped.
NO_SPACE_AFTER = (" ", "-", "\u00ad", "\u2010", "\u2011", "\u2013", "\u2014", "/")

_weasyprint_add_tags = weasyprint_tags.add_tags
_weasyprint_build_box_tree = weasyprint_tags._build_box_tree


def install() -> None:
    """Use these fixes for every tagged PDF the process makes (idempotent)."""
    weasyprint_tags.add_tags = add_tags
    weasyprint_pdf.add_tags = add_tags  # weasyprint.pdf imported the name
    weasyprint_tags._build_box_tree = _build_box_tree


def add_tags(pdf, document, pdf_version, page_streams):
    """WeasyPrint's add_tags, with artifacts taken out of the structure before and the
    dropped spaces given back after."""
    line_ends = []
    for page, stream in zip(document.pages, page_streams, strict=True):
        artifacts, ends = _scan_page(page._page_box, stream._tags)
        _draw_as_artifacts(stream, artifacts)
        line_ends.append({stream._tags[box]["mcid"]: text for box, text in ends.items()})
    _weasyprint_add_tags(pdf, document, pdf_version, page_streams)
    root = _object(pdf, pdf.catalog["StructTreeRoot"])
    numbers = _object(pdf, root["ParentTree"])["Nums"]
    for page_number, ends in enumerate(line_ends):
        references = numbers[2 * page_number + 1]
        for mcid, text in ends.items():
            span = _object(pdf, references[mcid])
            if span["S"] == "/Span" and len(span["K"]) == 1:
                span["ActualText"] = pydyf.String(f"{text} ")


def _build_box_tree(box, parent, pdf, page_number, nums, annotations, tags):
    """WeasyPrint's _build_box_tree (which calls this again for each child), leaving out
    what was drawn as an artifact and completing each element it makes."""
    real = box._box if isinstance(box, AbsolutePlaceholder) else box
    if _artifact_kind(real) and not any(child in tags for child in _descendants(real)):
        return
    for element in _weasyprint_build_box_tree(
        box, parent, pdf, page_number, nums, annotations, tags
    ):
        role = element["S"]
        if role == "/TH":
            _scope_or_caption(element, real)
        elif role == "/LI":
            _give_body(element, pdf, nums)
        elif role == "/L":
            _lift_items(element, pdf)
        elif role == "/Table":
            _lift_caption(element, pdf)
        yield element


def _object(pdf, reference: bytes):
    return pdf.objects[int(reference.split()[0])]


def _descendants(box):
    stack = [box]
    while stack:
        box = stack.pop()
        if isinstance(box, AbsolutePlaceholder):
            box = box._box
        yield box
        stack.extend(getattr(box, "children", ()))


def _artifact_kind(box) -> str | None:
    """Header or Footer for a page margin box, Watermark for a marked element, else None."""
    if isinstance(box, boxes.MarginBox):
        return "Footer" if box.at_keyword.startswith("@bottom") else "Header"
    if box.element is not None and box.element.get(ARTIFACT_ATTRIBUTE):
        return box.element.get(ARTIFACT_ATTRIBUTE).title()
    return None


def _scan_page(page_box, tags) -> tuple[dict, dict]:
    """The page's tagged boxes that are artifacts ({box: kind}), and the text of each line's
    last text box where the line wrapped at a space ({box: text})."""
    artifacts, line_ends = {}, {}
    stack = [(page_box, None)]
    while stack:
        box, kind = stack.pop()
        if isinstance(box, AbsolutePlaceholder):
            box = box._box
        kind = kind or _artifact_kind(box)
        if kind and box in tags:
            artifacts[box] = kind
        children = getattr(box, "children", ())
        lines = [child for child in children if isinstance(child, boxes.LineBox)]
        if not _is_inline_role_block(box):
            lines = lines[:-1]
        for line in lines:
            last = _last_text(line)
            if last is not None and last in tags and not last.text.endswith(NO_SPACE_AFTER):
                line_ends[last] = last.text
        stack.extend((child, kind) for child in children)
    return artifacts, {box: text for box, text in line_ends.items() if box not in artifacts}


def _is_inline_role_block(box) -> bool:
    """A block tagged as an inline Span (a <span> set display: block): a reader runs its
    text into the next block's, so its last line ends with a space too."""
    return isinstance(box, boxes.BlockBox) and (
        weasyprint_tags._get_pdf_tag(box.element_tag) == "Span"
    )


def _last_text(box):
    """The line's (or inline box's) last text box with some text, if text ends it."""
    for child in reversed(getattr(box, "children", ())):
        if isinstance(child, boxes.TextBox):
            if child.text:
                return child
        elif isinstance(child, boxes.InlineBox):
            last = _last_text(child)
            if last is not None:
                return last
        else:
            return None
    return None


def _draw_as_artifacts(stream, artifacts: dict) -> None:
    """Turn the artifacts' marked content into /Artifact <</Type /Pagination>> sequences and
    number the page's remaining marked content from 0 again, so that every id left is one
    the structure tree reaches. Leaves the page as WeasyPrint drew it if some marked content
    is not in the page's own stream (drawn in a group, which our stylesheet never does)."""
    if not artifacts:
        return
    tags = stream._tags
    positions = {
        item["MCID"]: index
        for index, item in enumerate(stream.stream)
        if isinstance(item, pydyf.Dictionary) and "MCID" in item
    }
    if any(mark["mcid"] not in positions for mark in tags.values()):
        return
    for box, kind in artifacts.items():
        index = positions.pop(tags.pop(box)["mcid"])
        stream.stream[index - 1] = "/Artifact"
        stream.stream[index] = pydyf.Dictionary({"Type": "/Pagination", "Subtype": f"/{kind}"})
    for number, mark in enumerate(sorted(tags.values(), key=lambda mark: mark["mcid"])):
        stream.stream[positions[mark["mcid"]]]["MCID"] = number
        mark["mcid"] = number


def _scope_or_caption(element, box) -> None:
    """A header cell's scope from its HTML scope (row and rowgroup: Row; else Column), or the
    caption cell made the table's Caption (lifted into place by _lift_caption)."""
    if CAPTION_CLASS in (box.element.get("class") or "").split():
        element["S"] = "/Caption"
        del element["A"]
        return
    scope = (box.element.get("scope") or "").lower()
    element["A"]["Scope"] = "/Row" if scope in ("row", "rowgroup") else "/Column"


def _give_body(item, pdf, nums) -> None:
    """An LI holds its Lbl (the number or bullet) and one LBody with everything else."""
    kids = list(item["K"])
    roles = [_object(pdf, kid)["S"] if isinstance(kid, bytes) else None for kid in kids]
    if "/LBody" in roles:
        return
    labels = [kid for kid, role in zip(kids, roles, strict=True) if role == "/Lbl"]
    content = [kid for kid, role in zip(kids, roles, strict=True) if role != "/Lbl"]
    if not content:
        return
    body = pydyf.Dictionary(
        {
            "Type": "/StructElem",
            "S": "/LBody",
            "K": pydyf.Array(content),
            "Pg": item["Pg"],
            "P": item.reference,
        }
    )
    pdf.add_object(body)
    for kid in content:
        if isinstance(kid, bytes):
            _object(pdf, kid)["P"] = body.reference
        else:  # a marked-content id: the parent tree must name its new parent
            nums[kid] = body.reference
    item["K"] = pydyf.Array([*labels, body.reference])


def _lift_items(list_, pdf) -> None:
    """A list holds its items directly: the Div of each row of a description list (GOV.UK's
    summary list wraps each term and its description in one) gives way to its items."""
    kids = []
    for kid in list_["K"]:
        element = _object(pdf, kid) if isinstance(kid, bytes) else None
        if element is not None and element["S"] == "/Div":
            for item in element["K"]:
                if isinstance(item, bytes):
                    _object(pdf, item)["P"] = list_.reference
                    kids.append(item)
        else:
            kids.append(kid)
    list_["K"] = pydyf.Array(kids)


def _lift_caption(table, pdf) -> None:
    """Move a caption cell's element (see _scope_or_caption) out of its header row to be the
    table's first child, and out of the header cells every data cell names."""
    for section_reference in list(table["K"]):
        section = _object(pdf, section_reference)
        if section.get("S") != "/THead":
            continue
        for row_reference in list(section["K"]):
            row = _object(pdf, row_reference)
            cells = [_object(pdf, kid) for kid in row["K"]]
            if len(cells) != 1 or cells[0]["S"] != "/Caption":
                continue
            caption = cells[0]
            section["K"] = pydyf.Array(kid for kid in section["K"] if kid != row_reference)
            if not section["K"]:
                table["K"] = pydyf.Array(kid for kid in table["K"] if kid != section_reference)
            caption["P"] = table.reference
            table["K"].insert(0, caption.reference)
            if "ID" in caption:
                _forget_header(table, pdf, caption.pop("ID"))
            return


def _forget_header(table, pdf, key) -> None:
    for section_reference in table["K"]:
        section = _object(pdf, section_reference)
        for row_reference in section.get("K", ()) if section["S"] != "/Caption" else ():
            row = _object(pdf, row_reference)
            for cell_reference in row.get("K", ()):
                attributes = _object(pdf, cell_reference).get("A")
                if attributes is not None and key in attributes.get("Headers", ()):
                    attributes["Headers"] = pydyf.Array(
                        header for header in attributes["Headers"] if header != key
                    )
