"""The documents an HR office files: every field in its place, nothing dangling, drafts marked,
the agency's own settings used, and records with problems warned about or refused."""

from __future__ import annotations

from datetime import UTC, date, datetime

import docx
import pytest

from pdbuilder.catalog import load_catalog
from pdbuilder.model import DETAILS, AgencyProfile, new_position
from pdbuilder.records import save_position
from pdbuilder.render import generate

from .docxread import read_docx
from .test_records import NEW_FIELDS, every_field_position

REF = load_catalog([]).get("library-technician")
PROFILE = AgencyProfile(
    name="Department of State",
    appointing_authority="Secretary of State",
    equal_opportunity="The Department is an equal opportunity employer; ask HR for an accommodation.",
    how_to_apply="Apply at https://jobs.example.gov (requisition 2026-114)",
    pay={"Current": {"": "$40,000 a year"}},
)
HEADINGS = [detail.heading for detail in DETAILS if detail.heading]


def bare_position():
    """A record that fills none of the optional fields: no number, no agency, nothing new."""
    return new_position(REF, ["processes-inter-library-loan"], working_title="Technician")


def shown(value) -> str:
    return value.isoformat() if isinstance(value, date) else value


def test_the_position_description_shows_every_field_in_its_place(tmp_path):
    position = every_field_position()
    doc = read_docx(generate(position, REF, tmp_path / "pd.docx", agency=PROFILE).path)
    for name in ("incumbent", "appointment", "bargaining_unit", "telework", "action", "effective_date"):
        label = next(d.label for d in DETAILS if d.name == name)
        assert any(shown(NEW_FIELDS[name]) in cell for cell in doc.row_with(label))
    for detail in DETAILS:
        if detail.heading:
            at = doc.body.index(detail.heading)
            value = getattr(position, detail.name)
            expected = list(value) if detail.kind == "list" else [value]
            assert doc.body[at + 1 : at + 1 + len(expected)] == expected
    assert doc.body.index("Purpose of the position") < doc.body.index("Section 2 · Classification")
    assert doc.body.index("Section 6 · Minimum requirements") < doc.body.index(
        "Knowledge, skills and abilities"
    )
    captions = [row[0] for row in doc.rows if "signature" in row[0]]
    assert captions == [
        "Employee signature · Ana <Ruiz> & Co",
        "Supervisor signature · Chief 📚",
        "Appointing authority signature · Secretary of State",
        "Human resources signature",
    ]


def test_the_posting_shows_salary_closing_date_how_to_apply_and_the_statement(tmp_path):
    position = every_field_position()
    doc = read_docx(generate(position, REF, tmp_path / "p.docx", "posting", agency=PROFILE).path)
    assert doc.row_with("Salary")[0] == "Salary\n$42,000–$48,000 a year"
    assert doc.row_with("Apply by")[2] == "Apply by\n2026-06-15"
    assert (
        "Apply at https://jobs.example.gov (requisition 2026-114), quoting position number 000123, by 2026-06-15."
        in doc.body
    )
    assert PROFILE.equal_opportunity in doc.body
    assert "Telework: Hybrid, 2 days a week on site" in doc.body
    for heading in ("Knowledge, skills and abilities", "Preferred qualifications", "Special requirements"):
        assert heading in doc.body


@pytest.mark.parametrize("template", ["position-description", "posting"])
def test_a_record_that_fills_nothing_has_no_empty_headings_or_dangling_labels(tmp_path, template):
    path = generate(bare_position(), REF, tmp_path / "x.docx", template).path
    doc = read_docx(path)
    assert all(paragraph.text.strip() for paragraph in docx.Document(str(path)).paragraphs)  # none empty
    for heading in HEADINGS:
        assert heading not in doc.body
    assert "Position No." not in doc.text
    assert "quote position number" not in doc.text and "quoting position number" not in doc.text
    assert not any(line.rstrip().endswith(("·", ",")) for line in doc.body + doc.headers + doc.footers)
    if template == "posting":
        assert "Apply through the state’s employment portal." in doc.body
    else:
        assert doc.row_with("Incumbent")[0] == "Incumbent\nVacant"


def test_a_draft_is_marked_and_an_approved_one_is_not(tmp_path):
    draft = read_docx(generate(bare_position(), REF, tmp_path / "d.docx").path)
    approved = read_docx(
        generate(bare_position().with_changes(status="approved"), REF, tmp_path / "a.docx").path
    )
    assert draft.headers[0] == "\tDRAFT" and "DRAFT" not in approved.headers[0]
    numbered = read_docx(generate(bare_position().with_changes(number="7"), REF, tmp_path / "n.docx").path)
    assert numbered.headers[0] == "\tDRAFT · Position No. 7"


def test_the_footer_date_is_the_records_not_the_day_it_was_made(tmp_path):
    modified = datetime(2025, 3, 4, 10, 0, tzinfo=UTC)
    position = bare_position().with_changes(modified=modified)
    footer = read_docx(generate(position, REF, tmp_path / "m.docx").path).footers[0]
    assert footer.startswith("Position Description · Library Technician · Revised 2025-03-04\tPage")
    effective = position.with_changes(effective_date=date(2025, 7, 1))
    footer = read_docx(generate(effective, REF, tmp_path / "e.docx").path).footers[0]
    assert " · Effective 2025-07-01\t" in footer and date.today().isoformat() not in footer


def test_the_agency_profile_fills_what_the_record_leaves_empty_and_the_record_wins(tmp_path):
    profile = AgencyProfile(
        name="Profile Agency", pay={REF.job_class.pay_plan: {REF.job_class.pay_grade: "$9 an hour"}}
    )
    bare = read_docx(generate(bare_position(), REF, tmp_path / "b.docx", "posting", agency=profile).path)
    assert bare.headers[0].startswith("Profile Agency\t") and "Salary\n$9 an hour" in bare.row_with("Salary")
    own = every_field_position()
    mine = read_docx(generate(own, REF, tmp_path / "o.docx", "posting", agency=profile).path)
    assert mine.headers[0].startswith(
        f"{own.agency}\t"
    ) and "Salary\n$42,000–$48,000 a year" in mine.row_with("Salary")


def write_profile(path, text: str):
    path.write_text(text, encoding="utf-8")
    return path


def test_generate_reads_the_profile_from_the_option_the_environment_or_beside_the_settings(
    cli, positions, tmp_path, monkeypatch
):
    record = positions / "00090015-school-library-technician.toml"
    given = write_profile(tmp_path / "mine.toml", 'appointing_authority = "Chief Librarian"\n')
    assert cli("--agency-profile", given, "generate", record, "-o", tmp_path / "a.docx").code == 0
    assert any("Chief Librarian" in row[0] for row in read_docx(tmp_path / "a.docx").rows)
    monkeypatch.setenv(
        "PDBUILDER_AGENCY_PROFILE",
        str(write_profile(tmp_path / "env.toml", 'appointing_authority = "From Env"\n')),
    )
    cli("generate", record, "-o", tmp_path / "b.docx")
    assert any("From Env" in row[0] for row in read_docx(tmp_path / "b.docx").rows)
    monkeypatch.delenv("PDBUILDER_AGENCY_PROFILE")
    config = tmp_path / "config"
    config.mkdir()
    monkeypatch.setenv("PDBUILDER_CONFIG", str(config / "config.toml"))
    write_profile(config / "agency.toml", 'appointing_authority = "Beside Settings"\n')
    cli("generate", record, "-o", tmp_path / "c.docx")
    assert any("Beside Settings" in row[0] for row in read_docx(tmp_path / "c.docx").rows)


def test_a_bad_profile_is_one_line_and_nothing_is_written(cli, positions, tmp_path):
    bad = write_profile(tmp_path / "bad.toml", "appointing_authority = 3\n")
    result = cli(
        "--agency-profile",
        bad,
        "generate",
        positions / "00090015-school-library-technician.toml",
        "-o",
        tmp_path / "x.docx",
    )
    assert result.code == 2
    assert result.err == f"pdbuilder: {bad}:1: appointing_authority must be text, not a whole number\n"
    assert not (tmp_path / "x.docx").exists()


def unsound_record(folder):
    """A record `check` finds problems in: shares of time not adding up to 100, no contributor level."""
    position = new_position(REF, ["processes-inter-library-loan"]).with_changes(
        tasks=(new_position(REF, ["processes-inter-library-loan"]).tasks[0].__class__("Own", percent=60),)
    )
    path = folder / "unsound.toml"
    save_position(position, path)
    return path


def test_generate_and_build_warn_of_what_check_reports_and_still_write(cli, tmp_path):
    record = unsound_record(tmp_path)
    result = cli("generate", record)
    assert result.code == 0
    assert f"pdbuilder: warning: {record}: percent of time adds up to 60, not 100\n" in result.err
    assert f"pdbuilder: warning: {record}: contributor level is required\n" in result.err
    assert (tmp_path / "unsound.docx").is_file()
    result = cli("build", record, "-o", tmp_path / "out", "--quiet")
    assert result.code == 0 and "adds up to 60, not 100" in result.err
    assert (tmp_path / "out" / "unsound.docx").is_file()


def test_strict_refuses_a_record_with_problems_and_exits_1(cli, tmp_path):
    record = unsound_record(tmp_path)
    result = cli("generate", record, "--strict")
    assert result.code == 1
    assert f"pdbuilder: {record}: percent of time adds up to 60, not 100\n" in result.err
    assert result.err.endswith(f"pdbuilder: {record}: not written: it has the problems above (--strict)\n")
    assert not (tmp_path / "unsound.docx").exists()
    result = cli("build", record, "-o", tmp_path / "out", "--strict", "--quiet")
    assert result.code == 1 and "not written" in result.err
    assert not (tmp_path / "out" / "unsound.docx").exists()


def test_word_properties_come_from_the_record_and_no_python_docx_leftovers_remain(tmp_path):
    import zipfile

    import docx

    position = every_field_position()
    for template in ("position-description", "posting"):
        path = generate(position, REF, tmp_path / f"{template}.docx", template).path
        core = docx.Document(str(path)).core_properties
        assert core.title == position.working_title
        assert core.subject.endswith(f" · {REF.job_class.title}")
        assert core.author == position.agency
        assert core.created.date() == position.created.date() and core.comments == ""
        with zipfile.ZipFile(path) as archive:
            names = archive.namelist()
            app = archive.read("docProps/app.xml").decode()
            settings = archive.read("word/settings.xml").decode()
        assert not [name for name in names if "thumbnail" in name]
        assert "Macintosh" not in app and "<Application>pdbuilder</Application>" in app
        assert (
            'w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"'
            in settings
        )
