"""Fixtures for driving the terminal UI: an app on the test's own folders, and waiting helpers."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

import pytest
import textual._wait
from textual import events
from textual.css.stylesheet import Stylesheet
from textual.keys import _character_to_key
from textual.message_pump import MessagePump
from textual.pilot import Pilot, WaitForScreenTimeout
from textual.reactive import reactive
from textual.screen import ModalScreen
from textual.widgets import Input, TextArea

from pdbuilder.tui.app import PdbuilderApp
from pdbuilder.tui.screens.home import HomeScreen
from pdbuilder.workspace import Workspace


@pytest.fixture(autouse=True)
def steady_cursor(monkeypatch):
    """A blinking cursor would make screenshots differ from run to run."""
    for field in (Input, TextArea):
        steady = reactive(False, init=False)
        steady.__set_name__(field, "cursor_blink")
        monkeypatch.setattr(field, "cursor_blink", steady)


@pytest.fixture(autouse=True, scope="session")
def quick_idle_check():
    """Pilot waits for the app to be idle in 5 ms windows instead of Textual's 20 ms.

    `pilot.press` and `pilot.pause` sleep a window at a time until one passes in which the process
    used under a twentieth of it in CPU: at 20 ms every key and every pause cost 20-40 ms of
    waiting with nothing left to do, half the wall time of the terminal UI's tests. The check is the
    same in shorter windows (Textual is pinned exactly in the test extras), and a window ends only
    once the event loop has nothing else ready to run: on a busy machine a process can get no CPU
    for a whole window with keys still being handed on, which is not idle.
    """
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(textual._wait, "SLEEP_GRANULARITY", 0.005)
        patch.setattr(textual._wait, "SLEEP_IDLE", 0.005 / 20)
        patch.setattr(textual._wait, "sleep", sleep_until_nothing_is_ready)
        yield


async def sleep_until_nothing_is_ready(delay: float) -> None:
    """`asyncio.sleep`, then on while the event loop has callbacks ready (at most 1,000 turns)."""
    await asyncio.sleep(delay)
    loop = asyncio.get_running_loop()
    for _ in range(1000):
        if not loop._ready:  # asyncio's run queue
            return
        await asyncio.sleep(0)


@pytest.fixture(autouse=True, scope="session")
def quick_screen_wait():
    """Pilot waits for the screen's widgets to handle the messages queued so far by asking only those
    that have any.

    Textual's Pilot sends every widget of the screen a callback before each key and pause and waits
    for them all: some 7 ms of CPU for the hundred widgets of the Details step, even when not one of
    them has anything to do. A widget waiting on its empty queue has handled everything sent to it.
    """
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(Pilot, "_wait_for_screen", wait_for_busy_widgets)
        yield


def waiting_for_messages(pump: MessagePump) -> bool:
    """The pump has nothing queued and its task waits for the next message (Textual is pinned exactly)."""
    queue = pump.__dict__.get("_message_queue")  # made when first used
    return (
        queue is not None
        and queue.empty()
        and pump._pending_message is None
        and not pump._next_callbacks
        and any(not waiter.done() for waiter in queue.ready_event._waiters)  # the pump's get(), waiting
    )


async def wait_for_busy_widgets(pilot: Pilot, timeout: float = 30.0) -> bool:
    """Pilot._wait_for_screen, asking only the widgets with messages queued or one being handled."""
    try:
        screen = pilot.app.screen
    except Exception:
        return False
    handled = asyncio.Event()
    busy = 0

    def one_done() -> None:
        nonlocal busy
        busy -= 1
        if busy == 0:
            handled.set()

    for pump in (pilot.app, *screen.walk_children(with_self=True)):
        if not waiting_for_messages(pump) and pump.call_later(one_done):
            busy += 1
    if busy:
        waits = [asyncio.create_task(handled.wait()), asyncio.create_task(pilot.app._exception_event.wait())]
        _, pending = await asyncio.wait(waits, timeout=timeout, return_when=asyncio.FIRST_COMPLETED)
        for task in pending:
            task.cancel()
        if len(pending) == len(waits):
            raise WaitForScreenTimeout("Timed out while waiting for widgets to process pending messages.")
        return busy == 0
    return True


@pytest.fixture(autouse=True, scope="session")
def css_parsed_once():
    """Each app parses the CSS of every widget class it shows again, and again when it pushes a screen
    with CSS of its own (Textual's parse cache lives and dies with an app's stylesheet): a tenth of
    the CPU of starting an app. The parse is a pure function of the CSS, where it was read from and
    the theme's variables, so the test process keeps one cache for all its apps."""
    parse = Stylesheet._parse_rules
    parsed: dict[tuple, list] = {}

    def parse_once(self, css, read_from, is_default_rules=False, tie_breaker=0, scope=""):
        key = (css, read_from, is_default_rules, tie_breaker, scope, tuple(self._variables.items()))
        if key not in parsed:
            parsed[key] = parse(self, css, read_from, is_default_rules, tie_breaker, scope)
        return parsed[key]

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(Stylesheet, "_parse_rules", parse_once)
        yield


@pytest.fixture
def make_app(positions):
    """An app on a copy of the sample positions (a relative path: tests run in tmp_path)."""

    def make(positions_dir: str = "positions", catalog_dirs: list[Path] = ()) -> PdbuilderApp:
        return PdbuilderApp(Workspace(Path(positions_dir), list(catalog_dirs)))

    return make


async def settle(pilot, timeout: float = 10) -> None:
    """Wait until the workers (loading, saving) are done, or wait for an answer in a dialog."""
    app = pilot.app
    deadline = time.monotonic() + timeout
    while True:
        await pilot.pause()  # waits until the process is idle: a worker's thread keeps it busy
        busy = [w for w in app.workers if w.is_running]
        if not busy or isinstance(app.screen, ModalScreen):
            await pilot.pause()
            return
        assert time.monotonic() < deadline, f"still busy after {timeout}s: {busy}"
        await asyncio.sleep(0.005)


async def offered(pilot, timeout: float = 10) -> None:
    """Wait for the offer to recover drafts: it comes once the catalog is read, which starts only
    after the home screen's first rows are drawn (so a first `settle` may find nothing running yet)."""
    deadline = time.monotonic() + timeout
    while not isinstance(pilot.app.screen, ModalScreen):
        assert time.monotonic() < deadline, f"no offer to recover drafts after {timeout}s"
        await settle(pilot)


async def type_text(pilot, text: str) -> None:
    """Type `text` as one burst of keys, as a terminal hands on keys that arrive together.

    `pilot.press(*text)` waits for the app to go idle after every key (some 50 ms each); keys typed
    one at a time are what tests/tui/test_typing.py is about. The keys are the events `press`
    sends (Textual is pinned exactly in the test extras), and the app still sees each one.
    """
    for character in text:
        key = events.Key(_character_to_key(character), character)
        key.set_sender(pilot.app)
        pilot.app.post_message(key)
    await pilot.pause()  # the app has handed every key on to the focused widget ...
    await pilot.pause()  # ... and the widget has taken them in


async def home_ready(pilot, timeout: float = 10) -> HomeScreen:
    """Wait until the home screen has listed every record."""
    await settle(pilot)
    home = pilot.app.screen
    assert isinstance(home, HomeScreen)
    deadline = time.monotonic() + timeout
    while home.reading:  # its reading starts after the first frame: `settle` can come before it
        assert time.monotonic() < deadline, f"the home screen is still reading after {timeout}s"
        await settle(pilot)
    return home


async def new_in_editor(pilot) -> None:
    """From the home screen, start a new position (`n`) and wait until the editor is ready."""
    await home_ready(pilot)
    await pilot.press("n")
    await settle(pilot)


async def open_in_editor(pilot, record, step: str | None = None) -> None:
    """From the home screen, open a record in the editor and wait until it is loaded; then go to
    `step` (composed when first shown) and wait until it is."""
    home = await home_ready(pilot)
    home.query_one("#positions").move_to_key(str(record))
    await pilot.press("enter")
    await settle(pilot)
    if step is not None:
        pilot.app.screen.go(step)
        await settle(pilot)
