"""Prepared templates: `generate` gives the text docxtpl's own render gives, in a file as small, faster."""

from __future__ import annotations

import html
import io
import os
import subprocess
import sys
import zipfile
from datetime import UTC, date, datetime, time

import docx
import pytest
from docxtpl import DocxTemplate

from pdbuilder import render
from pdbuilder.context import build_context
from pdbuilder.model import PositionTask
from pdbuilder.records import read_position
from pdbuilder.render import (
    TEMPLATE_NAMES,
    generate,
    prepared,
    prepared_template,
    resolve_template,
    sandbox,
    template_context,
)
from pdbuilder.settings import cache_dir

from .conftest import SAMPLE_POSITIONS
from .test_render import CATALOG, LITERALS, make_template, rich_position

DAY = date(2026, 5, 4)
SAMPLES = sorted(SAMPLE_POSITIONS.glob("*.toml"))
# Rendered from templates by docxtpl; the others are copied.
RENDERED_PROPERTIES = ("author", "comments", "identifier", "language", "subject", "title")


def document_text(data: bytes, properties=lambda text: text) -> list[str]:
    """Everything a reader sees: body paragraphs, table cells, every header and footer, the core properties."""
    document = docx.Document(io.BytesIO(data))
    seen = [p.text for p in document.paragraphs]
    seen += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    for section in document.sections:
        for part in (section.header, section.first_page_header, section.footer, section.first_page_footer):
            seen += [p.text for p in part.paragraphs] + [
                cell.text for t in part.tables for r in t.rows for cell in r.cells
            ]
    core = document.core_properties
    seen += [properties(getattr(core, name)) for name in RENDERED_PROPERTIES]
    # Not created and modified: pdbuilder gives each document its record's days (docxtpl keeps the template's).
    seen += [getattr(core, name) for name in ("category", "keywords", "last_modified_by", "revision")]
    return seen


def part_xml(data: bytes) -> list[str]:
    """The XML of the body and of every header and footer."""
    document = docx.Document(io.BytesIO(data))
    parts = [document.element.body.xml]
    for section in document.sections:
        parts += [
            part._element.xml
            for part in (section.header, section.first_page_header, section.footer, section.first_page_footer)
        ]
    return parts


def docxtpl_render(path, context) -> bytes:
    """The document docxtpl's own render gives with pdbuilder's environment."""
    template = DocxTemplate(str(path))
    template.render(context, jinja_env=sandbox(), autoescape=True)
    out = io.BytesIO()
    template.save(out)
    return out.getvalue()


@pytest.fixture
def fixed_day(monkeypatch):
    """`generate` renders with DAY as today, so a reference context can match it."""
    monkeypatch.setattr(
        "pdbuilder.context.build_context",
        lambda position, ref, today=None, agency=None: build_context(position, ref, DAY, agency),
    )


@pytest.fixture
def custom_template(tmp_path):
    """An agency-style template using the tag kinds docxtpl offers: {{ }}, {%p %}, {%tr %}, {% %}, in every part."""
    document = docx.Document()
    document.core_properties.title = "PD {{ position.number }}"
    document.core_properties.subject = "{{ position.working_title }}"
    section = document.sections[0]
    header = section.header.paragraphs[0]
    for run in (
        "Position {",
        "{ position.number }} – {",
        "{ job_class.title }}",
    ):  # tags split across runs, as Word saves some
        header.add_run(run)
    section.footer.paragraphs[0].text = "Agency: {{ position.agency }}"
    section.different_first_page_header_footer = True
    section.first_page_header.paragraphs[0].text = "First page {_{ not a tag }_}\tno tags here"
    document.add_heading("{{ position.working_title }}", 1)
    document.add_paragraph("{{ class_group.concept }}")
    document.add_paragraph("{%p for t in tasks %}")
    document.add_paragraph(
        "{{ t.number }}. {{ t.text }}{% if t.essential %} (essential){% endif %}", style="List Bullet"
    )
    document.add_paragraph("{%p endfor %}")
    table = document.add_table(rows=4, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "Requirement", "Source"
    table.cell(1, 0).text = "{%tr for r in minimum_requirements %}"
    table.cell(2, 0).text, table.cell(2, 1).text = "{{ r }}", "class"
    table.cell(3, 0).text = "{%tr endfor %}"
    document.add_paragraph("Extra: {% for r in extra_requirements %}{{ r }}; {% endfor %}")
    path = tmp_path / "custom.docx"
    document.save(path)
    return path


def literal_position():
    """A position whose texts look like XML, Jinja and docxtpl escapes, and span many scripts."""
    return rich_position(
        working_title=LITERALS[0],
        agency=LITERALS[1],
        extra_requirements=tuple(LITERALS),
        tasks=(*(PositionTask(text) for text in LITERALS), PositionTask("Two lines\nand\ta tab")),
    )


CASES = [*(pytest.param(path, id=path.stem[:8]) for path in SAMPLES), pytest.param(None, id="literals")]


@pytest.mark.parametrize("record", CASES)
@pytest.mark.parametrize("template", [*TEMPLATE_NAMES, "custom"])
def test_generate_gives_docxtpls_text_in_a_file_no_bigger(
    tmp_path, fixed_day, custom_template, template, record
):
    if record is None:
        position, ref = literal_position()
    else:
        position = read_position(record)
        ref = CATALOG.get(position.class_id)
    path = custom_template if template == "custom" else resolve_template(template)
    done = generate(position, ref, tmp_path / "out.docx", path)
    plain = docxtpl_render(path, template_context(position, ref)[0])
    data = done.path.read_bytes()
    # docxtpl leaves document properties XML-escaped (python-docx escapes them again); pdbuilder
    # deliberately undoes that (docs/templates.md), so those are compared unescaped.
    assert document_text(data) == document_text(plain, html.unescape)
    assert part_xml(data) == part_xml(plain)  # the same Word markup too: line breaks, tabs, table rows
    assert len(data) <= 1.25 * len(plain)
    seen = document_text(data)
    assert position.working_title in seen and position.agency in "\n".join(map(str, seen))
    core = docx.Document(io.BytesIO(data)).core_properties
    assert (core.created.date(), core.modified.date()) == (position.created.date(), position.modified.date())
    if template == "custom":
        assert f"Position {position.number} – {ref.job_class.title}" in seen
        assert (
            "First page {{ not a tag }}\tno tags here" in seen
        )  # docxtpl's rewriting applies to a part without tags too
        assert seen.count("class") == len(ref.job_class.minimum_requirements)  # one table row each
        assert f"PD {position.number}" in seen


def long_table_position():
    """A position with far more tasks and requirements than a page holds: long tables, every row its own edge text."""
    position, ref = literal_position()
    texts = [f"{n}. {LITERALS[n % len(LITERALS)]}" for n in range(120)]
    return position.with_changes(
        tasks=tuple(PositionTask(text, percent=None) for text in texts),
        extra_requirements=tuple(texts[:40]),
    ), ref


def docxtpl_parts(path, position, ref) -> dict[str, bytes]:
    """Every part of the document docxtpl's render and python-docx's save give, with pdbuilder's two
    documented choices for the document properties: the text unescaped, created and modified the record's days."""
    template = DocxTemplate(str(path))
    template.render(template_context(position, ref)[0], jinja_env=sandbox(), autoescape=True)
    core = template.docx.core_properties
    for name in RENDERED_PROPERTIES:
        setattr(core, name, html.unescape(getattr(core, name)))
    for name in ("created", "modified"):
        if day := getattr(position, name):
            setattr(core, name, datetime.combine(day, time(), UTC))
    out = io.BytesIO()
    template.save(out)
    return zip_parts(out.getvalue())


def zip_parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


BYTE_CASES = [
    *(
        pytest.param(
            lambda path=path: (read_position(path), CATALOG.get(read_position(path).class_id)),
            id=path.stem[:8],
        )
        for path in SAMPLES
    ),
    pytest.param(literal_position, id="literals"),
    pytest.param(long_table_position, id="long-tables"),
]


@pytest.mark.parametrize("case", BYTE_CASES)
@pytest.mark.parametrize("template", [*TEMPLATE_NAMES, "custom"])
def test_every_part_is_byte_for_byte_what_docxtpl_makes(tmp_path, custom_template, template, case):
    position, ref = case()
    path = custom_template if template == "custom" else resolve_template(template)
    made = zip_parts(generate(position, ref, tmp_path / "out.docx", path).path.read_bytes())
    expected = docxtpl_parts(path, position, ref)
    assert list(made) == list(expected)
    for name, data in expected.items():
        assert made[name] == data, name


def test_tables_whose_columns_a_loop_changes_are_fixed_as_docxtpl_fixes_them(tmp_path):
    document = docx.Document()
    for loop in ("t in tasks", "t in []"):  # a column per task, more than the grid has; then none
        row = document.add_table(rows=1, cols=4).rows[0].cells
        for cell, text in zip(
            row, ["Task", f"{{%tc for {loop} %}}", "{{ t.number }}", "{%tc endfor %}"], strict=True
        ):
            cell.text = text
    document.save(tmp_path / "t.docx")
    position, ref = long_table_position()
    made = zip_parts(generate(position, ref, tmp_path / "out.docx", tmp_path / "t.docx").path.read_bytes())
    assert made["word/document.xml"] == docxtpl_parts(tmp_path / "t.docx", position, ref)["word/document.xml"]
    widened, narrowed = docx.Document(tmp_path / "out.docx").tables
    assert len(widened.columns) == 1 + len(position.tasks) and len(narrowed.columns) == 1


def test_document_properties_are_written_as_python_docx_writes_them(tmp_path):
    document = docx.Document()
    document.core_properties.title = "A{{ '\\r' }}B ]]> {{ position.working_title }}"
    document.core_properties.subject = "Tab\there, line\nthere & “quotes” {{ position.agency }}"
    document.core_properties.comments = "&amp;#1; stays text"  # unescaped once only
    document.save(tmp_path / "t.docx")
    position, ref = literal_position()
    for case in (position, position.with_changes(created=None)):  # no day: the template's day stays
        made = zip_parts(generate(case, ref, tmp_path / "out.docx", tmp_path / "t.docx").path.read_bytes())
        assert made["docProps/core.xml"] == docxtpl_parts(tmp_path / "t.docx", case, ref)["docProps/core.xml"]
    document.core_properties.comments = "{{ '\\x01' }} is no character for XML"
    document.save(tmp_path / "bad.docx")
    with pytest.raises(render.RenderError, match="XML compatible"):
        generate(position, ref, tmp_path / "bad.docx", tmp_path / "bad.docx")


def test_a_prepared_template_renders_many_documents_independently(custom_template):
    prepared = prepared_template(custom_template)
    position, ref = literal_position()
    context = template_context(position, ref)[0]
    first = prepared.render(context)
    other = dict(context, position=dict(context["position"], number="99999"))
    assert "PD 99999" in document_text(prepared.render(other))
    assert prepared.render(context) == first


def test_a_template_is_prepared_once_and_again_when_its_file_changes(tmp_path):
    position, ref = rich_position()
    template = make_template(tmp_path / "t.docx", ["Version one {{ position.number }}"])
    assert prepared_template(template) is prepared_template(template)
    generate(position, ref, tmp_path / "one.docx", template)
    make_template(template, ["Second version {{ position.number }}"])
    os.utime(template, ns=(0, 0))  # the same size and a new modification time: still seen
    generate(position, ref, tmp_path / "two.docx", template)
    assert docx.Document(str(tmp_path / "one.docx")).paragraphs[0].text == "Version one 00012345"
    assert docx.Document(str(tmp_path / "two.docx")).paragraphs[0].text == "Second version 00012345"


def test_the_next_process_renders_from_the_prepared_template_kept_in_the_cache_without_docxtpl(tmp_path):
    """`generate` in a fresh process: the first prepares the template and keeps it; the next renders
    from that, without importing docxtpl or python-docx, into the same bytes."""
    record = SAMPLES[0]
    run = (
        "import sys; from pdbuilder.cli import main; code = main(sys.argv[1:]);"
        " print(code, 'docx' in sys.modules, 'docxtpl' in sys.modules)"
    )
    made = []
    for name in ("first.docx", "next.docx"):
        done = subprocess.run(
            [sys.executable, "-c", run, "generate", str(record), "-o", str(tmp_path / name)],
            capture_output=True, text=True, check=True,
        )  # fmt: skip
        made.append(done.stdout.split()[-3:])
    assert made == [["0", "True", "True"], ["0", "False", "False"]]
    assert (tmp_path / "first.docx").read_bytes() == (tmp_path / "next.docx").read_bytes()
    assert len(list((cache_dir() / "templates").iterdir())) == 1


@pytest.mark.parametrize("damage", ["truncated", "garbage", "emptied"])
def test_a_damaged_cached_template_is_made_again_without_a_word(
    tmp_path, custom_template, monkeypatch, damage
):
    position, ref = literal_position()
    first = generate(position, ref, tmp_path / "one.docx", custom_template).path.read_bytes()
    (kept,) = (cache_dir() / "templates").iterdir()
    content = kept.read_bytes()
    kept.write_bytes(
        {"truncated": content[:-100], "garbage": os.urandom(len(content)), "emptied": b""}[damage]
    )
    monkeypatch.setattr(prepared, "_PREPARED", {})  # as in a new process
    assert generate(position, ref, tmp_path / "two.docx", custom_template).path.read_bytes() == first
    assert kept.read_bytes() == content  # and kept again


def test_a_changed_template_is_prepared_again_not_taken_from_the_cache(tmp_path, monkeypatch):
    position, ref = rich_position()
    template = make_template(tmp_path / "t.docx", ["Version one {{ position.number }}"])
    generate(position, ref, tmp_path / "one.docx", template)
    make_template(template, ["Second version {{ position.number }}"])
    monkeypatch.setattr(prepared, "_PREPARED", {})
    generate(position, ref, tmp_path / "two.docx", template)
    assert docx.Document(str(tmp_path / "two.docx")).paragraphs[0].text == "Second version 00012345"
    assert len(list((cache_dir() / "templates").iterdir())) == 2


def test_output_is_a_sound_zip_with_unchanged_parts_copied_as_stored(tmp_path, custom_template):
    position, ref = literal_position()
    done = generate(position, ref, tmp_path / "out.docx", custom_template)
    with zipfile.ZipFile(done.path) as made, zipfile.ZipFile(custom_template) as template:
        assert made.testzip() is None
        assert made.namelist() == template.namelist()
        styles_made, styles_template = made.getinfo("word/styles.xml"), template.getinfo("word/styles.xml")
        assert (styles_made.CRC, styles_made.compress_size) == (
            styles_template.CRC,
            styles_template.compress_size,
        )
        assert made.read("word/header1.xml").startswith(
            b"<?xml version='1.0' encoding='UTF-8' standalone='yes'?>"
        )


def test_an_error_names_the_template_as_the_caller_did(tmp_path):
    position, ref = rich_position()
    make_template(tmp_path / "t.docx", ["{{ position.numbr }}"])  # tests run in tmp_path
    for spelling in (tmp_path / "t.docx", "t.docx"):  # the second finds it prepared under the first
        with pytest.raises(render.RenderError) as caught:
            generate(position, ref, tmp_path / "out.docx", spelling)
        assert str(caught.value).startswith(
            f"{spelling}: body, in “{{{{ position.numbr }}}}”: template error:"
        )


def with_footnote(path, text: str):
    """`path` with a footnotes part holding `text`, as Word stores footnotes (python-docx cannot add one)."""
    footnotes = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n'
        '<w:footnotes xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        f'<w:footnote w:id="1"><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:footnote></w:footnotes>'
    )
    with zipfile.ZipFile(path) as source:
        members = {name: source.read(name) for name in source.namelist()}
    members["word/footnotes.xml"] = footnotes.encode()
    members["[Content_Types].xml"] = members["[Content_Types].xml"].replace(
        b"</Types>",
        (
            b'<Override PartName="/word/footnotes.xml" '
            b'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"/></Types>'
        ),
    )
    members["word/_rels/document.xml.rels"] = members["word/_rels/document.xml.rels"].replace(
        b"</Relationships>",
        (
            b'<Relationship Id="rIdFootnotes" Target="footnotes.xml" '
            b'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes"/></Relationships>'
        ),
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in members.items():
            target.writestr(name, data)
    return path


def footnote_text(data: bytes) -> str:
    from lxml import etree

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return "".join(etree.fromstring(archive.read("word/footnotes.xml")).itertext())


def test_footnotes_render_as_docxtpl_renders_them_and_are_checked(tmp_path):
    from pdbuilder.template_check import check_template

    position, ref = literal_position()
    template = with_footnote(
        make_template(tmp_path / "t.docx", ["{{ position.number }}"]), "Agency: {{ position.agency }}"
    )
    done = generate(position, ref, tmp_path / "out.docx", template)
    assert footnote_text(done.path.read_bytes()) == f"Agency: {LITERALS[1]}"
    assert footnote_text(done.path.read_bytes()) == footnote_text(
        docxtpl_render(template, template_context(position, ref)[0])
    )
    broken = with_footnote(make_template(tmp_path / "b.docx", ["fine"]), "{{ position.agencie }}")
    assert [str(p) for p in check_template(broken)] == [
        "footnotes, in “{{ position.agencie }}”: unknown variable 'position.agencie'"
    ]
