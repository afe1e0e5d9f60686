"""A team's shared repository: merging records changed on two branches, and a record left conflicted."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest

from pdbuilder.records import read_position, save_position

from .conftest import as_git_user, git

RECORD = "positions/00041187.toml"
NEW = ("new", "--class", "library-technician", "--all-tasks", "--level", "recent", "--number", "00041187")


@pytest.fixture
def branches(cli, git_repo, tmp_path) -> Path:
    """A record committed on main, then changed and committed on two branches by two people:
    Ann moves it to review and sets the agency on `ann`, Bob sets the supervisor on main."""
    (tmp_path / "config.toml").write_text("[git]\ncommit = true\n")
    assert cli(*NEW, "--title", "Interlibrary Loan Technician", "-o", RECORD).code == 0
    record = git_repo / RECORD
    git(git_repo, "checkout", "--quiet", "-b", "ann")
    assert cli("status", RECORD, "review").code == 0
    edit(record, 2, agency="Department of State")
    git(git_repo, "checkout", "--quiet", "main")
    as_git_user("Bob Lead", "bob@agency.example")
    edit(record, 3, supervisor="ILL Coordinator")
    return record


def edit(path: Path, minutes: int, **changes) -> None:
    """Save the record changed, `minutes` after it was created (saves a second apart look alike)."""
    position = read_position(path)
    save_position(
        position.with_changes(modified=position.created + timedelta(minutes=minutes), **changes), path
    )


def merge(repo: Path, branch: str) -> subprocess.CompletedProcess:
    return subprocess.run(["git", "merge", "--no-edit", branch], cwd=repo, capture_output=True, text=True)


def use_merge_driver(repo: Path) -> None:
    """What the README asks a team to set up once per clone (the attributes file is committed)."""
    # `pdbuilder merge-record ...` in the README; here the pdbuilder under test, wherever it is installed.
    git(repo, "config", "merge.pdbuilder.driver", f"{sys.executable} -m pdbuilder merge-record %O %A %B %P")
    (repo / ".gitattributes").write_text("positions/*.toml merge=pdbuilder\n")
    git(repo, "add", ".gitattributes")
    git(repo, "commit", "--quiet", "-m", "records merge as records")


def test_different_fields_changed_on_two_branches_merge_into_one_record(cli, branches, git_repo):
    use_merge_driver(git_repo)
    before = {"ann": read_position_at(git_repo, "ann"), "main": read_position(branches)}
    done = merge(git_repo, "ann")
    assert done.returncode == 0, done.stdout + done.stderr

    merged = read_position(branches)
    assert (merged.agency, merged.supervisor, merged.status) == (
        "Department of State",
        "ILL Coordinator",
        "review",
    )
    assert merged.status_changes == before["ann"].status_changes
    assert merged.modified == max(before["ann"].modified, before["main"].modified)
    assert cli("check", RECORD).code == 0
    assert git(git_repo, "status", "--porcelain", "--untracked-files=no") == ""
    # The history on main holds each side's commits, each with its own change.
    versions = json.loads(cli("history", RECORD, "--json").out)
    assert sorted((v["author"], v["summary"]) for v in versions) == [
        ("Ann Analyst", "agency changed"),
        ("Ann Analyst", "created"),
        ("Ann Analyst", "status draft → review"),
        ("Bob Lead", "supervisor changed"),
    ]


def read_position_at(repo: Path, revision: str):
    from pdbuilder.history import read_version

    return read_version(repo / RECORD, revision)


def test_without_the_driver_the_modified_line_conflicts_and_check_says_where(cli, branches, git_repo):
    done = merge(git_repo, "ann")
    assert (
        done.returncode == 1
        and "CONFLICT (content): Merge conflict in positions/00041187.toml" in done.stdout
    )
    text = branches.read_text()
    line = text.splitlines().index("<<<<<<< HEAD") + 1
    assert text.splitlines()[line].startswith("modified = ")
    message = (
        f"{RECORD}:{line}: unresolved git merge conflict (<<<<<<< … >>>>>>>): keep the right lines, "
        "delete the markers, then run `pdbuilder check`"
    )
    check = cli("check", RECORD)
    assert (check.code, check.out) == (1, message + "\n")
    for command in (("show", RECORD), ("diff", f"{RECORD}@HEAD", RECORD), ("status", RECORD)):
        result = cli(*command)
        assert (result.code, result.err) == (2, f"pdbuilder: {message}\n"), command
    # Saving with commits on waits for the merge to be finished, and writes nothing.
    other = cli("--commit", *NEW, "-o", "positions/other.toml")
    assert other.code == 2 and "a git merge is in progress" in other.err
    assert not (git_repo / "positions/other.toml").exists()


def test_the_same_field_changed_on_both_branches_is_left_to_git_with_its_markers(cli, branches, git_repo):
    use_merge_driver(git_repo)
    edit(branches, 4, agency="Department of Education")  # main's agency, against ann's
    done = merge(git_repo, "ann")
    assert done.returncode == 1
    text = branches.read_text()
    assert (
        "<<<<<<< positions/00041187.toml (ours)" in text
        and ">>>>>>> positions/00041187.toml (theirs)" in text
    )
    assert 'agency = "Department of Education"\n=======\nagency = "Department of State"' in text
    check = cli("check", RECORD)
    assert check.code == 1 and "unresolved git merge conflict" in check.out
