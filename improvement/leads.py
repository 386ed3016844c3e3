"""Splitting a plan's lead cell into leads, as DESIGN.md describes."""

import re

_HARD_SEPARATORS = re.compile(r"[;\n\r]+")
_SOFT_SEPARATORS = re.compile(r"[\s/&,]+")
_INITIALS = re.compile(r"^[A-Z][A-Za-z]{0,4}$")
_FILLER = {"with", "and"}


def split_leads(cell: str) -> list[str]:
    """The leads a cell names, in order, without repeats.

    A cell with ";" or line breaks is split on those alone (names and job titles). Otherwise,
    when every token between spaces, "/", "&" and "," (ignoring "with" and "and") looks like
    initials (see looks_like_initials), each token is a lead: "LM SMe / LR" is three. Else the
    whole cell is one lead: "Chief Executive".
    """
    text = (cell or "").strip()
    if not text:
        return []
    if _HARD_SEPARATORS.search(text):
        parts = [" ".join(part.split()) for part in _HARD_SEPARATORS.split(text)]
        return _unique(part for part in parts if part)
    tokens = [t for t in _SOFT_SEPARATORS.split(text) if t and t.lower() not in _FILLER]
    if tokens and all(looks_like_initials(token) for token in tokens):
        return _unique(tokens)
    return [" ".join(text.split())]


def looks_like_initials(token: str) -> bool:
    """Letters only, at most five, starting with a capital: "LM", "SMe", "CYPP".

    Capitals must also outnumber lower-case letters, so that a short name ("Sue", "Smith")
    is not read as initials and "Sue Smith" stays one lead.
    """
    if not _INITIALS.match(token):
        return False
    capitals = sum(1 for char in token if char.isupper())
    return capitals > len(token) - capitals


def _unique(items) -> list[str]:
    return list(dict.fromkeys(items))
