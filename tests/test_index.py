"""The index of positions folders: rows reused while files and class specs are unchanged, files the truth."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import pdbuilder.index
import pdbuilder.records
from pdbuilder.index import INDEX_FILE, POOL_THRESHOLD, ClassKeys, Index, checked_records
from pdbuilder.listing import stamps
from pdbuilder.records import read_position, save_position
from pdbuilder.settings import cache_dir
from pdbuilder.workspace import Workspace

from .conftest import reworded_catalog

ILL = "00041187-interlibrary-loan-technician.toml"
SENIOR = "00073302-institutional-library-senior.toml"


@pytest.fixture
def reads(monkeypatch):
    """The record files read whole during a test."""
    seen: list[str] = []
    real = pdbuilder.records.read_position

    def counting(path: Path):
        seen.append(path.name)
        return real(path)

    monkeypatch.setattr(pdbuilder.records, "read_position", counting)
    return seen


def drifting_catalog(tmp_path: Path) -> Path:
    """The bundled catalog with a task of the samples' class group reworded: their class specs changed."""
    return reworded_catalog(
        tmp_path / "catalog", 'text = "Processes inter-library loan requests."', 'text = "Processes ILL."'
    )


def index_file() -> Path:
    return cache_dir() / INDEX_FILE


def test_a_warm_index_reads_no_record_and_says_the_same(cli, positions, reads, tmp_path):
    (positions / "broken.toml").write_text("schema_version = 1\nclass_id = \n")
    first = cli("check", positions)
    assert len(reads) == 4 and index_file().exists()
    reads.clear()
    second = cli("check", positions)
    assert reads == []
    assert (second.code, second.out, second.err) == (first.code, first.out, first.err)
    assert f"{positions / 'broken.toml'}:2:" in second.out  # the file and line, as read the first time


def test_changed_added_and_removed_files_are_read_again(cli, positions, reads):
    assert cli("check", positions).code == 0
    reads.clear()
    save_position(read_position(positions / ILL).with_changes(status="lost"), positions / ILL)
    shutil.copy(positions / SENIOR, positions / "copy.toml")
    (positions / SENIOR).unlink()
    result = cli("check", positions)
    assert sorted(reads) == sorted([ILL, "copy.toml"])
    assert result.out == f"{positions / ILL}: status 'lost' is not one of draft, review, approved, archived\n"
    assert result.err == "checked 3 records: 1 problem\n"


def test_a_changed_class_spec_reads_its_records_again(cli, positions, reads, tmp_path):
    cli("check", positions)
    reads.clear()
    result = cli("--catalog", drifting_catalog(tmp_path), "check", positions)
    assert result.code == 1
    assert f"{positions / ILL}: task 'processes-inter-library-loan' was reworded in the class" in result.out
    assert len(reads) == 3  # one class group: every record's class changed


def test_a_corrupt_or_lost_index_is_rebuilt_silently(cli, positions, tmp_path):
    expected = cli("check", positions)
    index_file().write_bytes(b"not a database at all" * 100)
    for suffix in ("-wal", "-shm"):
        Path(f"{index_file()}{suffix}").unlink(missing_ok=True)
    assert cli("check", positions) == expected
    index_file().unlink()
    assert cli("check", positions) == expected
    assert index_file().exists()


def test_rows_written_by_other_code_are_not_used(cli, positions, reads, monkeypatch):
    cli("check", positions)
    reads.clear()
    monkeypatch.setattr(pdbuilder.index, "code_version", lambda: "another")
    cli("check", positions)
    assert len(reads) == 3


def test_no_index_reads_every_file_and_writes_no_index(cli, positions, reads, tmp_path):
    expected = cli("check", positions)
    reads.clear()
    assert cli("--no-index", "check", positions) == expected
    assert len(reads) == 3
    index_file().unlink()
    cli("--no-index", "stats", positions)
    assert not index_file().exists()


def test_files_named_one_by_one_use_the_index_too(cli, positions, reads):
    cli("check", positions)
    reads.clear()
    result = cli("check", positions / ILL, positions / "missing.toml")
    assert reads == ["missing.toml"]
    assert result.out == f"{positions / 'missing.toml'}: no such file\n"


def test_the_stored_rows_are_current_until_a_file_or_a_class_spec_changes(cli, positions, tmp_path):
    """The quick look the terminal UI takes: every kind of change makes it look file by file."""
    cli("check", positions)
    keys = ClassKeys(Workspace(positions).catalog)

    def unchanged(class_keys: ClassKeys = keys) -> bool:
        index = Index(index_file())
        try:
            return index.stored(positions).current(stamps(positions), class_keys)
        finally:
            index.close()

    assert unchanged()
    stat = (positions / ILL).stat()
    os.utime(positions / ILL, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1))
    assert not unchanged()
    cli("check", positions)
    assert unchanged()
    shutil.copy(positions / ILL, positions / "copy.toml")
    assert not unchanged()
    (positions / "copy.toml").unlink()
    assert unchanged()
    (positions / SENIOR).unlink()
    assert not unchanged()
    cli("check", positions)
    assert unchanged()
    assert not unchanged(ClassKeys(Workspace(positions, [drifting_catalog(tmp_path)]).catalog))


def many_records(folder: Path, count: int) -> None:
    """`count` records, copies of the samples, one of them with a problem."""
    samples = sorted(Path(folder).glob("*.toml"))
    for n in range(count):
        shutil.copy(samples[n % len(samples)], folder / f"r{n:05}.toml")
    save_position(read_position(samples[0]).with_changes(status="lost"), folder / "r00007.toml")


def test_reading_across_processes_gives_the_same_rows_in_the_same_order(positions):
    many_records(positions, POOL_THRESHOLD * 2)
    workspace = Workspace(positions)
    alone = list(checked_records([positions], Workspace(positions, use_index=False), jobs=1))
    shared = list(checked_records([positions], workspace, jobs=2))
    assert [(c.path, c.summary, c.problems) for c in shared] == [
        (c.path, c.summary, c.problems) for c in alone
    ]
    assert [c.path for c in alone] == [str(p) for p in sorted(positions.glob("*.toml"))]
    assert any(c.problems for c in alone)


def test_two_processes_may_build_and_use_the_index_at_once(positions, tmp_path):
    many_records(positions, 300)
    command = [sys.executable, "-m", "pdbuilder", "--positions", str(positions), "check", "--jobs", "1"]
    runs = [
        subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)
    ]
    outputs = [run.communicate(timeout=300) for run in runs]
    assert [run.returncode for run in runs] == [1, 1]
    assert outputs[0] == outputs[1]
    assert outputs[0][1] == "checked 303 records: 1 problem\n"
    index = Index(index_file())
    assert index.db.execute("SELECT count(*) FROM records").fetchone()[0] == 303
    index.close()


# --- diff finds records by their position number through the index --------------------------


@pytest.fixture
def checks(monkeypatch):
    """The record files read and checked for the index during a test."""
    seen: list[str] = []
    real = pdbuilder.index.check_record

    def counting(path: str, catalog):
        seen.append(Path(path).name)
        return real(path, catalog)

    monkeypatch.setattr(pdbuilder.index, "check_record", counting)
    return seen


def diff_by_number(cli, positions: Path, *args: str):
    return cli("--positions", positions, *args, "diff", "00041187", "00073302")


def test_diff_finds_records_by_number_through_the_index(cli, positions, checks):
    by_file = cli("diff", positions / ILL, positions / SENIOR)
    first = diff_by_number(cli, positions)
    assert len(checks) == 3  # a cold index: every record read once
    checks.clear()
    assert diff_by_number(cli, positions) == first == by_file
    assert checks == []
    assert first.code == 1 and first.out.startswith(f"--- {positions / ILL}\n+++ {positions / SENIOR}\n")


def test_diff_by_number_checks_changed_added_and_removed_files_again(cli, positions, checks):
    diff_by_number(cli, positions)
    checks.clear()
    save_position(read_position(positions / ILL).with_changes(number="00041188"), positions / ILL)
    shutil.copy(positions / SENIOR, positions / "copy.toml")
    save_position(
        read_position(positions / "copy.toml").with_changes(number="00041187"), positions / "copy.toml"
    )
    (positions / SENIOR).unlink()
    result = cli("--positions", positions, "diff", "00041188", "00041187")
    assert sorted(checks) == sorted([ILL, "copy.toml"])
    assert result.out.startswith(f"--- {positions / ILL}\n+++ {positions / 'copy.toml'}\n")
    gone = cli("--positions", positions, "diff", "00041187", "00073302")
    assert (gone.code, gone.out) == (2, "")
    assert (
        gone.err
        == f"pdbuilder: 00073302: no such record file, and no record in {positions}/ has this position number\n"
    )


def test_diff_by_number_with_a_corrupt_index_or_none(cli, positions, checks, tmp_path):
    expected = diff_by_number(cli, positions)
    index_file().write_bytes(b"not a database at all" * 100)
    for suffix in ("-wal", "-shm"):
        Path(f"{index_file()}{suffix}").unlink(missing_ok=True)
    assert diff_by_number(cli, positions) == expected  # rebuilt without a word
    index_file().unlink()
    checks.clear()
    assert diff_by_number(cli, positions, "--no-index") == expected
    assert len(checks) == 3 and not index_file().exists()


def test_diff_by_a_number_two_records_share_names_both(cli, positions):
    shutil.copy(positions / ILL, positions / "twin.toml")
    result = diff_by_number(cli, positions)
    assert (result.code, result.out) == (2, "")
    assert result.err == (
        f"pdbuilder: 00041187: 2 records in {positions}/ have this position number: {ILL}, twin.toml\n"
    )


def test_stats_reads_records_alike_in_what_it_counts_as_one_row(cli, positions):
    """100,000 records of a few kinds are a few rows for stats; the counts are those of every record."""
    for n in range(30):
        shutil.copy(positions / ILL, positions / f"ill{n:02}.toml")
    save_position(read_position(positions / ILL).with_changes(agency="Other"), positions / "other.toml")
    (positions / "broken.toml").write_text("schema_version = 1\nclass_id = \n")
    rows = list(checked_records([positions], Workspace(positions), alike=True))
    assert sorted(row.alike for row in rows if row.summary) == [1, 1, 1, 31]
    assert [row.path for row in rows if row.error] == [str(positions / "broken.toml")]
    indexed = cli("stats", positions, "--json")
    assert indexed == cli("--no-index", "stats", positions, "--json")
    assert '"total": 34,' in indexed.out
