"""Reading a generated Word file back with python-docx, for assertions on what a person would see."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import docx
from docx.table import Table


@dataclass
class DocxText:
    body: list[str]  # every paragraph of the body in order, table cells included
    rows: list[list[str]]  # every table row, as its cells' texts
    headers: list[str]
    footers: list[str]
    footer_xml: str

    @property
    def text(self) -> str:
        return "\n".join(self.headers + self.body + self.footers)

    def row_with(self, text: str) -> list[str]:
        """The table row holding `text` in one of its cells."""
        found = [row for row in self.rows if any(text in cell for cell in row)]
        assert len(found) == 1, f"{text!r} is in {len(found)} table rows"
        return found[0]


def read_docx(path: Path) -> DocxText:
    document = docx.Document(str(path))
    body: list[str] = []
    rows: list[list[str]] = []

    def walk(container) -> None:
        for item in container.iter_inner_content():
            if isinstance(item, Table):
                for row in item.rows:
                    rows.append([cell.text for cell in row.cells])
                    for cell in row.cells:
                        walk(cell)
            else:
                body.append(item.text)

    walk(document)
    sections = document.sections
    return DocxText(
        body=body,
        rows=rows,
        headers=[p.text for s in sections for p in s.header.paragraphs],
        footers=[p.text for s in sections for p in s.footer.paragraphs],
        footer_xml="".join(s.footer._element.xml for s in sections),
    )
