"""The prepared-template renderer gives the text docxtpl's own render gives, faster and as valid."""

from __future__ import annotations

import io
import zipfile

import pytest
from docx import Document
from docxtpl import DocxTemplate
from jinja2.sandbox import SandboxedEnvironment

from pdbuilder.catalog import load_catalog
from pdbuilder.context import build_context
from pdbuilder.fastdocx import PreparedTemplate
from pdbuilder.records import read_position

from .conftest import SAMPLE_POSITIONS


def document_text(data: bytes) -> list[str]:
    """Everything a reader sees: body paragraphs, table cells, headers, footers, the title property."""
    document = Document(io.BytesIO(data))
    seen = [p.text for p in document.paragraphs]
    seen += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    for section in document.sections:
        seen += [p.text for p in section.header.paragraphs] + [p.text for p in section.footer.paragraphs]
    seen.append(document.core_properties.title)
    return seen


@pytest.fixture
def custom_template(tmp_path):
    """An agency-style template using the tag kinds docxtpl offers: {{ }}, {%p %}, {%tr %}, {% %}."""
    document = Document()
    document.core_properties.title = "PD {{ position.number }}"
    section = document.sections[0]
    section.header.paragraphs[0].text = "Position {{ position.number }} – {{ job_class.title }}"
    section.footer.paragraphs[0].text = "Agency: {{ position.agency }}"
    document.add_heading("{{ position.working_title }}", 1)
    document.add_paragraph("{{ class_group.concept }}")
    document.add_paragraph("{%p for t in tasks %}")
    document.add_paragraph("{{ t.number }}. {{ t.text }}{% if t.essential %} (essential){% endif %}", style="List Bullet")
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


@pytest.fixture
def context():
    position = read_position(SAMPLE_POSITIONS / "00073302-institutional-library-senior.toml")
    position = position.with_changes(working_title="Lead & <Senior> {{ 7*7 }} {% raw %}\nsecond line", agency="Dept. “Ñandú” 📚")
    return build_context(position, load_catalog().get(position.class_id))


def plain_docxtpl(path, context) -> bytes:
    template = DocxTemplate(str(path))
    template.render(context, jinja_env=SandboxedEnvironment(), autoescape=True)
    out = io.BytesIO()
    template.save(out)
    return out.getvalue()


def test_same_text_as_docxtpl(custom_template, context):
    prepared = PreparedTemplate(custom_template, SandboxedEnvironment(autoescape=True))
    fast = prepared.render(context)
    assert document_text(fast) == document_text(plain_docxtpl(custom_template, context))
    seen = document_text(fast)
    assert "Lead & <Senior> {{ 7*7 }} {% raw %}\nsecond line" in seen
    assert "Position 00073302 – Library Technician Senior" in seen
    assert "Agency: Dept. “Ñandú” 📚" in seen
    assert "PD 00073302" in seen
    assert "Three years of experience in library work or administrative support work." in seen
    assert seen.count("class") == 3  # one table row per class requirement
    assert any(s.startswith("7. Trains and schedules inmate library clerks & reviews their work daily. (essential)") for s in seen)


def test_a_prepared_template_renders_many_documents_independently(custom_template, context):
    prepared = PreparedTemplate(custom_template, SandboxedEnvironment(autoescape=True))
    first = prepared.render(context)
    other = dict(context, position=dict(context["position"], number="99999"))
    second = prepared.render(other)
    assert "PD 99999" in document_text(second)
    assert document_text(prepared.render(context)) == document_text(first)


def test_output_is_a_sound_zip_with_unchanged_parts_copied_as_stored(custom_template, context):
    fast = PreparedTemplate(custom_template, SandboxedEnvironment(autoescape=True)).render(context)
    with zipfile.ZipFile(io.BytesIO(fast)) as made, zipfile.ZipFile(custom_template) as template:
        assert made.testzip() is None
        assert made.namelist() == template.namelist()
        styles_made, styles_template = made.getinfo("word/styles.xml"), template.getinfo("word/styles.xml")
        assert (styles_made.CRC, styles_made.compress_size) == (styles_template.CRC, styles_template.compress_size)
    assert len(fast) <= 1.25 * len(plain_docxtpl(custom_template, context))
