"""Review and approval: status moves recorded in the record (who, when), and `check --status approved`."""

from __future__ import annotations

import json
from datetime import timedelta

from pdbuilder.records import read_position, save_position

from .conftest import as_git_user, git, snapshot_files

ILL = "00041187-interlibrary-loan-technician.toml"  # status review in the samples
SENIOR = "00073302-institutional-library-senior.toml"  # approved, its moves recorded
SCHOOL = "00090015-school-library-technician.toml"  # draft, never approved


def test_moves_are_recorded_with_who_and_when_and_committed_as_history(cli, positions, git_repo):
    git(git_repo, "add", "positions")
    git(git_repo, "commit", "--quiet", "-m", "positions")
    record = positions / SCHOOL
    assert cli("--commit", "status", record, "review").out == (
        f"{record}: draft → review (by Ann Analyst <ann@agency.example>)\n"
    )
    as_git_user("Lee Manager", "lee@agency.example")
    assert cli("--commit", "status", record, "approved").code == 0

    position = read_position(record)
    assert position.status == "approved"
    assert [(c.status, c.by) for c in position.status_changes] == [
        ("review", "Ann Analyst <ann@agency.example>"),
        ("approved", "Lee Manager <lee@agency.example>"),
    ]
    assert position.status_changes[-1].at == position.modified
    assert '[[status_changes]]\nstatus = "approved"\nby = "Lee Manager <lee@agency.example>"\nat = ' in (
        record.read_text()
    )
    versions = json.loads(cli("history", record, "--json").out)
    assert [(v["author"], v["summary"]) for v in versions[:2]] == [
        ("Lee Manager", "status review → approved"),
        ("Ann Analyst", "status draft → review"),
    ]
    shown = cli("status", record).out.splitlines()
    assert shown[0] == f"{record}: approved"
    assert shown[1].endswith("review    Ann Analyst <ann@agency.example>")
    assert shown[2].endswith("approved  Lee Manager <lee@agency.example>")
    assert cli("check", "--status", "approved", record).code == 0


def test_a_move_not_allowed_is_one_line_and_changes_nothing(cli, positions):
    before = snapshot_files(positions)
    result = cli("status", positions / SCHOOL, "approved")
    assert result.code == 2
    assert result.err == (
        f"pdbuilder: {positions / SCHOOL}: a draft position cannot move to approved (it can move to: review)\n"
    )
    assert cli("status", positions / SCHOOL, "published").code == 2  # not a status at all
    assert snapshot_files(positions) == before


def test_check_status_approved_lists_records_whose_approval_predates_their_last_change(cli, positions):
    senior = positions / SENIOR
    result = cli("check", "--status", "approved", positions)
    assert result.out.splitlines() == [
        f"{positions / ILL}: not approved (status review; never approved)",
        f"{positions / SCHOOL}: not approved (status draft; never approved)",
    ]
    assert result.code == 1

    # Changed by another tool (or by hand, with its time) and left "approved".
    position = read_position(senior)
    save_position(
        position.with_changes(unit="Library", modified=position.modified + timedelta(days=3)), senior
    )
    assert cli("check", "--status", "approved", senior).out == (
        f"{senior}: last approved 2026-11-02 14:30 UTC by Lee Manager <lee.manager@dc.example>, "
        "but changed since (2026-11-05 14:30 UTC)\n"
    )
    # Set back to draft: still listed, with its last approval.
    assert cli("status", senior, "draft").code == 0
    assert cli("check", "--status", "approved", senior).out == (
        f"{senior}: not approved (status draft; last approved 2026-11-02 14:30 UTC by "
        "Lee Manager <lee.manager@dc.example>)\n"
    )
    assert cli("check", "--status", "draft", senior).code == 0
    assert cli("check", senior).code == 0  # without --status, a status is no problem


def test_an_edit_of_an_approved_position_in_a_session_makes_it_a_draft_undoably(positions, monkeypatch):
    from pdbuilder.model import reuse_position
    from pdbuilder.records import load_record
    from pdbuilder.session import EditingSession

    monkeypatch.setattr(EditingSession, "who", "Cy Lead <cy@agency.example>")
    loaded = load_record(positions / SENIOR)
    session = EditingSession(loaded.position, positions, positions / SENIOR, loaded.stamp)
    assert session.edit(lambda p: p.with_changes(unit="Library"), "typing in Unit", group="unit")
    assert session.draft.status == "draft" and session.draft.unit == "Library"
    move = session.draft.status_changes[-1]
    assert (move.status, move.by) == ("draft", "Cy Lead <cy@agency.example>")
    assert session.undo_label == "typing in Unit (the approved position is a draft again)"
    session.edit(lambda p: p.with_changes(unit="Library 2"), "typing in Unit", group="unit")
    assert len(session.draft.status_changes) == len(loaded.position.status_changes) + 1  # one move only
    session.undo()
    assert session.draft == loaded.position and not session.dirty
    # A copy for a new position starts with no review trail.
    assert reuse_position(loaded.position).status_changes == ()
