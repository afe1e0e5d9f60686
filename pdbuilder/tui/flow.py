"""The app's flows: what a person starts that may ask questions and touch files, one at a time."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from functools import wraps
from typing import TYPE_CHECKING, Concatenate, ParamSpec

if TYPE_CHECKING:
    from pdbuilder.tui.app import PdbuilderApp

_Args = ParamSpec("_Args")
MOST_ROUNDS = 50  # a key's consequences travel a few widgets up and back: far more than any chain of them
ROUND_TIMEOUT = 1.0  # seconds; a widget removed meanwhile never handles its marker


async def typed_so_far(app: PdbuilderApp) -> None:
    """Return once everything typed until now has reached the session.

    A key is read by the focused field, which tells its step, which tells the app: each a message
    to the next widget in turn. A key bound to the screen or the app (Ctrl+S, Esc, Tab) skips that
    chain, so at a few milliseconds a key it acts before the last letters are in the draft (Ctrl+S
    saved a field without its last letters). So every widget handles what was sent to it so far,
    again, until no message is left on its way.
    """
    for _ in range(MOST_ROUNDS):
        widgets = [
            app,
            *(node for screen in app.screen_stack for node in screen.walk_children(with_self=True)),
        ]
        handled = []
        for widget in widgets:
            marker = asyncio.Event()
            if widget.call_later(marker.set):  # set once the messages the widget has now are handled
                handled.append(marker.wait())
        try:
            await asyncio.wait_for(asyncio.gather(*handled), ROUND_TIMEOUT)
        except TimeoutError:
            return
        if not any(widget.message_queue_size for widget in widgets):
            return


def flow(
    method: Callable[Concatenate[PdbuilderApp, _Args], Awaitable[None]],
) -> Callable[Concatenate[PdbuilderApp, _Args], None]:
    """A flow that may ask the person and touches files (save, open, close...), run as a worker.

    One at a time: while one runs (e.g. waits for an answer), another is refused with a word
    rather than cancelling it halfway, which could leave a save or a question unfinished. It starts
    once the keys typed before it have reached the session: what it saves is what was typed.
    """

    @wraps(method)
    def start(app: PdbuilderApp, /, *args: _Args.args, **kwargs: _Args.kwargs) -> None:
        if app.running_flow is not None:
            app.notify(f"Finish {app.running_flow} first.", severity="warning", timeout=3)
            return
        app.running_flow = method.__name__.removeprefix("action_").replace("_", " ")

        async def run() -> None:
            try:
                await typed_so_far(app)
                await method(app, *args, **kwargs)
            finally:
                app.running_flow = None

        app.run_worker(run(), group="flow")

    return start
