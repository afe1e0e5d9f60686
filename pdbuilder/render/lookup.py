"""Finding templates by name or path, and where a document goes by default."""

from __future__ import annotations

import os
from pathlib import Path

from pdbuilder.bundled import bundled_folder
from pdbuilder.errors import PdbuilderError

TEMPLATES_ENV = "PDBUILDER_TEMPLATES"
BUNDLED_TEMPLATES = bundled_folder("templates")
TEMPLATE_NAMES = ("position-description", "posting")
DEFAULT_TEMPLATE = TEMPLATE_NAMES[0]
TEMPLATE_SUFFIX = ".docx"


class RenderError(PdbuilderError):
    """A template that cannot be used, or a document that cannot be written."""


def template_dirs() -> list[Path]:
    """Where template names are looked up: $PDBUILDER_TEMPLATES folders first, then the bundled one."""
    extra = [Path(p) for p in os.environ.get(TEMPLATES_ENV, "").split(os.pathsep) if p]
    return [*extra, BUNDLED_TEMPLATES]


def template_names() -> list[str]:
    """Every template name `resolve_template` accepts."""
    names = {
        p.stem for folder in template_dirs() if folder.is_dir() for p in folder.glob(f"*{TEMPLATE_SUFFIX}")
    }
    return sorted(n for n in names if not n.startswith(("~$", ".")))  # skip Word's lock files


def _is_path(template: str | Path) -> bool:
    text = str(template)
    return isinstance(template, Path) or text.endswith(TEMPLATE_SUFFIX) or "/" in text or os.sep in text


def resolve_template(template: str | Path) -> Path:
    """The .docx file for a template name (e.g. `posting`) or a path to an agency's own template."""
    if _is_path(template):
        path = Path(template)
        if path.is_dir():
            raise RenderError("is a folder, not a Word template", path)
        if not path.is_file():
            raise RenderError("no such template file", path)
        return path
    for folder in template_dirs():
        candidate = folder / f"{template}{TEMPLATE_SUFFIX}"
        if candidate.is_file():
            return candidate
    known = ", ".join(template_names()) or "none"
    raise RenderError(
        f"unknown template {str(template)!r} (templates: {known}; or give a path to a .docx file)"
    )


def default_output(record_path: Path, template: str | Path = DEFAULT_TEMPLATE) -> Path:
    """Next to the record, named after it: `x.docx` for the position description, `x-posting.docx` etc."""
    name = Path(template).stem if _is_path(template) else str(template)
    suffix = "" if name == DEFAULT_TEMPLATE else f"-{name}"
    return record_path.with_name(f"{record_path.stem}{suffix}{TEMPLATE_SUFFIX}")
