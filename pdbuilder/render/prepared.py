"""Prepared templates: each template read, patched and compiled once per process, then rendered many times.

docxtpl, python-docx and Jinja are imported inside the functions that need them, so importing
this module costs nothing.
"""

from __future__ import annotations

import copy
import functools
import html
import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, time
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any

from pdbuilder.render.lookup import RenderError
from pdbuilder.render.sandbox import (
    PROPERTIES_PART,
    RENDERED_PROPERTIES,
    open_template,
    sandbox,
    template_line,
    where_in,
    xml_parts,
)
from pdbuilder.render.zipcopy import DocxFrame

if TYPE_CHECKING:
    from jinja2 import Template, TemplateError
    from lxml import etree

PROPERTY_LIMIT = 255  # characters; python-docx refuses longer document properties
_JINJA_MARK = re.compile(r"\{[{%#]")
# docxtpl's resolve_listing works paragraph by paragraph on these characters.
_PARAGRAPH = re.compile(r"<w:p(?: [^>]*)?>.*?</w:p>", re.DOTALL)
_LISTING_CHARACTERS = re.compile("[\t\a\n\f]")


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

        from docx.opc.constants import RELATIONSHIP_TYPE

        self.path = path
        self._env = sandbox()
        self._template = template = open_template(path, data)
        document = template.docx
        self._rendered: dict[
            str, tuple[str, Template]
        ] = {}  # zip member → (part name, compiled source), for each document
        self._fixed: dict[
            str, bytes
        ] = {}  # zip member → bytes, for parts without tags that docxtpl's render still changes
        for name, part, source in xml_parts(template):
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

        # The document element without its body, which each render puts back in
        self._document_shell = copy.deepcopy(document.element)
        self._body_index = self._document_shell.index(self._document_shell.body)
        self._document_shell.remove(self._document_shell.body)

        texts = [getattr(document.core_properties, name) for name in RENDERED_PROPERTIES]
        self._core = document.part.package.part_related_by(RELATIONSHIP_TYPE.CORE_PROPERTIES)
        self._core_member = self._core.partname.lstrip("/")
        self._core_skeletons: dict[tuple[bool, bool], tuple[list[bytes], list[int | None]]] = {}
        self._properties = [self._compile(PROPERTIES_PART, text, line) for line, text in enumerate(texts, 1)]

        self._frame = DocxFrame(data)

    def render(self, context: dict[str, Any]) -> bytes:
        """The finished .docx for one context, as bytes; a RenderError naming the part where the template failed."""
        with self._env.time_limit():
            return self._render(context)

    def _render(self, context: dict) -> bytes:
        changed = dict(self._fixed)
        changed[self._document_member] = self._document_bytes(
            self._finish(self._run("body", self._body, context))
        )
        for member, (name, compiled) in self._rendered.items():
            changed[member] = _part_bytes(self._finish(self._run(name, compiled, context)))
        changed[self._core_member] = self._core_bytes(context)  # each document's own dates, at least
        return self._frame.write(changed)

    def _document_bytes(self, body_xml: str) -> bytes:
        """document.xml with the rendered body, as docxtpl's render and python-docx's save make it."""
        from lxml import etree

        parser, tables_need_fixing = _body_tools()
        body = etree.fromstring(body_xml, parser)
        if tables_need_fixing(body):  # rarely: a `{%tc %}` loop, say
            body = self._template.fix_tables(body_xml)
        _renumber_drawings(body)
        document = copy.deepcopy(self._document_shell)
        # Inserted, the body loses the namespace declarations the document makes, as in docxtpl's map_tree.
        document.insert(self._body_index, body)
        return etree.tostring(document, encoding="UTF-8", standalone=True)

    def _compile(self, part_name: str, source: str, line: int | None = None):
        from jinja2 import TemplateError

        try:
            return self._env.from_string(source)
        except TemplateError as exc:
            raise self._error(part_name, exc, line) from None

    def _run(
        self, part_name: str, compiled: Template, context: dict[str, Any], line: int | None = None
    ) -> str:
        from jinja2 import TemplateError

        try:
            return self._env.render_bounded(compiled, context)
        except TemplateError as exc:
            raise self._error(part_name, exc, line) from None

    def _error(self, part_name: str, exc: TemplateError, line: int | None) -> RenderError:
        """The RenderError for a Jinja error in a part: where it is, in the words Word shows, and what is wrong."""
        from jinja2.exceptions import SecurityError, TemplateSyntaxError

        from pdbuilder.render.limits import TemplateLimitError

        where = where_in(self._template, part_name, line or template_line(exc))
        if isinstance(exc, TemplateLimitError):
            message = (
                f"stopped: {exc.message}; see docs/security.md to raise the limit for a trusted template"
            )
        elif isinstance(exc, SecurityError):
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
        # Plain `in` checks and replaces: this runs on every part of every document.
        xml = rendered.replace("\n<w:p ", "<w:p ").replace("\n<w:p>", "<w:p>")
        if "_" in xml and ("{_" in xml or "_}" in xml):
            xml = xml.replace("{_{", "{{").replace("}_}", "}}").replace("{_%", "{%").replace("%_}", "%}")
        if not any(character in xml for character in "\t\a\n\f"):
            return xml
        resolve = self._template.resolve_listing
        return _PARAGRAPH.sub(lambda m: resolve(m[0]) if _LISTING_CHARACTERS.search(m[0]) else m[0], xml)

    def _property_texts(self, context: dict[str, Any]) -> list[str]:
        """The document properties: plain text of 255 characters at most.

        The environment escapes for XML, but python-docx escapes property text itself, so the
        escaping is undone; and python-docx refuses a longer property, which a long working title would make.
        """
        return [
            html.unescape(self._run(PROPERTIES_PART, compiled, context, line))[:PROPERTY_LIMIT]
            for line, compiled in enumerate(self._properties, 1)
        ]

    def _core_bytes(self, context: dict) -> bytes:
        """docProps/core.xml: the rendered properties, and the record's days, not the template's or today's
        (the file says when the position was written).

        python-docx writes it once per template, with stand-ins for the values, and each document's
        values take their places as lxml writes them; text lxml refuses goes to python-docx, which says why.
        """
        texts = self._property_texts(context)
        position = context.get("position", {})
        days = [
            datetime.combine(date.fromisoformat(day), time(), UTC) if (day := position.get(name)) else None
            for name in ("created", "modified")
        ]
        if any(_NOT_XML_TEXT.search(text) for text in texts):
            return self._core_xml(texts, days)
        shape = (days[0] is not None, days[1] is not None)
        if shape not in self._core_skeletons:
            self._core_skeletons[shape] = self._core_skeleton(*shape)
        pieces, slots = self._core_skeletons[shape]
        values = [_xml_text(text) for text in texts] + [_w3cdtf(day) for day in days if day]
        return b"".join(
            piece if slot is None else values[slot] for piece, slot in zip(pieces, slots, strict=True)
        )

    def _core_skeleton(self, created: bool, modified: bool) -> tuple[list[bytes], list[int | None]]:
        """core.xml as python-docx writes it, cut where the values go: its pieces, and the value each stands for, if any."""
        texts = [f"pdbuilder-property-{n}" for n in range(len(RENDERED_PROPERTIES))]
        days = [
            datetime(1111, 11, 11 + n, tzinfo=UTC) if wanted else None
            for n, wanted in enumerate((created, modified))
        ]
        stand_ins = [text.encode() for text in texts] + [_w3cdtf(day) for day in days if day]
        pieces = re.split(b"(" + b"|".join(map(re.escape, stand_ins)) + b")", self._core_xml(texts, days))
        return pieces, [stand_ins.index(piece) if n % 2 else None for n, piece in enumerate(pieces)]

    def _core_xml(self, texts: list[str], days: list[datetime | None]) -> bytes:
        """core.xml with these values, written by python-docx."""
        from docx.opc.parts.coreprops import CorePropertiesPart

        part = CorePropertiesPart.load(self._core.partname, self._core.content_type, self._core.blob, None)
        for name, text in zip(RENDERED_PROPERTIES, texts, strict=True):
            setattr(part.core_properties, name, text)
        for name, day in zip(("created", "modified"), days, strict=True):
            if day is not None:
                setattr(part.core_properties, name, day)
        return part.blob


# Characters XML text cannot hold (lxml refuses them).
_NOT_XML_TEXT = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _xml_text(text: str) -> bytes:
    """Text as lxml writes it in an element."""
    return (
        text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\r", "&#13;").encode()
    )


def _w3cdtf(day: datetime) -> bytes:
    """A date as python-docx writes it in the document properties."""
    return day.strftime("%Y-%m-%dT%H:%M:%SZ").encode()


def _part_bytes(xml: str) -> bytes:
    """A rendered part as python-docx saves it; like docxtpl, refuses XML that does not parse."""
    from docx.opc.oxml import serialize_part_xml
    from docx.oxml.parser import parse_xml

    return serialize_part_xml(parse_xml(xml))


@functools.cache
def _body_tools():
    """The parser docxtpl's fix_tables reads a rendered body with, and XPath asking whether it would change a table.

    fix_tables adds grid columns when a row has more cells than the grid, and removes them when no
    row (its cells counted with their spans) fills the grid; a missing grid or a span that is not a
    whole number makes it fail. Tables as written need none of that, and XPath sees so without
    fix_tables' second parse and per-cell Python loop.
    """
    from lxml import etree

    w = {"w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main"}
    columns = etree.XPath("count(w:tblGrid[1]/w:gridCol)", namespaces=w)
    cells = "count(w:tc[not(w:tcPr[1]/w:gridSpan)]) + sum(w:tc/w:tcPr[1]/w:gridSpan[1]/@w:val)"
    needs_fixing = etree.XPath(
        "not(w:tblGrid)"
        " or .//w:tr/w:tc/w:tcPr[1]/w:gridSpan[1][string(@w:val) = '' or translate(@w:val, '0123456789', '') != '']"
        " or .//w:tr[count(w:tc) > $columns]"
        f" or not(.//w:tr[{cells} >= $columns])",
        namespaces=w,
    )
    tables = etree.XPath(".//w:tbl", namespaces=w)
    return etree.XMLParser(recover=True), lambda body: any(
        needs_fixing(table, columns=columns(table)) for table in tables(body)
    )


def _renumber_drawings(body) -> None:
    """docxtpl's fix_docpr_ids: loops can copy a picture, and Word wants unique drawing ids."""
    for number, drawing in enumerate(
        body.iter("{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr"), 1001
    ):
        drawing.attrib["id"] = str(number)


_PREPARED: dict[
    Path, tuple[tuple[int, int], PreparedTemplate]
] = {}  # per process: real path → (mtime and size, template)


def prepared_template(path: Path) -> PreparedTemplate:
    """The template at `path`, prepared once per process and again when the file changes; a RenderError if it cannot be used."""
    with template_errors(path):
        real = Path(path).resolve()
        stat = real.stat()
        stamp = (stat.st_mtime_ns, stat.st_size)
        cached = _PREPARED.get(real)
        if (
            cached is None or cached[0] != stamp
        ):  # the file is read after its stamp is taken, so a change now is seen next time
            cached = _PREPARED[real] = (stamp, PreparedTemplate(Path(path), real.read_bytes()))
        return cached[1]


def render_docx(template_path: Path, context: dict[str, Any]) -> bytes:
    """The rendered .docx, or a RenderError naming the part and text where the template failed."""
    prepared = prepared_template(template_path)
    with template_errors(template_path):
        return prepared.render(context)


@contextmanager
def template_errors(template_path: Path) -> Iterator[None]:
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
