"""Reading a spec saved as a Word .docx file: one Line per paragraph, in reading order.

Tables are read row by row, cell by cell, the order in which the published text files flatten
them; a list paragraph (bulleted or numbered by Word) is a bullet. python-docx is imported here,
inside the function, so that starting the CLI or the TUI never pays for it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

from pdbuilder.errors import PdbuilderError
from pdbuilder.importers.lines import Line, make_line

# Word's built-in list styles ("List Bullet 2", "List Number 3", ...); "List Continue" paragraphs
# carry on the item above them instead.
LIST_STYLES = ("List Bullet", "List Number", "List Paragraph")
# A heading however it is named: "Heading 1" to "Heading 9", "Title", "Subtitle".
HEADING_STYLES = ("Heading", "Title", "Subtitle")

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_PARAGRAPH, _TABLE, _RUN, _TEXT = f"{_W}p", f"{_W}tbl", f"{_W}r", f"{_W}t"
_MARKS = {f"{_W}tab": "\t", f"{_W}br": "\n", f"{_W}cr": "\n"}
# Wrappers whose content is part of the document: content controls, tracked insertions, links, fields.
_WRAPPERS = {
    f"{_W}{name}"
    for name in ("sdt", "sdtContent", "customXml", "ins", "moveTo", "smartTag", "hyperlink", "fldSimple")
}
# Content that is not: tracked deletions, text moved away, the fallback copy of a drawing.
_NOT_CONTENT = {
    f"{_W}del",
    f"{_W}moveFrom",
    "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback",
}


def read_lines(data: bytes, path: Path, error: type[PdbuilderError]) -> list[Line]:
    import io

    import docx

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception:  # a damaged package fails in zipfile, lxml or python-docx alike
        raise error("not a readable Word .docx file: damaged, or not a Word document", path) from None
    # Paragraph.style searches every style on each call (it was most of the reading time): map ids once.
    reader = _Reader({style.style_id: style.name for style in document.styles})
    reader.blocks(document.element.body, in_cell=False)
    return reader.lines


class _Reader:
    def __init__(self, style_names: dict[str, str]):
        self.style_names = style_names
        self.lines: list[Line] = []

    def blocks(self, container: Any, in_cell: bool) -> None:
        """The paragraphs and tables of the body or of a cell, in order."""
        first = True
        for child in _blocks(container):
            if child.tag == _TABLE:
                self.table(child)
                continue
            style = self.style_names.get(child.style) or ""
            self.lines.append(
                make_line(
                    len(self.lines) + 1,
                    _text(child),
                    listed=_is_list_item(child, style),
                    cell=in_cell and first,
                    follows=(in_cell and not first) or style.startswith("List Continue"),
                    heading=style.startswith(HEADING_STYLES),
                )
            )
            first = False

    def table(self, tbl: Any) -> None:
        from docx.table import Table

        read: dict[Any, list[Line]] = {}  # cell element -> its lines
        # No parent part: only the rows' structure and the cells' elements are read.
        for row in Table(tbl, None).rows:  # type: ignore[arg-type]
            previous = None
            row_start = len(self.lines)
            for cell in row.cells:
                if cell._tc is previous:  # a cell spanning several columns: one cell
                    continue
                previous = cell._tc
                if cell._tc in read:  # a cell merged down several rows: its text counts in each row
                    self.lines += read[cell._tc]
                    continue
                start = len(self.lines)
                self.blocks(cell._tc, in_cell=True)
                read[cell._tc] = self.lines[start:]
            if len(self.lines) > row_start:
                self.lines[row_start] = replace(self.lines[row_start], row=True)


def _blocks(element: Any) -> Iterator[Any]:
    """Paragraphs and tables under an element, looking inside content controls and tracked insertions
    (python-docx's own iteration skips them, and the words in them)."""
    for child in element:
        if child.tag in (_PARAGRAPH, _TABLE):
            yield child
        elif child.tag in _WRAPPERS:
            yield from _blocks(child)


def _text(paragraph: Any) -> str:
    """A paragraph's text. python-docx's Paragraph.text leaves out tracked insertions, content
    controls and fields, which would lose words without a trace."""
    parts = []
    for element in paragraph.iter(_TEXT, *_MARKS):
        # A run's text, not a tab stop of the paragraph's properties, and not deleted text.
        if element.getparent().tag == _RUN and not any(
            a.tag in _NOT_CONTENT for a in element.iterancestors()
        ):
            parts.append(element.text or "" if element.tag == _TEXT else _MARKS[element.tag])
    return "".join(parts)


def _is_list_item(paragraph: Any, style: str) -> bool:
    """Bulleted or numbered by Word: a list style, or list numbering set on the paragraph itself."""
    properties = paragraph.pPr
    return style.startswith(LIST_STYLES) or (properties is not None and properties.numPr is not None)
