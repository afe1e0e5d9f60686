"""Step 4: the contributor level, each described as the class specification has it."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from pdbuilder.display import visible
from pdbuilder.model import ClassRef, ContributorLevel, Position
from pdbuilder.tui.messages import Edit
from pdbuilder.tui.widgets.list_keys import OwnKeysFirst
from pdbuilder.tui.widgets.steps.base import Step


class LevelList(OwnKeysFirst, OptionList):
    """The class's contributor levels; Enter chooses the highlighted one."""


def level_prompt(level: ContributorLevel, chosen: bool) -> Text:
    text = Text.assemble(("(●) " if chosen else "( ) ", "bold"), (visible(level.name), "bold"))
    for line in (*level.description, *level.performance_range):
        text.append(f"\n• {visible(line)}")
    return text


class LevelStep(Step):
    KEY, TITLE = "level", "Contributor level"

    def compose(self) -> ComposeResult:
        yield Static(
            "Choose the range of work this position starts in: ↑↓ to move, Enter to choose.",
            classes="step-help",
        )
        yield LevelList(id="levels")
        with VerticalScroll(id="levels-intro-scroll"):
            yield Static(id="levels-intro", classes="hint")

    def show(self, position: Position, ref: ClassRef | None) -> None:
        levels = self.query_one("#levels", OptionList)
        was = levels.highlighted
        group_levels = ref.group.contributor_levels if ref else ()
        levels.set_options(
            Option(level_prompt(lv, lv.id == position.contributor_level), id=lv.id) for lv in group_levels
        )
        if not group_levels:
            levels.add_option(
                Option(
                    Text(
                        "This class has no contributor levels." if ref else "Choose a class first.",
                        style="italic",
                    ),
                    disabled=True,
                )
            )
        chosen = next((n for n, lv in enumerate(group_levels) if lv.id == position.contributor_level), 0)
        levels.highlighted = was if was is not None and group_levels else chosen if group_levels else None
        self.query_one("#levels-intro", Static).update(
            visible(ref.group.contributor_levels_intro) if ref else ""
        )

    @on(OptionList.OptionSelected, "#levels")
    def choose(self, event: OptionList.OptionSelected) -> None:
        level_id = event.option.id
        self.post_message(
            Edit(lambda p: p.with_changes(contributor_level=level_id), f"contributor level {level_id}")
        )
