"""Lists whose own keys act when the list reads them, not once they have travelled up to the app."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import events

from pdbuilder.tui.widgets.typed_input import own_keys

if TYPE_CHECKING:
    from textual.widget import Widget as _Mixin
else:
    _Mixin = object  # a Widget in the bases would hide the list's component classes (its styles)

HAND_ON_TRIES = 100  # 10 ms apart: a dialog takes the focus within a few frames


class OwnKeysFirst(_Mixin):
    """A list (OptionList, SelectionList) that acts on its own keys as it reads them: mix in first.

    Textual runs a key binding only once the key has travelled up to the app, and then for the
    widget that has the focus at that moment: a key typed into a list just before Tab (a fast
    typist, key repeat, a busy machine) acted on the next field or was lost (`n` then Tab unticked
    nothing). And a key that opens a dialog: the keys read after it belong to the dialog's field.
    """

    held: list[events.Key] | None = None  # keys read while a dialog one of its keys asked for opens

    async def _on_key(self, event: events.Key) -> None:
        if self.held is not None:
            event.stop()
            event.prevent_default()
            self.held.append(event)
            return
        own = own_keys(type(self))
        action = next((own[key] for key in event.aliases if key in own), None)
        if action is not None:
            event.stop()
            event.prevent_default()
            await self.run_action(action)

    def hand_keys_to_dialog(self) -> None:
        """Keys read from now on go to the field that takes the focus next (a dialog opening), in order."""
        self.held = []
        self._hand_on(HAND_ON_TRIES)

    def _hand_on(self, tries: int) -> None:
        focused = self.app.focused
        if focused in (None, self) and tries:
            self.set_timer(0.01, lambda: self._hand_on(tries - 1))
            return
        held, self.held = self.held or [], None
        for key in held:  # to the dialog's field; after the tries, to the list itself
            (focused or self).post_message(events.Key(key.key, key.character))
