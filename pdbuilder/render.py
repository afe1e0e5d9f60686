"""The one renderer: a position and its class into a Word document through a docxtpl template.

The CLI, the TUI and batch runs all call `generate`. Templates are Word files with Jinja tags
(docs/templates.md); they render in a Jinja sandbox with autoescaping, so a template cannot reach
Python internals and whatever the analyst typed comes out literally. Each template is prepared
once per process (read, patched, compiled) and reused until its file changes, so a batch of
documents costs a fraction of docxtpl's own render per document. docxtpl, python-docx and Jinja
are imported inside the functions that need them, so importing this module costs nothing.
"""

from __future__ import annotations

import html
import os
import re
import shutil
import struct
import subprocess
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from pdbuilder.context import build_context
from pdbuilder.errors import PdbuilderError
from pdbuilder.model import XML_FORBIDDEN, ClassRef, Position
from pdbuilder.tomlfile import atomic_write

TEMPLATES_ENV = "PDBUILDER_TEMPLATES"
BUNDLED_TEMPLATES = Path(__file__).resolve().parents[1] / "templates"
TEMPLATE_NAMES = ("position-description", "posting")
DEFAULT_TEMPLATE = TEMPLATE_NAMES[0]
TEMPLATE_SUFFIX = ".docx"
PDF_TIMEOUT = 180  # seconds; a first LibreOffice start builds its profile, which takes a while

# docxtpl turns `{_{`, `}_}`, `{_%`, `%_}` into `{{`, `}}`, `{%`, `%}` after rendering.
_DOCXTPL_UNDERSCORE = re.compile(r"(?<=[{}%])_(?=[{}%])")
# The document properties docxtpl renders as templates too (its render_properties).
_RENDERED_PROPERTIES = ("author", "comments", "identifier", "language", "subject", "title")
PROPERTY_LIMIT = 255  # characters; python-docx refuses longer document properties
PROPERTIES_PART = "document properties"  # how errors name them: File > Properties in Word
_FOOTNOTES_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"
_JINJA_MARK = re.compile(r"\{[{%#]")
_BODY_MARKER = "pdbuilder-body-goes-here"
# docxtpl's resolve_listing works paragraph by paragraph on these characters.
_PARAGRAPH = re.compile(r"<w:p(?: [^>]*)?>.*?</w:p>", re.DOTALL)
_LISTING_CHARACTERS = re.compile("[\t\a\n\f]")


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
        found = XML_FORBIDDEN.findall(value)
        if found:
            codes = ", ".join(sorted({f"U+{ord(c):04X}" for c in found}))
            warnings.append(
                f"{where}: dropped {len(found)} control character{'s' * (len(found) > 1)} ({codes}) that Word cannot open"
            )
            value = XML_FORBIDDEN.sub("", value)
        return value.replace("\r\n", "\n").replace("\r", "\n")
    if isinstance(value, dict):
        return {
            key: _clean(item, f"{where}.{key}" if where else key, warnings) for key, item in value.items()
        }
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


def open_template(path: Path, data: bytes | None = None):
    """A docxtpl template for a .docx file (its bytes in `data` when already read), or a RenderError saying why it is not one."""
    import io

    from docxtpl import DocxTemplate

    template = DocxTemplate(path if data is None else io.BytesIO(data))
    try:
        template.init_docx()
    except Exception as exc:  # python-docx raises many kinds for a file that is not a .docx
        raise RenderError(f"not a Word .docx file ({type(exc).__name__}: {exc})", path) from None
    return template


def _xml_parts(template) -> list[tuple[str, object, str]]:
    """(name, python-docx part, Jinja source) of the body, each header, each footer and the footnotes.

    The source is the part's XML as docxtpl patches it (tags split across runs joined again), with
    each paragraph on a line of its own, as docxtpl renders it: Jinja's line numbers point into it.
    """
    docx = template.get_docx()
    parts = [("body", docx.part, template.xml_to_string(docx._element.body))]
    for uri in (template.HEADER_URI, template.FOOTER_URI):
        parts += [
            (Path(part.partname).stem, part, template.get_part_xml(part))
            for _, part in template.get_headers_footers(uri)
        ]
    parts += [
        (Path(part.partname).stem, part, template.get_part_xml(part))
        for part in docx.part.package.parts
        if part.content_type == _FOOTNOTES_TYPE
    ]
    return [
        (name, part, re.sub(r"<w:p([ >])", r"\n<w:p\1", template.patch_xml(xml))) for name, part, xml in parts
    ]


def template_parts(template) -> list[tuple[str, str]]:
    """(name, Jinja source) of each part a template renders: `body`, `header1`, `footer1` …, `document properties`.

    The document properties (title, subject …) come last, one to a line.
    """
    properties = "\n".join(
        html.escape(getattr(template.get_docx().core_properties, name)) for name in _RENDERED_PROPERTIES
    )
    return [*((name, source) for name, _, source in _xml_parts(template)), (PROPERTIES_PART, properties)]


def source_excerpt(source: str, line: int | None, width: int = 80) -> str:
    """The text a person sees in Word on a line of a part's source, for pointing at a tag.

    A line is one paragraph, followed by the tags of any `{%p %}` paragraphs after it (docxtpl
    removes their paragraph marks); those are shown after a ¶, Word's paragraph mark.
    """
    lines = source.splitlines()
    if line is None or not 0 < line <= len(lines):
        return ""
    paragraphs = (
        " ".join(html.unescape(re.sub(r"<[^>]+>", "", xml)).split())
        for xml in lines[line - 1].split("</w:p>")
    )
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


# --- Prepared templates --------------------------------------------------------


class PreparedTemplate:
    """A template read, patched and compiled once, then rendered into as many documents as asked.

    docxtpl's own render re-reads the .docx, re-patches its XML, recompiles the same Jinja source and
    recompresses every part for each document. Here that is done once; each render only runs the
    compiled templates through docxtpl's own post-processing (resolve_listing, fix_tables) and
    copies every other part of the .docx into the new file still compressed, so the text is the
    text docxtpl's render gives (tests/test_fastdocx.py compares them). Rendering changes nothing
    in the prepared template, so one may serve several threads.
    """

    def __init__(self, path: Path, data: bytes):
        import copy
        import io
        import zipfile

        from docx.opc.constants import RELATIONSHIP_TYPE
        from lxml import etree

        self.path = path
        self._env = sandbox()
        self._template = template = open_template(path, data)
        document = template.docx
        self._rendered: dict[
            str, tuple[str, object]
        ] = {}  # zip member → (part name, compiled source), for each document
        self._fixed: dict[
            str, bytes
        ] = {}  # zip member → bytes, for parts without tags that docxtpl's render still changes
        for name, part, source in _xml_parts(template):
            member = part.partname.lstrip("/")
            compiled = self._compile(name, source)
            if part is document.part:
                self._body = compiled
                self._document_member = member
            elif _JINJA_MARK.search(source):
                self._rendered[member] = (name, compiled)
            else:
                xml = self._finish(compiled.render())
                if xml != template.get_part_xml(
                    part
                ):  # e.g. a literal tab, which docxtpl turns into a Word tab
                    self._fixed[member] = _part_bytes(xml)

        # document.xml as bytes before and after the body, which each render fills in
        root = copy.deepcopy(document.element)
        root.replace(root.body, etree.Comment(_BODY_MARKER))
        self._document_halves = etree.tostring(root, encoding="UTF-8", standalone=True).split(
            f"<!--{_BODY_MARKER}-->".encode()
        )

        texts = [getattr(document.core_properties, name) for name in _RENDERED_PROPERTIES]
        self._core = document.part.package.part_related_by(RELATIONSHIP_TYPE.CORE_PROPERTIES)
        self._core_member = self._core.partname.lstrip("/")
        self._properties = [self._compile(PROPERTIES_PART, text, line) for line, text in enumerate(texts, 1)]
        self._properties_vary = any(_JINJA_MARK.search(text) for text in texts)
        if not self._properties_vary and self._property_texts({}) != texts:  # e.g. an `&amp;` in a title
            self._fixed[self._core_member] = self._core_bytes({})

        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            self._members = [_stored_member(data, info) for info in archive.infolist()]

    def render(self, context: dict) -> bytes:
        """The finished .docx for one context, as bytes; a RenderError naming the part where the template failed."""
        from lxml import etree

        changed = dict(self._fixed)
        body = self._template.fix_tables(self._finish(self._run("body", self._body, context)))
        _renumber_drawings(body)
        before, after = self._document_halves
        changed[self._document_member] = before + etree.tostring(body, encoding="UTF-8") + after
        for member, (name, compiled) in self._rendered.items():
            changed[member] = _part_bytes(self._finish(self._run(name, compiled, context)))
        if self._properties_vary:
            changed[self._core_member] = self._core_bytes(context)
        return self._zip(changed)

    def _compile(self, part_name: str, source: str, line: int | None = None):
        from jinja2 import TemplateError

        try:
            return self._env.from_string(source)
        except TemplateError as exc:
            raise self._error(part_name, exc, line) from None

    def _run(self, part_name: str, compiled, context: dict, line: int | None = None) -> str:
        from jinja2 import TemplateError

        try:
            return compiled.render(context)
        except TemplateError as exc:
            raise self._error(part_name, exc, line) from None

    def _error(self, part_name: str, exc, line: int | None) -> RenderError:
        """The RenderError for a Jinja error in a part: where it is, in the words Word shows, and what is wrong."""
        from jinja2.exceptions import SecurityError, TemplateSyntaxError

        where = _where(self._template, part_name, line or _template_line(exc))
        if isinstance(exc, SecurityError):
            message = f"refused: the template reaches for Python internals ({exc.message}); templates run in a sandbox"
        elif isinstance(exc, TemplateSyntaxError):
            message = f"Jinja syntax error: {exc.message}"
        else:
            message = f"template error: {exc.message}"
        return RenderError(f"{where}: {message}", self.path)

    def _finish(self, rendered: str) -> str:
        """docxtpl's render_xml_part after Jinja: paragraphs joined again, `{_{` made `{{`, and \\n, \\t, \\a, \\f made Word breaks.

        resolve_listing changes nothing in a paragraph without those characters, so it runs only on the others.
        """
        xml = re.sub(r"\n<w:p([ >])", r"<w:p\1", rendered)
        xml = xml.replace("{_{", "{{").replace("}_}", "}}").replace("{_%", "{%").replace("%_}", "%}")
        resolve = self._template.resolve_listing
        return _PARAGRAPH.sub(lambda m: resolve(m[0]) if _LISTING_CHARACTERS.search(m[0]) else m[0], xml)

    def _property_texts(self, context: dict) -> list[str]:
        """The document properties: plain text of 255 characters at most.

        The environment escapes for XML, but python-docx escapes property text itself, so the
        escaping is undone; and python-docx refuses a longer property, which a long working title would make.
        """
        return [
            html.unescape(self._run(PROPERTIES_PART, compiled, context, line))[:PROPERTY_LIMIT]
            for line, compiled in enumerate(self._properties, 1)
        ]

    def _core_bytes(self, context: dict) -> bytes:
        from docx.opc.parts.coreprops import CorePropertiesPart

        part = CorePropertiesPart.load(self._core.partname, self._core.content_type, self._core.blob, None)
        for name, text in zip(_RENDERED_PROPERTIES, self._property_texts(context)):
            setattr(part.core_properties, name, text)
        return part.blob

    def _zip(self, changed: dict[str, bytes]) -> bytes:
        import io
        import zipfile

        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
            for entry, stored in self._members:
                if entry.filename in changed:
                    fresh = zipfile.ZipInfo(entry.filename, date_time=entry.date_time)
                    fresh.compress_type = zipfile.ZIP_DEFLATED
                    target.writestr(fresh, changed[entry.filename])
                else:
                    _write_stored(target, entry, stored)
        return out.getvalue()


def _part_bytes(xml: str) -> bytes:
    """A rendered part as python-docx saves it; like docxtpl, refuses XML that does not parse."""
    from docx.opc.oxml import serialize_part_xml
    from docx.oxml.parser import parse_xml

    return serialize_part_xml(parse_xml(xml))


def _renumber_drawings(body) -> None:
    """docxtpl's fix_docpr_ids: loops can copy a picture, and Word wants unique drawing ids."""
    for number, drawing in enumerate(
        body.iter("{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr"), 1001
    ):
        drawing.attrib["id"] = str(number)


def _stored_member(archive: bytes, info) -> tuple:
    """A zip member as `_write_stored` copies it: its entry (sizes and CRC in the local header), that header and its stored data."""
    import copy

    name_length, extra_length = struct.unpack(
        "<HH", archive[info.header_offset + 26 : info.header_offset + 30]
    )
    start = info.header_offset + 30 + name_length + extra_length
    entry = copy.copy(info)
    entry.flag_bits &= ~0x08  # sizes and CRC go in the local header, not a trailing data descriptor
    entry.extra = b""
    return entry, entry.FileHeader() + archive[start : start + info.compress_size]


def _write_stored(target, entry, stored: bytes) -> None:
    """Add a member to `target` as it was stored (local header and data), without decompressing and recompressing it.

    zipfile has no public way to do this; this writes the bytes and lets `target` write the
    central directory entry on close, as ZipFile.write does.
    """
    import copy

    entry = copy.copy(entry)  # each file records where the member starts in it
    entry.header_offset = target.fp.tell()
    target.fp.write(stored)
    target.filelist.append(entry)
    target.NameToInfo[entry.filename] = entry
    target.start_dir = target.fp.tell()
    target._didModify = True


_PREPARED: dict[
    Path, tuple[tuple[int, int], PreparedTemplate]
] = {}  # per process: real path → (mtime and size, template)


def prepared_template(path: Path) -> PreparedTemplate:
    """The template at `path`, prepared once per process and again when the file changes; a RenderError if it cannot be used."""
    with _template_errors(path):
        real = Path(path).resolve()
        stat = real.stat()
        stamp = (stat.st_mtime_ns, stat.st_size)
        cached = _PREPARED.get(real)
        if (
            cached is None or cached[0] != stamp
        ):  # the file is read after its stamp is taken, so a change now is seen next time
            cached = _PREPARED[real] = (stamp, PreparedTemplate(Path(path), real.read_bytes()))
        return cached[1]


# --- Rendering ---------------------------------------------------------------


def _render(template_path: Path, context: dict) -> bytes:
    """The rendered .docx, or a RenderError naming the part and text where the template failed."""
    prepared = prepared_template(template_path)
    with _template_errors(template_path):
        return prepared.render(context)


@contextmanager
def _template_errors(template_path: Path):
    """Any failure of a template as a RenderError naming the template as the caller named it."""
    from lxml.etree import XMLSyntaxError

    try:
        yield
    except RenderError as exc:
        exc.path = template_path  # a prepared template is shared by every spelling of its path
        raise
    except XMLSyntaxError as exc:
        raise RenderError(
            f"the template makes invalid Word XML ({exc}); see `pdbuilder template check`", template_path
        ) from None
    except Exception as exc:  # docxtpl and python-docx fail in ways of their own on unusual templates
        detail = (str(exc).strip().splitlines() or [""])[0][:200]
        raise RenderError(
            f"docxtpl could not render the template ({type(exc).__name__}: {detail})", template_path
        ) from None


def generate(
    position: Position,
    ref: ClassRef,
    output: Path,
    template: str | Path = DEFAULT_TEMPLATE,
    pdf: bool = False,
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
    context, warnings = template_context(position, ref)
    data = _render(template_path, context)
    try:
        if soffice is None:
            atomic_write(output, data, durable=False)  # a document can be made again
            return Generated(output, warnings)
        output.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(dir=output.parent, prefix=".pdbuilder-") as work:
            draft = Path(work) / output.name  # LibreOffice names the PDF after it
            draft.write_bytes(data)
            draft_pdf = _convert_to_pdf(soffice, draft, Path(work))
            os.replace(draft, output)
            os.replace(draft_pdf, output.with_suffix(".pdf"))
    except OSError as exc:
        raise RenderError(f"cannot write: {exc.strerror or exc}", output) from None
    return Generated(output, warnings, output.with_suffix(".pdf"))


# --- PDF through LibreOffice -------------------------------------------------


def find_soffice() -> str:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found is None:
        raise RenderError(
            "cannot write a PDF: LibreOffice (`soffice`) is not on PATH; install LibreOffice or leave out --pdf"
        )
    return found


def _convert_to_pdf(soffice: str, docx: Path, work: Path) -> Path:
    """The PDF LibreOffice makes of `docx`, in `work`; its own profile there, so a running LibreOffice does not interfere."""
    profile = (work / "profile").resolve().as_uri()  # a file URI must be absolute
    command = [
        soffice,
        f"-env:UserInstallation={profile}",
        "--headless",
        "--convert-to",
        "pdf",
        "--outdir",
        str(work),
        str(docx),
    ]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=PDF_TIMEOUT)
    except subprocess.TimeoutExpired:
        raise RenderError(
            f"LibreOffice took more than {PDF_TIMEOUT} s to make the PDF; no file written", docx.name
        ) from None
    pdf = docx.with_suffix(".pdf")
    if done.returncode != 0 or not pdf.is_file():
        detail = (done.stderr or done.stdout).strip().splitlines()
        raise RenderError(
            f"LibreOffice could not make the PDF ({detail[-1] if detail else f'exit {done.returncode}'}); no file written",
            docx.name,
        )
    return pdf
