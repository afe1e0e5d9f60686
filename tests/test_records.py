"""Position records: round-trips, unknown keys kept, atomic saves, clear errors."""

from __future__ import annotations

import os
from datetime import UTC, date, datetime

import pytest

from pdbuilder.catalog import load_catalog
from pdbuilder.errors import RecordError
from pdbuilder.model import DETAILS, Position, PositionTask, new_position, problems
from pdbuilder.records import ConflictError, load_record, position_to_toml, read_position, save_position

from .conftest import SAMPLE_POSITIONS

STAMP = datetime(2026, 11, 28, 9, 15, tzinfo=UTC)


def full_position() -> Position:
    return Position(
        class_id="library-technician",
        working_title="Technician & <Lead> {{ 7*7 }}",
        number="000123",
        agency="Département d’État",
        unit="Interlibrary Loan",
        location="Tallahassee",
        supervisor="Chief 📚",
        flsa_status="non-exempt",
        work_schedule="Mon–Fri",
        contributor_level="experienced",
        tasks=(
            PositionTask("Processes inter-library loan requests.", "processes-inter-library-loan", 60, True),
            PositionTask('Drives the "bookmobile"\nweekly.', None, 40, False),
        ),
        extra_requirements=("CDL license", "{% raw %}"),
        status="review",
        created=STAMP,
        modified=STAMP,
    )


# Every field added after the first records, filled, with text that must come out literally.
NEW_FIELDS = {
    "incumbent": "Ana <Ruiz> & Co",
    "appointment": "Full-time permanent, 1.0 FTE",
    "bargaining_unit": "AFSCME Council 79",
    "telework": "Hybrid, 2 days a week on site",
    "action": "reallocation",
    "effective_date": date(2026, 7, 1),
    "salary": "$42,000–$48,000 a year",
    "closing_date": date(2026, 6, 15),
    "purpose": "Keeps {{ loans }} moving between libraries.\nSecond paragraph.",
    "supervision_received": "Works under general supervision of the coordinator.",
    "supervises": ("Library Assistant (00041190)", "Courier (00041191)"),
    "ksas": ("Knowledge of OCLC interlibrary loan systems.", "Ability to lift 40 lb."),
    "preferred_qualifications": ("Two years in a public library.",),
    "special_requirements": ("Valid driver licence.", "Background check."),
    "working_conditions": "Office work; occasional lifting of boxes up to 40 lb.",
}


def every_field_position() -> Position:
    """A record that fills every field a person can fill, the new ones too."""
    return full_position().with_changes(**NEW_FIELDS)


def test_new_fields_cover_every_optional_field():
    assert set(NEW_FIELDS) == {detail.name for detail in DETAILS if not detail.always_written}


def test_round_trip_is_equal(tmp_path):
    path = tmp_path / "p.toml"
    save_position(full_position(), path)
    assert read_position(path) == full_position()


def test_every_field_round_trips_and_dates_are_toml_dates(tmp_path):
    path = tmp_path / "p.toml"
    save_position(every_field_position(), path)
    text = path.read_text(encoding="utf-8")
    assert read_position(path) == every_field_position()
    assert "effective_date = 2026-07-01\n" in text and "closing_date = 2026-06-15\n" in text
    assert position_to_toml(read_position(path)) == text


def test_empty_new_fields_are_not_written(tmp_path):
    text = position_to_toml(full_position())
    assert not [name for name in NEW_FIELDS if f"\n{name} =" in text]


@pytest.mark.parametrize("sample", sorted(SAMPLE_POSITIONS.glob("*.toml")), ids=lambda p: p.name)
def test_samples_round_trip_byte_for_byte_and_are_sound(sample):
    position = read_position(sample)
    assert position_to_toml(position) == sample.read_text(encoding="utf-8")
    assert problems(position, load_catalog().get(position.class_id)) == []


def test_position_number_keeps_leading_zeros(tmp_path):
    path = tmp_path / "p.toml"
    save_position(full_position(), path)
    assert 'number = "000123"' in path.read_text(encoding="utf-8")
    assert read_position(path).number == "000123"


def test_unknown_keys_survive_a_save(tmp_path):
    path = tmp_path / "p.toml"
    text = (
        position_to_toml(full_position())
        .replace("[[tasks]]", 'union_code = "AFSCME 3"\n\n[reviewer]\nname = "Kim"\n\n[[tasks]]', 1)
        .replace(
            'text = "Processes inter-library loan requests."',
            'text = "Processes inter-library loan requests."\nnote = "kept"',
        )
    )
    path.write_text(text, encoding="utf-8")
    position = read_position(path)
    assert position.extras == {"union_code": "AFSCME 3", "reviewer": {"name": "Kim"}}
    save_position(position.with_changes(working_title="Changed"), path)
    again = read_position(path)
    assert again.extras == position.extras
    assert again.tasks[0].extras == {"note": "kept"}


def test_tasks_are_always_written_as_blocks(tmp_path):
    position = full_position().with_changes(tasks=(PositionTask("x"),))
    assert '[[tasks]]\ntext = "x"\n' in position_to_toml(position)


def test_save_is_atomic_and_leaves_no_temp_file(tmp_path, monkeypatch):
    path = tmp_path / "p.toml"
    save_position(full_position(), path)
    before = path.read_bytes()

    def broken_replace(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(RecordError, match="cannot save: No space left on device"):
        save_position(full_position().with_changes(working_title="New"), path)
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["p.toml"]


def test_save_keeps_file_permissions(tmp_path):
    path = tmp_path / "p.toml"
    save_position(full_position(), path)
    path.chmod(0o640)
    save_position(full_position(), path)
    assert path.stat().st_mode & 0o777 == 0o640


@pytest.mark.parametrize(
    "content, message",
    [
        (b"", "file is empty"),
        (b"\x00\x01\x02binary", "binary file"),
        (b'working_title = "caf\xe9"\n', "not UTF-8 text"),
        (b"schema_version = 1\nclass_id = \n", "invalid TOML"),
        (b"class_id = 'x'\n", "schema_version is missing"),
        (b"schema_version = 2\nclass_id = 'x'\n", "schema_version 2 is newer"),
        (b"schema_version = 1\nnumber = 12\n", "class_id is missing"),
        (b"schema_version = 1\nclass_id = 'x'\nnumber = 12\n", "number must be text, not a whole number"),
        (
            b"schema_version = 1\nclass_id = 'x'\n[[tasks]]\ntext = 'a'\npercent = 'ten'\n",
            "tasks[1].percent must be a whole number, not text",
        ),
        (
            b"schema_version = 1\nclass_id = 'x'\nextra_requirements = [1]\n",
            "extra_requirements must be a list of text",
        ),
        (b"schema_version = 1\nclass_id = 'x'\ntasks = ['a']\n", "tasks must be a list of tables"),
        (
            b"schema_version = 1\nclass_id = 'x'\neffective_date = '2026-07-01'\n",
            "effective_date must be a date, not text",
        ),
        (
            b"schema_version = 1\nclass_id = 'x'\nclosing_date = 2026-07-01T10:00:00\n",
            "closing_date must be a date, not a date and time",
        ),
        (b"schema_version = 1\nclass_id = 'x'\nksas = 'typing'\n", "ksas must be a list, not text"),
        (
            b"schema_version = 1\nclass_id = 'x'\n[[tasks]]\ntext = 'a'\nessential = 1\n",
            "essential must be true or false",
        ),
    ],
)
def test_bad_records_give_one_clear_error(tmp_path, content, message):
    path = tmp_path / "bad.toml"
    path.write_bytes(content)
    with pytest.raises(RecordError) as caught:
        read_position(path)
    assert message in str(caught.value)
    assert str(caught.value).startswith(str(path))


def test_errors_name_the_line(tmp_path):
    path = tmp_path / "bad.toml"
    path.write_text(
        "schema_version = 1\nclass_id = 'x'\n\n[[tasks]]\ntext = 'a'\n\n[[tasks]]\ntext = 'b'\npercent = 'ten'\n"
    )
    with pytest.raises(RecordError) as caught:
        read_position(path)
    assert caught.value.line == 9
    path.write_text("schema_version = 1\nclass_id = 'x'\nnumber = \n")
    with pytest.raises(RecordError) as caught:
        read_position(path)
    assert (caught.value.line, caught.value.column) == (3, 10)


def test_missing_file(tmp_path):
    with pytest.raises(RecordError, match="no such file"):
        read_position(tmp_path / "nope.toml")


def test_new_position_rules():
    ref = load_catalog().get("library-technician")
    position = new_position(
        ref, ["shelves-files-library-materials"], ["Drives the bookmobile."], contributor_level="recent"
    )
    assert position.working_title == "Library Technician"
    assert [t.text for t in position.tasks] == [
        "Shelves and files library materials.",
        "Drives the bookmobile.",
    ]
    assert problems(position, ref) == []
    with pytest.raises(ValueError, match="has no task 'nope'"):
        new_position(ref, ["nope"])


def test_problems_found():
    ref = load_catalog().get("library-technician")
    position = full_position().with_changes(
        working_title=" ",
        contributor_level="guru",
        tasks=(PositionTask("a", "nope", 50), PositionTask("b", "nope", 20), PositionTask("", None, 120)),
        flsa_status="maybe",
    )
    found = problems(position, ref)
    assert "working title is required" in found
    assert "class 'library-technician' has no task 'nope'" in found
    assert "task 'nope' is listed twice" in found
    assert "task 3 has no text" in found
    assert "task 3: percent of time 120 is not between 0 and 100" in found
    assert "percent of time adds up to 190, not 100" in found
    assert "unknown contributor level 'guru' (class offers: recent, experienced, independent)" in found
    assert any(p.startswith("FLSA status 'maybe'") for p in found)
    assert problems(position, None)[0] == "unknown class 'library-technician'"


def test_save_refuses_a_record_changed_on_disk_since_it_was_read(tmp_path):
    path = tmp_path / "p.toml"
    save_position(full_position(), path)
    mine = load_record(path)
    theirs = load_record(path)
    theirs_stamp = save_position(theirs.position.with_changes(unit="Theirs"), path, theirs.stamp)
    with pytest.raises(ConflictError, match="changed on disk since it was opened; not overwritten"):
        save_position(mine.position.with_changes(unit="Mine"), path, mine.stamp)
    assert read_position(path).unit == "Theirs"
    assert load_record(path).stamp == theirs_stamp
    save_position(mine.position.with_changes(unit="Mine"), path, theirs_stamp)
    assert read_position(path).unit == "Mine"


def test_save_as_new_refuses_an_existing_file(tmp_path):
    path = tmp_path / "p.toml"
    save_position(full_position(), path, expected_stamp=None)
    with pytest.raises(ConflictError, match="already exists"):
        save_position(full_position(), path, expected_stamp=None)


# --- hand edits survive a save ----------------------------------------------

HAND_EDITED = """\
# Interlibrary loan: reviewed with the division director, Nov 2026.
schema_version = 1
class_id = "library-technician"
working_title = "Interlibrary Loan Technician"   # the title on the org chart
number = "00041187"
agency = "Department of State"
contributor_level = "recent"
status = "draft"
created = 2026-11-02 14:30:00+00:00
modified = 2026-11-02 14:30:00+00:00
extra_requirements = []
budget = { fund = "GR", share = [60, 40] }   # our own key, in our own layout

[[tasks]]
# Statute requires this one: do not drop it.
id = "processes-inter-library-loan"
text = "Processes inter-library loan requests."
percent = 30  # agreed with the union
essential = true

[[tasks]]
text = "Packs and ships loaned materials."
percent = 20

[[tasks]]
# Courier runs: only while the van is leased.
text = "Drives the courier van."
"""


def test_saving_a_hand_edited_record_keeps_its_comments_and_layout(tmp_path):
    path = tmp_path / "ill.toml"
    path.write_text(HAND_EDITED, encoding="utf-8")
    loaded = load_record(path)
    edited = loaded.position.with_changes(
        working_title="Interlibrary Loan Lead",
        tasks=(loaded.position.tasks[0], loaded.position.tasks[2], PositionTask(text="Trains new staff.")),
    )
    save_position(edited, path, loaded.stamp)
    text = path.read_text(encoding="utf-8")
    assert read_position(path) == edited  # the data is exactly what was saved
    assert text.startswith("# Interlibrary loan: reviewed with the division director, Nov 2026.\n")
    assert 'working_title = "Interlibrary Loan Lead"   # the title on the org chart\n' in text
    assert 'budget = { fund = "GR", share = [60, 40] }   # our own key, in our own layout\n' in text
    # Each comment stays with its task though the task between them was removed.
    assert (
        '# Statute requires this one: do not drop it.\nid = "processes-inter-library-loan"\n'
        'text = "Processes inter-library loan requests."\npercent = 30  # agreed with the union\n'
    ) in text
    assert '# Courier runs: only while the van is leased.\ntext = "Drives the courier van."\n' in text
    assert "Packs and ships" not in text
    assert text.index("Drives the courier van.") < text.index('text = "Trains new staff."')


def test_a_record_as_pdbuilder_writes_it_is_saved_as_pdbuilder_writes_it(tmp_path):
    """Only hand-edited records go through the round-trip editor: others keep one stable shape."""
    path = tmp_path / "ill.toml"
    path.write_bytes((SAMPLE_POSITIONS / "00041187-interlibrary-loan-technician.toml").read_bytes())
    loaded = load_record(path)
    edited = loaded.position.with_changes(
        supervisor="", unit="Library Services", tasks=loaded.position.tasks[1:]
    )
    save_position(edited, path, loaded.stamp)
    assert path.read_text(encoding="utf-8") == position_to_toml(edited)
