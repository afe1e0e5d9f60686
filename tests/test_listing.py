"""The positions folder at a glance: listing record files and reading the top of each record."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings

from pdbuilder.errors import RecordError
from pdbuilder.listing import Summary, newest_first, read_summary, record_files
from pdbuilder.model import Position
from pdbuilder.records import load_record, position_to_toml
from tests.test_properties import positions

SAMPLES = sorted((Path(__file__).parent.parent / "positions").glob("*.toml"))


def summary_of(position: Position) -> Summary:
    """What read_summary must find: the same fields as reading the whole record."""
    return Summary(
        position.working_title,
        position.number,
        position.class_id,
        position.contributor_level,
        position.agency,
        position.status,
        position.modified,
    )


def test_record_files_expands_folders_and_skips_hidden(tmp_path):
    (tmp_path / "b.toml").touch()
    (tmp_path / "a.toml").touch()
    (tmp_path / ".a.toml.123.tmp").touch()
    (tmp_path / "notes.txt").touch()
    assert record_files([tmp_path]) == [tmp_path / "a.toml", tmp_path / "b.toml"]


def test_newest_first_orders_by_modification_time_and_skips_the_rest(tmp_path):
    for n, name in enumerate(["old.toml", "newest.toml", "middle.toml"]):
        (tmp_path / name).write_text("x")
        os.utime(tmp_path / name, ns=(0, [1_000, 3_000, 2_000][n] * 10**9))
    (tmp_path / ".hidden.toml").write_text("x")
    (tmp_path / "notes.txt").write_text("x")
    (tmp_path / "folder.toml").mkdir()
    listed = newest_first(tmp_path)
    assert [f.name for f in listed] == ["newest.toml", "middle.toml", "old.toml"]
    assert listed[0].stat == (3_000 * 10**9, 1)


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.name)
def test_summary_of_the_samples_matches_the_whole_record(path):
    assert read_summary(path) == summary_of(load_record(path).position)


def test_a_line_like_a_table_header_inside_a_string_is_not_the_end_of_the_top(tmp_path):
    path = tmp_path / "p.toml"
    path.write_text(
        'schema_version = 1\nclass_id = "c"\nagency = """Office of\n[Records]\n"""\nnumber = "7"\n\n[[tasks]]\ntext = "T"\n'
    )
    summary = read_summary(path)
    assert (summary.agency, summary.number) == ("Office of\n[Records]\n", "7")


def test_an_unreadable_record_is_one_clear_error(tmp_path):
    path = tmp_path / "p.toml"
    path.write_text('schema_version = 1\nclass_id = "c\n')
    with pytest.raises(RecordError) as caught:
        read_summary(path)
    assert (caught.value.path, caught.value.line) == (path, 2)


def test_values_of_the_wrong_type_are_left_for_the_full_check(tmp_path):
    path = tmp_path / "p.toml"
    path.write_text('schema_version = 1\nclass_id = "c"\nnumber = 12\nmodified = "yesterday"\n')
    summary = read_summary(path)
    assert (summary.number, summary.modified, summary.status) == ("", None, "draft")
    with pytest.raises(RecordError):
        load_record(path)


@settings(max_examples=200, deadline=None)
@given(positions)
def test_any_record_summarises_as_its_whole_reading_does(position):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "p.toml"
        path.write_text(position_to_toml(position), encoding="utf-8")
        assert read_summary(path) == summary_of(position)
