"""The one list reader: the items of a section, from bullets or paragraphs."""

from __future__ import annotations

from pdbuilder.importers.lines import Ledger, Line, joined


def read_list(lines: list[Line], ledger: Ledger, where: str, paragraphs: bool | None = None) -> list[str]:
    """The items of a list: each bullet, with the lines that wrap from it.

    Without any bullet (or when `paragraphs`), each paragraph is an item; in a bulleted list a
    paragraph that follows no item is left for the report. Each item's lines are placed at
    `where[n]`.
    """
    if paragraphs is None:
        paragraphs = not any(line.bullet for line in lines)
    items: list[list[Line]] = []
    open_item = False  # the previous line went into the last item, so a wrapped line continues it
    for line in lines:
        if line.blank:
            continue
        if open_item and line.follows and not line.bullet:
            items[-1].append(line)
        elif line.bullet or paragraphs:
            items.append([line])
            open_item = True
        else:
            open_item = False
    for number, item in enumerate(items, 1):
        ledger.place_all(item, f"{where}[{number}]")
    return [joined(item) for item in items]
