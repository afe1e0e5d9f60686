"""The one shape both readers hand to the parser: the document as numbered lines.

A text file gives its physical lines; a Word file gives its paragraphs in reading order, table
cells row by row, which is how the published text files flatten the same tables. So the parser
never needs to know which format a spec came in.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# C0 and C1 control characters, and the two code points XML forbids outright.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\ufffe\uffff]")
# "·", "•", "-", "*", "1." or "1)" followed by white space (at least one, often several).
_BULLET = re.compile(r"^(?:[·•\-*]|\d+[.)])\s+")


@dataclass(frozen=True)
class Line:
    number: int  # the line of a text file, the paragraph of a Word file (counted from 1)
    text: str  # white space folded, bullet marker removed
    bullet: bool = False  # a list item
    cell: bool = False  # the first line of a table cell
    follows: bool = False  # directly after the previous line, in the same paragraph or cell
    row: bool = False  # the first line of a table row
    heading: bool = False  # styled as a heading (Word's Heading and Title styles)

    @property
    def blank(self) -> bool:
        return not self.text


def fold(text: str) -> str:
    """Runs of white space (non-breaking spaces included: str.split knows them) become one space.

    Control characters (left in text exports as page or cell marks) count as white space: a Word
    document cannot hold them, and a terminal showing the report would obey them.
    """
    return " ".join(_CONTROL.sub(" ", text).split())


def make_line(
    number: int,
    raw: str,
    *,
    listed: bool = False,
    cell: bool = False,
    follows: bool = False,
    row: bool = False,
    heading: bool = False,
) -> Line:
    """A line from raw text; `listed` when the source itself marks it as a list item (Word)."""
    text = fold(raw)
    marker = _BULLET.match(text + " ")  # a marker alone on its line is an empty bullet
    if marker and not heading:
        text = text[marker.end() :].strip()
    return Line(number, text, listed or bool(marker and not heading), cell, follows, row, heading)


def joined(lines: list[Line]) -> str:
    """The text of lines that make one item or paragraph."""
    return fold(" ".join(line.text for line in lines))


class Ledger:
    """Where each line went (a field, or structure such as a heading): what is left unmarked is reported."""

    def __init__(self) -> None:
        self.placed: dict[int, str] = {}  # line number -> e.g. "tasks[3]" or "structure: heading"

    def place(self, line: Line, where: str) -> None:
        self.placed.setdefault(line.number, where)

    def place_all(self, lines: list[Line], where: str) -> None:
        for line in lines:
            self.place(line, where)
