"""The Jinja sandbox templates render in, and reading a template's parts as Jinja source.

Templates render in a sandbox with autoescaping, so a template cannot reach Python internals and
whatever the analyst typed comes out literally. Errors point at the text a person sees in Word.
"""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pdbuilder.render.lookup import RenderError

if TYPE_CHECKING:
    from pdbuilder.render.limits import BoundedSandbox

# docxtpl turns `{_{`, `}_}`, `{_%`, `%_}` into `{{`, `}}`, `{%`, `%}` after rendering.
_DOCXTPL_UNDERSCORE = re.compile(r"(?<=[{}%])_(?=[{}%])")
# The document properties docxtpl renders as templates too (its render_properties).
RENDERED_PROPERTIES = ("author", "comments", "identifier", "language", "subject", "title")
PROPERTIES_PART = "document properties"  # how errors name them: File > Properties in Word
_FOOTNOTES_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"


def sandbox() -> BoundedSandbox:
    """The Jinja environment every template renders in: sandboxed, bounded, autoescaping, strict about names."""
    from jinja2 import StrictUndefined
    from markupsafe import Markup, escape

    from pdbuilder.render.limits import BoundedSandbox

    def literal(value: object) -> object:
        """What `{{ value }}` prints: none as nothing; text escaped for XML, and its `{_{` kept from
        docxtpl's rewriting. It runs for every value of every document: plain `in` checks first."""
        if value is None:
            return ""
        if isinstance(value, str) and not hasattr(value, "__html__"):
            text = escape(value)
            if "_" in text and ("{" in text or "}" in text or "%" in text):
                return Markup(_DOCXTPL_UNDERSCORE.sub("&#95;", str(text)))
            return text
        return value

    return BoundedSandbox(autoescape=True, undefined=StrictUndefined, finalize=literal)


def open_template(path: Path, data: bytes | None = None) -> Any:
    """A docxtpl template for a .docx file (its bytes in `data` when already read), or a RenderError saying why it is not one."""
    import io

    from docxtpl import DocxTemplate

    template = DocxTemplate(path if data is None else io.BytesIO(data))
    try:
        template.init_docx()
    except Exception as exc:  # python-docx raises many kinds for a file that is not a .docx
        raise RenderError(f"not a Word .docx file ({type(exc).__name__}: {exc})", path) from None
    return template


def xml_parts(template: Any) -> list[tuple[str, Any, str]]:
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


def template_parts(template: Any) -> list[tuple[str, str]]:
    """(name, Jinja source) of each part a template renders: `body`, `header1`, `footer1` …, `document properties`.

    The document properties (title, subject …) come last, one to a line.
    """
    properties = "\n".join(
        html.escape(getattr(template.get_docx().core_properties, name)) for name in RENDERED_PROPERTIES
    )
    return [*((name, source) for name, _, source in xml_parts(template)), (PROPERTIES_PART, properties)]


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


def where_in(template: Any, part_name: str, line: int | None) -> str:
    """A part and the text on a line of it, as errors name a place in a template."""
    sources = dict(template_parts(template))
    excerpt = source_excerpt(sources.get(part_name, ""), line)
    return f"{part_name}, in “{excerpt}”" if excerpt else part_name


def template_line(exc: Exception) -> int | None:
    """The template line a Jinja error happened on: syntax errors carry it, runtime ones leave it in the traceback."""
    line = getattr(exc, "lineno", None)
    frame = exc.__traceback__ if line is None else None
    while frame is not None:  # the innermost template frame is where it failed
        if frame.tb_frame.f_code.co_filename == "<template>":
            line = frame.tb_lineno
        frame = frame.tb_next
    return line
