"""The editing session on its own, with no terminal: edits, undo/redo, save, conflicts and reload."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from pdbuilder.catalog import load_catalog
from pdbuilder.model import Position, with_all_class_tasks, with_class
from pdbuilder.records import ConflictError, load_record, read_position, save_position
from pdbuilder.session import EditingSession, NameTaken, NothingToSave

TECH = load_catalog().get("library-technician")


def typed(session: EditingSession, field: str, text: str) -> None:
    """Type `text` into a field one key at a time, as the terminal UI sends it."""
    for end in range(1, len(text) + 1):
        session.edit(lambda p, v=text[:end]: p.with_changes(**{field: v}), f"type in {field}", field)


@pytest.fixture
def record(tmp_path) -> Path:
    path = tmp_path / "00012345.toml"
    save_position(with_class(Position(class_id="", number="00012345"), TECH), path)
    return path


def opened(path: Path) -> EditingSession:
    loaded = load_record(path)
    return EditingSession(loaded.position, path.parent, path, loaded.stamp)


def test_the_session_imports_no_textual():
    code = "import sys, pdbuilder.session; sys.exit('textual' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code]).returncode == 0


def test_an_opened_record_is_clean_until_an_edit_changes_it(record):
    session = opened(record)
    assert not session.dirty and session.undo_label is None
    assert not session.edit(lambda p: p.with_changes(agency=""), "agency")  # no change, no history
    assert session.undo_label is None
    assert session.edit(lambda p: p.with_changes(agency="DOS"), "agency")
    assert session.dirty and session.draft.agency == "DOS"


def test_typing_in_one_field_undoes_at_once_and_fields_one_by_one(record):
    session = opened(record)
    typed(session, "supervisor", "R.A. Gray")
    typed(session, "agency", "DOS")
    typed(session, "supervisor", "R.A. Gray, Lead")
    assert session.undo() == "type in supervisor"
    assert (session.draft.supervisor, session.draft.agency) == ("R.A. Gray", "DOS")
    assert session.undo() == "type in agency"
    assert session.draft.agency == ""
    assert session.undo() == "type in supervisor"
    assert not session.dirty
    assert session.undo() is None


def test_redo_makes_undone_changes_again_until_a_new_edit(record):
    session = opened(record)
    every = session.draft
    session.edit(lambda p: with_all_class_tasks(p, TECH, False), "untick every class task")
    assert session.draft.tasks == ()
    assert session.undo() == "untick every class task"
    assert session.draft == every
    assert session.redo_label == "untick every class task"
    assert session.redo() == "untick every class task"
    assert session.draft.tasks == ()
    session.undo()
    typed(session, "unit", "ILL")
    assert session.redo() is None  # a new edit drops what was undone
    assert session.undo() == "type in unit" and session.draft == every


def test_an_undone_redo_does_not_merge_with_the_next_typing(record):
    session = opened(record)
    typed(session, "unit", "AB")
    session.undo()
    session.redo()
    typed(session, "unit", "ABC")
    session.undo()
    assert session.draft.unit == "AB"


def test_save_writes_the_record_and_an_undo_after_it_is_unsaved(record):
    session = opened(record)
    typed(session, "agency", "DOS")
    assert session.save() == record
    assert not session.dirty and read_position(record).agency == "DOS"
    assert read_position(record).modified is not None
    session.undo()
    assert session.dirty and session.draft.agency == ""
    session.redo()
    assert not session.dirty  # the same content as saved: the save's time stamp is no change


def test_a_new_position_is_named_after_its_number_and_never_takes_another_records_name(record, tmp_path):
    session = EditingSession(Position(class_id=""), tmp_path)
    assert not session.dirty  # nothing typed yet: nothing to lose
    with pytest.raises(NothingToSave):
        session.save()
    session.edit(lambda p: with_class(p, TECH).with_changes(number="00012345"), "choose the class")
    with pytest.raises(NameTaken):
        session.save()
    assert read_position(record).number == "00012345" and session.path is None
    assert session.save(as_new=True) == tmp_path / "00012345-2.toml"
    assert session.path == tmp_path / "00012345-2.toml" and not session.dirty
    session.edit(lambda p: p.with_changes(number="00099999"), "number")
    assert session.save() == tmp_path / "00012345-2.toml"  # its record now has a name: it stays


def test_a_new_position_numbered_as_another_record_is_not_saved_without_asking(record, tmp_path):
    other = record.rename(tmp_path / "ill-technician.toml")
    session = EditingSession(with_class(Position(class_id="", number="00012345"), TECH), tmp_path)
    with pytest.raises(NameTaken, match=r"position 00012345 already has a record, ill-technician\.toml"):
        session.save()
    assert session.save(as_new=True) == tmp_path / "00012345.toml"
    assert read_position(other).number == "00012345"


def test_someone_elses_save_is_a_conflict_until_overwritten_or_reloaded(record):
    session = opened(record)
    theirs = opened(record)
    typed(theirs, "unit", "Theirs")
    theirs.save()
    typed(session, "unit", "Mine")
    with pytest.raises(ConflictError):
        session.save()
    assert read_position(record).unit == "Theirs"
    session.save(overwrite=True)
    assert read_position(record).unit == "Mine"
    theirs.edit(lambda p: p.with_changes(unit="Theirs again"), "unit")
    with pytest.raises(ConflictError):
        theirs.save()
    theirs.reload()
    assert theirs.draft.unit == "Mine" and not theirs.dirty
    assert theirs.undo() == "reload the record from disk"
    assert theirs.draft.unit == "Theirs again" and theirs.dirty  # mine is not lost by a reload


def test_save_as_new_keeps_theirs_and_mine(record):
    session = opened(record)
    theirs = opened(record)
    typed(theirs, "unit", "Theirs")
    theirs.save()
    typed(session, "unit", "Mine")
    path = session.save(as_new=True)
    assert path != record and read_position(path).unit == "Mine" and read_position(record).unit == "Theirs"
    assert session.path == path and not session.dirty


def test_a_recovered_draft_is_unsaved_until_saved(record):
    loaded = load_record(record)
    session = EditingSession.recovered(loaded.position, record.parent, record, loaded.stamp)
    assert session.dirty and session.path == record
    session.save()
    assert not session.dirty
