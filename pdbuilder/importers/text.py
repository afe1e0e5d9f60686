"""Reading a spec published as plain text: one Line per physical line.

Tables arrive flattened: each cell starts on a tab-indented line (an empty cell is a line holding
only the tab), a cell or item that wraps goes on without a tab or a bullet, and a blank line ends
a row.
"""

from __future__ import annotations

from pathlib import Path

from pdbuilder.errors import PdbuilderError
from pdbuilder.importers.lines import Line, make_line
from pdbuilder.storage import decode_text


def read_lines(data: bytes, path: Path, error: type[PdbuilderError]) -> list[Line]:
    text = decode_text(data, path, error, kind="spec")
    lines = []
    previous_blank, gap, in_table = True, True, False
    # split("\n"), not splitlines(): a form feed (a page break in exported text) is not a new line.
    for number, raw in enumerate(text.split("\n"), 1):
        raw = raw.rstrip("\r")
        cell = raw.startswith("\t")
        follows = not previous_blank and not cell
        # Rows are set apart by blank lines (not empty cells); a table's first cell starts a row too.
        row = cell and (gap or not in_table)
        lines.append(make_line(number, raw, cell=cell, follows=follows, row=row))
        previous_blank = not raw.strip()
        gap = previous_blank and not cell
        in_table = cell or (in_table and (gap or follows))
    return lines
