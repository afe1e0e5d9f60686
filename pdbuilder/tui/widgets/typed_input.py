"""A one-line text field that keeps every key in the order it was typed, and every line pasted."""

from __future__ import annotations

from functools import cache

from textual import events
from textual.binding import Binding
from textual.geometry import Size
from textual.widget import Widget
from textual.widgets import Input


@cache
def own_keys(cls: type[Widget]) -> dict[str, str]:
    """A text field's own keys (Backspace, Home, arrows...) and their actions."""
    declared = [b for klass in reversed(cls.__mro__) for b in vars(klass).get("BINDINGS", [])]
    return {binding.key: binding.action for binding in Binding.make_bindings(declared)}


class TypedInput(Input):
    """An Input whose own keys act at once, in order with the letters typed around them.

    Textual inserts a letter as soon as the field reads its key, but runs a key binding only once
    the key has travelled up to the app: at a few milliseconds a key (key repeat, a fast typist, an
    SSH link, a busy machine) Backspace or Home then acts after the letters typed after it, and the
    text is scrambled. Here the field's own bindings run when the field reads the key.
    """

    sent_focus_away = False  # one of its own keys moved the focus on (keys after it belong there)

    async def _on_key(self, event: events.Key) -> None:
        if self.sent_focus_away and self.screen.focused is not self:
            # Typed after a key of this field that moved the focus on (Enter in a search): it goes there.
            event.stop()
            event.prevent_default()
            self.app.post_message(events.Key(event.key, event.character))
            return
        own = own_keys(type(self))
        action = next((own[key] for key in event.aliases if key in own), None)
        if action is not None:  # else Input's own handler, next in line, inserts the letter
            event.stop()
            event.prevent_default()
            # Read after a Tab typed later has moved the focus, the key moved nothing: the keys after it stay.
            had_focus = self.screen.focused is self
            await self.run_action(action)
            self.sent_focus_away = had_focus and self.screen.focused is not self

    def _watch_value(self, value: str) -> None:
        # Input widens its scroll range to its text with a layout of the whole screen, each key typed
        # (a full repaint a frame, sent whole to a browser tab). Its own size never depends on its text
        # here (the fields are as wide as their row), so only the range changes: set without a layout.
        self.set_reactive(Input.virtual_size, Size(self.content_width, 1))
        super()._watch_value(value)

    def on_focus(self) -> None:
        self.sent_focus_away = False

    def _on_paste(self, event: events.Paste) -> None:
        # Input keeps the first line of a paste and drops the others without a word: one line here.
        text = " ".join(line.strip() for line in event.text.splitlines() if line.strip())
        if text:
            self.replace(text, *self.selection)
        event.stop()
        event.prevent_default()
