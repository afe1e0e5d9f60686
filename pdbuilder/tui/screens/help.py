"""Every key of the screen it is opened over, gathered from the bindings themselves."""

from __future__ import annotations

from collections.abc import Iterable

from rich.table import Table
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widget import Widget
from textual.widgets import Label, Static

GENERAL = [
    ("Tab / Shift+Tab", "Move between areas of the screen"),
    ("↑ ↓ PgUp PgDn", "Move in a list"),
    ("Space", "Tick or untick (checkbox lists)"),
    ("Shift+Tab", "From a step back to the list of steps; ↑ ↓ there walks through the steps"),
    ("Enter", "Choose, open or edit the highlighted item"),
    ("Ctrl+PgDn / Alt+→", "Editor: the next step (from any field)"),
    ("Ctrl+PgUp / Alt+←", "Editor: the previous step"),
    ("Ctrl+Z / Ctrl+Y", "Editor: undo / redo the last change, whichever step made it"),
    ("Shift+↑ / Shift+↓", "Editor: move the highlighted task or requirement up / down"),
    ("Ctrl+P", "Command palette: search every action"),
    ("Ctrl+Q", "Quit (asks about unsaved changes)"),
    ("F1", "This help"),
]


def _own_bindings(cls: type) -> list[Binding]:
    """The bindings pdbuilder's own classes declare, not Textual's defaults."""
    found = []
    for klass in reversed(cls.__mro__):
        if klass.__module__.startswith("pdbuilder.tui") and "BINDINGS" in vars(klass):
            # Hidden widget bindings are cursor movement, covered by GENERAL; a screen's are all worth listing.
            found += [
                b
                for b in vars(klass)["BINDINGS"]
                if isinstance(b, Binding) and b.description and (b.show or issubclass(cls, Screen))
            ]
    return found


def _title(owner: Widget | type[Widget]) -> str:
    """The name its keys are listed under."""
    name = owner.__name__ if isinstance(owner, type) else type(owner).__name__
    return getattr(owner, "BINDING_GROUP_TITLE", None) or name


class HelpScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,f1,q", "dismiss", "Close help")]

    def __init__(self, under: Screen[object], also: Iterable[type[Widget]] = ()) -> None:
        """The keys of the screen `under`, and of the kinds of widget `also` (parts not composed yet)."""
        super().__init__(classes="dialog-screen")
        self.under = under
        self.also = also

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="help"):
            yield Label("Keys  (Esc closes)", classes="dialog-title")
            with VerticalScroll():
                yield Static(self.key_table())

    def key_table(self) -> Table:
        table = Table.grid(padding=(0, 2))
        table.add_column(style="bold", no_wrap=True)
        table.add_column()
        groups: dict[str, list[tuple[str, str]]] = {"Everywhere": GENERAL}
        # Each kind of widget once per title: a widget may carry a title of its own (the Details step's lists).
        owners = [self.under, *self.under.query("*"), *self.also]
        titled = dict.fromkeys(
            (owner if isinstance(owner, type) else type(owner), _title(owner)) for owner in owners
        )
        for kind, title in titled:
            for binding in _own_bindings(kind):
                keys = " / ".join(
                    self.app.get_key_display(Binding(key, "")) for key in binding.key.split(",")
                )
                row = (binding.key_display or keys, binding.description)
                if row not in groups.setdefault(title, []):
                    groups[title].append(row)
        for title, rows in groups.items():
            table.add_row(f"[reverse] {title} [/]", "")
            for row in rows:
                table.add_row(*row)
            table.add_row("", "")
        return table
