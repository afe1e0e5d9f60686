"""The renderer: every generated document is read back with python-docx and checked for its text."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import zipfile
from dataclasses import replace
from pathlib import Path

import docx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pdbuilder.catalog import load_catalog
from pdbuilder.model import PositionTask, Section, new_position
from pdbuilder.records import read_position
from pdbuilder.render import (
    TEMPLATE_NAMES,
    Generated,
    RenderError,
    default_output,
    generate,
    resolve_template,
)

from .conftest import SAMPLE_POSITIONS, snapshot_files
from .docxread import read_docx

SAMPLES = sorted(SAMPLE_POSITIONS.glob("*.toml"))
CATALOG = load_catalog([])


def make_template(path: Path, body: list[str], header: str = "", footer: str = "") -> Path:
    """A custom agency template: one paragraph per line of `body`, each line a single run."""
    document = docx.Document()
    for line in body:
        document.add_paragraph(line)
    if header:
        document.sections[0].header.paragraphs[0].text = header
    if footer:
        document.sections[0].footer.paragraphs[0].text = footer
    document.save(str(path))
    return path


def rich_position(**changes):
    """A position using every part of the context: class and own tasks, percents, essentials, extras, a level."""
    ref = CATALOG.get("library-technician-senior")
    position = new_position(
        ref,
        ["processes-inter-library-loan", "performs-cataloging-library-materials"],
        ["Drives the bookmobile on its county route."],
        working_title="Bookmobile Technician",
        number="00012345",
        agency="Department of State",
        unit="Library Services",
        location="Tallahassee",
        supervisor="Library Services Manager",
        flsa_status="non-exempt",
        work_schedule="Mon–Fri 8–5",
        contributor_level="independent",
        extra_requirements=("Valid driver license.", "Able to lift 40 pounds."),
    )
    shares = [(50, True), (30, False), (20, True)]
    tasks = tuple(
        replace(t, percent=p, essential=e) for t, (p, e) in zip(position.tasks, shares, strict=True)
    )
    return position.with_changes(**{"tasks": tasks, **changes}), ref


@pytest.mark.parametrize("record", SAMPLES, ids=lambda p: p.stem)
def test_position_description_holds_the_whole_record(tmp_path, record):
    position = read_position(record)
    ref = CATALOG.get(position.class_id)
    done = generate(position, ref, tmp_path / "pd.docx")
    assert done == Generated(tmp_path / "pd.docx", [], None)
    doc = read_docx(done.path)
    text = doc.text
    for name in (
        "agency",
        "unit",
        "number",
        "working_title",
        "location",
        "supervisor",
        "work_schedule",
        "flsa_status",
    ):
        assert getattr(position, name) in text, name
    group, job_class = ref.group, ref.job_class
    for value in (
        group.occupational_group,
        group.class_group,
        job_class.title,
        job_class.occupational_role,
        job_class.pay_plan,
        group.concept,
        job_class.level_of_work,
    ):
        assert value in doc.body
    for task in position.tasks:
        row = doc.row_with(task.text)
        assert row[2] == (f"{task.percent}%" if task.percent is not None else "")
        assert row[3] == ("Yes" if task.essential else "")
        assert row[1].endswith(" †") == task.is_custom
    if position.percent_total is None:
        assert not any("Total" in row for row in doc.rows)
    else:
        assert doc.row_with("Total")[2] == f"{position.percent_total}%"
    requirements = job_class.minimum_requirements + position.extra_requirements
    assert [p for p in doc.body if p in requirements] == list(requirements)  # class ones first, in order
    level = group.level(position.contributor_level)
    assert f"Section 7 · Contributor level: {level.name}" in doc.body
    for line in level.description + level.performance_range:
        assert line in doc.body
    draft = "" if position.status == "approved" else "DRAFT · "
    assert doc.headers == [f"{position.agency}\t{draft}Position No. {position.number}"]
    assert doc.footers[0].startswith(
        f"Position Description · {job_class.title} · Revised {position.modified.date().isoformat()}\tPage "
    )
    assert 'w:instr=" PAGE "' in doc.footer_xml and 'w:instr=" NUMPAGES "' in doc.footer_xml
    assert "{{" not in text and "{%" not in text


@pytest.mark.parametrize("record", SAMPLES, ids=lambda p: p.stem)
def test_posting_holds_title_summary_duties_and_requirements(tmp_path, record):
    position = read_position(record)
    ref = CATALOG.get(position.class_id)
    doc = read_docx(generate(position, ref, tmp_path / "posting.docx", "posting").path)
    assert doc.body[0] == position.working_title
    assert doc.body[1] == f"{position.agency} · {position.unit}"
    for value in (position.location, position.number, ref.job_class.title):
        assert any(value in row_cell for row in doc.rows for row_cell in row)
    for value in (
        ref.group.concept,
        ref.job_class.level_of_work,
        *(t.text for t in position.tasks),
        *ref.job_class.minimum_requirements,
        *position.extra_requirements,
    ):
        assert value in doc.body
    draft = "" if position.status == "approved" else "DRAFT · "
    assert doc.headers == [f"{position.agency}\t{draft}Job Opportunity"]
    assert "{{" not in doc.text


def test_a_position_without_percent_level_or_extras_leaves_those_parts_out(tmp_path):
    ref = CATALOG.get("library-technician")
    position = new_position(ref, ["processes-inter-library-loan"], number="7")
    doc = read_docx(generate(position, ref, tmp_path / "pd.docx").path)
    assert doc.row_with("Processes inter-library loan requests.")[2:] == ["", ""]
    assert not any("Total" in row for row in doc.rows)
    assert "Additional requirements for this position" not in doc.body
    assert not any(p.startswith("Section 7") for p in doc.body)
    assert "—" in doc.row_with("Class code")[2]  # empty values read as a dash, not a blank


def test_class_group_sections_are_listed(tmp_path):
    position, ref = rich_position()
    group = replace(
        ref.group, sections=(Section("SPECIAL REQUIREMENTS", ("Must hold a CDL.", "Works some Saturdays.")),)
    )
    ref = replace(ref, group=group)
    doc = read_docx(generate(position, ref, tmp_path / "pd.docx").path)
    start = doc.body.index("SPECIAL REQUIREMENTS")
    assert doc.body[start + 1 : start + 3] == ["Must hold a CDL.", "Works some Saturdays."]


def test_custom_template_sees_the_whole_context(tmp_path):
    position, ref = rich_position()
    template = make_template(
        tmp_path / "agency.docx",
        [
            "Title: {{ position.working_title }} ({{ job_class.title }}, {{ class_group.name }})",
            "{%p for task in tasks %}",
            "{{ task.number }}. {{ task.text }} [{{ task.percent }}%{% if task.essential %}, E{% endif %}, {{ task.source }}]",
            "{%p endfor %}",
            "{%p for r in minimum_requirements + extra_requirements %}",
            "Req: {{ r }}",
            "{%p endfor %}",
            "Level: {{ contributor_level.name }}",
        ],
        header="No. {{ position.number }}",
        footer="{{ position.agency }} / {{ today }}",
    )
    done = generate(position, ref, tmp_path / "out.docx", template)
    doc = read_docx(done.path)
    tasks = position.tasks
    assert doc.body == [
        "Title: Bookmobile Technician (Library Technician Senior, Library Science)",
        f"1. {tasks[0].text} [50%, E, class]",
        f"2. {tasks[1].text} [30%, class]",
        "3. Drives the bookmobile on its county route. [20%, E, position]",
        *(f"Req: {r}" for r in ref.job_class.minimum_requirements),
        "Req: Valid driver license.",
        "Req: Able to lift 40 pounds.",
        "Level: Independent Contributor",
    ]
    assert doc.headers == ["No. 00012345"]
    assert doc.footers[0].startswith("Department of State / 20")


LITERALS = [
    "Analyst & <Lead> \"quoted\" 'single'",
    "{{ 7*7 }} and {% raw %}x{% endraw %} and {# note #}",
    "{_{ kept }_} {_% kept %_}",
    "Café, naïve, Øresund, Zürich",
    "東京 · Москва · القاهرة · Αθήνα",
    "Emoji 📚🚐 ✔",
    "a > b; </w:t><w:p> not XML",
]


@pytest.mark.parametrize("template", [*TEMPLATE_NAMES, "custom"])
def test_user_text_comes_out_exactly_as_typed(tmp_path, template):
    position, ref = rich_position(
        working_title=LITERALS[0],
        agency=LITERALS[1],
        extra_requirements=tuple(LITERALS),
        tasks=tuple(PositionTask(text) for text in LITERALS),
    )
    if template == "custom":
        template = make_template(
            tmp_path / "t.docx",
            [
                "{{ position.working_title }}|{{ position.agency }}",
                "{%p for t in tasks %}",
                "{{ t.text }}",
                "{%p endfor %}",
            ],
        )
    doc = read_docx(generate(position, ref, tmp_path / "out.docx", template).path)
    if template == "position-description":
        task_cells = [row[1] for row in doc.rows if len(row) == 4]
        assert task_cells[1:] == [f"{literal} †" for literal in LITERALS]  # after the header row
        assert doc.headers[0] == f"{LITERALS[1]}\tDRAFT · Position No. 00012345"
        assert doc.body.count(LITERALS[0]) >= 2  # subtitle and identity grid
    elif template == "posting":
        assert doc.body[:2] == [LITERALS[0], LITERALS[1] + " · Library Services"]
    else:
        assert doc.body[0] == f"{LITERALS[0]}|{LITERALS[1]}"
    for literal in LITERALS:
        assert literal in doc.body, literal
    assert "49" not in doc.text
    if template in TEMPLATE_NAMES:  # their document title is the working title
        assert docx.Document(str(tmp_path / "out.docx")).core_properties.title == LITERALS[0]


def test_control_characters_are_dropped_with_a_warning(tmp_path):
    position, ref = rich_position(agency="Dept\x07 of State", tasks=(PositionTask("Files\x0b records\x00."),))
    done = generate(position, ref, tmp_path / "pd.docx")
    assert done.warnings == [
        "position.agency: dropped 1 control character (U+0007) that Word cannot open",
        "tasks[0].text: dropped 2 control characters (U+0000, U+000B) that Word cannot open",
    ]
    doc = read_docx(done.path)  # python-docx parses it: the XML is sound
    assert doc.headers[0].startswith("Dept of State\t")
    assert doc.row_with("Files records.")


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(min_size=1, max_size=60))
def test_any_text_survives_generation(tmp_path, text):
    position, ref = rich_position(agency=text, tasks=(PositionTask(text),))
    doc = read_docx(generate(position, ref, tmp_path / "pd.docx").path)
    expected = (
        re.sub("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]", "", text)
        .replace("\r\n", "\n")
        .replace("\r", "\n")
    )
    task_cells = [row[1] for row in doc.rows if len(row) == 4]
    assert task_cells[1] == f"{expected} †"
    assert doc.headers[0] == f"{expected}\tDRAFT · Position No. 00012345"


def test_huge_texts_render_whole_and_the_document_title_is_cut_to_fit(tmp_path):
    title = "Senior " * 15_000  # 105 KB
    position, ref = rich_position(working_title=title, tasks=(PositionTask("W" * 100_000),))
    done = generate(position, ref, tmp_path / "pd.docx")
    doc = read_docx(done.path)
    assert title in doc.body and "W" * 100_000 + " †" in doc.row_with("WWW")
    assert docx.Document(str(done.path)).core_properties.title == title[:255]


def test_tabs_and_newlines_stay_readable(tmp_path):
    position, ref = rich_position(tasks=(PositionTask("First line\nsecond line"),))
    doc = read_docx(generate(position, ref, tmp_path / "pd.docx").path)
    assert doc.row_with("First line\nsecond line")


@pytest.mark.parametrize(
    "attack",
    [
        "{{ ''.__class__.__mro__ }}",
        "{{ cycler.__init__.__globals__ }}",
        "{{ position.__class__ }}",
        "{{ (tasks|first).__class__.__base__ }}",
    ],
)
def test_sandbox_refuses_python_internals_and_writes_nothing(tmp_path, attack):
    position, ref = rich_position()
    template = make_template(tmp_path / "evil.docx", ["Hello {{ position.number }}", attack])
    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(RenderError) as caught:
        generate(position, ref, out / "pd.docx", template)
    message = str(caught.value)
    assert message.startswith(
        f"{template}: body, in “{attack}”: refused: the template reaches for Python internals"
    )
    assert "sandbox" in message and "\n" not in message
    assert list(out.iterdir()) == []


def test_a_failed_render_leaves_the_previous_file_untouched(tmp_path):
    position, ref = rich_position()
    out = tmp_path / "pd.docx"
    out.write_bytes(b"previous")
    template = make_template(tmp_path / "typo.docx", ["{{ position.numbr }}"])
    with pytest.raises(
        RenderError,
        match=r"typo.docx: body, in “\{\{ position.numbr \}\}”: template error: 'dict object' has no attribute 'numbr'",
    ):
        generate(position, ref, out, template)
    assert snapshot_files(tmp_path) == {"pd.docx": b"previous", "typo.docx": template.read_bytes()}


def test_render_syntax_error_names_the_part_and_text(tmp_path):
    position, ref = rich_position()
    template = make_template(
        tmp_path / "t.docx", ["fine"], header="{% if position.number %}No. {{ position.number }}"
    )
    with pytest.raises(
        RenderError,
        match=r"t.docx: header1, in “\{% if position.number %\}No. .*”: Jinja syntax error: Unexpected end of template",
    ):
        generate(position, ref, tmp_path / "out.docx", template)
    assert not (tmp_path / "out.docx").exists()


def test_an_error_in_the_document_properties_says_so(tmp_path):
    position, ref = rich_position()
    document = docx.Document()
    document.add_paragraph("{{ position.number }}")
    document.core_properties.title = "{{ position.titel }}"
    document.save(str(tmp_path / "t.docx"))
    with pytest.raises(
        RenderError,
        match=r"t.docx: document properties, in “\{\{ position.titel \}\}”: template error: 'dict object' has no attribute 'titel'",
    ):
        generate(position, ref, tmp_path / "out.docx", tmp_path / "t.docx")


def test_generate_replaces_an_existing_output_and_leaves_no_temporary_files(tmp_path):
    position, ref = rich_position()
    out = tmp_path / "pd.docx"
    out.write_bytes(b"old")
    generate(position, ref, out)
    assert zipfile.is_zipfile(out)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pd.docx"]


@pytest.mark.parametrize(
    "bad, message",
    [
        (
            "nope",
            "unknown template 'nope' (templates: position-description, posting; or give a path to a .docx file)",
        ),
        ("missing.docx", "missing.docx: no such template file"),
        (".", ".: is a folder, not a Word template"),
    ],
)
def test_resolve_template_errors(bad, message):
    with pytest.raises(RenderError) as caught:
        resolve_template(Path(bad) if bad == "." else bad)
    assert str(caught.value) == message


def test_templates_folder_env_comes_before_the_bundled_one(tmp_path, monkeypatch):
    mine = tmp_path / "agency-templates"
    mine.mkdir()
    make_template(mine / "posting.docx", ["Agency posting for {{ position.working_title }}"])
    make_template(mine / "memo.docx", ["Memo {{ position.number }}"])
    monkeypatch.setenv("PDBUILDER_TEMPLATES", str(mine))
    assert resolve_template("posting") == mine / "posting.docx"
    assert resolve_template("memo") == mine / "memo.docx"
    assert resolve_template("position-description").parent.name == "templates"
    with pytest.raises(RenderError, match="templates: memo, position-description, posting;"):
        resolve_template("nope")


def test_a_file_that_is_not_a_docx_is_refused(tmp_path):
    fake = tmp_path / "fake.docx"
    fake.write_text("not a zip")
    position, ref = rich_position()
    with pytest.raises(RenderError, match=r"fake.docx: not a Word .docx file"):
        generate(position, ref, tmp_path / "out.docx", fake)
    assert not (tmp_path / "out.docx").exists()


def test_output_must_be_a_docx(tmp_path):
    position, ref = rich_position()
    record = tmp_path / "p.toml"
    record.write_text("mine")
    with pytest.raises(RenderError, match=r"the output must be a \.docx file"):
        generate(position, ref, record)
    assert record.read_text() == "mine"


def test_default_output_is_next_to_the_record(tmp_path):
    record = tmp_path / "pos" / "00041187 ill tech.toml"
    assert default_output(record, "position-description") == tmp_path / "pos" / "00041187 ill tech.docx"
    assert default_output(record, "posting") == tmp_path / "pos" / "00041187 ill tech-posting.docx"
    assert (
        default_output(record, tmp_path / "agency" / "dos-pd.docx")
        == tmp_path / "pos" / "00041187 ill tech-dos-pd.docx"
    )


def test_pdf_without_libreoffice_says_what_is_missing_and_writes_nothing(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", "")
    position, ref = rich_position()
    with pytest.raises(RenderError) as caught:
        generate(position, ref, tmp_path / "pd.docx", pdf=True)
    assert (
        str(caught.value)
        == "cannot write a PDF: LibreOffice (`soffice`) is not on PATH; install LibreOffice or leave out --pdf"
    )
    assert list(tmp_path.iterdir()) == []


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_pdf_through_libreoffice(tmp_path):
    position, ref = rich_position()
    done = generate(
        position, ref, Path("pd.docx"), "posting", pdf=True
    )  # relative: the hermetic fixture is in tmp_path
    assert done.pdf.resolve() == tmp_path / "pd.pdf"
    assert done.pdf.read_bytes().startswith(b"%PDF-")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pd.docx", "pd.pdf"]
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", str(done.pdf), "-"], capture_output=True, text=True).stdout
        assert "Bookmobile Technician" in text and "Drives the bookmobile on its county route." in text
    if shutil.which("pdfinfo"):  # tagged for screen readers: public postings must be accessible
        info = subprocess.run(["pdfinfo", str(done.pdf)], check=True, capture_output=True, text=True).stdout
        assert re.search(r"^Tagged:\s+yes$", info, re.MULTILINE)


def test_render_module_imports_no_heavy_libraries():
    code = "import sys, pdbuilder.render, pdbuilder.cli; sys.exit(any(m in sys.modules for m in ('docxtpl', 'docx', 'lxml', 'jinja2')))"
    assert subprocess.run([sys.executable, "-c", code]).returncode == 0
