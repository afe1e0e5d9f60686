"""A screen's title line and key line, each one widget.

Textual's Header is four widgets and its Footer one widget per key, rebuilt and restyled each time
the focus moves: a third of the time it took to open a record in the editor. These draw the same
lines from text, so a focus change repaints one line and nothing is laid out again.
"""

from __future__ import annotations

from typing import NamedTuple

from textual import events
from textual.binding import Binding
from textual.content import Content
from textual.widget import Widget

ICON = " ⭘      "  # where Textual's header has its icon: a click there opens the palette
CLOCK_SPACE = 10  # the blank Textual's header keeps on the right for a clock


class TitleBar(Widget):
    """The screen's title and sub-title, centred; the icon on the left opens the command palette."""

    DEFAULT_CSS = """
    TitleBar {
        dock: top;
        width: 100%;
        height: 1;
        background: $panel;
        color: $foreground;
    }
    """

    def on_mount(self) -> None:
        for owner in (self.app, self.screen):
            self.watch(owner, "title", self._title_changed, init=False)
            self.watch(owner, "sub_title", self._title_changed, init=False)

    def _title_changed(self) -> None:
        self.refresh()

    def render(self) -> Content:
        screen, app = self.screen, self.app
        title = app.format_title(
            screen.title if screen.title is not None else app.title,
            screen.sub_title if screen.sub_title is not None else app.sub_title,
        )
        middle = max(self.size.width - len(ICON) - CLOCK_SPACE, 0)
        return Content.assemble(ICON, title.truncate(middle, ellipsis=True).center(middle))

    async def on_click(self, event: events.Click) -> None:
        if event.x < len(ICON):
            event.stop()
            await self.run_action("app.command_palette")


class Key(NamedTuple):
    """One key as the key line shows it."""

    key: str
    shown: str
    description: str
    action: str
    enabled: bool


class KeyBar(Widget):
    """The keys the screen and the focused widget offer now, as Textual's Footer shows them.

    When they do not fit, the line gets tighter, then leaves out the screen's `spare` keys and the
    palette's, then whole keys from its end; a click on a key presses it.
    """

    ALLOW_SELECT = False
    COMPONENT_CLASSES = {"key-bar--key", "key-bar--description", "key-bar--separator"}
    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        width: 100%;
        height: 1;
        background: $footer-background;
        color: $footer-foreground;
        .key-bar--key {
            color: $footer-key-foreground;
            background: $footer-key-background;
            text-style: bold;
        }
        .key-bar--description {
            color: $footer-description-foreground;
            background: $footer-description-background;
        }
        .key-bar--separator {
            color: $foreground 20%;
        }
    }
    """

    def __init__(self, spare: tuple[str, ...] = ()) -> None:
        super().__init__()
        self.spare = spare  # actions left out first when the keys do not fit
        self.keys: list[Key] = []
        self.palette: Key | None = None
        self._spans: list[tuple[int, int, Key]] = []  # where each shown key is, for clicks

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)
        self._bindings_changed()

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, *_: object) -> None:
        keys, palette = self._read_keys()
        if (keys, palette) != (self.keys, self.palette):
            self.keys, self.palette = keys, palette
            self.refresh()

    def _read_keys(self) -> tuple[list[Key], Key | None]:
        """The keys to show, one per action, in the order Textual's Footer has them; and the palette's."""
        app = self.app
        bindings = self.screen.active_bindings
        keys: dict[str, Key] = {}
        for _, binding, enabled, _ in bindings.values():
            if binding.show and binding.action not in keys:
                keys[binding.action] = self._key(binding, enabled)
        palette = None
        if app.ENABLE_COMMAND_PALETTE and app.COMMAND_PALETTE_BINDING in bindings:
            _, binding, enabled, _ = bindings[app.COMMAND_PALETTE_BINDING]
            palette = self._key(binding, enabled)
        return list(keys.values()), palette

    def _key(self, binding: Binding, enabled: bool) -> Key:
        return Key(
            binding.key, self.app.get_key_display(binding), binding.description, binding.action, enabled
        )

    def _label(self, key: Key, compact: bool) -> Content:
        """A key as Textual's Footer draws it, or as its compact footer does."""
        key_part = key.shown if compact else f" {key.shown} "
        description = f" {key.description} " if compact else f"{key.description} "
        label = Content.assemble(
            (key_part, self.get_visual_style("key-bar--key")),
            (description, self.get_visual_style("key-bar--description")),
        )
        return label if key.enabled else label.stylize("dim")

    def render(self) -> Content:
        width = self.size.width
        kept = [key for key in self.keys if key.action not in self.spare]
        for keys, compact, with_palette in (
            (self.keys, False, True),
            (self.keys, True, True),
            (kept, True, True),
            (kept, True, False),
        ):
            labels = [self._label(key, compact) for key in keys]
            palette = Content("")
            if with_palette and self.palette is not None:
                separator = Content.styled("▏", self.get_visual_style("key-bar--separator"))
                palette = separator + self._label(self.palette, compact=True)
            if sum(label.cell_length for label in labels) + palette.cell_length <= width:
                break
        room = width - palette.cell_length
        line, self._spans = Content(""), []
        for key, label in zip(keys, labels, strict=True):
            if line.cell_length + label.cell_length > room:
                break
            self._spans.append((line.cell_length, line.cell_length + label.cell_length, key))
            line += label
        if palette and self.palette is not None:
            self._spans.append((room, width, self.palette))
        return line.pad_right(room - line.cell_length) + palette

    def on_mouse_down(self, event: events.MouseDown) -> None:
        for start, end, key in self._spans:
            if start <= event.x < end:
                if key.enabled:
                    self.app.simulate_key(key.key)
                else:
                    self.app.bell()
