"""The editor as a view of its editing session: undo, saving before generating, and nothing lost by one key."""

from __future__ import annotations

from pathlib import Path

from textual import events
from textual.widgets import Button, Input, TextArea

from pdbuilder.records import read_position, save_position
from pdbuilder.tui.screens.dialogs import Choice, TextDialog
from pdbuilder.tui.screens.editor import EditorScreen
from pdbuilder.tui.screens.task_dialog import TaskDialog

from .conftest import new_in_editor, open_in_editor, settle, type_text
from .test_flows import docx_text

ILL = Path("positions/00041187-interlibrary-loan-technician.toml")


def recorded_notices(app) -> list[tuple[str, str]]:
    """What the app says in notifications from now on, as (title, message)."""
    said: list[tuple[str, str]] = []
    app.notify = lambda message, title="", **_: said.append((title, message))
    return said


async def test_untick_all_says_what_it_did_and_ctrl_z_brings_the_tasks_back(make_app):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await open_in_editor(pilot, ILL)
        said = recorded_notices(app)
        before = app.draft.tasks
        app.screen.go("tasks")
        await pilot.pause()  # the step is composed when first shown
        await pilot.press("n")
        await pilot.pause()
        assert not app.draft.class_task_ids
        assert any("class tasks unticked — Ctrl+Z undoes" in message for _, message in said), said
        app.screen.go("details")  # undo works from any step
        await pilot.pause()  # the step is composed when first shown
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert app.draft.tasks == before and not app.dirty
        await pilot.press("ctrl+y")
        await pilot.pause()
        assert not app.draft.class_task_ids and app.dirty


async def test_undo_brings_back_what_was_typed_into_the_focused_field(make_app):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await open_in_editor(pilot, ILL, step="details")
        await pilot.pause()
        field = app.screen.query_one("#field-working_title", Input)
        assert field.has_focus and field.selection.is_empty  # arriving selects nothing a key could replace
        await pilot.press("x", "y", "z")
        assert field.value.endswith("xyz")
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert field.value == app.draft.working_title == "Interlibrary Loan Technician"


async def test_generate_saves_the_changes_first_so_the_document_matches_the_record(make_app):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await open_in_editor(pilot, ILL, step="details")
        await pilot.press("tab", "tab", "ctrl+u")
        await type_text(pilot, "Department of Archives")
        await pilot.press("ctrl+g")
        await settle(pilot, timeout=60)
        assert not app.dirty
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, Choice)  # nothing left to ask about
    assert read_position(ILL).agency == "Department of Archives"
    assert "Department of Archives" in docx_text(ILL.with_suffix(".docx"))


async def test_step_keys_work_from_a_field_whose_text_overflows(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_in_editor(pilot, ILL, step="details")
        await type_text(pilot, "a long title that runs well past the edge of its field on a narrow screen")
        await pilot.press("ctrl+pagedown")
        await pilot.pause()
        assert app.screen.current_step.KEY == "review"
        app.screen.go("details")
        await pilot.pause()  # the step is composed when first shown
        await pilot.press("ctrl+pageup")
        await pilot.pause()
        assert app.screen.current_step.KEY == "level"


async def test_the_changed_on_disk_dialog_shows_every_answer_at_80_columns(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_in_editor(pilot, ILL)
        save_position(read_position(ILL).with_changes(unit="Theirs"), ILL)
        app.screen.go("details")
        await pilot.pause()  # the step is composed when first shown
        await pilot.press("x", "ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, Choice)
        dialog = app.screen.query_one(".dialog").content_region
        buttons = list(app.screen.query(Button))
        assert [b.id for b in buttons] == ["new", "overwrite", "reload", "cancel"]
        for button in buttons:
            assert dialog.contains_region(button.region), (button.id, button.region, dialog)
        await pilot.click("#cancel")
        await settle(pilot)
        assert isinstance(app.screen, EditorScreen) and app.dirty


async def test_a_new_position_with_another_records_number_asks_before_saving_beside_it(make_app):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await new_in_editor(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, Choice) and "choose a class first" in str(app.screen.message)
        await pilot.press("enter")
        await type_text(pilot, "senior")
        await pilot.press("enter")
        await pilot.pause()
        app.screen.go("details")
        await pilot.pause()  # the step is composed when first shown
        await pilot.press("tab")
        await type_text(pilot, "00041187")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, Choice) and f"already has a record, {ILL.name}" in app.screen.message
        await pilot.click("#cancel")
        await settle(pilot)
        assert app.record_path is None and not Path("positions/00041187.toml").exists()
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.click("#new")
        await settle(pilot)
        assert app.record_path == Path("positions/00041187.toml")


async def test_generating_without_a_contributor_level_says_the_document_is_incomplete(make_app):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await new_in_editor(pilot)
        said = recorded_notices(app)
        await pilot.press("enter", "ctrl+g")
        await settle(pilot, timeout=60)
        assert any(
            title == "Generated, incomplete" and "contributor level is required" in message
            for title, message in said
        ), said


def type_at_once(app, *keys: str) -> None:
    """Keys queued all at once, as a terminal hands on what a fast typist typed before the app read any."""
    for key in keys:
        app.post_message(events.Key(key, key if len(key) == 1 else None))


async def test_ctrl_q_right_after_the_last_letter_asks_about_that_letter(make_app):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await open_in_editor(pilot, ILL, step="details")
        app.screen.query_one("#field-salary", Input).focus()
        await pilot.pause()
        # Ctrl+Q acts as the app reads it, before the field has read the letters typed just before.
        type_at_once(app, *"$52,000", "ctrl+q")
        await settle(pilot)
        assert isinstance(app.screen, Choice) and app.is_running, "quit without asking"
        app.screen.query_one("#save", Button).press()
        await settle(pilot)
    assert read_position(ILL).salary == "$52,000"


async def test_keys_queued_before_a_tab_stay_in_the_field_they_were_typed_in(make_app):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await open_in_editor(pilot, ILL, step="details")
        app.screen.query_one("#field-unit", Input).focus()
        await pilot.pause()
        # Home is the field's own key, read only after Tab has moved the focus on: it moved nothing.
        type_at_once(app, "home", "ctrl+k", *"Loans", "tab", "home", "ctrl+k", *"Annex")
        await settle(pilot)
        assert (app.draft.unit, app.draft.location) == ("Loans", "Annex")


async def test_a_list_key_typed_before_a_tab_acts_on_the_list_it_was_typed_in(make_app):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await open_in_editor(pilot, ILL, step="tasks")
        tasks = app.draft.tasks
        type_at_once(app, "n", "tab")  # n: no class task; Tab moves on to this position's tasks
        await settle(pilot)
        assert isinstance(app.screen, EditorScreen)
        assert not app.draft.class_task_ids and len(app.draft.tasks) < len(tasks)
        first = app.draft.tasks[0]
        type_at_once(app, "x", "shift+tab")  # x: the first of them becomes essential (or no longer)
        await settle(pilot)
        assert app.draft.tasks[0].essential is not first.essential


async def test_text_typed_right_after_a_adds_goes_into_the_new_tasks_dialog(make_app):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await open_in_editor(pilot, ILL, step="tasks")
        await pilot.press("tab")  # this position's tasks
        tasks = app.draft.tasks
        type_at_once(app, "a", *"daily")  # before the dialog is open: d would remove a task
        await settle(pilot)
        assert isinstance(app.screen, TaskDialog) and app.draft.tasks == tasks
        assert app.screen.query_one("#text", TextArea).text == "daily"


async def test_enter_on_a_level_typed_before_a_tab_chooses_it(make_app):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await open_in_editor(pilot, ILL, step="level")
        levels = app.screen.query_one("#levels")
        second = levels.get_option_at_index(1).id
        levels.highlighted = 1
        type_at_once(app, "enter", "shift+tab")  # Shift+Tab: back to the list of steps
        await settle(pilot)
        assert app.draft.contributor_level == second


async def test_several_lines_pasted_into_a_new_requirement_add_one_each_and_one_undo_removes_them(make_app):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await open_in_editor(pilot, ILL)
        said = recorded_notices(app)
        before = app.draft.extra_requirements
        app.screen.go("requirements")
        await pilot.pause()
        await pilot.press("a")
        await settle(pilot)
        app.post_message(events.Paste("Valid driver license.\n\n  Bilingual.\nCPR certified.\n"))
        await settle(pilot)
        assert isinstance(app.screen, EditorScreen)
        assert app.draft.extra_requirements == (
            *before,
            "Valid driver license.",
            "Bilingual.",
            "CPR certified.",
        )
        assert ("Done", "3 requirements added — Ctrl+Z undoes") in said
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert app.draft.extra_requirements == before


async def test_several_lines_pasted_into_a_new_task_add_one_each_after_what_was_typed(make_app):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await open_in_editor(pilot, ILL)
        said = recorded_notices(app)
        before = app.draft.tasks
        app.screen.go("tasks")
        await pilot.pause()
        await pilot.press("tab", "a")
        await settle(pilot)
        await pilot.press(*"Drives")
        app.post_message(events.Paste("Sorts mail.\r\nAnswers phones."))
        await settle(pilot)
        assert isinstance(app.screen, EditorScreen)
        assert [t.text for t in app.draft.tasks[len(before) :]] == [
            "Drives",
            "Sorts mail.",
            "Answers phones.",
        ]
        assert ("Done", "3 tasks added — Ctrl+Z undoes") in said


async def test_a_long_task_is_edited_in_a_soft_wrapped_field_of_several_lines(make_app):
    long = "Routes interlibrary loan requests to lending libraries, " * 4 + "and tracks them."
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await open_in_editor(pilot, ILL, step="tasks")
        await pilot.press("tab", "a")
        await settle(pilot)
        app.post_message(events.Paste(long))  # one line: one task, its text
        await pilot.pause()
        await pilot.press("enter")
        await settle(pilot)
        assert app.draft.tasks[-1].text == long
        await pilot.press("end", "enter")  # edit it
        await settle(pilot)
        area = app.screen.query_one("#text", TextArea)
        assert area.text == long and area.soft_wrap and area.wrapped_document.height > 1
        await pilot.press(*" Daily", "enter")  # the cursor is after the text
        await settle(pilot)
        assert isinstance(app.screen, EditorScreen) and app.draft.tasks[-1].text == long + " Daily"


async def test_a_key_typed_right_after_alt_right_acts_on_the_next_step_even_before_it_is_composed(make_app):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await open_in_editor(pilot, ILL, step="tasks")
        await pilot.press("tab")  # this position's tasks, where a adds a task
        type_at_once(app, "alt+right", "a")  # a on Requirements, not yet composed: adds a requirement
        await settle(pilot)
        assert isinstance(app.screen, TextDialog), app.screen
