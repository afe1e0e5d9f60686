"""Drift: records know the class spec version they were built from; check names what changed; sync fixes it."""

from __future__ import annotations

import io
import sys
import tempfile
from pathlib import Path

import pytest

from pdbuilder.catalog import BUNDLED_DIR, load_catalog
from pdbuilder.drift import TASK_ADDED, TASK_CHANGED, TASK_REMOVED, apply_changes, drift, is_current
from pdbuilder.errors import RecordError
from pdbuilder.model import PositionTask, new_position, spec_version
from pdbuilder.records import position_to_toml, read_position, save_position

from .conftest import SAMPLE_POSITIONS, snapshot_files

CATALOG_TEXT = (BUNDLED_DIR / "library-science.toml").read_text(encoding="utf-8")
ILL = 'text = "Processes inter-library loan requests."'
SENIOR = "00073302-institutional-library-senior.toml"


@pytest.fixture
def catalog(tmp_path):
    """A copy of the bundled catalog in tmp_path; call it with (old, new) pairs to edit it by hand."""
    folder = tmp_path / "catalog"
    folder.mkdir()

    def edit(*replacements: tuple[str, str]) -> str:
        text = CATALOG_TEXT
        for old, new in replacements:
            assert text.count(old) == 1, old
            text = text.replace(old, new)
        (folder / "library-science.toml").write_text(text, encoding="utf-8")
        return str(folder)

    return edit


def remove_task(task_id: str) -> tuple[str, str]:
    start = CATALOG_TEXT.index(f'[[tasks]]\nid = "{task_id}"')
    end = CATALOG_TEXT.index("[[", start + 2)
    return CATALOG_TEXT[start:end], ""


ADD_TASK = (
    '[[contributor_levels]]\nid = "recent"',
    '[[tasks]]\nid = "operates-bookmobile"\ntext = "Operates the bookmobile."\n\n[[contributor_levels]]\nid = "recent"',
)


def test_new_positions_and_samples_hold_the_current_spec_version(cli, tmp_path):
    ref = load_catalog().get("library-technician")
    assert new_position(ref).spec == spec_version(ref)
    out = tmp_path / "p.toml"
    cli("new", "--class", "library-technician", "--task", "processes-inter-library-loan", "-o", out)
    assert read_position(out).spec == spec_version(ref)
    assert f'[spec]\nhash = "{spec_version(ref).hash}"' in out.read_text(encoding="utf-8")
    for sample in SAMPLE_POSITIONS.glob("*.toml"):
        position = read_position(sample)
        assert is_current(position, load_catalog().get(position.class_id)), sample.name


def test_spec_version_names_each_part_and_ignores_spacing():
    ref = load_catalog().get("library-technician")
    version = spec_version(ref)
    assert list(version.tasks) == [t.id for t in ref.group.tasks]
    assert len(version.hash) == 12 and all(len(h) == 12 for h in version.tasks.values())
    rewrapped = CATALOG_TEXT.replace(ILL, 'text = """Processes inter-library\n   loan requests."""')
    assert rewrapped != CATALOG_TEXT
    assert spec_version(load_catalog_from(rewrapped).get("library-technician")) == version


def load_catalog_from(text: str):
    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / "library-science.toml").write_text(text, encoding="utf-8")
        return load_catalog([Path(folder)])


@pytest.mark.parametrize(
    "edit, line",
    [
        (
            (ILL, 'text = "Processes interlibrary loan requests and tracks returns."'),
            "task 'processes-inter-library-loan' was reworded in the class",
        ),
        (
            remove_task("processes-inter-library-loan"),
            "class 'library-technician' has no task 'processes-inter-library-loan'",
        ),
        (ADD_TASK, "task 'operates-bookmobile' is new in the class"),
        (
            ("One year of experience", "Two years of experience"),
            "the minimum requirements of class 'library-technician' changed",
        ),
        (
            ("This is technical work monitoring", "This is technical work overseeing"),
            "the level of work of class 'library-technician' changed",
        ),
        (
            ("Employees have basic understanding", "Employees have a basic understanding"),
            "the contributor levels of class group 'library-science' changed",
        ),
    ],
    ids=["task-reworded", "task-removed", "task-added", "requirement", "level-of-work", "contributor-level"],
)
def test_check_names_what_changed_after_a_catalog_is_edited_by_hand(cli, positions, catalog, edit, line):
    record = positions / "00041187-interlibrary-loan-technician.toml"
    result = cli("--catalog", catalog(edit), "check", record)
    assert result.code == 1
    assert f"{record}: {line}" in result.out.splitlines()
    assert result.out.count("\n") == 1, "each change is reported once"


def test_unchanged_or_rewrapped_catalog_is_no_drift(cli, positions, catalog):
    assert cli("--catalog", catalog(), "check", positions).code == 0
    assert (
        cli(
            "--catalog",
            catalog((ILL, 'text = """Processes inter-library\n    loan requests."""')),
            "check",
            positions,
        ).code
        == 0
    )


def test_changes_in_the_senior_class_do_not_touch_positions_of_the_other_class(cli, positions, catalog):
    result = cli(
        "--catalog", catalog(("Three years of experience", "Four years of experience")), "check", positions
    )
    assert (
        result.out
        == f"{positions / SENIOR}: the minimum requirements of class 'library-technician-senior' changed\n"
    )


def test_a_class_task_reworded_for_the_position_is_not_drift():
    ref = load_catalog().get("library-technician")
    position = new_position(ref, ["processes-inter-library-loan"])
    tailored = position.with_changes(
        tasks=(PositionTask("Processes ILL requests for state agencies.", "processes-inter-library-loan"),)
    )
    assert drift(tailored, ref) == []


def test_old_records_without_a_spec_version_load_and_report_what_can_be_known(cli, tmp_path, catalog):
    ref = load_catalog().get("library-technician")
    old = new_position(
        ref, ["processes-inter-library-loan", "shelves-files-library-materials"], contributor_level="recent"
    ).with_changes(spec=None)
    path = tmp_path / "old.toml"
    save_position(old, path)
    assert "[spec]" not in path.read_text(encoding="utf-8")
    assert read_position(path) == old
    assert cli("check", path).code == 0
    # Requirement and new-task changes cannot be known without a version; reworded task texts can.
    edited = catalog(
        ("One year of experience", "Two years"), ADD_TASK, (ILL, 'text = "Processes ILL requests."')
    )
    result = cli("--catalog", edited, "check", path)
    assert result.out == f"{path}: task 'processes-inter-library-loan' was reworded in the class\n"


def test_class_gone_is_drift_and_reported_once(cli, tmp_path):
    ref = load_catalog().get("library-technician")
    position = new_position(ref, None, working_title="x", contributor_level="recent").with_changes(
        class_id="library-technician-retired"
    )
    assert [c.kind for c in drift(position, None)] == ["class-gone"]
    path = tmp_path / "p.toml"
    save_position(position, path)
    assert cli("check", path).out == f"{path}: unknown class 'library-technician-retired'\n"


def test_spec_table_errors_name_the_key_and_line(tmp_path):
    path = tmp_path / "p.toml"
    ref = load_catalog().get("library-technician")
    text = position_to_toml(new_position(ref, ["processes-inter-library-loan"]))
    path.write_text(text.replace('level_of_work = "', 'level_of_work = 7 # "'), encoding="utf-8")
    with pytest.raises(RecordError) as caught:
        read_position(path)
    assert "spec.level_of_work must be text, not a whole number" in str(caught.value)
    assert (
        caught.value.line
        == text.splitlines().index(
            next(line for line in text.splitlines() if line.startswith("level_of_work"))
        )
        + 1
    )
    path.write_text(
        text.replace('processes-inter-library-loan = "', 'processes-inter-library-loan = 1 # "'),
        encoding="utf-8",
    )
    with pytest.raises(RecordError, match=r"spec\.tasks\.processes-inter-library-loan must be text"):
        read_position(path)


# --- sync ------------------------------------------------------------------

REWORDED = (ILL, 'text = "Processes interlibrary loan requests and tracks returns."')
EDITS = (
    REWORDED,
    remove_task("collects-payments-book-fines"),
    ADD_TASK,
    ("Three years of experience", "Four years of experience"),
)


def hand_edited(path, unknown_top='union_code = "AFSCME"\n', unknown_task='note = "kept"\n'):
    """Add keys pdbuilder does not know, at the top and in the first task."""
    text = path.read_text(encoding="utf-8")
    text = text.replace("\n[[tasks]]\n", f"{unknown_top}\n[[tasks]]\n", 1).replace(
        "\n[[tasks]]\n", f"\n[[tasks]]\n{unknown_task}", 1
    )
    path.write_text(text, encoding="utf-8")


def test_sync_yes_brings_the_record_up_to_date_and_keeps_position_content(cli, positions, catalog):
    record = positions / SENIOR
    hand_edited(record)
    before = read_position(record)
    edited = catalog(*EDITS)
    result = cli("--catalog", edited, "sync", record, "--yes")
    assert result.code == 0, result.err
    assert "applied 4 of 4 changes" in result.out
    assert f"{record}: still to fix: percent of time adds up to 95, not 100" in result.out
    after = read_position(record)
    assert is_current(after, load_catalog([positions.parent / "catalog"]).get(after.class_id))
    assert (
        cli("--catalog", edited, "check", record).out == f"{record}: percent of time adds up to 95, not 100\n"
    )
    by_id = {t.class_task_id: t for t in after.tasks}
    assert (
        by_id["processes-inter-library-loan"].text
        == "Processes interlibrary loan requests and tracks returns."
    )
    assert (
        by_id["processes-inter-library-loan"].percent,
        by_id["processes-inter-library-loan"].essential,
    ) == (10, False)
    assert "collects-payments-book-fines" not in by_id
    assert by_id["operates-bookmobile"].text == "Operates the bookmobile."
    # Kept: custom tasks with their marks, extra requirements, unknown keys, details.
    assert [t for t in after.tasks if t.is_custom] == [t for t in before.tasks if t.is_custom]
    assert after.extra_requirements == before.extra_requirements
    assert after.extras == {"union_code": "AFSCME"} and after.tasks[0].extras == {"note": "kept"}
    # The record was approved: changed, it is a draft again, and the move is recorded.
    assert "was approved; set back to draft" in result.out
    assert (after.status, after.status_changes[:-1]) == ("draft", before.status_changes)
    assert after.status_changes[-1].status == "draft" and after.status_changes[-1].at == after.modified
    unchanged = {"tasks": (), "modified": None, "spec": None, "status": "", "status_changes": ()}
    assert after.with_changes(**unchanged) == before.with_changes(**unchanged)
    # The new class task sits after the last class task, before the position's own tasks.
    assert [t.class_task_id for t in after.tasks][-3:] == ["operates-bookmobile", None, None]


def test_sync_keeps_the_comments_of_a_hand_edited_record(cli, positions, catalog):
    record = positions / SENIOR
    hand_edited(
        record,
        unknown_top='union_code = "AFSCME"  # local 3041\n',
        unknown_task="# Reviewed by the division, 2026.\n",
    )
    result = cli("--catalog", catalog(*EDITS), "sync", record, "--yes")
    assert result.code == 0, result.err
    text = record.read_text(encoding="utf-8")
    assert 'union_code = "AFSCME"  # local 3041\n' in text
    assert "\n[[tasks]]\n# Reviewed by the division, 2026.\n" in text
    assert "Processes interlibrary loan requests and tracks returns." in text


def test_sync_refuses_without_a_terminal_or_yes_and_changes_nothing(cli, positions, catalog, monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.StringIO("y\ny\ny\ny\n"))
    before = snapshot_files(positions)
    result = cli("--catalog", catalog(*EDITS), "sync", positions / SENIOR)
    assert result.code == 2
    assert (
        result.err
        == f"pdbuilder: {positions / SENIOR}: 4 changes to review in an approved record: run on a terminal to answer them, or add --yes to accept all\n"
    )
    assert snapshot_files(positions) == before


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_sync_asks_per_change_and_a_declined_change_stays_pending(cli, positions, catalog, monkeypatch):
    record = positions / SENIOR
    edited = catalog(*EDITS)
    # The record is approved: go on, yes. In record order: removed: yes (after an answer that is not
    # one); reworded: no; added: no; requirements: yes.
    monkeypatch.setattr(sys, "stdin", Terminal("y\nmaybe\ny\nn\nn\ny\n"))
    result = cli("--catalog", edited, "sync", record)
    assert result.code == 0, result.err
    assert result.out.startswith(
        "this record is approved: changing it sets it back to draft. go on? [y/n/q] "
    )
    assert result.out.count("apply this change? [y/n/q]") == 5
    assert (
        "- Processes inter-library loan requests.\n" in result.out
        and "+ Processes interlibrary loan requests and tracks returns.\n" in result.out
    )
    assert "applied 2 of 4 changes; 2 left for later" in result.out
    after = read_position(record)
    assert (
        "collects-payments-book-fines" not in after.class_task_ids
        and "operates-bookmobile" not in after.class_task_ids
    )
    assert "Processes inter-library loan requests." in [t.text for t in after.tasks]
    check = cli("--catalog", edited, "check", record)
    assert (
        f"{record}: task 'processes-inter-library-loan' was reworded in the class" in check.out.splitlines()
    )
    assert f"{record}: task 'operates-bookmobile' is new in the class" in check.out.splitlines()
    assert "minimum requirements" not in check.out


def test_sync_quit_or_end_of_input_saves_nothing(cli, positions, catalog, monkeypatch):
    before = snapshot_files(positions)
    for answers in ("y\nq\n", "y\n"):
        monkeypatch.setattr(sys, "stdin", Terminal(answers))
        result = cli("--catalog", catalog(*EDITS), "sync", positions / SENIOR)
        assert (result.code, result.err) == (2, "pdbuilder: stopped: nothing saved\n")
    assert snapshot_files(positions) == before
    for answers in ("y\nn\nn\nn\nn\n", "n\n"):  # every change declined; not going on with an approved record
        monkeypatch.setattr(sys, "stdin", Terminal(answers))
        result = cli("--catalog", catalog(*EDITS), "sync", positions / SENIOR)
        assert result.code == 0 and result.out.endswith(
            f"{positions / SENIOR}: nothing applied; record unchanged\n"
        )
        assert snapshot_files(positions) == before


def test_sync_of_a_current_record_changes_nothing(cli, positions):
    before = snapshot_files(positions)
    result = cli("sync", positions / SENIOR)
    assert result.code == 0 and "up to date with class 'library-technician-senior'" in result.out
    assert snapshot_files(positions) == before


def test_sync_records_a_version_in_an_old_record(cli, tmp_path):
    ref = load_catalog().get("library-technician")
    path = tmp_path / "old.toml"
    save_position(new_position(ref, ["processes-inter-library-loan"]).with_changes(spec=None), path)
    result = cli("sync", path)
    assert result.code == 0 and f"recorded class spec version {spec_version(ref).hash}" in result.out
    assert read_position(path).spec == spec_version(ref)


def test_apply_changes_with_nothing_accepted_keeps_every_change_pending():
    ref = load_catalog().get("library-technician")
    edited = load_catalog_from(CATALOG_TEXT.replace(*REWORDED).replace(*ADD_TASK)).get("library-technician")
    position = new_position(ref, ["processes-inter-library-loan"])
    changes = drift(position, edited)
    assert [c.kind for c in changes] == [TASK_CHANGED, TASK_ADDED]
    assert drift(apply_changes(position, edited, []), edited) == changes
    assert drift(apply_changes(position, edited, changes), edited) == []
    # Unknown baseline: a declined reworded task is still reported next time.
    old = position.with_changes(spec=None)
    assert [c.kind for c in drift(apply_changes(old, edited, []), edited)] == [TASK_CHANGED]
    removed = load_catalog_from(CATALOG_TEXT.replace(*remove_task("processes-inter-library-loan"))).get(
        "library-technician"
    )
    assert [c.kind for c in drift(position, removed)] == [TASK_REMOVED]


def test_sync_of_a_record_whose_class_is_gone_is_refused(cli, tmp_path):
    ref = load_catalog().get("library-technician")
    path = tmp_path / "p.toml"
    save_position(new_position(ref).with_changes(class_id="library-technician-retired"), path)
    before = path.read_bytes()
    result = cli("sync", path, "--yes")
    assert (result.code, result.err) == (
        2,
        f"pdbuilder: {path}: unknown class 'library-technician-retired' (see `pdbuilder classes`)\n",
    )
    assert path.read_bytes() == before
