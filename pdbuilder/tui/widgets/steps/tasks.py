"""Step 2: the class tasks the position does, and its own tasks, their order, time shares and marks."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Label, SelectionList, Static
from textual.widgets.selection_list import Selection

from pdbuilder.display import visible
from pdbuilder.model import (
    ClassRef,
    Position,
    PositionTask,
    moved,
    removed,
    replaced,
    with_all_class_tasks,
    with_class_task,
)
from pdbuilder.tui.messages import Edit
from pdbuilder.tui.screens.task_dialog import TaskDialog
from pdbuilder.tui.widgets.item_list import ItemList
from pdbuilder.tui.widgets.list_keys import OwnKeysFirst
from pdbuilder.tui.widgets.steps.base import Step


class ClassTaskList(OwnKeysFirst, SelectionList[str]):
    """The class's tasks with a checkbox each, in catalog order."""

    BINDING_GROUP_TITLE = "Tasks of the class"

    BINDINGS = [Binding("a", "all(True)", "All tasks"), Binding("n", "all(False)", "No tasks")]

    class AllToggled(Message):
        def __init__(self, selected: bool) -> None:
            super().__init__()
            self.selected = selected

    def action_all(self, selected: bool) -> None:
        self.post_message(self.AllToggled(selected))


class TaskList(ItemList):
    """The position's tasks in the order the description lists them."""

    BINDING_GROUP_TITLE = "This position's tasks"

    BINDINGS = [Binding("x", "request('essential')", "Essential")]


def task_prompt(number: int, task: PositionTask) -> Text:
    return Text.assemble(
        (f"{number:>2}. ", "dim"),
        (f"{task.percent}% " if task.percent is not None else "", "bold"),
        ("★ " if task.essential else "", "bold"),
        visible(task.text),
        (" (own task)" if task.is_custom else "", "italic"),
    )


def marks(task: PositionTask) -> str:
    """What a task carries beyond its text (its share of time, its essential mark), e.g. "20% and ★"."""
    held = ([f"{task.percent}%"] if task.percent is not None else []) + (["★"] if task.essential else [])
    return " and ".join(held)


def total_line(position: Position) -> tuple[str, bool]:
    """The running total of time shares, and whether it is a problem."""
    total = position.percent_total
    if total is None:
        return "Shares of time: none set (optional; Enter on a task sets one).", False
    if total != 100:
        return f"Time adds up to {total}%: it should be 100%.", True
    return "Time adds up to 100%.", False


def tasks_added(tasks: Sequence[PositionTask]) -> Edit:
    """Adding the position's own `tasks`; how many, when several (a paste of several lines)."""
    several = len(tasks) > 1
    return Edit(
        lambda p: p.with_changes(tasks=(*p.tasks, *tasks)),
        f"add {len(tasks)} tasks" if several else "add a task",
        notice=f"{len(tasks)} tasks added" if several else None,
    )


class TasksStep(Step):
    KEY, TITLE = "tasks", "Tasks"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._class_shown: str | None = None  # the class whose tasks the checkboxes list

    def compose(self) -> ComposeResult:
        yield Static(
            "Class tasks: Space ticks, a / n ticks all / none. This position's tasks: a adds, Enter edits,"
            " x marks essential, d removes. Ctrl+Z undoes.",
            classes="step-help",
        )
        with Vertical(id="task-lists"):
            with Vertical(classes="panel", id="class-tasks-panel"):
                yield Label("Tasks of the class", classes="panel-title")
                yield ClassTaskList(id="class-tasks")
            with Vertical(classes="panel", id="position-tasks-panel"):
                yield Label("This position's tasks (★ essential)", classes="panel-title")
                yield TaskList(
                    "No tasks yet: tick class tasks above, or press a to write one.", id="position-tasks"
                )
                yield Static(id="percent-total")

    def show(self, position: Position, ref: ClassRef | None) -> None:
        class_list = self.query_one(ClassTaskList)
        if ref is None:
            class_list.clear_options()
        elif self._class_shown != ref.id:
            class_list.clear_options()
            class_list.add_options(Selection(Text(visible(t.text)), t.id) for t in ref.group.tasks)
            class_list.highlighted = 0
        self._class_shown = ref.id if ref else None
        chosen = set(position.class_task_ids)
        for index in range(class_list.option_count if not self.typing_in(class_list) else 0):
            task_id = class_list.get_option_at_index(index).value
            if (task_id in chosen) != (task_id in class_list.selected):
                (class_list.select if task_id in chosen else class_list.deselect)(task_id)
        self.query_one(TaskList).show_items([task_prompt(n, t) for n, t in enumerate(position.tasks, 1)])
        line, bad = total_line(position)
        self.query_one("#percent-total", Static).update(line)
        self.query_one("#percent-total").set_class(bad, "-warning")

    @on(SelectionList.SelectionToggled, "#class-tasks")
    def toggle(self, event: SelectionList.SelectionToggled[str]) -> None:
        task_id, selected = event.selection.value, event.selection.value in event.selection_list.selected
        was = next((t for t in self.app.editing.draft.tasks if t.class_task_id == task_id), None)
        lost = marks(was) if was and not selected else ""
        self.post_message(
            Edit(
                lambda p: self._ticked(p, task_id, selected),
                f"{'tick' if selected else 'untick'} a class task",
                typed=True,
                notice=f"Task unticked with its {lost}" if lost else None,
            )
        )

    @on(ClassTaskList.AllToggled)
    def toggle_all(self, event: ClassTaskList.AllToggled) -> None:
        draft = self.app.editing.draft
        ref = self.ref_of(draft)
        if ref is None:
            return
        ticked = len(draft.class_task_ids)
        count = len(ref.group.tasks) - ticked if event.selected else ticked
        self.post_message(
            Edit(
                lambda p: self._all_ticked(p, event.selected),
                f"{'tick' if event.selected else 'untick'} every class task",
                notice=f"{count} class task{'s' * (count != 1)} {'ticked' if event.selected else 'unticked'}",
            )
        )

    @on(ItemList.Request, "#position-tasks")
    def change_task(self, event: ItemList.Request) -> None:
        index, tasks = event.index, self.app.editing.draft.tasks
        if event.action == "add":

            def add(task: PositionTask | None) -> None:
                if task:
                    self._add([task])

            self.app.push_screen(
                TaskDialog(PositionTask(text=""), "A task of this position", several=self._add_texts), add
            )
            return
        if index is None:  # the list asks about an item only with one highlighted
            return
        if event.action == "edit":

            def edit(task: PositionTask | None) -> None:
                if task:
                    self._replace(index, task, f"edit task {index + 1}")

            self.app.push_screen(TaskDialog(tasks[index], f"Task {index + 1}"), edit)
        elif event.action == "essential":
            task = tasks[index]
            mark = "unmark" if task.essential else "mark"
            self._replace(
                index, replace(task, essential=not task.essential), f"{mark} task {index + 1} essential"
            )
        elif event.action == "remove":
            self.post_message(
                Edit(
                    lambda p: p.with_changes(tasks=removed(p.tasks, index)),
                    f"remove task {index + 1}",
                    notice=f"Task {index + 1} removed",
                )
            )
        else:
            offset = -1 if event.action == "up" else 1
            self.post_message(
                Edit(
                    lambda p: p.with_changes(tasks=moved(p.tasks, index, offset)),
                    f"move task {index + 1} {event.action}",
                )
            )

    def _ticked(self, position: Position, task_id: str, selected: bool) -> Position:
        """The position with a class task ticked or unticked; as it is when its class has no such task
        (the class changed, or was undone, between the tick and its edit)."""
        ref = self.ref_of(position)
        if ref is None or ref.group.task(task_id) is None:
            return position
        return with_class_task(position, ref, task_id, selected)

    def _all_ticked(self, position: Position, selected: bool) -> Position:
        """The position with every class task ticked, or none; as it is when its class is not in the catalog."""
        ref = self.ref_of(position)
        return position if ref is None else with_all_class_tasks(position, ref, selected)

    def _add(self, tasks: Sequence[PositionTask]) -> None:
        self.query_one(TaskList).follow = len(self.app.editing.draft.tasks)
        self.post_message(tasks_added(tasks))

    def _add_texts(self, texts: Sequence[str]) -> None:
        self._add([PositionTask(text=text) for text in texts])

    def _replace(self, index: int, task: PositionTask, label: str) -> None:
        self.post_message(Edit(lambda p: p.with_changes(tasks=replaced(p.tasks, index, task)), label))
