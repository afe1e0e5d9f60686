"""History, FILE@REV and commit on save, on real temporary git repositories."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pdbuilder.model import PositionTask
from pdbuilder.records import read_position, save_position

from .conftest import SAMPLE_POSITIONS, as_git_user, git

ILL = "00041187.toml"
NEW = ("new", "--class", "library-technician", "--all-tasks", "--level", "recent", "--number", "00041187")


@pytest.fixture
def repo(git_repo) -> Path:
    return git_repo


def edit(path: Path, **changes) -> None:
    save_position(read_position(path).with_changes(**changes), path)


def test_three_saves_give_three_versions_with_their_authors_and_changes(cli, repo, tmp_path):
    (tmp_path / "config.toml").write_text(
        "[git]\ncommit = true\n"
    )  # the setting ($PDBUILDER_CONFIG), not --commit
    record = repo / ILL
    assert cli("--positions", repo, *NEW, "--title", "Interlibrary Loan Technician", "-o", ILL).code == 0

    as_git_user("Bob Reviewer", "bob@agency.example")
    position = read_position(record)
    tasks = (*position.tasks, PositionTask("Drives the bookmobile & <van>."))
    edit(record, tasks=tasks, contributor_level="experienced")

    as_git_user("Cy Lead", "cy@agency.example")
    edit(record, supervisor="ILL Coordinator")

    log = git(repo, "log", "--format=%an|%s").splitlines()
    assert log == [
        "Cy Lead|00041187 Interlibrary Loan Technician: supervisor changed",
        "Bob Reviewer|00041187 Interlibrary Loan Technician: 1 task added, level recent → experienced",
        "Ann Analyst|00041187 Interlibrary Loan Technician: created",
    ]
    # The body says it in diff's lines, for `git log` readers.
    assert "  + custom task: Drives the bookmobile & <van>." in git(
        repo, "log", "-1", "--skip=1", "--format=%b"
    )

    result = cli("history", ILL, "--json")
    assert result.code == 0
    versions = json.loads(result.out)
    assert [(v["author"], v["email"], v["summary"]) for v in versions] == [
        ("Cy Lead", "cy@agency.example", "supervisor changed"),
        ("Bob Reviewer", "bob@agency.example", "1 task added, level recent → experienced"),
        ("Ann Analyst", "ann@agency.example", "created"),
    ]
    assert versions[1]["changes"]["tasks"][0]["new"]["text"] == "Drives the bookmobile & <van>."
    assert versions[2]["changes"] is None
    assert versions[0]["commit"] == git(repo, "rev-parse", "HEAD").strip()

    text = cli("history", ILL).out
    assert "Bob Reviewer <bob@agency.example>" in text
    assert "    Contributor level: recent → experienced" in text
    assert "      + custom task: Drives the bookmobile & <van>." in text

    combined = cli("diff", f"{ILL}@HEAD~2", ILL)
    assert combined.code == 1
    lines = combined.out.splitlines()
    assert lines[:2] == [f"--- {ILL}@HEAD~2", f"+++ {ILL}"]
    assert "Supervisor: (empty) → ILL Coordinator" in lines
    assert "Contributor level: recent → experienced" in lines
    assert "  + custom task: Drives the bookmobile & <van>." in lines
    assert cli("diff", f"{ILL}@HEAD", ILL).code == 0


def test_history_follows_a_renamed_record(cli, repo):
    assert cli("--commit", *NEW, "-o", "old-name.toml").code == 0
    edit(repo / "old-name.toml", agency="Department of State")
    git(repo, "commit", "--quiet", "-am", "agency by hand")
    git(repo, "mv", "old-name.toml", ILL)
    git(repo, "commit", "--quiet", "-m", "rename")
    assert cli("--commit", "sync", ILL, "--yes").code == 0  # up to date: nothing saved, nothing committed
    edit(repo / ILL, unit="ILL")
    git(repo, "commit", "--quiet", "-am", "unit")

    versions = json.loads(cli("history", ILL, "--json").out)
    assert [(v["message"], v["path"], v["summary"]) for v in versions] == [
        ("unit", ILL, "unit changed"),
        ("rename", ILL, "renamed from old-name.toml"),
        ("agency by hand", "old-name.toml", "agency changed"),
        ("00041187 Library Technician: created", "old-name.toml", "created"),
    ]
    # A revision from before the rename reads the record under its name then.
    before = cli("diff", f"{ILL}@HEAD~3", ILL)
    assert before.out.splitlines()[2:] == ["Agency: (empty) → Department of State", "Unit: (empty) → ILL"]


def test_commit_on_save_commits_the_record_alone(cli, repo):
    (repo / "notes.txt").write_text("first\n")
    git(repo, "add", "notes.txt")
    git(repo, "commit", "--quiet", "-m", "notes")
    (repo / "notes.txt").write_text("changed, not staged\n")
    (repo / "staged.txt").write_text("staged, not for this commit\n")
    git(repo, "add", "staged.txt")
    status_before = git(repo, "status", "--porcelain")

    assert cli("--commit", *NEW, "-o", ILL).code == 0

    assert git(repo, "show", "--name-only", "--format=", "HEAD").split() == [ILL]
    assert git(repo, "status", "--porcelain") == status_before  # still staged / still changed
    assert git(repo, "show", ":staged.txt") == "staged, not for this commit\n"


def test_commit_on_save_refuses_before_writing_outside_a_repository(cli, tmp_path_factory):
    folder = tmp_path_factory.mktemp("plain")
    result = cli("--commit", *NEW, "-o", folder / ILL)
    assert result.code == 2
    assert result.err.startswith(f"pdbuilder: {folder / ILL}: not saved: commits on save are on, but ")
    assert "not in a git repository" in result.err and len(result.err.splitlines()) == 1
    assert not (folder / ILL).exists()


def test_commit_on_save_off_by_default_and_with_no_commit(cli, repo, tmp_path):
    (tmp_path / "config.toml").write_text("[git]\ncommit = true\n")
    assert cli("--no-commit", *NEW, "-o", ILL).code == 0
    (tmp_path / "config.toml").unlink()
    assert cli(*NEW, "-o", "second.toml").code == 0
    assert git(repo, "status", "--porcelain", "--", "*.toml").split() == ["??", ILL, "??", "second.toml"]


def test_history_and_revisions_say_what_is_wrong_in_one_line(cli, repo, tmp_path_factory):
    assert cli("--commit", *NEW, "-o", ILL).code == 0
    for args, message in [
        (("diff", f"{ILL}@nope", ILL), f"pdbuilder: {ILL}: unknown revision 'nope' in {repo}"),
        (("diff", "other.toml@HEAD", ILL), "pdbuilder: other.toml: no such record at HEAD"),
    ]:
        result = cli(*args)
        assert (result.code, result.err.strip()) == (2, message)
    outside = tmp_path_factory.mktemp("plain") / "plain.toml"
    outside.write_text((repo / ILL).read_text())
    result = cli("history", outside)
    assert result.code == 2
    assert result.err == f"pdbuilder: {outside}: not in a git repository (history needs the record in one)\n"
    untracked = cli("history", "untracked.toml")
    assert (untracked.code, untracked.out) == (0, "untracked.toml: no commits yet\n")


def test_a_version_that_cannot_be_read_is_listed_not_fatal(cli, repo):
    assert cli("--commit", *NEW, "-o", ILL).code == 0
    (repo / ILL).write_text("schema_version = 1\n<<<<<<< HEAD\n")
    git(repo, "commit", "--quiet", "-am", "broken by hand")
    versions = json.loads(cli("history", ILL, "--json").out)
    assert versions[0]["summary"].startswith("cannot be read: 00041187.toml:2:")
    assert cli("diff", f"{ILL}@HEAD", f"{ILL}@HEAD~1").code == 2


def test_a_summary_names_each_kind_of_change_in_diff_words():
    from pdbuilder.diff import diff_positions, summary
    from pdbuilder.model import with_status

    position = read_position(SAMPLE_POSITIONS / "00041187-interlibrary-loan-technician.toml")
    changed = with_status(
        position.with_changes(
            tasks=position.tasks[1:],
            extra_requirements=(*position.extra_requirements, "CDL", "First aid"),
            ksas=("Knowledge of MARC 21.",),
            contributor_level="experienced",
            location="Tampa",
        ),
        "approved",
        "Lee",
        position.modified,
    )
    assert summary(diff_positions(position, changed)) == (
        "1 task removed, 2 requirements added, knowledge, skills and abilities changed, "
        "location changed, level recent → experienced, status review → approved"
    )
    assert summary(diff_positions(position, position)) == "no change"


def test_a_record_named_like_a_pattern_and_made_as_a_copy_of_another_has_its_own_history(cli, repo):
    # Both records have the same content but for their times: git --follow takes the second for the first renamed.
    pattern, other = "ill[1].toml", "ill1.toml"
    assert cli("--commit", *NEW, "--title", "Técnico", "-o", other).code == 0
    assert cli("--commit", *NEW, "--title", "Técnico", "-o", pattern).code == 0
    edit(repo / pattern, unit="ILL")
    git(repo, "commit", "--quiet", "-am", "unit, by hand")
    versions = json.loads(cli("history", pattern, "--json").out)
    assert [(v["path"], v["summary"]) for v in versions] == [(pattern, "unit changed"), (pattern, "created")]
    assert git(repo, "log", "-1", "--skip=1", "--format=%s") == "00041187 Técnico: created\n"
