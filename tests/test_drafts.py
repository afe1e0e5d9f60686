"""Autosaved drafts: written, listed newest first, discarded; bad drafts reported, not fatal."""

from __future__ import annotations

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
    assert (by_id[second].record, by_id[second].base_stamp, by_id[second].position.unit) == (None, None, "Other")
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
