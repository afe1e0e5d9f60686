"""A position's history from git: its versions, and what changed in each as `diff` says it."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from pdbuilder.diff import change_lines
from pdbuilder.display import visible
from pdbuilder.history import Version
from pdbuilder.tui.screens.spec_review import styled
from pdbuilder.tui.widgets.bars import KeyBar, TitleBar
from pdbuilder.tui.widgets.quick_table import Column, QuickTable, Row

COLUMNS = [
    Column("Commit", 7),
    Column("Date", 16),
    Column("Author", 12, 2),
    Column("What changed", 20, 5),
]


class HistoryScreen(Screen[str | None]):
    """The versions newest first; the highlighted one's changes below. Enter restores it into the draft."""

    BINDING_GROUP_TITLE = "History"
    BINDINGS = [Binding("escape,q", "dismiss(None)", "Close")]

    def __init__(self, name: str, versions: list[Version]) -> None:
        super().__init__()
        self.record_name, self.versions = name, {v.commit: v for v in versions}

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield Static(
            "Enter restores the highlighted version into the draft (Ctrl+Z undoes it; nothing is saved "
            "until you save).",
            classes="hint",
        )
        yield QuickTable(COLUMNS, id="versions")
        with VerticalScroll(id="version-scroll"):
            yield Static(id="version-changes")
        yield KeyBar()

    def on_mount(self) -> None:
        self.title, self.sub_title = "History", self.record_name
        rows = [
            Row(v.commit, (v.short, v.date.strftime("%Y-%m-%d %H:%M"), visible(v.author), visible(v.summary)))
            for v in self.versions.values()
        ]
        table = self.query_one(QuickTable)
        table.set_rows(rows)
        table.focus()
        self.show_version(table.highlighted_key)

    @on(QuickTable.Highlighted, "#versions")
    def highlighted(self, event: QuickTable.Highlighted) -> None:
        self.show_version(event.key)

    def show_version(self, commit: str | None) -> None:
        version = self.versions.get(commit) if commit else None
        if version is None:
            return
        heading = [
            (
                f"{version.short}  {version.date.isoformat(sep=' ')}  {version.author} <{version.email}>",
                "heading",
            ),
            (version.message, None),
            (version.summary, None),
        ]
        lines = change_lines(version.change) if version.change else []
        self.query_one("#version-changes", Static).update(styled([*heading, *lines]))

    @on(QuickTable.Selected, "#versions")
    def chosen(self, event: QuickTable.Selected) -> None:
        event.stop()
        self.dismiss(event.key)
