"""Drift marks, sync with the class spec and compare, driven through the terminal UI and checked on the saved TOML."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Checkbox, Static

from pdbuilder.catalog import BUNDLED_DIR
from pdbuilder.drift import drift
from pdbuilder.records import read_position, save_position
from pdbuilder.tui.screens.editor import EditorScreen
from pdbuilder.tui.screens.home import PositionsTable
from pdbuilder.tui.screens.spec_review import ComparePicker, CompareScreen, SyncScreen

from .conftest import home_ready, open_in_editor, settle, type_text

ILL = Path("positions/00041187-interlibrary-loan-technician.toml")
SENIOR = Path("positions/00073302-institutional-library-senior.toml")
SCHOOL = Path("positions/00090015-school-library-technician.toml")
OLD_TEXT = "Processes inter-library loan requests."
NEW_TEXT = "Processes interlibrary loan & <document> delivery requests."
OLD_DB = "Shelves and files library materials."
NEW_DB = "Shelves, files and inventories library materials."


def revise(folder: Path, *replacements: tuple[str, str]) -> Path:
    """The bundled catalog with task texts revised by hand, in `folder`."""
    folder.mkdir()
    text = (BUNDLED_DIR / "library-science.toml").read_text(encoding="utf-8")
    for old, new in replacements:
        assert text.count(old) == 1
        text = text.replace(old, new)
    (folder / "library-science.toml").write_text(text, encoding="utf-8")
    return folder


@pytest.fixture
def revised_catalog(tmp_path) -> Path:
    return revise(tmp_path / "catalog", (OLD_TEXT, NEW_TEXT), (OLD_DB, NEW_DB))


async def test_home_marks_drifted_positions(make_app, tmp_path):
    app = make_app(
        catalog_dirs=[revise(tmp_path / "catalog", (OLD_TEXT, NEW_TEXT))]
    )  # a task the school position lacks
    async with app.run_test(size=(120, 30)) as pilot:
        home = await home_ready(pilot)
        await settle(pilot)
        table = home.query_one(PositionsTable)
        status = {row.key: row.cells[5] for row in table.matches}
        assert status == {str(ILL): "⚠ review", str(SENIOR): "⚠ approved", str(SCHOOL): "draft"}
        assert "⚠ 2 drifted from their class spec" in str(home.query_one("#home-status", Static).render())


async def test_sync_applies_the_ticked_changes_and_keeps_the_own_content(make_app, revised_catalog):
    before = read_position(ILL)
    app = make_app(catalog_dirs=[revised_catalog])
    async with app.run_test(size=(120, 40)) as pilot:
        home = await home_ready(pilot)
        home.query_one(PositionsTable).move_to_key(str(ILL))
        await pilot.press("s")
        await settle(pilot)
        assert isinstance(app.screen, SyncScreen)
        boxes = list(app.screen.query(Checkbox))
        assert [str(b.label) for b in boxes] == [
            "task 'processes-inter-library-loan' was reworded in the class",
            "task 'shelves-files-library-materials' was reworded in the class",
        ]
        shown = "\n".join(str(s.render()) for s in app.screen.query(".change-lines"))
        assert f"- {OLD_TEXT}" in shown and f"+ {NEW_TEXT}" in shown
        await pilot.press("tab", "space")  # decline the second
        assert [b.value for b in boxes] == [True, False]
        await pilot.press("a")
        await settle(pilot)
        assert isinstance(app.screen, EditorScreen) and app.dirty
        assert read_position(ILL) == before  # nothing saved until the user saves
        await pilot.press("ctrl+s")
        await settle(pilot)
        ref = app.ref_of(app.draft)
    saved = read_position(ILL)
    texts = [t.text for t in saved.tasks]
    assert NEW_TEXT in texts and OLD_TEXT not in texts
    assert OLD_DB in texts and NEW_DB not in texts  # declined: kept as it was, and still reported
    assert [c.task_id for c in drift(saved, ref)] == ["shelves-files-library-materials"]
    assert [t for t in saved.tasks if t.is_custom] == [t for t in before.tasks if t.is_custom]
    assert saved.extra_requirements == before.extra_requirements
    assert [(t.percent, t.essential) for t in saved.tasks] == [(t.percent, t.essential) for t in before.tasks]


async def test_sync_from_the_editor_then_conflict_on_save(make_app, revised_catalog):
    app = make_app(catalog_dirs=[revised_catalog])
    async with app.run_test(size=(120, 40)) as pilot:
        await open_in_editor(pilot, ILL)
        save_position(read_position(ILL).with_changes(unit="Theirs"), ILL)  # someone else saves meanwhile
        await pilot.press("ctrl+r")
        await settle(pilot)
        assert isinstance(app.screen, SyncScreen)
        await pilot.press("escape")  # cancel: the draft is unchanged
        await settle(pilot)
        assert not app.dirty
        await pilot.press("ctrl+r")
        await settle(pilot)
        await pilot.click("#apply")
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen.title_text == "The record changed on disk"
        await pilot.click("#overwrite")
        await settle(pilot)
    saved = read_position(ILL)
    assert saved.unit != "Theirs" and {NEW_TEXT, NEW_DB} <= {t.text for t in saved.tasks}


async def test_compare_with_the_class_spec_and_with_another_position(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await open_in_editor(pilot, ILL, step="details")
        await pilot.press("end")
        await type_text(pilot, " & <Lead>")  # unsaved changes are compared too
        await pilot.press("ctrl+o")
        await settle(pilot)
        assert isinstance(app.screen, ComparePicker)
        picker_rows = [row.key for row in app.screen.query_one("#compare-with").matches]
        assert picker_rows[0] == "class" and str(ILL) not in picker_rows and str(SCHOOL) in picker_rows
        await pilot.press("enter")  # its class spec, first
        await settle(pilot)
        assert isinstance(app.screen, CompareScreen)
        text = str(app.screen.query_one("#compare-text", Static).render())
        assert "+ custom task: Packs and ships loaned materials" in text
        assert "- task 'performs-cataloging-library-materials'" in text
        assert "Working title" not in text  # the class spec has the position's own details
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, EditorScreen)
        await pilot.press("ctrl+o")
        await settle(pilot)
        await type_text(pilot, "school")
        await pilot.press("enter")
        await settle(pilot)
        text = str(app.screen.query_one("#compare-text", Static).render())
        assert text.startswith(f"--- {SCHOOL.name}\n+++ {ILL.name}")
        assert (
            "Working title: Library Technician (Accessible Formats) → Interlibrary Loan Technician & <Lead>"
            in text
        )
        await pilot.press("escape")
        await settle(pilot)
        assert app.draft.working_title == "Interlibrary Loan Technician & <Lead>"
    assert read_position(ILL).working_title == "Interlibrary Loan Technician"  # comparing saves nothing
