"""An edit is a function of the draft when the session applies it: one made stale by what was
applied first (an undo that took the class away) changes nothing rather than taking the app down."""

from __future__ import annotations

from textual.widgets import SelectionList

from pdbuilder.tui.screens.editor import EditorScreen
from pdbuilder.tui.widgets.steps.tasks import ClassTaskList, TasksStep

from .conftest import new_in_editor


async def test_a_tick_that_arrives_after_the_class_was_undone_changes_nothing(make_app):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await new_in_editor(pilot)
        assert isinstance(app.screen, EditorScreen)
        await pilot.press(*"senior", "enter")  # choosing the class ticks its tasks
        await pilot.pause()
        await pilot.press("space")  # the first one unticked
        await pilot.pause()
        step = app.screen.query_one(TasksStep)
        class_list = step.query_one(ClassTaskList)
        first = class_list.get_option_at_index(0).value
        assert first not in app.draft.class_task_ids
        # Space again ticks it; its edit is on its way to the app when two Ctrl+Z (the untick, then the
        # class chosen) are applied first.
        class_list.select(first)
        step.toggle(SelectionList.SelectionToggled(class_list, 0))
        app.action_undo()
        app.action_undo()
        await pilot.pause()
        assert app.is_running
        assert app.draft.class_id == "" and not app.draft.tasks


async def test_ticking_every_task_after_the_class_was_undone_changes_nothing(make_app):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await new_in_editor(pilot)
        await pilot.press(*"senior", "enter")
        await pilot.pause()
        await pilot.press("n")  # every class task unticked
        await pilot.pause()
        assert not app.draft.class_task_ids
        # `a` ticks them all; its edit arrives after two Ctrl+Z (the untick, then the class chosen).
        step = app.screen.query_one(TasksStep)
        step.toggle_all(ClassTaskList.AllToggled(True))
        app.action_undo()
        app.action_undo()
        await pilot.pause()
        assert app.is_running
        assert app.draft.class_id == "" and not app.draft.tasks
