"""Prepared templates: each template read, patched and compiled once, then rendered many times.

What preparing makes is kept in the user's cache folder, so that the next process starts from it.

docxtpl, python-docx and Jinja are imported inside the functions that need them, so importing
this module costs nothing.
"""

from __future__ import annotations

import contextlib
import copy
import functools
import html
import itertools
import os
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

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
    from types import CodeType

    from docx.oxml.coreprops import CT_CoreProperties
    from jinja2 import Template, TemplateError
    from lxml import etree

# What preparing a template makes: plain data (bytes, text, numbers, code), which marshal keeps.
State = dict[str, Any]

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
    copies every other part of the .docx into the new file still compressed, so each part has the
    bytes docxtpl's render and save give it (tests/test_fastdocx.py compares them). What preparing
    makes is plain data (`state`), kept between processes in the user's cache folder: rendering from
    it needs Jinja and lxml, not docxtpl or python-docx. Rendering changes nothing in the prepared
    template, so one may serve several threads.
    """

    def __init__(self, path: Path, data: bytes, state: State | None = None):
        self.path = path
        self._data = data
        self._env = sandbox()
        self.state = state = self._prepare() if state is None else state
        self._body = self._load(state["body"])
        self._document_member = state["document_member"]
        self._rendered = {member: (name, self._load(code)) for member, name, code in state["rendered"]}
        self._fixed: dict[str, bytes] = state["fixed"]
        self._document_shell = _part_element(state["document_shell"])
        self._body_index = state["body_index"]
        self._properties = [
            text if isinstance(text, str) else self._load(text) for text in state["properties"]
        ]
        self._core_member, self._core_blob = state["core"]
        self._core_skeletons = state["core_skeletons"]
        self._frame = DocxFrame(*state["frame"])

    def _prepare(self) -> State:
        """The template's parts patched and compiled, and every byte of the file no document changes, as plain data."""
        from docx.opc.constants import RELATIONSHIP_TYPE

        template = self._template
        document = template.docx
        state: State = {"rendered": [], "fixed": {}}
        for name, part, source in xml_parts(template):
            member = part.partname.lstrip("/")
            code = self._compile(name, source)
            if part is document.part:
                state["body"], state["document_member"] = code, member
            elif _JINJA_MARK.search(source):
                state["rendered"].append((member, name, code))
            else:
                # No tags, yet docxtpl's render may change it: a literal tab becomes a Word tab, say.
                xml = self._finish(self._load(code).render())
                if xml != template.get_part_xml(part):
                    state["fixed"][member] = _part_bytes(xml)

        # The document element without its body, which each render puts back in
        shell = copy.deepcopy(document.element)
        state["body_index"] = shell.index(shell.body)
        shell.remove(shell.body)
        state["document_shell"] = _serialized(shell)

        texts = [getattr(document.core_properties, name) for name in RENDERED_PROPERTIES]
        state["properties"] = []  # a property without tags is its text, the same in every document
        for line, text in enumerate(texts, 1):
            code = self._compile(PROPERTIES_PART, text, line)
            state["properties"].append(code if _JINJA_MARK.search(text) else self._load(code).render())
        core = document.part.package.part_related_by(RELATIONSHIP_TYPE.CORE_PROPERTIES)
        state["core"] = self._core_member, self._core_blob = core.partname.lstrip("/"), core.blob
        state["core_skeletons"] = {
            shape: self._core_skeleton(*shape) for shape in itertools.product((True, False), repeat=2)
        }
        state["frame"] = DocxFrame.read(self._data)
        return state

    @functools.cached_property
    def _template(self) -> Any:
        """docxtpl's template, opened only when needed: to prepare, for the few texts its own code
        post-processes, and to say where an error is."""
        return open_template(self.path, self._data)

    def render(self, context: dict[str, Any]) -> bytes:
        """The finished .docx for one context, as bytes; a RenderError naming the part where the template failed."""
        with self._env.time_limit():
            return self._render(context)

    def _render(self, context: dict[str, Any]) -> bytes:
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
        return _serialized(document)

    def _compile(self, part_name: str, source: str, line: int | None = None) -> CodeType:
        """The Python code Jinja compiles a part's source to."""
        from jinja2 import TemplateError

        try:
            return self._env.compile(source)
        except TemplateError as exc:
            raise self._error(part_name, exc, line) from None

    def _load(self, code: CodeType) -> Template:
        """A compiled part as a template of this environment, as `Environment.from_string` makes it."""
        return self._env.template_class.from_code(self._env, code, self._env.make_globals(None))

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
            html.unescape(
                compiled if isinstance(compiled, str) else self._run(PROPERTIES_PART, compiled, context, line)
            )[:PROPERTY_LIMIT]
            for line, compiled in enumerate(self._properties, 1)
        ]

    def _core_bytes(self, context: dict[str, Any]) -> bytes:
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
        pieces, slots = self._core_skeletons[days[0] is not None, days[1] is not None]
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
        from docx.opc.coreprops import CoreProperties
        from docx.opc.oxml import serialize_part_xml
        from docx.oxml.parser import parse_xml

        element = parse_xml(self._core_blob)  # as python-docx loads the part
        properties = CoreProperties(cast("CT_CoreProperties", element))
        for name, text in zip(RENDERED_PROPERTIES, texts, strict=True):
            setattr(properties, name, text)
        for name, day in zip(("created", "modified"), days, strict=True):
            if day is not None:
                setattr(properties, name, day)
        return serialize_part_xml(element)


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
    return _serialized(_part_element(xml))


def _part_element(xml: str | bytes) -> etree._Element:
    """A part's XML read as python-docx reads it (its parse_xml, without python-docx's own element classes)."""
    from lxml import etree

    return etree.fromstring(xml, _part_parser())


def _serialized(element: etree._Element) -> bytes:
    """An element as python-docx writes a part (its serialize_part_xml)."""
    from lxml import etree

    data: bytes = etree.tostring(element, encoding="UTF-8", standalone=True)
    return data


@functools.cache
def _body_tools() -> tuple[etree.XMLParser, Callable[[etree._Element], bool]]:
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
    needs_fixing = etree.XPath(  # descendant:: rather than .//, which visits every node's children again
        "not(w:tblGrid)"
        " or descendant::w:tr/w:tc/w:tcPr[1]/w:gridSpan[1][string(@w:val) = '' or translate(@w:val, '0123456789', '') != '']"
        " or descendant::w:tr[count(w:tc) > $columns]"
        f" or not(descendant::w:tr[{cells} >= $columns])",
        namespaces=w,
    )
    tables = etree.XPath("descendant::w:tbl", namespaces=w)
    return etree.XMLParser(recover=True), lambda body: any(
        needs_fixing(table, columns=columns(table)) for table in tables(body)
    )


@functools.cache
def _part_parser() -> etree.XMLParser:
    """python-docx's parser (docx.oxml.parser), without its element classes, which change nothing written."""
    from lxml import etree

    return etree.XMLParser(remove_blank_text=True, resolve_entities=False)


def _renumber_drawings(body: etree._Element) -> None:
    """docxtpl's fix_docpr_ids: loops can copy a picture, and Word wants unique drawing ids."""
    for number, drawing in enumerate(
        body.iter("{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr"), 1001
    ):
        drawing.attrib["id"] = str(number)


# Per process: the absolute path → (its file's identity, modification time and size; the template).
_PREPARED: dict[str, tuple[tuple[int, int, int, int], PreparedTemplate]] = {}


def prepared_template(path: Path) -> PreparedTemplate:
    """The template at `path`, prepared once per process and again when the file changes; a RenderError if it cannot be used.

    What preparing makes is kept in the user's cache folder, so that the next process starts from
    it; a lost, stale or damaged copy is made again without a word.
    """
    with template_errors(path):
        absolute = os.path.abspath(
            path
        )  # not resolved: for every document of a batch, that costs more than a stat
        stat = os.stat(absolute)
        stamp = (stat.st_dev, stat.st_ino, stat.st_mtime_ns, stat.st_size)
        cached = _PREPARED.get(absolute)
        if cached is None or cached[0] != stamp:
            # The file is read after its stamp is taken, so a change now is seen next time.
            cached = _PREPARED[absolute] = (
                stamp,
                _prepare_with_cache(Path(path), Path(absolute).read_bytes()),
            )
        return cached[1]


_CACHE_FORMAT = 2  # of the prepared state kept in the cache folder: raised when its shape changes


def _prepare_with_cache(path: Path, data: bytes) -> PreparedTemplate:
    import hashlib
    import marshal

    from pdbuilder.settings import cache_dir
    from pdbuilder.storage import atomic_write

    key = hashlib.sha256(data + _code_versions()).hexdigest()
    kept = cache_dir() / "templates" / f"{key}.marshal"
    try:
        content = kept.read_bytes()
        if hashlib.sha256(content[32:]).digest() == content[:32]:  # else damaged: made again
            return PreparedTemplate(path, data, marshal.loads(content[32:]))
    except Exception:  # missing, unreadable, or not what this code keeps: made again
        pass
    prepared = PreparedTemplate(path, data)
    content = marshal.dumps(prepared.state)  # data and the code Jinja compiled, as in .pyc files
    with contextlib.suppress(OSError):  # a read-only cache folder costs the next process the time to prepare
        atomic_write(kept, hashlib.sha256(content).digest() + content, durable=False)
    return prepared


@functools.cache
def _code_versions() -> bytes:
    """What a prepared state depends on besides the template: this Python and the code installed
    (Jinja, docxtpl, python-docx, lxml and pdbuilder's renderer), known by their files' sizes and
    times without importing them."""
    import sys
    from importlib.machinery import PathFinder

    files = sorted(Path(__file__).parent.glob("*.py"))
    for name in ("jinja2", "docxtpl", "docx", "lxml"):
        spec = PathFinder.find_spec(name)
        files += [Path(spec.origin)] if spec and spec.origin else []
    stamps = [f"{file}:{file.stat().st_mtime_ns}:{file.stat().st_size}" for file in files]
    return "\n".join([sys.version, str(_CACHE_FORMAT), *stamps]).encode()


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
