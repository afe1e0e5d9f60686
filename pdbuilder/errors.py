"""The one kind of error pdbuilder reports to a person: a file, maybe a line, and what is wrong."""

from __future__ import annotations

from pathlib import Path


class PdbuilderError(Exception):
    def __init__(
        self, message: str, path: Path | str | None = None, line: int | None = None, column: int | None = None
    ):
        super().__init__(message)
        self.message = message
        self.path = path
        self.line = line
        self.column = column

    def __str__(self) -> str:
        where = [str(self.path)] if self.path is not None else []
        where += [str(n) for n in (self.line, self.column) if n is not None]
        return ": ".join([":".join(where), self.message]) if where else self.message


class RecordError(PdbuilderError):
    """A position record that cannot be read or written."""


class CatalogError(PdbuilderError):
    """A catalog file that cannot be read."""


class SpecError(PdbuilderError):
    """A class specification (text or Word) that cannot be imported."""
