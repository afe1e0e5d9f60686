"""A text field of several lines, soft-wrapped, that keeps every key in the order it was typed."""

from __future__ import annotations

from typing import Any

from textual import events
from textual.widgets import TextArea

from pdbuilder.tui.widgets.typed_input import own_keys


class TypedTextArea(TextArea):
    """A TextArea for prose (a paragraph, a long task) whose own keys act at once, in order with the letters.

    As with `TypedInput`: Textual inserts a letter as soon as the area reads its key but runs a key
    binding (Backspace, arrows, Home) only once the key has travelled up to the app, so at a few
    milliseconds a key the text is scrambled. Here the area's own bindings run when it reads the key.
    Tab moves on to the next field, as in every form. With `one_paragraph` the text never holds a
    line break: Enter is left to the screen (a dialog's OK) and a pasted text's lines are joined.

    It posts `TextArea.Changed` for every edit. A view that shows a model value in it must not write
    that value while a person types in it, nor just after the focus left it: it may still have keys of
    its own to read, and an older value written would drop them (see `DetailsStep.show`).
    """

    DEFAULT_CSS = """
    TypedTextArea {
        height: auto;
        min-height: 3;
        max-height: 10;
    }
    """

    def __init__(self, text: str = "", *, one_paragraph: bool = False, **kwargs: Any) -> None:
        kwargs.setdefault("highlight_cursor_line", False)
        super().__init__(text, soft_wrap=True, tab_behavior="focus", **kwargs)
        self.one_paragraph = one_paragraph

    async def _on_key(self, event: events.Key) -> None:
        if self.read_only:
            return
        if self.one_paragraph and event.key == "enter":
            event.prevent_default()  # no line break: the key goes on up, to the screen's Enter
            return
        own = own_keys(type(self))
        action = next((own[key] for key in event.aliases if key in own), None)
        if action is not None:  # else TextArea's own handler, next in line, inserts the letter
            event.stop()
            event.prevent_default()
            await self.run_action(action)

    async def _on_paste(self, event: events.Paste) -> None:
        if self.one_paragraph and not self.read_only:
            text = " ".join(line.strip() for line in event.text.splitlines() if line.strip())
            if text:  # the cursor goes to the end of the pasted text, as when typed
                self.replace(text, *self.selection, maintain_selection_offset=False)
            event.stop()
            event.prevent_default()
