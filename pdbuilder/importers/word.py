"""Reading a spec saved as a Word .docx file: one Line per paragraph, in reading order.

Tables are read row by row, cell by cell, the order in which the published text files flatten
them; a list paragraph (bulleted or numbered by Word) is a bullet. python-docx is imported here,
inside the function, so that starting the CLI or the TUI never pays for it.
"""

from __future__ import annotations

from pathlib import Path

from pdbuilder.importers.lines import Line, make_line

# Word's built-in list styles ("List Bullet 2", "List Number 3", ...); "List Continue" paragraphs
# carry on the item above them instead.
LIST_STYLES = ("List Bullet", "List Number", "List Paragraph")


def read_lines(data: bytes, path: Path, error: type[Exception]) -> list[Line]:
    import io

    import docx

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception:  # a damaged package fails in zipfile, lxml or python-docx alike
        raise error("not a readable Word .docx file: damaged, or not a Word document", path) from None
    # Paragraph.style looks the style up among all styles on every call (most of the reading
    # time): map the style ids once.
    style_names = {style.style_id: style.name for style in document.styles}
    lines: list[Line] = []
    _read_blocks(document.iter_inner_content(), lines, style_names, in_cell=False)
    return lines


def _read_blocks(blocks, lines: list[Line], style_names: dict[str, str], in_cell: bool) -> None:
    first = True
    for block in blocks:
        if hasattr(block, "rows"):
            _read_table(block, lines, style_names)
            continue
        style = style_names.get(block._p.style) or ""
        lines.append(
            make_line(
                len(lines) + 1, block.text, listed=_is_list_item(block, style),
                cell=in_cell and first, follows=(in_cell and not first) or style.startswith("List Continue"),
            )
        )
        first = False


def _read_table(table, lines: list[Line], style_names: dict[str, str]) -> None:
    read: dict = {}  # cell element -> its lines
    for row in table.rows:
        previous = None
        for cell in row.cells:
            if cell._tc is previous:  # a cell spanning several columns: one cell
                continue
            previous = cell._tc
            if cell._tc in read:  # a cell merged down several rows: its text counts in each row
                lines += read[cell._tc]
                continue
            start = len(lines)
            _read_blocks(cell.iter_inner_content(), lines, style_names, in_cell=True)
            read[cell._tc] = lines[start:]


def _is_list_item(paragraph, style: str) -> bool:
    """Bulleted or numbered by Word: a list style, or list numbering set on the paragraph itself."""
    properties = paragraph._p.pPr
    return style.startswith(LIST_STYLES) or (properties is not None and properties.numPr is not None)
