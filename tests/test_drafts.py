"""Autosaved drafts: written, listed newest first, discarded; bad drafts reported, not fatal."""

from __future__ import annotations

import os
import subprocess
import sys
import time

from pdbuilder.drafts import Drafts, default_drafts_dir, new_draft_id

from .test_records import full_position


def test_draft_round_trip_and_discard(tmp_path):
    drafts = Drafts(tmp_path / "drafts")
    assert drafts.all() == ([], [])
    record = tmp_path / "positions" / "p.toml"
    first, second = new_draft_id(), new_draft_id()
    drafts.save(first, full_position(), record, "abc")
    drafts.save(second, full_position().with_changes(unit="Other"), None, None)
    found, errors = drafts.all()
    assert errors == []
    by_id = {d.id: d for d in found}
    assert by_id[first].position == full_position()
    assert (by_id[first].record, by_id[first].base_stamp) == (record.resolve(), "abc")
    assert (by_id[second].record, by_id[second].base_stamp, by_id[second].position.unit) == (
        None,
        None,
        "Other",
    )
    drafts.discard(first)
    assert [d.id for d in drafts.all()[0]] == [second]


def test_unreadable_draft_is_reported_and_others_still_load(tmp_path):
    drafts = Drafts(tmp_path)
    drafts.save("good", full_position(), None, None)
    (tmp_path / "bad.toml").write_bytes(b"\x00\x01")
    found, errors = drafts.all()
    assert [d.id for d in found] == ["good"]
    assert len(errors) == 1 and "binary file" in str(errors[0])


def test_drafts_folder_follows_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("PDBUILDER_DRAFTS", str(tmp_path / "d"))
    assert default_drafts_dir() == tmp_path / "d"
    monkeypatch.delenv("PDBUILDER_DRAFTS")
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    assert default_drafts_dir() == tmp_path / "state" / "pdbuilder" / "drafts"


def test_a_draft_another_running_pdbuilder_writes_is_in_use_not_left_by_a_crash(tmp_path):
    drafts = Drafts(tmp_path)
    drafts.save("mine", full_position(), None, None)
    other = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        text = (tmp_path / "mine.toml").read_text()
        (tmp_path / "theirs.toml").write_text(text.replace(f"pid = {os.getpid()}", f"pid = {other.pid}"))
        found = {d.id: d for d in drafts.all()[0]}
        assert found["theirs"].writer[1] == other.pid
        assert found["theirs"].in_use() and not found["mine"].in_use()  # our own is not "another's"
        other.kill()  # not reaped yet (no wait): a zombie, which must not count as running
        deadline = time.monotonic() + 10
        while found["theirs"].in_use():
            assert time.monotonic() < deadline, "a killed writer still counts as running"
            time.sleep(0.01)
    finally:
        other.kill()
        other.wait()
    assert not {d.id: d for d in drafts.all()[0]}["theirs"].in_use()  # its writer is gone: a crash's leftover
    (tmp_path / "old.toml").write_text(
        text.replace(f"pid = {os.getpid()}\n", "")
    )  # written before drafts had writers
    old = {d.id: d for d in drafts.all()[0]}["old"]
    assert old.writer is None and not old.in_use()
