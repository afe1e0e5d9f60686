"""Importing class specifications: the seed (golden), specs of our own in every bundled layout as text and Word, the report, ids, errors."""

from __future__ import annotations

import importlib.util
import io
import subprocess
import sys
import zipfile
from importlib import resources
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pdbuilder.catalog import BUNDLED_DIR, group_to_toml, read_group
from pdbuilder.errors import SpecError
from pdbuilder.importers import find_profile, import_spec, report
from pdbuilder.importers.lines import make_line
from pdbuilder.importers.profiles import bundled_profiles

from .conftest import DATA
from .docxread import read_docx

SPECS_DIR = DATA / "specs"
SEED = DATA / "library-science.txt"
BUNDLED = (BUNDLED_DIR / "library-science.toml").read_text(encoding="utf-8")


def _load_build():
    spec = importlib.util.spec_from_file_location("specs_build", SPECS_DIR / "build.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


build = _load_build()
SPEC_FILES = [
    pytest.param(spec, suffix, id=f"{spec.stem}{suffix}")
    for spec in build.SPECS
    for suffix in (".txt", ".docx")
]


def write(tmp_path: Path, text: str, name: str = "spec.txt") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def unplaced(imported) -> list[tuple[str, int, str]]:
    return [(u.section, u.line.number, u.line.text) for u in imported.unplaced]


# --- The seed -----------------------------------------------------------------


def test_seed_text_imports_to_the_bundled_catalog_byte_for_byte():
    imported = import_spec(SEED)
    assert group_to_toml(imported.group) == BUNDLED
    assert imported.unplaced == ()


def test_seed_as_word_imports_to_the_bundled_catalog_byte_for_byte():
    imported = import_spec(SPECS_DIR / "library-science.docx")
    assert group_to_toml(imported.group) == BUNDLED
    assert (imported.unplaced, imported.unit) == ((), "paragraph")


def test_seed_table_labels_are_recognised_as_structure_not_dropped():
    lines = SEED.read_text(encoding="utf-8").split("\n")
    number = {text: n for n, text in enumerate(lines, 1)}
    placed = import_spec(SEED).placed
    assert placed[number["\tMINIMUM  MAXIMUM"]] == "structure: contributor table axis labels"
    assert (
        placed[number["\tLIBRARY TECHNICIAN/LIBRARY TECHNICIAN SENIOR"]]
        == "structure: contributor table class names"
    )
    assert placed[number["\tClass Title"]] == "structure: class table column names"
    assert (
        placed[number["Experienced   "]]
        == placed[number["\tIndependent  "] - 1]
        == "contributor_levels[2].name"
    )
    assert placed[number["CONTRIBUTOR LEVELS:"]] == "structure: heading"
    ranges = [n for n, text in enumerate(lines, 1) if text == "Performance Range for Core Competencies:"]
    assert [placed[n] for n in ranges] == ["structure: performance range label"] * 3


# --- Our own specs, as text and as Word ------------------------------------------------


@pytest.mark.parametrize("spec, suffix", SPEC_FILES)
def test_spec_imports_to_its_class_group(spec, suffix):
    imported = import_spec(SPECS_DIR / f"{spec.stem}{suffix}")
    assert imported.group == spec.expected()
    assert [(u.section, u.line.text) for u in imported.unplaced] == spec.expected_report
    assert read_group(write(Path.cwd(), group_to_toml(imported.group), "out.toml")) == imported.group


def test_specs_cover_the_variations():
    expected = [spec.expected() for spec in build.SPECS]
    assert len(build.SPECS) >= 6
    assert {len(g.classes) for g in expected} >= {1, 2, 3}
    assert {spec.bullet for spec in build.SPECS} == {"·", "•", "-", "*", "1.", "1)"}
    codes = [c.code for g in expected for c in g.classes]
    grades = [c.pay_grade for g in expected for c in g.classes]
    assert "" in codes and any(codes) and "" in grades and any(grades)
    assert any(not g.contributor_levels for g in expected) and any(g.contributor_levels for g in expected)
    assert {s.title for g in expected for s in g.sections} >= {
        "WORKING CONDITIONS",
        "DISTINGUISHING CHARACTERISTICS",
    }
    special = [c.special_requirements for g in expected for c in g.classes]
    assert () in special and any(special)  # one class's own, every class's
    assert any(spec.expected_report for spec in build.SPECS)
    assert any(not spec.word_lists for spec in build.SPECS)  # markers typed into plain Word paragraphs
    texts = [(SPECS_DIR / f"{spec.stem}.txt").read_text(encoding="utf-8") for spec in build.SPECS]
    assert any("\n\t\n" in t for t in texts) and all(
        " \n" in t for t in texts
    )  # empty cells, trailing spaces
    assert any("\u00a0" in t for t in texts) and any("’" in t for t in texts) and any("–" in t for t in texts)
    wrapped = [
        line
        for t in texts
        for before, line in zip(t.split("\n"), t.split("\n")[1:], strict=False)
        if before.startswith(("•", "1.", "*"))
        and line
        and not make_line(0, line).bullet
        and not line.isupper()
    ]
    assert wrapped  # items that wrap onto a line without a bullet


def test_committed_specs_are_what_the_build_script_writes(tmp_path):
    for path in build.build(tmp_path):
        committed = SPECS_DIR / path.name
        if path.suffix == ".txt":
            assert path.read_bytes() == committed.read_bytes(), path.name
            continue
        # The document part only: the rest is python-docx's default template, which may change between its versions.
        with zipfile.ZipFile(path) as fresh, zipfile.ZipFile(committed) as kept:
            assert fresh.read("word/document.xml") == kept.read("word/document.xml"), path.name


def test_a_heading_between_classes_is_the_class_above_and_the_next_class_resumes():
    group = import_spec(SPECS_DIR / "nursing.txt").group
    assert group.sections == ()
    nurse, specialist = group.classes
    assert nurse.special_requirements == ("Must keep a current cardiopulmonary resuscitation certification.",)
    assert specialist.special_requirements == ()
    assert specialist.level_of_work.startswith("This is advanced professional nursing work")
    assert (
        specialist.minimum_requirements[1] == "Two years of professional nursing experience in the specialty."
    )
    assert nurse.minimum_requirements == ("A license to practice as a registered nurse in Florida.",)


def test_unknown_sections_reach_the_rendering_context():
    from pdbuilder.context import build_context
    from pdbuilder.model import ClassRef, new_position

    group = import_spec(SPECS_DIR / "park-ranger.docx").group
    ref = ClassRef(group, group.classes[0])
    context = build_context(new_position(ref), ref)
    assert [s["title"] for s in context["class_group"]["sections"]] == ["WORKING CONDITIONS"]
    assert (
        context["class_group"]["sections"][0]["paragraphs"][1]
        == "Positions may be required to live in park housing."
    )


# --- Other jurisdictions' layouts -----------------------------------------------------------------

LAYOUT_FILES = [
    pytest.param(spec, suffix, id=f"{spec.stem}{suffix}")
    for spec in build.LAYOUTS
    for suffix in (".txt", ".docx")
]


@pytest.mark.parametrize("spec, suffix", LAYOUT_FILES)
def test_layout_is_detected_and_imports_every_line_to_its_class_group(spec, suffix):
    imported = import_spec(SPECS_DIR / f"{spec.stem}{suffix}")
    assert imported.profile == spec.profile
    assert unplaced(imported) == []
    assert imported.group == spec.expected()


def test_layouts_cover_the_published_variations():
    profiles = {p.name for p in bundled_profiles()}
    assert {spec.profile for spec in build.LAYOUTS} == profiles - {"default"}
    groups = [spec.expected() for spec in build.LAYOUTS]
    assert {len(g.classes) for g in groups} >= {1, 3}
    for name in ("ksas", "preferred_qualifications", "special_requirements", "attributes"):
        assert any(getattr(c, name) for g in groups for c in g.classes), name
    per_class = [g for g in groups if len({c.minimum_requirements for c in g.classes}) > 1]
    assert len(per_class) >= 3  # minimum qualifications given level by level
    assert any(spec.title_line for spec in build.LAYOUTS) and any(
        s.heading_case == "title" for s in build.LAYOUTS
    )
    assert {s.heading_case for s in build.LAYOUTS} == {"upper", "upper:", "title", "title:"}
    word = (SPECS_DIR / "texas-accountant.docx").read_bytes()
    with zipfile.ZipFile(io.BytesIO(word)) as package:
        document = package.read("word/document.xml").decode()
    assert 'w:val="Heading1"' in document and 'w:val="ListBullet"' in document and "<w:tbl>" in document


def test_a_layout_read_with_the_profile_it_names(cli, tmp_path):
    spec = SPECS_DIR / "county-library-assistant.txt"
    assert import_spec(spec, find_profile("county")).group == build.LAYOUTS[5].expected()
    wrong = cli("import-spec", spec, "--profile", "oklahoma")
    assert wrong.code == 2 and "no 'Job Family:' line before the first heading" in wrong.err
    assert "(read with the 'oklahoma' profile)" in wrong.err
    unknown = cli("import-spec", spec, "--profile", "ohio")
    assert unknown.code == 2 and "unknown profile 'ohio' (profiles: default, " in unknown.err
    own = tmp_path / "agency.toml"
    own.write_text(
        (resources.files("pdbuilder.importers") / "profiles" / "county.toml")
        .read_text(encoding="utf-8")
        .replace('"Definition"', '"Class Definition"'),
        encoding="utf-8",
    )
    renamed = tmp_path / "spec.txt"
    renamed.write_text(
        spec.read_text(encoding="utf-8").replace("\nDEFINITION\n", "\nCLASS DEFINITION\n"), encoding="utf-8"
    )
    assert cli("import-spec", renamed, "--strict").code == 1  # the county profile does not know it
    result = cli("import-spec", renamed, "--strict", "--profile", own, "-o", tmp_path / "out.toml")
    assert result.code == 0, result.err
    assert read_group(tmp_path / "out.toml") == build.LAYOUTS[5].expected()


def test_an_imported_multi_level_spec_works_with_classes_new_check_and_generate(cli, tmp_path):
    folder = tmp_path / "catalog"
    imported = cli(
        "import-spec", SPECS_DIR / "oklahoma-accountant.docx", "--strict", "-o", folder / "ok.toml"
    )
    assert imported.code == 0, imported.err
    listed = cli("--catalog", folder, "classes")
    assert listed.code == 0
    for code, class_id in (("C21A", "accountant-i"), ("C21B", "accountant-ii"), ("C21C", "accountant-iii")):
        assert code in listed.out and class_id in listed.out
    record, document = tmp_path / "p.toml", tmp_path / "p.docx"
    new = cli(
        "--catalog", folder, "new", "--class", "accountant-ii", "--all-tasks", "--number", "7", "-o", record
    )
    assert new.code == 0, new.err
    assert cli("--catalog", folder, "check", record).code == 0
    generated = cli("--catalog", folder, "generate", record, "-o", document)
    assert generated.code == 0, generated.err
    body = read_docx(document).body
    level_two = build.LAYOUTS[0].jobs[1]
    assert level_two.level_of_work in body
    assert level_two.minimum_requirements[0] in body
    assert build.LAYOUTS[0].jobs[2].minimum_requirements[0] not in body
    assert all(task in body for task in build.LAYOUTS[0].tasks)


# --- Lines, bullets and the report --------------------------------------------------


@pytest.mark.parametrize(
    "raw", ["· Item", "•   Item", "- Item", "* Item", "1. Item", "12) Item", "·\u00a0Item", "\t· Item"]
)
def test_bullet_markers(raw):
    line = make_line(1, raw)
    assert (line.bullet, line.text) == (True, "Item")


@pytest.mark.parametrize("raw", ["1.5 FTE positions", "-based", "Item", "*Note"])
def test_not_bullets(raw):
    assert not make_line(1, raw).bullet


MINIMAL = "Class Group: Testing\n\tClass Title\n\n\tTester\n\n"


def test_wrapped_lines_continue_an_item_but_a_paragraph_after_a_blank_line_is_reported(tmp_path):
    path = write(
        tmp_path,
        MINIMAL + "TASKS:\n· Tests the\n  first  thing.\n\nA stray remark.\n· Tests another\u00a0thing. \n",
    )
    imported = import_spec(path)
    assert [t.text for t in imported.group.tasks] == ["Tests the first thing.", "Tests another thing."]
    assert unplaced(imported) == [("TASKS", 10, "A stray remark.")]
    assert (
        report(imported, path)
        == f"{path}: 1 line not imported (section, line: text):\n  TASKS, line 10: A stray remark.\n"
    )


def test_a_list_without_bullets_takes_each_paragraph_as_an_item(tmp_path):
    path = write(tmp_path, MINIMAL + "TASKS:\nTests the\nfirst thing.\n\nTests another thing.\n")
    assert [t.text for t in import_spec(path).group.tasks] == [
        "Tests the first thing.",
        "Tests another thing.",
    ]


def test_lines_that_fit_nowhere_are_reported_with_their_section(tmp_path):
    text = (
        "Class Group: Testing\nEffective Date: 2024\n\tClass Title\n\n\tTester\n\n\tSenior Tester\n\n"
        "LEVELS OF WORK:\n· A bullet before any class.\nTester: Tests.\nMINIMUM REQUIREMENTS:\n· Patience.\n"
        "CONTRIBUTOR LEVELS:\nIntro.\n\tRecent Contributor\n\t· Learns.\n\t· A column with no level name.\n"
    )
    imported = import_spec(write(tmp_path, text))
    assert unplaced(imported) == [
        ("header", 2, "Effective Date: 2024"),
        ("LEVELS OF WORK", 10, "A bullet before any class."),
        ("CONTRIBUTOR LEVELS", 18, "A column with no level name."),
    ]
    assert imported.group.classes[0].minimum_requirements == ("Patience.",)
    assert imported.group.classes[1].minimum_requirements == ()
    assert [(lv.id, lv.description) for lv in imported.group.contributor_levels] == [("recent", ("Learns.",))]


def test_requirements_outside_levels_of_work_apply_to_every_class(tmp_path):
    text = "Class Group: Testing\n\tClass Title\n\n\tTester\n\n\tSenior Tester\n\nMINIMUM REQUIREMENTS:\n- Patience.\n"
    group = import_spec(write(tmp_path, text)).group
    assert [c.minimum_requirements for c in group.classes] == [("Patience.",), ("Patience.",)]


# The issue's own reproduction: headings in Title Case without colons, KSAs and preferred qualifications.
RENAMED_HEADINGS = (
    "Class Group: Library Technician\n\tClass Title\n\n\tLibrary Tech\n\nConcept\nTechnical library work.\n\n"
    "Nature of Work\nWorks under general supervision.\n\nTasks\nCatalogs materials.\n\n"
    "Knowledge, Skills and Abilities\nKnowledge of MARC 21.\n\nMinimum Requirements\nTwo years of library experience.\n\n"
    "Preferred Qualifications\nExperience with OCLC.\n"
)


def test_every_heading_goes_to_its_own_field_in_any_case_without_colons(tmp_path):
    imported = import_spec(write(tmp_path, RENAMED_HEADINGS))
    group = imported.group
    (tech,) = group.classes
    assert group.concept == "Technical library work. Works under general supervision."
    assert [t.text for t in group.tasks] == ["Catalogs materials."]
    assert tech.ksas == ("Knowledge of MARC 21.",)
    assert tech.minimum_requirements == ("Two years of library experience.",)
    assert tech.preferred_qualifications == ("Experience with OCLC.",)
    assert imported.unplaced == ()
    capitals = RENAMED_HEADINGS.replace("Knowledge, Skills and Abilities", "KNOWLEDGE, SKILLS & ABILITIES:")
    assert import_spec(write(tmp_path, capitals.replace("Tasks\n", "TASKS\n"))).group == group


@pytest.mark.parametrize(
    "heading", ["Work Environment", "WORK ENVIRONMENT", "Work Environment:", "WORK ENVIRONMENT: Quiet."]
)
def test_a_heading_no_field_takes_is_reported_and_its_text_kept_as_a_section(cli, tmp_path, heading):
    path = write(tmp_path, RENAMED_HEADINGS.replace("Preferred Qualifications\n", heading + "\n"))
    imported = import_spec(path)
    line = RENAMED_HEADINGS.split("\n").index("Preferred Qualifications") + 1
    assert unplaced(imported) == [(heading.split(":")[0], line, heading)]
    assert "a heading the 'default' profile does not know" in report(imported, path)
    assert imported.group.classes[0].preferred_qualifications == ()
    assert imported.group.classes[0].minimum_requirements == ("Two years of library experience.",)
    assert imported.group.sections[0].items == ("Experience with OCLC.",)
    result = cli("import-spec", path, "--strict", "-o", tmp_path / "out.toml")
    assert result.code == 1 and not (tmp_path / "out.toml").exists()


def test_a_word_heading_style_is_a_heading_whatever_its_words(tmp_path):
    import docx

    document = docx.Document()
    document.add_paragraph("Class Group: Testing")
    table = document.add_table(rows=2, cols=1)
    table.cell(0, 0).text, table.cell(1, 0).text = "Class Title", "Tester"
    document.add_heading("Tasks", level=1)
    document.add_paragraph("Tests the software.", style="List Bullet")
    document.add_heading("Preferred qualifications", level=2)
    document.add_paragraph("Experience with pytest.", style="List Bullet")
    document.add_heading("Our tools", level=2)
    document.add_paragraph("A laptop.")
    document.save(tmp_path / "spec.docx")
    imported = import_spec(tmp_path / "spec.docx")
    assert imported.group.classes[0].preferred_qualifications == ("Experience with pytest.",)
    assert [t.text for t in imported.group.tasks] == ["Tests the software."]
    assert unplaced(imported) == [("Our tools", 8, "Our tools")]


def test_unknown_class_table_columns_are_named_attributes_not_classes(tmp_path):
    text = (
        "Class Group: Accounting\n\tClass Code\n\tClass Title\n\tSalary Group\n\tFLSA\n\n"
        "\t9040\n\tAccountant I\n\tB21\n\tExempt\n\n\t9041\n\tAccountant II\n\tB23\n\tExempt\n\nCONCEPT:\nAccounting.\n"
    )
    imported = import_spec(write(tmp_path, text))
    assert [(c.title, c.code, c.attributes) for c in imported.group.classes] == [
        ("Accountant I", "9040", (("Salary Group", "B21"), ("FLSA", "Exempt"))),
        ("Accountant II", "9041", (("Salary Group", "B23"), ("FLSA", "Exempt"))),
    ]
    assert imported.unplaced == ()


def test_minimum_qualifications_given_per_level_go_to_each_class(tmp_path):
    text = (
        "Class Group: Accounting\n\tClass Title\n\n\tAccountant I\n\n\tAccountant II\n\n"
        "MINIMUM QUALIFICATIONS:\nAccountant I: A bachelor's degree in accounting.\n"
        "Accountant II:\n· A bachelor's degree in accounting.\n· Two years of accounting experience.\n"
    )
    imported = import_spec(write(tmp_path, text))
    assert [c.minimum_requirements for c in imported.group.classes] == [
        ("A bachelor's degree in accounting.",),
        ("A bachelor's degree in accounting.", "Two years of accounting experience."),
    ]
    assert imported.unplaced == ()
    assert imported.placed[10] == "structure: class line"


def test_word_tables_of_levels_give_each_class_its_row(tmp_path):
    import docx

    document = docx.Document()
    document.add_paragraph("Class Group: Testing")
    table = document.add_table(rows=3, cols=1)
    for cell, text in zip(table.column_cells(0), ("Class Title", "Tester", "Senior Tester"), strict=True):
        cell.text = text
    for heading, rows in (
        ("Levels of Work", [("Tester", "Tests things."), ("Senior Tester", "Tests hard things.")]),
        (
            "Knowledge, Skills and Abilities",
            [("Tester", "Knowledge of testing."), ("SENIOR TESTER", "Test design.")],
        ),
    ):
        document.add_heading(heading, level=1)
        table = document.add_table(rows=2, cols=2)
        for row, values in zip(table.rows, rows, strict=True):
            row.cells[0].text, row.cells[1].text = values
    document.save(tmp_path / "levels.docx")
    imported = import_spec(tmp_path / "levels.docx")
    assert [(c.level_of_work, c.ksas) for c in imported.group.classes] == [
        ("Tests things.", ("Knowledge of testing.",)),
        ("Tests hard things.", ("Test design.",)),
    ]
    assert imported.unplaced == ()


def test_per_level_text_naming_no_class_is_reported_not_given_to_the_class_above(tmp_path):
    text = (SPECS_DIR / "county-library-assistant.txt").read_text(encoding="utf-8")
    lines = text.replace("\nLibrary Assistant: This is the journey", "\nJourney: This is the journey").split(
        "\n"
    )
    lines.insert(lines.index("Library Assistant Senior:") - 1, "Journey: Two years of library experience.")
    imported = import_spec(write(tmp_path, "\n".join(lines)))
    trainee, journey, senior = build.LAYOUTS[5].expected().classes
    got = imported.group.classes
    assert got[0].level_of_work == trainee.level_of_work and got[1].level_of_work == ""
    assert got[1].minimum_requirements == journey.minimum_requirements
    assert got[2] == senior
    why = "names no class of the class table (by title or level); its text is not imported"
    assert [(u.section, u.line.text.split(":")[0], u.why) for u in imported.unplaced] == [
        ("DISTINGUISHING CHARACTERISTICS (Journey?)", "Journey", why),
        ("EXPERIENCE AND TRAINING (Journey?)", "Journey", why),
    ]


def test_an_imported_class_id_the_catalog_uses_is_refused_naming_both_files_and_the_option(cli, tmp_path):
    spec = write(
        tmp_path, "Class Group: Library Technician\n\tClass Title\n\n\tLibrary Technician\n\nCONCEPT: X.\n"
    )
    out = tmp_path / "catalog" / "lt.toml"
    refused = cli("import-spec", spec, "-o", out)
    assert refused.code == 2 and not out.exists() and refused.out == ""
    assert refused.err == (
        f"pdbuilder: {spec}: class id 'library-technician' is already used by class group 'library-science' "
        f"in {BUNDLED_DIR / 'library-science.toml'}; give the imported classes other ids with --id-prefix PREFIX\n"
    )
    assert cli("import-spec", spec, "-o", out, "--id-prefix", "agency").code == 0
    group = read_group(out)
    assert (group.id, group.classes[0].id) == ("agency-library-technician", "agency-library-technician")
    assert "agency-library-technician" in cli("--catalog", out.parent, "classes").out
    again = cli("import-spec", spec, "-o", out, "--force", "--id-prefix", "agency", "--group-id", "lt")
    assert again.code == 0 and read_group(out).id == "lt"  # the file it replaces is no collision
    bad = cli("import-spec", spec, "--group-id", "my group")
    assert (bad.code, bad.out) == (2, "") and "--group-id 'my group' is not an id" in bad.err
    beside = out.parent / "copy.toml"
    twice = cli(
        "--catalog", out.parent, "import-spec", spec, "-o", beside, "--id-prefix", "other", "--group-id", "lt"
    )
    assert twice.code == 2 and not beside.exists()
    assert f"class group id 'lt' is already used by {out}, in the same catalog folder" in twice.err
    assert cli("--catalog", out.parent, "classes").code == 0


def test_explain_prints_every_line_with_where_it_went(cli, tmp_path):
    path = write(tmp_path, RENAMED_HEADINGS + "\nWork Environment\nQuiet.\n")
    result = cli("import-spec", path, "--explain")
    assert result.code == 0
    lines = result.out.splitlines()
    assert lines[0] == f"{path}: read with the 'default' profile (line, where it went, text)"
    assert len(lines) == 1 + sum(
        1 for line in (RENAMED_HEADINGS + "Work Environment\nQuiet.\n").split("\n") if line.strip()
    )
    assert "   16  classes[1].ksas[1]" in result.out and "Knowledge of MARC 21." in lines[11]
    assert [line.split()[1:3] for line in lines if "NOT IMPORTED" in line] == [["NOT", "IMPORTED"]]
    assert "schema_version" not in result.out


def test_a_folder_of_specs_into_a_folder_of_catalog_files_with_one_report(cli, tmp_path):
    specs = tmp_path / "specs"
    specs.mkdir()
    for name in ("nursing.docx", "engineering.txt", "park-ranger.txt"):
        (specs / name).write_bytes((SPECS_DIR / name).read_bytes())
    (specs / "notes.md").write_text("not a spec", encoding="utf-8")
    out = tmp_path / "catalog"
    result = cli("import-spec", specs, "-o", out)
    assert result.code == 1  # engineering.txt has a line the importer could not place
    assert sorted(p.name for p in out.iterdir()) == ["engineering.toml", "nursing.toml", "park-ranger.toml"]
    assert read_group(out / "nursing.toml") == import_spec(SPECS_DIR / "nursing.docx").group
    assert "TASKS, line" in result.err and result.err.rstrip().endswith(
        "3 spec(s), 1 with lines not imported"
    )
    (specs / "engineering.txt").unlink()
    assert cli("import-spec", specs, "-o", out).code == 2  # the catalog files exist
    assert cli("import-spec", specs, "-o", out, "--force").code == 0
    strict = tmp_path / "strict"
    (specs / "engineering.txt").write_bytes((SPECS_DIR / "engineering.txt").read_bytes())
    assert cli("import-spec", specs, "-o", strict, "--strict").code == 1 and not strict.exists()


def test_control_characters_never_reach_the_catalog_or_the_terminal(tmp_path):
    path = write(tmp_path, MINIMAL + "TASKS:\n· Tests\x07 the\x1b[31m software.\f\n\nStray \x9b2J line.\n")
    imported = import_spec(path)
    assert [t.text for t in imported.group.tasks] == ["Tests the [31m software."]
    assert "  TASKS, line 9: Stray 2J line.\n" in report(imported, path)


def test_heading_with_text_on_its_line(tmp_path):
    path = write(
        tmp_path, MINIMAL + "CONCEPT: Test things\nthoroughly.\nLEVEL OF WORK: This is testing work.\n"
    )
    group = import_spec(path).group
    assert (group.concept, group.classes[0].level_of_work) == (
        "Test things thoroughly.",
        "This is testing work.",
    )


def test_known_headings_in_any_case_with_or_without_colon(tmp_path):
    text = (
        MINIMAL
        + "Concept\nTest things.\nTasks:\n· Tests.\nLevels of Work:\nTester: Tests things.\nMinimum Requirements\n· Patience.\n"
    )
    imported = import_spec(write(tmp_path, text))
    group = imported.group
    assert (group.concept, [t.text for t in group.tasks]) == ("Test things.", ["Tests."])
    assert (group.classes[0].level_of_work, group.classes[0].minimum_requirements) == (
        "Tests things.",
        ("Patience.",),
    )
    assert imported.unplaced == ()


def test_windows_line_endings_and_byte_order_mark(tmp_path):
    path = tmp_path / "seed-windows.txt"
    path.write_bytes(b"\xef\xbb\xbf" + SEED.read_bytes().replace(b"\n", b"\r\n"))
    imported = import_spec(path)
    assert (group_to_toml(imported.group), imported.unplaced) == (BUNDLED, ())


def test_same_first_words_get_distinct_task_ids(tmp_path):
    path = write(
        tmp_path, MINIMAL + "TASKS:\n· Tests the software for defects.\n· Tests the software for speed.\n"
    )
    group = import_spec(path).group
    assert [t.id for t in group.tasks] == ["tests-software-defects", "tests-software-speed"]
    path = write(
        tmp_path,
        MINIMAL
        + "TASKS:\n· Tests the software daily.\n· Tests the software weekly.\n· Tests software daily!\n",
    )
    assert [t.id for t in import_spec(path).group.tasks] == [
        "tests-software-daily",
        "tests-software-weekly",
        "tests-software-daily-2",
    ]


def test_word_list_continue_paragraph_continues_the_item(tmp_path):
    import docx

    document = docx.Document()
    document.add_paragraph("Class Group: Testing")
    table = document.add_table(rows=2, cols=1)
    table.cell(0, 0).text, table.cell(1, 0).text = "Class Title", "Tester"
    document.add_paragraph("TASKS:")
    document.add_paragraph("Tests the", style="List Bullet")
    document.add_paragraph("first thing.", style="List Continue")
    document.add_paragraph("Tests another thing.", style="List Number")
    document.add_paragraph("A plain paragraph.")
    document.save(tmp_path / "spec.docx")
    imported = import_spec(tmp_path / "spec.docx")
    assert [t.text for t in imported.group.tasks] == ["Tests the first thing.", "Tests another thing."]
    assert unplaced(imported) == [("TASKS", 8, "A plain paragraph.")]


def test_word_merged_cells_spanning_rows_count_in_each_row_spanning_columns_once(tmp_path):
    import docx

    document = docx.Document()
    document.add_paragraph("Class Group: Testing")
    table = document.add_table(rows=4, cols=5)
    table.cell(0, 0).merge(table.cell(0, 4)).text = "CLASS TABLE"  # a title row across the table
    for cell, name in zip(
        table.rows[1].cells,
        ("Class Code", "Class Title", "Occupational Role", "Pay Plan", "Pay Grade"),
        strict=False,
    ):
        cell.text = name
    for row, title in ((2, "Tester"), (3, "Tester Senior")):
        table.cell(row, 1).text, table.cell(row, 4).text = title, str(10 + row)
    table.cell(2, 2).text, table.cell(2, 3).text = "Technical", "Current"
    table.cell(2, 2).merge(table.cell(3, 2))
    table.cell(2, 3).merge(table.cell(3, 3))
    document.save(tmp_path / "merged.docx")
    imported = import_spec(tmp_path / "merged.docx")
    classes = [(c.title, c.occupational_role, c.pay_plan, c.pay_grade) for c in imported.group.classes]
    assert classes == [
        ("Tester", "Technical", "Current", "12"),
        ("Tester Senior", "Technical", "Current", "13"),
    ]
    assert unplaced(imported) == [("header", 2, "CLASS TABLE")]


def test_word_text_in_tracked_changes_content_controls_fields_and_text_boxes_is_read(tmp_path):
    import docx
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    document = docx.Document()
    document.add_paragraph("Class Group: Testing")
    table = document.add_table(rows=2, cols=1)
    table.cell(0, 0).text, table.cell(1, 0).text = "Class Title", "Tester"
    document.add_paragraph("TASKS:")
    body = document.element.body
    sect = body[-1]  # new blocks go before the section properties
    w = nsdecls("w")
    for xml in (
        # A tracked insertion and a tracked deletion in a list paragraph.
        f'<w:p {w}><w:pPr><w:pStyle w:val="ListBullet"/></w:pPr><w:r><w:t xml:space="preserve">Tests the </w:t></w:r>'
        f'<w:ins w:id="1" w:author="HR" w:date="2024-01-01T00:00:00Z"><w:r><w:t xml:space="preserve">new </w:t></w:r></w:ins>'
        f'<w:del w:id="2" w:author="HR" w:date="2024-01-01T00:00:00Z"><w:r><w:delText>old </w:delText></w:r></w:del>'
        f"<w:r><w:t>software.</w:t></w:r></w:p>",
        # A paragraph inside a block content control, with an inline control and a field.
        f'<w:sdt {w}><w:sdtPr/><w:sdtContent><w:p><w:pPr><w:pStyle w:val="ListBullet"/></w:pPr>'
        f'<w:sdt><w:sdtPr/><w:sdtContent><w:r><w:t xml:space="preserve">Files reports </w:t></w:r></w:sdtContent></w:sdt>'
        f'<w:fldSimple w:instr="DATE"><w:r><w:t>daily</w:t></w:r></w:fldSimple><w:r><w:t>.</w:t></w:r></w:p></w:sdtContent></w:sdt>',
        # A text box, which Word writes twice: as a drawing and as a fallback picture.
        f'<w:p {w} xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"><w:pPr><w:pStyle w:val="ListBullet"/></w:pPr>'
        f'<w:r><w:t xml:space="preserve">Reads </w:t></w:r><w:r><mc:AlternateContent>'
        f'<mc:Choice Requires="wps"><w:txbxContent><w:p><w:r><w:t>boxed notes</w:t></w:r></w:p></w:txbxContent></mc:Choice>'
        f"<mc:Fallback><w:txbxContent><w:p><w:r><w:t>boxed notes</w:t></w:r></w:p></w:txbxContent></mc:Fallback>"
        f"</mc:AlternateContent></w:r><w:r><w:t>.</w:t></w:r></w:p>",
    ):
        sect.addprevious(parse_xml(xml))
    document.save(tmp_path / "tracked.docx")
    imported = import_spec(tmp_path / "tracked.docx")
    assert [t.text for t in imported.group.tasks] == [
        "Tests the new software.",
        "Files reports daily.",
        "Reads boxed notes.",
    ]
    assert imported.unplaced == ()


# --- Unreadable input ------------------------------------------------------------------


def _zip_without_document(path: Path) -> None:
    with zipfile.ZipFile(path, "w") as package:
        package.writestr("hello.txt", "not a Word document")


@pytest.mark.parametrize(
    "name, make, message",
    [
        ("missing.txt", None, "no such file"),
        ("empty.txt", lambda p: p.write_bytes(b" \n"), "file is empty"),
        ("empty.docx", lambda p: p.write_bytes(b""), "file is empty"),
        ("binary.txt", lambda p: p.write_bytes(b"Class\x00Group"), "binary file, not spec text"),
        (
            "latin1.txt",
            lambda p: p.write_bytes(b"Class Group: Biblioth\xe8que\n"),
            ":1: not UTF-8 text (byte 0xe8)",
        ),
        (
            "old.doc",
            lambda p: p.write_bytes(b"\xd0\xcf\x11\xe0" + bytes(60)),
            "a Word 97-2003 .doc file: save it as .docx",
        ),
        (
            "truncated.docx",
            lambda p: p.write_bytes((SPECS_DIR / "nursing.docx").read_bytes()[:3000]),
            "not a readable Word .docx file",
        ),
        ("text.docx", lambda p: p.write_text("Class Group: X\n"), "not a readable Word .docx file"),
        ("other.docx", _zip_without_document, "not a readable Word .docx file"),
        ("notes.txt", lambda p: p.write_text("Shopping list\n· milk\n"), "no 'Class Group:' line"),
        ("no-table.txt", lambda p: p.write_text("Class Group: X\nTASKS:\n· Tests.\n"), "no class found"),
    ],
)
def test_unreadable_input_one_line_exit_2_nothing_written(cli, tmp_path, name, make, message):
    path = tmp_path / name
    if make:
        make(path)
    with pytest.raises(SpecError, match=message.replace("(", r"\(").replace(")", r"\)").replace(".", r"\.")):
        import_spec(path)
    out = tmp_path / "out.toml"
    result = cli("import-spec", path, "-o", out)
    assert result.code == 2
    assert (
        result.err.startswith(f"pdbuilder: {path}") and result.err.count("\n") == 1 and message in result.err
    )
    assert result.out == "" and not out.exists()


# --- The command -------------------------------------------------------------------------


def test_command_prints_the_catalog_and_a_summary(cli):
    result = cli("import-spec", SEED)
    assert result.code == 0
    assert result.out == BUNDLED
    assert "Library Science: 2 class(es), 12 task(s), 3 contributor level(s)" in result.err
    assert f"{SEED}: every line was imported" in result.err


def test_command_writes_the_file_and_refuses_to_overwrite(cli, tmp_path):
    out = tmp_path / "catalog" / "ls.toml"
    assert cli("import-spec", SPECS_DIR / "library-science.docx", "-o", out).code == 0
    assert out.read_text(encoding="utf-8") == BUNDLED
    out.write_text("# kept\n", encoding="utf-8")
    result = cli("import-spec", SEED, "-o", out)
    assert (result.code, out.read_text(encoding="utf-8")) == (2, "# kept\n")
    assert "already exists; choose another -o FILE or add --force" in result.err
    assert cli("import-spec", SEED, "-o", out, "--force").code == 0
    assert out.read_text(encoding="utf-8") == BUNDLED
    assert [p.name for p in out.parent.iterdir()] == ["ls.toml"]  # no temporary file left behind


def test_command_refuses_an_output_it_cannot_write(cli, tmp_path):
    (tmp_path / "a-file").write_text("x", encoding="utf-8")
    for out, message in (
        (tmp_path, "is a folder; give the catalog file's name"),
        (tmp_path / "a-file" / "ls.toml", "cannot write: "),
    ):
        result = cli("import-spec", SEED, "-o", out, "--force")
        assert (
            result.code == 2
            and result.err.startswith(f"pdbuilder: {out}: {message}")
            and result.err.count("\n") == 1
        )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a-file"]


def test_report_goes_to_stderr_and_strict_exits_1_writing_nothing(cli, tmp_path):
    spec = SPECS_DIR / "engineering.txt"
    line = spec.read_text(encoding="utf-8").split("\n").index("Tasks include, but are not limited to:") + 1
    out = tmp_path / "engineering.toml"
    result = cli("import-spec", spec, "-o", out)
    assert result.code == 0 and out.is_file()
    assert f"  TASKS, line {line}: Tasks include, but are not limited to:\n" in result.err
    out.unlink()
    strict = cli("import-spec", spec, "-o", out, "--strict")
    assert strict.code == 1 and not out.exists() and strict.out == ""
    assert f"TASKS, line {line}:" in strict.err and "--strict: nothing written" in strict.err
    docx_strict = cli("import-spec", SPECS_DIR / "engineering.docx", "--strict")
    assert docx_strict.code == 1 and docx_strict.out == ""
    assert "TASKS, paragraph " in docx_strict.err
    assert cli("import-spec", SPECS_DIR / "nursing.docx", "--strict").code == 0


def test_imported_catalog_works_with_classes_and_new(cli, tmp_path, monkeypatch):
    folder = tmp_path / "agency-catalog"
    assert cli("import-spec", SPECS_DIR / "engineering.docx", "-o", folder / "engineering.toml").code == 0
    listed = cli("--catalog", folder, "classes")
    assert listed.code == 0 and "engineer-senior" in listed.out and "4637" in listed.out
    assert "library-technician" in listed.out  # the bundled catalog is still there
    record = tmp_path / "p.toml"
    new = cli(
        "--catalog",
        folder,
        "new",
        "--class",
        "engineer-senior",
        "--all-tasks",
        "--level",
        "experienced",
        "-o",
        record,
    )
    assert new.code == 0, new.err
    assert cli("--catalog", folder, "check", record).code == 0
    shown = cli("--catalog", folder, "show", record)
    assert "Reviews consultants’ plans for compliance with design standards – the state’s" in shown.out
    monkeypatch.setenv("PDBUILDER_CATALOG", str(folder))
    assert cli("tasks", "engineer-lead").out.count("\n") == 6
    assert cli("check", record).code == 0


def test_generate_from_an_imported_catalog(cli, tmp_path, monkeypatch):
    folder = tmp_path / "agency-catalog"
    assert cli("import-spec", SPECS_DIR / "park-ranger.docx", "-o", folder / "park-ranger.toml").code == 0
    record, document = tmp_path / "ranger.toml", tmp_path / "ranger.docx"
    assert cli("--catalog", folder, "new", "--class", "park-ranger", "--all-tasks", "-o", record).code == 0
    result = cli("--catalog", folder, "generate", record, "-o", document)
    assert result.code == 0, result.err
    body = read_docx(document).body
    assert "Performs prescribed burns and other resource management tasks." in body
    assert "A valid driver license." in body
    # The class's special requirements reach the position, and the document shows them.
    assert "Must obtain a prescribed burn certification within one year of hire." in body
    conditions = body.index("WORKING CONDITIONS")
    assert body[conditions + 1 : conditions + 3] == list(
        import_spec(SPECS_DIR / "park-ranger.txt").group.sections[0].items
    )
    monkeypatch.setenv("PDBUILDER_CATALOG", str(folder))
    assert cli("generate", record, "-o", tmp_path / "again.docx", "--template", "posting").code == 0
    assert "Collects fees and registers campers." in read_docx(tmp_path / "again.docx").body


def test_the_cli_starts_without_python_docx():
    code = "import sys, pdbuilder.cli, pdbuilder.importers; sys.exit('docx' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code]).returncode == 0


# --- Any text at all: a catalog or one clear error, never a crash -------------------------

FRAGMENTS = [
    "Class Group: Fuzz",
    "Occupational Group: Things",
    "\tClass Title",
    "\tClass Code",
    "\tPay Grade",
    "\tTester",
    "\tSenior Tester",
    "\t",
    "",
    " ",
    "\u00a0",
    "CONCEPT: Tests.",
    "TASKS:",
    "LEVELS OF WORK:",
    "LEVEL OF WORK: Testing.",
    "MINIMUM REQUIREMENTS:",
    "CONTRIBUTOR LEVELS:",
    "SPECIAL REQUIREMENTS:",
    "Tester: Tests things.",
    "TESTER:",
    "· Tests the software.",
    "- Tests the software.",
    "1) Tests",
    "*",
    "Words that wrap",
    "\tMINIMUM  MAXIMUM",
    "\tTESTER/SENIOR TESTER",
    "\tRecent",
    "Contributor",
    "\tExperienced Contributor",
    "\t· Employees learn.",
    "Performance Range for Core Competencies:",
    "·  Job Responsibilities – Learner to Expert",
    "Knowledge, Skills and Abilities",
    "Preferred Qualifications:",
    "SPECIAL REQUIREMENTS",
    "Work Environment",
    "Senior Tester:",
    "Level II: Tests more.",
    "\tSalary Group",
    "\tLevel",
    "\tLevel II",
    "Job Family: Fuzz",
    "Typical Functions",
    "LEVEL DESCRIPTORS",
]


VALID_START = ["Class Group: Fuzz", "\tClass Title", "", "\tTester", "", "\tSenior Tester", ""]
PROFILES = [None, *(p.name for p in bundled_profiles())]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.booleans(), st.lists(st.sampled_from(FRAGMENTS), max_size=40), st.sampled_from(PROFILES))
def test_any_arrangement_gives_a_readable_catalog_or_a_spec_error(tmp_path, valid_start, body, profile):
    lines = (VALID_START if valid_start else []) + body
    path = write(tmp_path, "\n".join(lines))
    try:
        imported = import_spec(path, find_profile(profile) if profile else None)
    except SpecError:
        return
    every_line = {line.number for line in imported.lines if not line.blank}  # an empty bullet is blank
    assert every_line <= imported.placed.keys() | {u.line.number for u in imported.unplaced}
    assert read_group(write(tmp_path, group_to_toml(imported.group), "out.toml")) == imported.group
    numbers = [u.line.number for u in imported.unplaced]
    assert numbers == sorted(set(numbers)) and all(1 <= n <= len(lines) for n in numbers)
    assert not set(numbers) & imported.placed.keys()
