"""The position editor: a sidebar of steps beside the step being worked on."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from functools import partial

from textual import events, getters, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.reactive import Reactive
from textual.screen import Screen
from textual.widgets import ContentSwitcher, OptionList
from textual.widgets.option_list import Option

from pdbuilder.model import ClassRef, Position, PositionTask, problems
from pdbuilder.tui.app import PdbuilderApp
from pdbuilder.tui.screens.dialogs import TextDialog
from pdbuilder.tui.screens.task_dialog import TaskDialog
from pdbuilder.tui.widgets.bars import KeyBar, TitleBar
from pdbuilder.tui.widgets.steps import STEPS, ReviewStep, Step
from pdbuilder.tui.widgets.steps.base import items_added
from pdbuilder.tui.widgets.steps.tasks import tasks_added

KEYS = [step.KEY for step in STEPS]


def step_label(number: int, step: type[Step], position: Position, ref: ClassRef | None) -> str:
    """A sidebar entry: the step's name and, where it helps, how much is in it."""
    counts = {
        "tasks": len(position.tasks),
        "requirements": len(position.extra_requirements),
        "review": len(problems(position, ref)),
    }
    count = counts.get(step.KEY)
    suffix = "" if not count else f" ({count} ⚠)" if step.KEY == "review" else f" ({count})"
    return f"{number} {step.TITLE}{suffix}"


class EditorScreen(Screen[None]):
    app = getters.app(PdbuilderApp)  # the app, typed: its editing session, catalog and flows
    # The title follows the working title as it is typed: the title line redraws itself (TitleBar
    # watches these), where Textual's own titles repaint the whole screen at each key.
    title: Reactive[str | None] = Reactive(None, compute=False, repaint=False)
    sub_title: Reactive[str | None] = Reactive(None, compute=False, repaint=False)

    BINDING_GROUP_TITLE = "Editor"
    BINDINGS = [
        Binding("ctrl+s", "app.save", "Save"),
        Binding("ctrl+g", "app.generate", "Generate"),
        # Priority: an Input whose text overflows takes Ctrl+PgUp/PgDn; the step keys work from every field.
        Binding("ctrl+pagedown,alt+right", "step(1)", "Next step", key_display="^PgDn", priority=True),
        Binding(
            "ctrl+pageup,alt+left",
            "step(-1)",
            "Previous step",
            key_display="^PgUp",
            show=False,
            priority=True,
        ),
        # Priority: Textual's Input has its own undo of one field; this one undoes every edit, in order.
        Binding("ctrl+z", "app.undo", "Undo", show=False, priority=True),
        Binding("ctrl+y", "app.redo", "Redo", show=False, priority=True),
        Binding("escape", "app.close_editor", "Close"),
        Binding("ctrl+r", "app.sync_spec", "Sync with class spec", show=False),
        Binding("ctrl+o", "app.compare", "Compare", show=False),
        Binding("ctrl+l", "app.history", "History", show=False),
    ]

    # Focused as soon as the steps are composed, before the first frame: keys a person types while
    # the editor opens go to the field they are meant for. Only the step it opens on is composed then.
    AUTO_FOCUS = ", ".join(f"#{step.KEY} {step.FIRST}" for step in STEPS)

    def __init__(self, start: str) -> None:
        super().__init__()
        self.start = start
        self.step_key = start  # the step shown, or about to be (a step is composed when first shown)
        self.output: str | None = None  # what the last Generate said, for the Review step
        self.steps: dict[str, Step] = {start: STEPS[KEYS.index(start)](id=start)}  # those composed so far
        self.held_keys: list[events.Key] | None = None  # typed while a step to be focused is composed

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with Horizontal(id="editor"):
            draft = self.app.draft
            ref = self.app.ref_of(draft) if draft else None
            yield OptionList(  # with the draft's counts: set after the first layout, they cost another
                *(
                    Option(step_label(n, step, draft, ref) if draft else f"{n} {step.TITLE}", id=step.KEY)
                    for n, step in enumerate(STEPS, 1)
                ),
                id="steps",
            )
            # The other steps are composed when first shown: laying out all six made opening slow.
            with ContentSwitcher(initial=self.start, id="step-content"):
                yield self.steps[self.start]
        yield KeyBar(spare=("step(1)",))  # the steps are listed beside it

    def on_mount(self) -> None:
        self.query_one("#steps", OptionList).highlighted = KEYS.index(self.start)
        self.show_state(self.app.draft)
        self.watch(self.app, "draft", self.draft_changed, init=False)
        if self.focused is None:  # Textual focuses nothing while the terminal window is in the background
            self.current_step.focus_first()

    @property
    def current_step(self) -> Step:
        return self.query_one(f"#{self.query_one(ContentSwitcher).current}", Step)

    def draft_changed(self, position: Position | None) -> None:
        if position is not None:
            self.current_step.show(position, self.app.ref_of(position))
            self.show_state(position)

    def show_state(self, position: Position | None) -> None:
        """The sidebar's counts and the header: the title, the record and whether it has unsaved changes."""
        if position is None:
            return
        ref = self.app.ref_of(position)
        steps = self.query_one("#steps", OptionList)
        for number, step in enumerate(STEPS, 1):
            label = step_label(number, step, position, ref)
            if steps.get_option(step.KEY).prompt != label:  # most keystrokes change no count
                steps.replace_option_prompt(step.KEY, label)
        record = self.app.record_path
        where = str(record) if record else "new, not saved yet"
        self.title = position.working_title or ("(no working title)" if record else "New position")
        # The marker first: a narrow terminal cuts the end of the header.
        self.sub_title = ("● unsaved changes · " if self.app.dirty else "") + where

    def go(self, key: str, focus: bool = True) -> None:
        switcher = self.query_one(ContentSwitcher)
        self.step_key = key
        self.query_one("#steps", OptionList).highlighted = KEYS.index(key)
        step = self.steps.get(key)
        if step is None or not step.is_mounted:  # first shown: composed now, shown once mounted
            if step is None:
                step = self.steps[key] = STEPS[KEYS.index(key)](id=key)
                step.display = False
                step.on_ready = self._step_ready
                switcher.mount(step)
            step.focus_on_mount |= focus
            if focus and self.held_keys is None:
                # Keys typed until it is mounted belong to its first field, not to the one focused now.
                self.held_keys = []
                self.set_focus(None)
            return
        if switcher.current != key:
            switcher.current = key
            draft = self.app.editing.draft
            self.current_step.show(draft, self.app.ref_of(draft))
        if focus:
            self.current_step.focus_first()
            self._hand_on_keys()

    def on_key(self, event: events.Key) -> None:
        if self.held_keys is not None:  # nothing has the focus while a step is composed
            event.stop()
            event.prevent_default()
            self.held_keys.append(event)

    def _hand_on_keys(self) -> None:
        """The keys typed while a step was composed, to the field that has the focus now, in order."""
        keys, self.held_keys = self.held_keys or [], None
        for key in keys:
            self.app.post_message(events.Key(key.key, key.character))

    def _step_ready(self, step: Step) -> None:
        """A step composed when first shown is mounted: show it, with its focus, unless moved on meanwhile."""
        if isinstance(step, ReviewStep) and self.output:  # what an earlier Generate said
            step.show_output(self.output)
        if self.step_key == step.KEY:
            self.query_one(ContentSwitcher).current = step.KEY
            if step.focus_on_mount:
                step.focus_first()
            self._hand_on_keys()

    @on(OptionList.OptionHighlighted, "#steps")
    def browse(self, event: OptionList.OptionHighlighted) -> None:
        if event.option_index == event.option_list.highlighted:  # not a stale message from an earlier move
            self.go(KEYS[event.option_index], focus=False)

    @on(OptionList.OptionSelected, "#steps")
    def enter_step(self, event: OptionList.OptionSelected) -> None:
        self.go(KEYS[event.option_index])

    def action_step(self, offset: int) -> None:
        index = KEYS.index(self.step_key)
        self.go(KEYS[max(0, min(len(KEYS) - 1, index + offset))])

    @on(Step.Done)
    def step_done(self) -> None:
        self.action_step(1)

    def add_task(self) -> None:
        def add(texts: Sequence[str]) -> None:
            self.post_message(tasks_added([PositionTask(text=text) for text in texts]))

        def add_one(task: PositionTask | None) -> None:
            if task:
                self.post_message(tasks_added([task]))

        self.go("tasks")
        self.app.push_screen(
            TaskDialog(PositionTask(text=""), "A task of this position", several=add), add_one
        )

    def add_requirement(self) -> None:
        def add(texts: Sequence[str]) -> None:
            self.post_message(items_added("extra_requirements", "requirement", texts))

        def add_one(text: str | None) -> None:
            if text:
                add([text])

        self.go("requirements")
        self.app.push_screen(
            TextDialog("An additional requirement", placeholder="e.g. Valid driver license.", several=add),
            add_one,
        )

    def show_output(self, message: str) -> None:
        self.output = message
        for review in self.query(ReviewStep):
            review.show_output(message)

    def commands(self) -> Iterator[tuple[str, str, Callable[[], object]]]:
        yield "Undo", "Undo the last change, whichever step it was made in (ctrl+z)", self.app.action_undo
        yield "Redo", "Make the last undone change again (ctrl+y)", self.app.action_redo
        yield "Save", "Save the position's record (ctrl+s)", self.app.action_save
        yield (
            "Generate Word document",
            "Save the changes, then write the position description (ctrl+g)",
            self.app.action_generate,
        )
        yield (
            "Generate posting",
            "Save the changes, then write the job posting beside the record",
            partial(self.app.action_generate, "posting"),
        )
        yield "Next step", "Show the next step (ctrl+pagedown, alt+→)", partial(self.action_step, 1)
        yield "Previous step", "Show the previous step (ctrl+pageup, alt+←)", partial(self.action_step, -1)
        yield "Add a task", "Write a task of this position's own", self.add_task
        yield "Add a requirement", "Add a requirement beyond the class's minimum", self.add_requirement
        yield (
            "Sync with class spec",
            "Review how the class spec changed and apply changes to this draft (ctrl+r)",
            self.app.action_sync_spec,
        )
        yield (
            "Compare",
            "Compare this draft with its class spec or another position (ctrl+o)",
            self.app.action_compare,
        )
        yield (
            "History",
            "The record's versions in git, what changed in each; restore one into the draft (ctrl+l)",
            self.app.action_history,
        )
        yield (
            "Close position",
            "Back to the list of positions (asks about unsaved changes)",
            self.app.action_close_editor,
        )
        for number, step in enumerate(STEPS, 1):
            yield (
                f"Go to step {number}: {step.TITLE}",
                f"Show the {step.TITLE.lower()} step",
                partial(self.go, step.KEY),
            )
