"""The one renderer: a position and its class into a Word document through a docxtpl template.

The CLI, the TUI and batch runs all call `generate`. Templates are Word files with Jinja tags
(docs/templates.md); they render in a Jinja sandbox with autoescaping, so a template cannot reach
Python internals and whatever the analyst typed comes out literally. docxtpl, python-docx and
Jinja are imported inside the functions that need them, so importing this module costs nothing.
"""

from __future__ import annotations

import html
import os
import re
import shutil
import subprocess
import tempfile
import types
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from pdbuilder.context import build_context
from pdbuilder.errors import PdbuilderError
from pdbuilder.model import ClassRef, Position

TEMPLATES_ENV = "PDBUILDER_TEMPLATES"
BUNDLED_TEMPLATES = Path(__file__).resolve().parents[1] / "templates"
TEMPLATE_NAMES = ("position-description", "posting")
DEFAULT_TEMPLATE = TEMPLATE_NAMES[0]
TEMPLATE_SUFFIX = ".docx"
PDF_TIMEOUT = 180  # seconds; a first LibreOffice start builds its profile, which takes a while

# Characters XML 1.0 forbids (C0 controls but tab, newline and carriage return; lone surrogates;
# U+FFFE/U+FFFF). Word refuses a file holding any of them.
_XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# docxtpl turns `{_{`, `}_}`, `{_%`, `%_}` into `{{`, `}}`, `{%`, `%}` after rendering.
_DOCXTPL_UNDERSCORE = re.compile(r"(?<=[{}%])_(?=[{}%])")
# The document properties docxtpl renders as templates too (its render_properties).
_RENDERED_PROPERTIES = ("author", "comments", "identifier", "language", "subject", "title")
PROPERTY_LIMIT = 255  # characters; python-docx refuses longer document properties
PROPERTIES_PART = "document properties"  # how errors name them: File > Properties in Word


class RenderError(PdbuilderError):
    """A template that cannot be used, or a document that cannot be written."""


@dataclass
class Generated:
    """What `generate` wrote: the document, the PDF when asked for, and what a person should know."""

    path: Path
    warnings: list[str] = field(default_factory=list)  # e.g. control characters dropped from a text
    pdf: Path | None = None


# --- Finding templates and outputs -----------------------------------------


def template_dirs() -> list[Path]:
    """Where template names are looked up: $PDBUILDER_TEMPLATES folders first, then the bundled one."""
    extra = [Path(p) for p in os.environ.get(TEMPLATES_ENV, "").split(os.pathsep) if p]
    return [*extra, BUNDLED_TEMPLATES]


def template_names() -> list[str]:
    """Every template name `resolve_template` accepts."""
    names = {p.stem for folder in template_dirs() if folder.is_dir() for p in folder.glob(f"*{TEMPLATE_SUFFIX}")}
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
    raise RenderError(f"unknown template {str(template)!r} (templates: {known}; or give a path to a .docx file)")


def default_output(record_path: Path, template: str | Path = DEFAULT_TEMPLATE) -> Path:
    """Next to the record, named after it: `x.docx` for the position description, `x-posting.docx` etc."""
    name = Path(template).stem if _is_path(template) else str(template)
    suffix = "" if name == DEFAULT_TEMPLATE else f"-{name}"
    return record_path.with_name(f"{record_path.stem}{suffix}{TEMPLATE_SUFFIX}")


# --- The context a template receives ---------------------------------------


def template_context(position: Position, ref: ClassRef, today: date | None = None) -> tuple[dict, list[str]]:
    """The context exactly as templates receive it, with a warning per text that lost characters."""
    warnings: list[str] = []
    return _clean(build_context(position, ref, today), "", warnings), warnings


def _clean(value, where: str, warnings: list[str]):
    """The value with every text fit for XML: forbidden characters dropped, line ends made `\n`.

    (XML would read a bare carriage return as a line feed anyway; docxtpl makes `\n` a line break.)
    """
    if isinstance(value, str):
        found = _XML_FORBIDDEN.findall(value)
        if found:
            codes = ", ".join(sorted({f"U+{ord(c):04X}" for c in found}))
            warnings.append(f"{where}: dropped {len(found)} control character{'s' * (len(found) > 1)} ({codes}) that Word cannot open")
            value = _XML_FORBIDDEN.sub("", value)
        return value.replace("\r\n", "\n").replace("\r", "\n")
    if isinstance(value, dict):
        return {key: _clean(item, f"{where}.{key}" if where else key, warnings) for key, item in value.items()}
    if isinstance(value, list):
        return [_clean(item, f"{where}[{index}]", warnings) for index, item in enumerate(value)]
    return value


# --- Jinja ----------------------------------------------------------------


def _literal(value):
    """What `{{ value }}` prints: none as nothing; text escaped for XML, and its `{_{` kept from docxtpl's rewriting."""
    from markupsafe import Markup, escape

    if value is None:
        return ""
    if isinstance(value, str) and not hasattr(value, "__html__"):
        return Markup(_DOCXTPL_UNDERSCORE.sub("&#95;", str(escape(value))))
    return value


def sandbox():
    """The Jinja environment every template renders in: sandboxed, autoescaping, strict about names."""
    from jinja2 import StrictUndefined
    from jinja2.sandbox import SandboxedEnvironment

    return SandboxedEnvironment(autoescape=True, undefined=StrictUndefined, finalize=_literal)


def open_template(path: Path):
    """A docxtpl template for a .docx file, or a RenderError saying why the file is not one."""
    from docxtpl import DocxTemplate

    template = DocxTemplate(path)
    try:
        template.init_docx()
    except Exception as exc:  # python-docx raises many kinds for a file that is not a .docx
        raise RenderError(f"not a Word .docx file ({type(exc).__name__}: {exc})", path) from None
    template.render_properties = types.MethodType(_render_properties, template)
    return template


def _render_properties(template, context: dict, jinja_env) -> None:
    """docxtpl's render_properties, for properties that are plain text of 255 characters at most.

    The environment escapes for XML, but python-docx escapes property text itself, so the escaping
    is undone; and python-docx refuses a longer property, which a long working title would make.
    """
    from jinja2 import TemplateError

    template.current_rendering_part = None  # an error here is in no part of the document
    properties = template.docx.core_properties
    for line, name in enumerate(_RENDERED_PROPERTIES, 1):
        try:
            text = jinja_env.from_string(getattr(properties, name)).render(context)
        except TemplateError as exc:
            exc.lineno = line  # its line in template_parts' "document properties"
            raise
        setattr(properties, name, html.unescape(text)[:PROPERTY_LIMIT])


def template_parts(template) -> list[tuple[str, str]]:
    """(name, Jinja source) of each part a template renders: `body`, `header1`, `footer1` …, `document properties`.

    The source is the part's XML as docxtpl patches it (tags split across runs joined again), with
    each paragraph on a line of its own, as docxtpl renders it: Jinja's line numbers point into it.
    The document properties (title, subject …) come last, one to a line.
    """
    docx = template.get_docx()
    parts = [("body", template.xml_to_string(docx._element.body))]
    for uri in (template.HEADER_URI, template.FOOTER_URI):
        for _, part in template.get_headers_footers(uri):
            parts.append((Path(part.partname).stem, template.get_part_xml(part)))
    sources = [(name, re.sub(r"<w:p([ >])", r"\n<w:p\1", template.patch_xml(xml))) for name, xml in parts]
    properties = "\n".join(html.escape(getattr(docx.core_properties, name)) for name in _RENDERED_PROPERTIES)
    return [*sources, (PROPERTIES_PART, properties)]


def source_excerpt(source: str, line: int | None, width: int = 80) -> str:
    """The text a person sees in Word on a line of a part's source, for pointing at a tag.

    A line is one paragraph, followed by the tags of any `{%p %}` paragraphs after it (docxtpl
    removes their paragraph marks); those are shown after a ¶, Word's paragraph mark.
    """
    lines = source.splitlines()
    if line is None or not 0 < line <= len(lines):
        return ""
    paragraphs = (" ".join(html.unescape(re.sub(r"<[^>]+>", "", xml)).split()) for xml in lines[line - 1].split("</w:p>"))
    text = " ¶ ".join(p for p in paragraphs if p)
    return text if len(text) <= width else text[: width - 1] + "…"


def _where(template, part_name: str, line: int | None) -> str:
    sources = dict(template_parts(template))
    excerpt = source_excerpt(sources.get(part_name, ""), line)
    return f"{part_name}, in “{excerpt}”" if excerpt else part_name


def _template_line(exc: Exception) -> int | None:
    """The template line a Jinja error happened on: syntax errors carry it, runtime ones leave it in the traceback."""
    line = getattr(exc, "lineno", None)
    frame = exc.__traceback__ if line is None else None
    while frame is not None:  # the innermost template frame is where it failed
        if frame.tb_frame.f_code.co_filename == "<template>":
            line = frame.tb_lineno
        frame = frame.tb_next
    return line


# --- Rendering ---------------------------------------------------------------


def _render(template_path: Path, context: dict):
    """The rendered docxtpl document, or a RenderError naming the part and text where the template failed."""
    from jinja2 import TemplateError
    from jinja2.exceptions import SecurityError, TemplateSyntaxError
    from lxml.etree import XMLSyntaxError

    document = open_template(template_path)
    try:
        document.render(context, jinja_env=sandbox(), autoescape=True)
    except TemplateError as exc:
        part = document.current_rendering_part
        part_name = PROPERTIES_PART if part is None else "body" if part is document.docx.part else Path(part.partname).stem
        where = _where(open_template(template_path), part_name, _template_line(exc))
        if isinstance(exc, SecurityError):
            message = f"refused: the template reaches for Python internals ({exc.message}); templates run in a sandbox"
        elif isinstance(exc, TemplateSyntaxError):
            message = f"Jinja syntax error: {exc.message}"
        else:
            message = f"template error: {exc.message}"
        raise RenderError(f"{where}: {message}", template_path) from None
    except XMLSyntaxError as exc:
        raise RenderError(f"the template makes invalid Word XML ({exc}); see `pdbuilder template check`", template_path) from None
    except Exception as exc:  # docxtpl and python-docx fail in ways of their own on unusual templates
        detail = (str(exc).strip().splitlines() or [""])[0][:200]
        raise RenderError(f"docxtpl could not render the template ({type(exc).__name__}: {detail})", template_path) from None
    return document


def generate(
    position: Position,
    ref: ClassRef,
    output: Path,
    template: str | Path = DEFAULT_TEMPLATE,
    pdf: bool = False,
) -> Generated:
    """Render `position` into `output` (and a PDF beside it with `pdf`), all or nothing.

    The files are written in a temporary folder beside `output` and renamed into place only when
    complete, so a failure leaves no partial file and no existing file changed.
    """
    output = Path(output)
    if output.suffix.lower() != TEMPLATE_SUFFIX:
        raise RenderError(f"the output must be a {TEMPLATE_SUFFIX} file", output)
    template_path = resolve_template(template)
    soffice = _soffice() if pdf else None  # say what is missing before doing any work
    context, warnings = template_context(position, ref)
    document = _render(template_path, context)
    pdf_path = output.with_suffix(".pdf") if pdf else None
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
        work = Path(tempfile.mkdtemp(dir=output.parent, prefix=".pdbuilder-"))
    except OSError as exc:
        raise RenderError(f"cannot write: {exc.strerror or exc}", output) from None
    try:
        draft = work / output.name
        document.save(draft)
        draft_pdf = _convert_to_pdf(soffice, draft, work) if soffice else None
        os.replace(draft, output)
        if draft_pdf:
            os.replace(draft_pdf, pdf_path)
    except OSError as exc:
        raise RenderError(f"cannot write: {exc.strerror or exc}", output) from None
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return Generated(output, warnings, pdf_path)


# --- PDF through LibreOffice -------------------------------------------------


def _soffice() -> str:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found is None:
        raise RenderError("cannot write a PDF: LibreOffice (`soffice`) is not on PATH; install LibreOffice or leave out --pdf")
    return found


def _convert_to_pdf(soffice: str, docx: Path, work: Path) -> Path:
    """The PDF LibreOffice makes of `docx`, in `work`; its own profile there, so a running LibreOffice does not interfere."""
    profile = (work / "profile").resolve().as_uri()  # a file URI must be absolute
    command = [soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf", "--outdir", str(work), str(docx)]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=PDF_TIMEOUT)
    except subprocess.TimeoutExpired:
        raise RenderError(f"LibreOffice took more than {PDF_TIMEOUT} s to make the PDF; no file written", docx.name) from None
    pdf = docx.with_suffix(".pdf")
    if done.returncode != 0 or not pdf.is_file():
        detail = (done.stderr or done.stdout).strip().splitlines()
        raise RenderError(f"LibreOffice could not make the PDF ({detail[-1] if detail else f'exit {done.returncode}'}); no file written", docx.name)
    return pdf
