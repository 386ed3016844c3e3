"""Reading a tagged PDF back: its structure tree (pikepdf), the text of each marked-content
sequence (pypdf), and the text a screen reader gets by following the tree."""

import io
import re
from collections import defaultdict
from dataclasses import dataclass, field

import pikepdf
from pypdf import PdfReader

ARTIFACT = "artifact"
INLINE = {"Span", "NonStruct", "Link"}


@dataclass
class Element:
    role: str
    page: int | None
    attributes: dict[str, str]  # /A, e.g. {"/O": "/Table", "/Scope": "/Column"}
    actual_text: str | None
    kids: list = field(default_factory=list)  # Elements and (page, mcid) pairs

    def find(self, role: str) -> list["Element"]:
        found = [self] if self.role == role else []
        for kid in self.kids:
            if isinstance(kid, Element):
                found.extend(kid.find(role))
        return found

    @property
    def roles(self) -> list[str]:
        return [kid.role for kid in self.kids if isinstance(kid, Element)]


def marked_texts(data: bytes) -> list[dict]:
    """Each page's text by marked-content id, with the text of pagination artifacts under
    ("artifact", subtype) and text marked as neither under None."""
    pages = []
    for page in PdfReader(io.BytesIO(data)).pages:
        stack, texts = [], defaultdict(str)

        def before(operator, arguments, cm, tm, stack=stack):
            if operator == b"BDC":
                tag, properties = arguments[0], arguments[1]
                if tag == "/Artifact":
                    stack.append((ARTIFACT, str(properties.get("/Subtype"))))
                else:
                    mcid = properties.get("/MCID")
                    stack.append(None if mcid is None else int(mcid))
            elif operator == b"BMC":
                stack.append((ARTIFACT, None) if arguments[0] == "/Artifact" else None)
            elif operator == b"EMC" and stack:
                stack.pop()

        def text(value, cm, tm, font, size, stack=stack, texts=texts):
            mark = next((m for m in reversed(stack) if m is not None), None)
            texts[mark] += value

        page.extract_text(visitor_operand_before=before, visitor_text=text)
        pages.append(dict(texts))
    return pages


def structure(data: bytes) -> tuple[Element, list[set]]:
    """The structure tree from its root, and each page's marked-content ids that the
    ParentTree maps."""
    pdf = pikepdf.open(io.BytesIO(data))
    page_numbers = {page.objgen: n for n, page in enumerate(pdf.pages)}

    def build(node, page):
        if isinstance(node, int):
            return (page, node)
        if node.get("/Type") == "/MCR":
            return (page_numbers[node.Pg.objgen] if "/Pg" in node else page, int(node.MCID))
        if node.get("/Type") == "/OBJR":
            return None
        if "/Pg" in node:
            page = page_numbers[node.Pg.objgen]
        attributes = node.get("/A")
        element = Element(
            str(node.get("/S", "/StructTreeRoot")).lstrip("/"),
            page,
            {key: str(value) for key, value in attributes.items()} if attributes else {},
            str(node.ActualText) if "/ActualText" in node else None,
        )
        kids = node.get("/K")
        for kid in kids if isinstance(kids, pikepdf.Array) else [] if kids is None else [kids]:
            built = build(kid, page)
            if built is not None:
                element.kids.append(built)
        return element

    root = build(pdf.Root.StructTreeRoot, None)
    mapped = [set() for _ in pdf.pages]
    numbers = pdf.Root.StructTreeRoot.ParentTree.Nums
    for index in range(0, len(numbers), 2):
        key, value = int(numbers[index]), numbers[index + 1]
        if key < len(pdf.pages) and isinstance(value, pikepdf.Array):
            mapped[key] = {mcid for mcid, target in enumerate(value) if target is not None}
    return root, mapped


def reached(element: Element) -> set:
    found = set()
    for kid in element.kids:
        found |= reached(kid) if isinstance(kid, Element) else {kid}
    return found


def element_text(element: Element, texts: list[dict]) -> str:
    """What a screen reader reads for the element: its ActualText, else its content's."""
    if element.actual_text is not None:
        return element.actual_text
    parts = []
    for kid in element.kids:
        if isinstance(kid, Element):
            # Blocks (paragraphs, cells, items) are read apart; inline runs are not.
            gap = "" if kid.role in INLINE else " "
            parts.append(f"{gap}{element_text(kid, texts)}{gap}")
        else:
            page, mcid = kid
            parts.append(texts[page].get(mcid, ""))
    # pypdf starts a line's text with a line break where the text moved down the page; a
    # reader following the tree has no such position, so it is left out here.
    return "".join(part.replace("\n", "") for part in parts)


def words(text: str) -> set[str]:
    return {word.lower() for word in re.findall(r"\w+", text)}
