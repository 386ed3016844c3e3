import pytest

from improvement.leads import looks_like_initials, split_leads


@pytest.mark.parametrize(
    ("cell", "leads"),
    [
        ("SMe LM", ["SMe", "LM"]),
        ("LM & RT", ["LM", "RT"]),
        ("LM with RT", ["LM", "RT"]),
        ("HL/ST", ["HL", "ST"]),
        ("LM SMe / LR", ["LM", "SMe", "LR"]),
        ("MP & SA", ["MP", "SA"]),
        ("SF CYPP", ["SF", "CYPP"]),
        ("LS/SD", ["LS", "SD"]),
        ("AB, CD and EF", ["AB", "CD", "EF"]),
        ("LM LM", ["LM"]),
        ("Chief Executive", ["Chief Executive"]),
        ("Director Children and Families", ["Director Children and Families"]),
        ("Sue Smith", ["Sue Smith"]),
        ("Head of Service; Chief Executive", ["Head of Service", "Chief Executive"]),
        ("Head of HR\nLM", ["Head of HR", "LM"]),
        ("  ", []),
        ("", []),
    ],
)
def test_split_leads(cell, leads):
    assert split_leads(cell) == leads


@pytest.mark.parametrize(
    ("token", "expected"),
    [("LM", True), ("SMe", True), ("CYPP", True), ("Sue", False), ("lm", False), ("ABCDEF", False)],
)
def test_looks_like_initials(token, expected):
    assert looks_like_initials(token) is expected
