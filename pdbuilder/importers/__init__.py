"""Importing class specifications (text or Word) into catalog class groups.

    imported = import_spec(Path("library-science.docx"))
    catalog_text = group_to_toml(imported.group)
    print(report(imported, path))

Both readers turn a document into numbered `Line`s; one parser, guided by a heading profile
(profiles.py), turns those into a ClassGroup and reports every non-blank line it could not place.
"""

from __future__ import annotations

from pathlib import Path

from pdbuilder.errors import SpecError
from pdbuilder.importers import text, word
from pdbuilder.importers.parser import Imported, Unplaced, parse
from pdbuilder.importers.profiles import Profile, bundled_profiles, read_profile
from pdbuilder.storage import read_bytes

__all__ = ["Imported", "Profile", "Unplaced", "explain", "find_profile", "import_spec", "report"]

_ZIP_MAGIC = b"PK\x03\x04"
_OLD_WORD_MAGIC = b"\xd0\xcf\x11\xe0"  # Word 97-2003 .doc (an OLE compound file)


def import_spec(
    path: Path, profile: Profile | None = None, group_id: str | None = None, id_prefix: str = ""
) -> Imported:
    """A class specification as a class group; raises SpecError when the file cannot be read as one.

    Without a profile, the bundled profile that knows most of the spec's headings is used.
    """
    data = read_bytes(path, SpecError)
    if not data.strip():
        raise SpecError("file is empty", path)
    if data.startswith(_OLD_WORD_MAGIC):
        raise SpecError("a Word 97-2003 .doc file: save it as .docx (or as plain text) and import that", path)
    if path.suffix.lower() == ".docx" or data.startswith(_ZIP_MAGIC):
        lines, unit = word.read_lines(data, path, SpecError), "paragraph"
    else:
        lines, unit = text.read_lines(data, path, SpecError), "line"
    return parse(lines, path, unit, profile, group_id, id_prefix)


def find_profile(name: str) -> Profile:
    """A bundled profile by name, or a profile file (`agency.toml`); SpecError names the choices."""
    path = Path(name)
    if path.suffix == ".toml":
        text = read_bytes(path, SpecError).decode("utf-8", errors="replace")
        try:
            return read_profile(path.stem, text)
        except (ValueError, KeyError) as exc:  # tomllib's errors are ValueErrors
            raise SpecError(f"not a heading profile: {exc}", path) from None
    profiles = {p.name: p for p in bundled_profiles()}
    if name not in profiles:
        raise SpecError(f"unknown profile {name!r} (profiles: {', '.join(profiles)}, or a FILE.toml)")
    return profiles[name]


def report(imported: Imported, path: Path) -> str:
    """The lines that went nowhere, each with its section and number; empty when every line was placed."""
    if not imported.unplaced:
        return ""
    count = len(imported.unplaced)
    lines = [
        f"{path}: {count} {imported.unit}{'s' * (count != 1)} not imported (section, {imported.unit}: text):"
    ]
    lines += [
        f"  {u.section}, {imported.unit} {u.line.number}: {u.line.text}" + (f"  ({u.why})" if u.why else "")
        for u in imported.unplaced
    ]
    return "\n".join(lines) + "\n"


def explain(imported: Imported, path: Path) -> str:
    """Every non-blank input line with the field it went to, for a person to review an import in one read."""
    unplaced = {u.line.number: u for u in imported.unplaced}
    width = max((len(where) for where in imported.placed.values()), default=0)
    width = min(max(width, len("NOT IMPORTED")), 44)
    out = [f"{path}: read with the {imported.profile!r} profile ({imported.unit}, where it went, text)"]
    for line in imported.lines:
        if line.blank:
            continue
        where = imported.placed.get(line.number) or "NOT IMPORTED"
        note = (
            f"  ({unplaced[line.number].why})"
            if line.number in unplaced and unplaced[line.number].why
            else ""
        )
        out.append(f"{line.number:>5}  {where:<{width}}  {line.text}{note}")
    return "\n".join(out) + "\n"
