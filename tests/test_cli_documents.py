"""`pdbuilder generate` and `pdbuilder show --format context`."""

from __future__ import annotations

import json

import pytest

from pdbuilder.catalog import load_catalog
from pdbuilder.records import read_position
from pdbuilder.render import template_context

from .conftest import snapshot_files
from .docxread import read_docx
from .test_render import make_template

ILL = "00041187-interlibrary-loan-technician"


def test_generate_writes_next_to_the_record(cli, positions):
    record = positions / f"{ILL}.toml"
    result = cli("generate", record)
    assert (result.code, result.out, result.err) == (0, f"{positions / ILL}.docx\n", "")
    doc = read_docx(positions / f"{ILL}.docx")
    assert (
        "Processes inter-library loan requests." in doc.row_with("Processes inter-library loan requests.")[1]
    )
    result = cli("generate", record, "--template", "posting")
    assert result.out == f"{positions / ILL}-posting.docx\n"
    assert read_docx(positions / f"{ILL}-posting.docx").body[0] == "Interlibrary Loan Technician"


def test_generate_to_a_file_a_folder_and_with_an_agency_template(cli, positions, tmp_path):
    record = positions / f"{ILL}.toml"
    assert cli("generate", record, "-o", tmp_path / "x.docx").out == f"{tmp_path / 'x.docx'}\n"
    out = tmp_path / "out"
    out.mkdir()
    assert cli("generate", record, "-o", out).out == f"{out / ILL}.docx\n"
    template = make_template(tmp_path / "dos.docx", ["{{ position.number }} – {{ job_class.title }}"])
    result = cli("generate", record, "--template", template)
    assert result.out == f"{positions / ILL}-dos.docx\n"
    assert read_docx(positions / f"{ILL}-dos.docx").body == ["00041187 – Library Technician"]


def test_generate_prints_warnings_on_stderr(cli, positions):
    record = positions / f"{ILL}.toml"
    record.write_text(
        record.read_text(encoding="utf-8").replace(
            'agency = "Department of State"', 'agency = "Dept\\u0007 of State"'
        ),
        encoding="utf-8",
    )
    result = cli("generate", record)
    assert result.code == 0
    assert result.err == (  # what `check` says of it, then what generating it did
        f"pdbuilder: warning: {record}: agency holds control characters (U+0007) that Word documents cannot hold\n"
        f"pdbuilder: warning: {record}: position.agency: dropped 1 control character (U+0007) that Word cannot open\n"
    )
    assert read_docx(positions / f"{ILL}.docx").headers[0].startswith("Dept of State\t")


@pytest.mark.parametrize(
    "args, message",
    [
        (
            ["--template", "nope"],
            "unknown template 'nope' (templates: position-description, posting; or give a path to a .docx file)",
        ),
        (["--template", "missing.docx"], "missing.docx: no such template file"),
        (["-o", "out.pdf"], "out.pdf: the output must be a .docx file"),
    ],
)
def test_generate_bad_options_are_one_line_and_write_nothing(cli, positions, args, message):
    before = snapshot_files(positions)
    result = cli("generate", positions / f"{ILL}.toml", *args)
    assert (result.code, result.out, result.err) == (2, "", f"pdbuilder: {message}\n")
    assert snapshot_files(positions) == before


def test_generate_unknown_class_and_missing_record(cli, tmp_path):
    record = tmp_path / "p.toml"
    record.write_text("schema_version = 1\nclass_id = 'nope'\n[[tasks]]\ntext = 'a'\n")
    result = cli("generate", record)
    assert (result.code, result.err) == (
        2,
        f"pdbuilder: {record}: unknown class 'nope' (see `pdbuilder classes`)\n",
    )
    result = cli("generate", tmp_path / "missing.toml")
    assert (result.code, result.err) == (2, f"pdbuilder: {tmp_path / 'missing.toml'}: no such file\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["p.toml"]


def test_generate_pdf_without_libreoffice(cli, positions, monkeypatch):
    monkeypatch.setenv("PATH", "")
    before = snapshot_files(positions)
    result = cli("generate", positions / f"{ILL}.toml", "--pdf")
    assert result.code == 2
    assert (
        result.err
        == "pdbuilder: cannot write a PDF: LibreOffice (`soffice`) is not on PATH; install LibreOffice or leave out --pdf\n"
    )
    assert snapshot_files(positions) == before


def test_generate_a_broken_template_names_it(cli, positions, tmp_path):
    template = make_template(tmp_path / "t.docx", ["{{ ''.__class__.__mro__ }}"])
    result = cli("generate", positions / f"{ILL}.toml", "--template", template)
    assert result.code == 2 and result.err.count("\n") == 1
    assert result.err.startswith(
        f"pdbuilder: {template}: body, in “{{{{ ''.__class__.__mro__ }}}}”: refused:"
    )
    assert not (positions / f"{ILL}-t.docx").exists()


def test_show_context_is_what_templates_receive(cli, positions):
    record = positions / f"{ILL}.toml"
    result = cli("show", record, "--format", "context")
    assert result.code == 0
    position = read_position(record)
    expected, _ = template_context(position, load_catalog([]).get(position.class_id))
    shown = json.loads(result.out)
    assert shown.pop("today") and expected.pop("today")  # the day may turn between the two calls
    assert shown == expected
    assert json.loads(result.out)["tasks"][5]["source"] == "position"


@pytest.mark.parametrize("command", [["generate"], ["build"], ["template"], ["template", "check"]])
def test_document_commands_have_help(cli, command):
    result = cli(*command, "--help")
    assert result.code == 0 and "usage: pdbuilder" in result.out
