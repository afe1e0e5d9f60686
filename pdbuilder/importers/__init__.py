"""Importing class specifications (text or Word) into catalog class groups.

    imported = import_spec(Path("library-science.docx"))
    catalog_text = group_to_toml(imported.group)
    print(report(imported, path))

Both readers turn a document into numbered `Line`s; one parser turns those into a ClassGroup and
reports every non-blank line it could not place.
"""

from __future__ import annotations

from pathlib import Path

from pdbuilder.errors import SpecError
from pdbuilder.importers import text, word
from pdbuilder.importers.parser import Imported, Unplaced, parse
from pdbuilder.storage import read_bytes

__all__ = ["Imported", "Unplaced", "import_spec", "report"]

_ZIP_MAGIC = b"PK\x03\x04"
_OLD_WORD_MAGIC = b"\xd0\xcf\x11\xe0"  # Word 97-2003 .doc (an OLE compound file)


def import_spec(path: Path) -> Imported:
    """A class specification as a class group; raises SpecError when the file cannot be read as one."""
    data = read_bytes(path, SpecError)
    if not data.strip():
        raise SpecError("file is empty", path)
    if data.startswith(_OLD_WORD_MAGIC):
        raise SpecError("a Word 97-2003 .doc file: save it as .docx (or as plain text) and import that", path)
    if path.suffix.lower() == ".docx" or data.startswith(_ZIP_MAGIC):
        return parse(word.read_lines(data, path, SpecError), path, unit="paragraph")
    return parse(text.read_lines(data, path, SpecError), path, unit="line")


def report(imported: Imported, path: Path) -> str:
    """The lines that went nowhere, each with its section and number; empty when every line was placed."""
    if not imported.unplaced:
        return ""
    count = len(imported.unplaced)
    lines = [
        f"{path}: {count} {imported.unit}{'s' * (count != 1)} not imported (section, {imported.unit}: text):"
    ]
    lines += [f"  {u.section}, {imported.unit} {u.line.number}: {u.line.text}" for u in imported.unplaced]
    return "\n".join(lines) + "\n"
