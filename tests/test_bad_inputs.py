"""The corpus of bad inputs in tests/data/bad: each gives one clear message and changes nothing."""

from __future__ import annotations

import shutil

import pytest

from .conftest import DATA, snapshot_files

BAD = DATA / "bad"

# file -> (what `check` prints after "FILE", exit code of `show`)
UNREADABLE = {
    "empty.toml": (": file is empty", 2),
    "binary.toml": (": binary file, not TOML text", 2),
    "latin1.toml": (":3: not UTF-8 text (byte 0xe9)", 2),
    "unclosed-string.toml": (":5:30: invalid TOML: illegal character '\\n'", 2),
    "duplicate-key.toml": (":6:13: invalid TOML: cannot overwrite a value", 2),
    "wrong-type-number.toml": (":5: number must be text, not a whole number", 2),
    "task-without-text.toml": (":6: tasks[1].text is missing", 2),
    "missing-class-id.toml": (": class_id is missing", 2),
    # A key is named as the file writes it: a line break in it is no second line of the message.
    "key-with-line-break.toml": (':16: spec.tasks."shelves\\nfiles" must be text, not a list', 2),
    "future-schema.toml": (": schema_version 7 is newer than this pdbuilder reads (1); upgrade pdbuilder", 2),
    "no-schema-version.toml": (": not a pdbuilder position record: schema_version is missing", 2),
}
UNSOUND = {
    "unknown-class.toml": ": unknown class 'library-technician-principal'",
    "stale-task-id.toml": ": class 'library-technician' has no task 'operates-bookmobile'",
    "duplicate-task-id.toml": ": task 'shelves-files-library-materials' is listed twice",
    "control-characters.toml": ": agency holds control characters (U+0007, U+000C, U+001B) that Word documents cannot hold",
}
# Valid records whose text must come out exactly as typed.
LITERAL = ["jinja-in-every-field.toml", "huge-texts.toml", "name with spaces – Zoë 図書館.toml"]


def test_the_corpus_is_complete():
    assert {p.name for p in BAD.iterdir()} == set(UNREADABLE) | set(UNSOUND) | set(LITERAL)


@pytest.fixture
def corpus(tmp_path):
    folder = tmp_path / "bad"
    shutil.copytree(BAD, folder)
    return folder


@pytest.mark.parametrize("name", sorted(UNREADABLE))
def test_unreadable_record(cli, corpus, name):
    before = snapshot_files(corpus)
    message, show_code = UNREADABLE[name]
    path = corpus / name
    check = cli("check", path)
    assert (check.code, check.out) == (1, f"{path}{message}\n")
    show = cli("show", path)
    assert (show.code, show.out, show.err) == (show_code, "", f"pdbuilder: {path}{message}\n")
    assert snapshot_files(corpus) == before


@pytest.mark.parametrize("name", sorted(UNSOUND))
def test_unsound_record(cli, corpus, name):
    path = corpus / name
    check = cli("check", path)
    assert check.code == 1
    assert f"{path}{UNSOUND[name]}" in check.out.splitlines()


def test_control_characters_never_reach_the_terminal(cli, corpus):
    out = cli("show", corpus / "control-characters.toml").out
    assert "\x1b" not in out and "\x07" not in out
    assert "Bell\\u0007 and form\\u000cfeed \\u001b[31m" in out


@pytest.mark.parametrize("name", LITERAL)
def test_literal_records_are_sound_and_shown_as_typed(cli, corpus, name):
    path = corpus / name
    assert cli("check", path).code == 0
    from pdbuilder.records import read_position

    position = read_position(path)
    out = cli("show", path).out
    assert position.working_title in out
    for task in position.tasks:
        assert task.text in out


def test_new_never_writes_outside_the_positions_folder(cli, tmp_path):
    positions = tmp_path / "positions"
    result = cli(
        "--positions",
        positions,
        "new",
        "--class",
        "library-technician",
        "--all-tasks",
        "--number",
        "../../escaped",
    )
    assert result.code == 0
    assert [p.name for p in positions.iterdir()] == ["escaped.toml"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["positions"]


@pytest.mark.parametrize("name", sorted(UNREADABLE))
def test_generate_refuses_unreadable_records_and_writes_nothing(cli, corpus, tmp_path, name):
    path = corpus / name
    out = tmp_path / "out"
    result = cli("generate", path, "-o", out / "pd.docx")
    assert (result.code, result.out) == (2, "")
    assert result.err == f"pdbuilder: {path}{UNREADABLE[name][0]}\n"
    assert not out.exists()


@pytest.mark.parametrize("name", LITERAL)
@pytest.mark.parametrize("template", ["position-description", "posting"])
def test_literal_records_generate_with_text_as_typed(cli, corpus, tmp_path, name, template):
    import docx

    from pdbuilder.records import read_position

    path = corpus / name
    result = cli("generate", path, "--template", template, "-o", tmp_path / "out" / "doc.docx")
    assert result.code == 0, result.err
    document = docx.Document(tmp_path / "out" / "doc.docx")
    text = "\n".join(
        [p.text for p in document.paragraphs]
        + [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    )
    position = read_position(path)
    assert position.working_title in text
    for task in position.tasks:
        assert task.text in text
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["doc.docx"]


def test_generate_names_output_after_a_non_ascii_record_file(cli, corpus):
    path = corpus / "name with spaces – Zoë 図書館.toml"
    assert cli("generate", path).code == 0
    assert (corpus / "name with spaces – Zoë 図書館.docx").is_file()
