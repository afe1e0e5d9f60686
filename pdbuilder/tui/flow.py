"""The app's flows: what a person starts that may ask questions and touch files, one at a time."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from functools import wraps
from typing import TYPE_CHECKING, Concatenate, ParamSpec

if TYPE_CHECKING:
    from pdbuilder.tui.app import PdbuilderApp

_Args = ParamSpec("_Args")


def flow(
    method: Callable[Concatenate[PdbuilderApp, _Args], Awaitable[None]],
) -> Callable[Concatenate[PdbuilderApp, _Args], None]:
    """A flow that may ask the person and touches files (save, open, close...), run as a worker.

    One at a time: while one runs (e.g. waits for an answer), another is refused with a word
    rather than cancelling it halfway, which could leave a save or a question unfinished.
    """

    @wraps(method)
    def start(app: PdbuilderApp, /, *args: _Args.args, **kwargs: _Args.kwargs) -> None:
        if app.running_flow is not None:
            app.notify(f"Finish {app.running_flow} first.", severity="warning", timeout=3)
            return
        app.running_flow = method.__name__.removeprefix("action_").replace("_", " ")

        async def run() -> None:
            try:
                await method(app, *args, **kwargs)
            finally:
                app.running_flow = None

        app.run_worker(run(), group="flow")

    return start
