"""docxtpl rendering with the template prepared once and reused for every document.

A plain docxtpl render re-reads the .docx, re-patches its XML, recompiles the same Jinja source
and recompresses every part for each document. Here the template is opened, patched and compiled
once; each render only runs the compiled templates, applies docxtpl's own post-processing to the
parts that hold Jinja tags, and copies every other part into the new file still compressed.

docxtpl's own methods do the patching and post-processing, so the text that comes out is the text
docxtpl's render gives (tests compare them); only the work around them is not repeated.
"""

from __future__ import annotations

import copy
import io
import re
import struct
import zipfile
from pathlib import Path

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.parts.coreprops import CorePropertiesPart
from docxtpl import DocxTemplate
from jinja2 import Environment
from lxml import etree

_JINJA_MARK = re.compile(r"\{[{%#]")
_FOOTNOTES_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"
_BODY_MARKER = "pdbuilder-body-goes-here"
# The core properties docxtpl renders (docxtpl.DocxTemplate.render_properties).
_RENDERED_PROPERTIES = ("author", "comments", "identifier", "language", "subject", "title")


class PreparedTemplate:
    """A .docx template ready to render many documents. Not thread-safe; one per process."""

    def __init__(self, path: Path, env: Environment):
        self.path = path
        self.env = env
        self._docxtpl = DocxTemplate(str(path))
        self._docxtpl.init_docx()
        document = self._docxtpl.docx
        self._template_bytes = path.read_bytes()

        body_source = self._docxtpl.patch_xml(self._docxtpl.get_xml())
        self._body = self._compile(body_source)
        self._document_part = "word/document.xml"
        self._document_halves = self._document_around_body(document)

        # Other parts with Jinja tags: headers, footers, footnotes. {zip name: compiled template}
        self._parts: dict[str, object] = {}
        self._encodings: dict[str, str] = {}
        for part in self._tagged_parts(document):
            xml = self._docxtpl.get_part_xml(part)
            name = part.partname.lstrip("/")
            self._encodings[name] = self._docxtpl.get_headers_footers_encoding(xml)
            self._parts[name] = self._compile(self._docxtpl.patch_xml(xml))

        core = document.core_properties
        self._properties = {
            name: env.from_string(getattr(core, name))
            for name in _RENDERED_PROPERTIES
            if _JINJA_MARK.search(getattr(core, name) or "")
        }
        self._core_part = document.part.package.part_related_by(RT.CORE_PROPERTIES) if self._properties else None

    def _compile(self, patched_xml: str):
        # What docxtpl.render_xml_part does before it compiles: one paragraph per line, so that
        # Jinja's line numbers in errors point near the paragraph.
        return self.env.from_string(re.sub(r"<w:p([ >])", r"\n<w:p\1", patched_xml))

    def _document_around_body(self, document) -> tuple[bytes, bytes]:
        """document.xml as bytes before and after the body, which each render fills in."""
        root = copy.deepcopy(document.element)
        root.replace(root.body, etree.Comment(_BODY_MARKER))
        # Serialised as python-docx saves a part: UTF-8 with a standalone declaration.
        xml = etree.tostring(root, encoding="UTF-8", standalone=True)
        before, after = xml.split(f"<!--{_BODY_MARKER}-->".encode())
        return before, after

    def _tagged_parts(self, document):
        uris = (DocxTemplate.HEADER_URI, DocxTemplate.FOOTER_URI)
        for rel in document.part.rels.values():
            if rel.is_external or rel.reltype not in uris:
                continue
            if _JINJA_MARK.search(rel.target_part.blob.decode("utf-8", "replace")):
                yield rel.target_part
        for part in document.part.package.parts:
            if part.content_type == _FOOTNOTES_TYPE and _JINJA_MARK.search(part.blob.decode("utf-8", "replace")):
                yield part

    def _finish(self, rendered: str) -> str:
        """docxtpl.render_xml_part's steps after Jinja: undo the line breaks, restore escaped braces,
        turn \\n, \\t, \\a and \\f in text into Word breaks, tabs, paragraphs and pages."""
        xml = re.sub(r"\n<w:p([ >])", r"<w:p\1", rendered)
        xml = xml.replace("{_{", "{{").replace("}_}", "}}").replace("{_%", "{%").replace("%_}", "%}")
        return self._docxtpl.resolve_listing(xml)

    def render(self, context: dict) -> bytes:
        """The finished .docx for one context, as bytes."""
        changed: dict[str, bytes] = {}
        body = self._docxtpl.fix_tables(self._finish(self._body.render(context)))
        self._renumber_drawings(body)
        before, after = self._document_halves
        changed[self._document_part] = before + etree.tostring(body, encoding="UTF-8") + after
        for name, template in self._parts.items():
            changed[name] = self._finish(template.render(context)).encode(self._encodings[name])
        if self._core_part is not None:
            changed[self._core_part.partname.lstrip("/")] = self._render_core(context)
        return self._zip(changed)

    @staticmethod
    def _renumber_drawings(body) -> None:
        # docxtpl.fix_docpr_ids: loops can copy a picture; Word wants unique drawing ids.
        for number, drawing in enumerate(body.iter("{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr"), 1001):
            drawing.attrib["id"] = str(number)

    def _render_core(self, context: dict) -> bytes:
        part = CorePropertiesPart.load(self._core_part.partname, self._core_part.content_type, self._core_part.blob, None)
        for name, template in self._properties.items():
            setattr(part.core_properties, name, template.render(context))
        return part.blob

    def _zip(self, changed: dict[str, bytes]) -> bytes:
        out = io.BytesIO()
        with zipfile.ZipFile(io.BytesIO(self._template_bytes)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
            for info in source.infolist():
                if info.filename in changed:
                    fresh = zipfile.ZipInfo(info.filename, date_time=info.date_time)
                    fresh.compress_type = zipfile.ZIP_DEFLATED
                    target.writestr(fresh, changed[info.filename])
                else:
                    _copy_compressed(self._template_bytes, info, target)
        return out.getvalue()


def _copy_compressed(archive: bytes, info: zipfile.ZipInfo, target: zipfile.ZipFile) -> None:
    """Copy one member as it is stored, without decompressing and recompressing it.

    zipfile has no public way to do this; it writes the local header, the stored bytes, and lets
    `target` write the central directory entry on close, as ZipFile.write does.
    """
    name_length, extra_length = struct.unpack("<HH", archive[info.header_offset + 26 : info.header_offset + 30])
    start = info.header_offset + 30 + name_length + extra_length
    stored = archive[start : start + info.compress_size]
    entry = copy.copy(info)
    entry.flag_bits &= ~0x08  # sizes and CRC go in the local header, not a trailing data descriptor
    entry.extra = b""
    entry.header_offset = target.fp.tell()
    target.fp.write(entry.FileHeader())
    target.fp.write(stored)
    target.filelist.append(entry)
    target.NameToInfo[entry.filename] = entry
    target.start_dir = target.fp.tell()
    target._didModify = True
