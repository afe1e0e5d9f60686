"""Reading a spec published as plain text: one Line per physical line.

Tables arrive flattened: each cell starts on a tab-indented line (an empty cell is a line holding
only the tab), and a cell or item that wraps goes on without a tab or a bullet.
"""

from __future__ import annotations

from pathlib import Path

from pdbuilder.errors import PdbuilderError
from pdbuilder.importers.lines import Line, make_line
from pdbuilder.storage import decode_text


def read_lines(data: bytes, path: Path, error: type[PdbuilderError]) -> list[Line]:
    text = decode_text(data, path, error, kind="spec")
    lines = []
    previous_blank = True
    # split("\n"), not splitlines(): a form feed (a page break in exported text) is not a new line.
    for number, raw in enumerate(text.split("\n"), 1):
        raw = raw.rstrip("\r")
        cell = raw.startswith("\t")
        line = make_line(number, raw, cell=cell, follows=not previous_blank and not cell)
        lines.append(line)
        previous_blank = not raw.strip()
    return lines
