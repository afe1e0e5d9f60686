"""The one shape both readers hand to the parser: the document as numbered lines.

A text file gives its physical lines; a Word file gives its paragraphs in reading order, table
cells row by row, which is how the published text files flatten the same tables. So the parser
never needs to know which format a spec came in.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pdbuilder.model import XML_FORBIDDEN

# "·", "•", "-", "*", "1." or "1)" followed by white space (at least one, often several).
_BULLET = re.compile(r"^(?:[·•\-*]|\d+[.)])\s+")


@dataclass(frozen=True)
class Line:
    number: int  # the line of a text file, the paragraph of a Word file (counted from 1)
    text: str  # white space folded, bullet marker removed
    bullet: bool = False  # a list item
    cell: bool = False  # the first line of a table cell
    follows: bool = False  # directly after the previous line, in the same paragraph or cell

    @property
    def blank(self) -> bool:
        return not self.text


def fold(text: str) -> str:
    """Runs of white space (non-breaking spaces included: str.split knows them) become one space.

    Control characters a Word document cannot hold (left in text exports as page or cell marks)
    count as white space, so that no catalog text breaks the documents made from it.
    """
    return " ".join(XML_FORBIDDEN.sub(" ", text).split())


def make_line(number: int, raw: str, *, listed: bool = False, cell: bool = False, follows: bool = False) -> Line:
    """A line from raw text; `listed` when the source itself marks it as a list item (Word)."""
    text = fold(raw)
    marker = _BULLET.match(text + " ")  # a marker alone on its line is an empty bullet
    if marker:
        text = text[marker.end() :].strip()
    return Line(number, text, listed or bool(marker), cell, follows)
