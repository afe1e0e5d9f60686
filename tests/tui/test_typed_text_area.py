"""The multi-line text field: keys queued faster than the app reads them land in the order typed."""

from __future__ import annotations

from textual import events
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.widgets import Input

from pdbuilder.tui.widgets.typed_text_area import TypedTextArea

# A typist's keys, with the field's own keys (Backspace, Home, arrows, End) among the letters.
KEYS = [*"Lifts", "backspace", "backspace", *"ts 25 lb", "home", *"Often ", "end", "enter", *"Stands."]
TYPED = "Often Lifts 25 lb\nStands."


class Form(App[None]):
    BINDINGS = [Binding("enter", "ok", "OK")]

    def __init__(self, area: TypedTextArea) -> None:
        super().__init__()
        self.area, self.okayed = area, 0

    def compose(self) -> ComposeResult:
        yield self.area
        yield Input(id="next")

    def action_ok(self) -> None:
        self.okayed += 1


def queue(app: App, keys: list[str]) -> None:
    """Every key posted at once, as keys arrive a few milliseconds apart while the app is busy."""
    for key in keys:
        app.post_message(events.Key(key, key if len(key) == 1 else "\r" if key == "enter" else None))


async def test_keys_queued_at_once_land_in_the_order_typed():
    app = Form(TypedTextArea(id="area"))
    async with app.run_test() as pilot:
        app.area.focus()
        await pilot.pause()
        queue(app, KEYS)
        await pilot.pause()
        assert app.area.text == TYPED
        assert app.okayed == 0  # Enter is a line break here, not the screen's key


async def test_one_paragraph_leaves_enter_to_the_screen_and_joins_pasted_lines():
    app = Form(TypedTextArea(one_paragraph=True, id="area"))
    async with app.run_test() as pilot:
        app.area.focus()
        await pilot.pause()
        queue(app, KEYS)
        await pilot.pause()
        assert app.area.text == "Often Lifts 25 lbStands." and app.okayed == 1
        await pilot.press("space")
        app.post_message(events.Paste("Walks.\n\n  Climbs ladders.\n"))
        await pilot.pause()
        assert app.area.text == "Often Lifts 25 lbStands. Walks. Climbs ladders."
        await pilot.press(*"!")
        assert app.area.text.endswith("ladders.!")  # the cursor went to the end of the paste


async def test_a_pasted_text_keeps_its_lines_and_tab_moves_on():
    app = Form(TypedTextArea(id="area"))
    async with app.run_test() as pilot:
        app.area.focus()
        await pilot.pause()
        app.post_message(events.Paste("Lifts 25 lb.\nStands."))
        await pilot.pause()
        assert app.area.text == "Lifts 25 lb.\nStands."
        await pilot.press("tab")
        assert app.focused is app.query_one("#next")
