"""The one renderer: a position and its class into a Word document through a docxtpl template.

The CLI, the TUI and batch runs all call `generate`. Templates are Word files with Jinja tags
(docs/templates.md). The parts, each changeable without reading the others:

- `lookup`: finding a template by name or path, and where a document goes by default;
- `sandbox`: the Jinja sandbox templates render in, and a template's parts as Jinja source;
- `prepared`: each template read, patched and compiled once per process, then rendered many times;
- `zipcopy`: each .docx joined from bytes made once per template, unchanged parts still compressed;
- `pdf`: PDF through LibreOffice.

docxtpl, python-docx and Jinja are imported inside the functions that need them, so importing
this package costs nothing.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from pdbuilder.context import template_context
from pdbuilder.model import AgencyProfile, ClassRef, Position
from pdbuilder.render.lookup import (
    BUNDLED_TEMPLATES,
    DEFAULT_TEMPLATE,
    TEMPLATE_NAMES,
    TEMPLATE_SUFFIX,
    TEMPLATES_ENV,
    RenderError,
    default_output,
    resolve_template,
    template_dirs,
    template_names,
)
from pdbuilder.render.pdf import PDF_TIMEOUT, convert_to_pdf, convert_to_pdfs, find_soffice
from pdbuilder.render.prepared import PROPERTY_LIMIT, PreparedTemplate, prepared_template, render_docx
from pdbuilder.render.sandbox import PROPERTIES_PART, open_template, sandbox, source_excerpt, template_parts
from pdbuilder.storage import atomic_write

__all__ = [
    "BUNDLED_TEMPLATES",
    "DEFAULT_TEMPLATE",
    "PDF_TIMEOUT",
    "PROPERTIES_PART",
    "PROPERTY_LIMIT",
    "TEMPLATES_ENV",
    "TEMPLATE_NAMES",
    "TEMPLATE_SUFFIX",
    "Generated",
    "PreparedTemplate",
    "RenderError",
    "convert_to_pdfs",
    "default_output",
    "find_soffice",
    "generate",
    "open_template",
    "prepared_template",
    "resolve_template",
    "sandbox",
    "source_excerpt",
    "template_context",
    "template_dirs",
    "template_names",
    "template_parts",
]


@dataclass
class Generated:
    """What `generate` wrote: the document, the PDF when asked for, and what a person should know."""

    path: Path
    warnings: list[str] = field(default_factory=list)  # e.g. control characters dropped from a text
    pdf: Path | None = None


def generate(
    position: Position,
    ref: ClassRef,
    output: Path,
    template: str | Path = DEFAULT_TEMPLATE,
    pdf: bool = False,
    agency: AgencyProfile | None = None,
) -> Generated:
    """Render `position` into `output` (and a PDF beside it with `pdf`), all or nothing.

    The files are written under temporary names beside `output` and renamed into place only when
    complete, so a failure leaves no partial file and no existing file changed.
    """
    output = Path(output)
    if output.suffix.lower() != TEMPLATE_SUFFIX:
        raise RenderError(f"the output must be a {TEMPLATE_SUFFIX} file", output)
    template_path = resolve_template(template)
    soffice = find_soffice() if pdf else None  # say what is missing before doing any work
    context, warnings = template_context(position, ref, agency=agency)
    data = render_docx(template_path, context)
    try:
        if soffice is None:
            atomic_write(output, data, durable=False)  # a document can be made again
            return Generated(output, warnings)
        output.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(dir=output.parent, prefix=".pdbuilder-") as work:
            draft = Path(work) / output.name  # LibreOffice names the PDF after it
            draft.write_bytes(data)
            draft_pdf = convert_to_pdf(soffice, draft, Path(work))
            os.replace(draft, output)
            os.replace(draft_pdf, output.with_suffix(".pdf"))
    except OSError as exc:
        raise RenderError(f"cannot write: {exc.strerror or exc}", output) from None
    return Generated(output, warnings, output.with_suffix(".pdf"))
