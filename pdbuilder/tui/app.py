"""The terminal UI's application: it owns the position being edited and publishes each new version.

Screens and widgets never change the draft themselves: they post `Edit` messages, the app applies
them and sets `draft`, and whoever shows the draft watches it. Saving, generating, opening and
the unsaved-changes guard live here too, as the flows that touch files.

The model and the record modules are imported where they are used: the home screen's first
frame needs neither, and start-up time is measured (benchmarks/bench_startup.py).
"""

from __future__ import annotations

import asyncio
import importlib
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, runtime_checkable

from textual import events, work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.reactive import var
from textual.screen import Screen

from pdbuilder.errors import PdbuilderError
from pdbuilder.tui.flow import flow
from pdbuilder.tui.messages import Edit
from pdbuilder.tui.recovery import DraftRecovery
from pdbuilder.tui.screens.dialogs import Choice, error_dialog
from pdbuilder.workspace import Workspace

if TYPE_CHECKING:
    from pdbuilder.catalog import Catalog
    from pdbuilder.drafts import Draft, Drafts
    from pdbuilder.model import AgencyProfile, ClassRef, Position
    from pdbuilder.records import Loaded
    from pdbuilder.render import Generated
    from pdbuilder.session import EditingSession
    from pdbuilder.tui.autosave import Autosave, AutosaveFailed


@runtime_checkable
class Commands(Protocol):
    """A screen with entries of its own in the command palette: (title, help, what it does)."""

    def commands(self) -> Iterable[tuple[str, str, Callable[[], object]]]: ...


class PdbuilderApp(App[None]):
    """The app: screens and steps reach it as their typed `app` (`textual.getters.app(PdbuilderApp)`)."""

    CSS_PATH = "pdbuilder.tcss"
    TITLE = "pdbuilder"
    WIDE = 110  # columns from which the steps' lists sit side by side (classes -wide / -narrow)
    BINDINGS = [
        Binding("f1", "help", "Help"),
        Binding("ctrl+q", "quit", "Quit", priority=True),
        # Priority: the focus moves before the next key is handed on, so text typed right after Tab
        # lands in the next field (Textual's own Tab acts only once the focused widget passed it up).
        Binding("tab", "focus_next", "Next field", show=False, priority=True),
        Binding("shift+tab", "focus_previous", "Previous field", show=False, priority=True),
    ]

    # The session's draft, published to the views; an equal draft is news too (e.g. saved: no longer dirty).
    draft: var[Position | None] = var(None, init=False, always_update=True)
    catalog: var[Catalog | None] = var(None, init=False)  # None until loaded (or when it failed to load)

    def __init__(self, workspace: Workspace, drafts: Drafts | None = None) -> None:
        super().__init__()
        self.workspace = workspace
        self.recovery = DraftRecovery(self, drafts)
        self.session: EditingSession | None = None  # the position being edited; None on the home screen
        self.last_record: Path | None = None  # the record of the editor last closed: home's cursor goes there
        self.draft_typed = False  # the draft's last change is one the focused widget already shows
        self.running_flow: str | None = None  # the flow under way (see `flow`), by name
        self._catalog_done = asyncio.Event()
        self._catalog_started = False

    def ref_of(self, position: Position) -> ClassRef | None:
        return self.catalog.get(position.class_id) if self.catalog else None

    def get_default_screen(self) -> Screen[None]:
        from pdbuilder.tui.screens.home import HomeScreen  # it reaches this module's app: imported after it

        self.show_width(self.size.width)
        return HomeScreen()  # the first screen itself, not pushed over a blank one: one first frame

    def on_resize(self, event: events.Resize) -> None:
        self.show_width(event.size.width)

    def show_width(self, width: int) -> None:
        # On the app, not on each screen as Textual's breakpoints are: a screen is styled once as it
        # mounts, not a second time when its first resize event sets the class.
        wide = width >= self.WIDE
        self.update_classes({"-wide": wide, "-narrow": not wide})

    # --- the catalog ------------------------------------------------------

    def start_loading_catalog(self) -> None:
        """Read the catalog once, off the UI thread (the home screen asks once its first rows are shown)."""
        if not self._catalog_started:
            self._catalog_started = True
            self._load_catalog()

    async def loaded_catalog(self) -> Catalog | None:
        """The catalog once it is read; None when it could not be."""
        self.start_loading_catalog()
        await self._catalog_done.wait()
        return self.catalog

    @work(thread=True, group="catalog")
    def _load_catalog(self) -> None:
        try:
            catalog = self.workspace.catalog
        except PdbuilderError as exc:
            self.call_from_thread(self._catalog_failed, exc)
            return
        self.call_from_thread(self._catalog_loaded, catalog)

    @staticmethod
    def prepare_editor() -> None:
        """Import the editor ahead, off the UI thread, so that the first position opens quickly: the
        home screen's reading calls this once every record is listed (it would only slow that)."""
        importlib.import_module("pdbuilder.tui.screens.editor")

    # --- drafts: autosave and recovery ---------------------------------------------

    @property
    def autosave(self) -> Autosave:
        return self.recovery.autosave

    def watch_draft(self) -> None:
        self.autosave.changed()

    def on_autosave_failed(self, message: AutosaveFailed) -> None:  # from the writer thread
        self.notify(
            f"Drafts are not being autosaved: {message.error}", title="Autosave", severity="error", timeout=10
        )

    def on_unmount(self) -> None:
        self.recovery.close()

    @work(exclusive=True, group="drafts")
    async def offer_drafts(self) -> None:
        await self.recovery.offer()

    def _catalog_loaded(self, catalog: Catalog) -> None:
        self.catalog = catalog
        self._catalog_done.set()
        self.offer_drafts()

    def _catalog_failed(self, error: PdbuilderError) -> None:
        self._catalog_done.set()
        self.push_screen(
            error_dialog(
                "The catalog could not be loaded",
                f"{error}\n\nPositions are listed, but cannot be opened until the catalog file is fixed.",
            )
        )

    # --- the editing session ------------------------------------------------------

    @property
    def dirty(self) -> bool:
        return self.session is not None and self.session.dirty

    @property
    def record_path(self) -> Path | None:
        return self.session.path if self.session else None

    @property
    def stamp(self) -> str | None:
        return self.session.stamp if self.session else None

    @property
    def editing(self) -> EditingSession:
        """The session of the position in the editor, for the editor and its steps: they exist only while there is one."""
        if self.session is None:
            raise RuntimeError("no position is being edited")
        return self.session

    def publish(self, typed: bool = False) -> None:
        """Tell the views the session's draft (None: no position open); `typed`: see `Edit.typed`."""
        self.draft_typed = typed
        self.draft = self.session.draft if self.session else None

    def on_edit(self, message: Edit) -> None:
        message.stop()
        self.apply_edit(message)

    def apply_edit(self, message: Edit) -> None:
        """The one way the draft changes by a person's wish: through the session, into its history."""
        was = self.session.draft.status if self.session is not None else None
        if self.session is not None and self.session.edit(message.change, message.label, message.group):
            self.publish(typed=message.typed)
            reopened = was == "approved" and self.session.draft.status == "draft"
            if notice := message.notice or ("The approved position is a draft again" if reopened else None):
                self.notify(f"{notice} — Ctrl+Z undoes", title="Done")

    def action_undo(self) -> None:
        self._travel(undo=True)

    def action_redo(self) -> None:
        self._travel(undo=False)

    def _travel(self, undo: bool) -> None:
        if self.session is None:
            return
        label = self.session.undo() if undo else self.session.redo()
        if label is None:
            self.notify(f"Nothing to {'undo' if undo else 'redo'}.", timeout=2)
            return
        self.publish()
        self.notify(f"{'Undone' if undo else 'Redone'}: {label}", timeout=3)

    async def open_editor(self, session: EditingSession, start: str, recovered: str | None = None) -> None:
        """Edit the session's position in the editor, from step `start`."""
        from pdbuilder.tui.screens.editor import EditorScreen  # the editor is not needed to start

        if await self.loaded_catalog() is None:
            self.notify("The catalog could not be loaded; positions cannot be edited.", severity="error")
            return
        self.session = session
        self.autosave.begin(recovered)
        self.publish()
        await self.push_screen(EditorScreen(start))

    def new_session(
        self, position: Position, path: Path | None = None, stamp: str | None = None
    ) -> EditingSession:
        from pdbuilder.session import EditingSession

        return EditingSession(position, self.workspace.positions_dir, path, stamp)

    async def read_record(self, path: Path, failure: str) -> Loaded | None:
        """The record at `path`, or None once a dialog titled `failure` has said why it cannot be read."""
        from pdbuilder.records import load_record

        try:
            return load_record(path)
        except PdbuilderError as exc:
            await self.push_screen_wait(error_dialog(failure, str(exc)))
            return None

    @flow
    async def action_new_position(self) -> None:
        from pdbuilder.model import Position

        await self.open_editor(self.new_session(Position(class_id="")), start="class")

    @flow
    async def open_record(self, path: Path) -> None:
        loaded = await self.read_record(path, "This record cannot be opened")
        if loaded is None or not await self._approved_may_change(loaded.position, path):
            return
        await self.open_editor(self.new_session(loaded.position, path, loaded.stamp), start="review")

    async def _approved_may_change(self, position: Position, path: Path) -> bool:
        """Before an approved position is opened for editing, ask: any change makes it a draft again."""
        if position.status != "approved":
            return True
        answer = await self.push_screen_wait(
            Choice(
                "This position is approved",
                f"{path.name}\n\nChanging anything in it sets it back to draft (the move is recorded with "
                "your name); it then needs review and approval again.",
                [("open", "Open it", "primary"), ("cancel", "Cancel", "default")],
            )
        )
        return answer == "open"

    @flow
    async def action_history(self) -> None:
        """The record's versions from git; the one chosen is restored into the draft (undoable, not saved)."""
        from pdbuilder.history import versions
        from pdbuilder.model import restored
        from pdbuilder.tui.screens.history import HistoryScreen

        if self.session is None:
            return
        if self.record_path is None:
            self.notify("A new position has no history yet: save it first.", title="History")
            return
        try:
            found = await asyncio.to_thread(versions, self.record_path)
        except PdbuilderError as exc:
            self.notify(str(exc), title="No history", severity="warning")
            return
        if not found:
            self.notify(f"{self.session.name} has no commits yet.", title="History")
            return
        chosen = await self.push_screen_wait(HistoryScreen(self.session.name, found))
        version = next((v for v in found if v.commit == chosen), None)
        if version is None:
            return
        if version.position is None:
            self.notify(
                f"Version {version.short} {version.summary}.", title="Not restored", severity="warning"
            )
            return
        old = version.position
        self.apply_edit(
            Edit(
                lambda draft: restored(draft, old),
                f"restore version {version.short}",
                notice=f"Restored the version of {version.date:%Y-%m-%d %H:%M} ({version.short}); not saved yet",
            )
        )

    async def edit_draft(self, draft: Draft) -> None:
        from pdbuilder.session import EditingSession

        session = EditingSession.recovered(
            draft.position, self.workspace.positions_dir, draft.record, draft.base_stamp
        )
        await self.open_editor(session, start="review", recovered=draft.id)
        self.notify(
            "Recovered: save it (ctrl+s) to keep it, or close and discard it.", title="Draft recovered"
        )

    @flow
    async def reuse_record(self, path: Path) -> None:
        from pdbuilder.model import reuse_position

        if loaded := await self.read_record(path, "This record cannot be reused"):
            await self.open_editor(self.new_session(reuse_position(loaded.position)), start="details")
            self.notify(
                f"A new position copied from {path.name}: give it a number, then save (ctrl+s).",
                title="Reuse",
            )

    # --- sync and compare (pdbuilder.tui.spec_flows) ----------------------------

    @flow
    async def action_sync_spec(self) -> None:
        """Review each change of the draft's class spec; the accepted ones update the draft."""
        from pdbuilder.tui import spec_flows

        if self.session is not None:
            await spec_flows.sync(self, self.session)

    @flow
    async def sync_record(self, path: Path) -> None:
        from pdbuilder.tui import spec_flows

        await spec_flows.sync_record(self, path)

    @flow
    async def action_compare(self) -> None:
        """Compare the draft (with its unsaved changes) with its class spec or another record."""
        from pdbuilder.tui import spec_flows

        if self.session is not None:
            await spec_flows.compare(self, self.session.draft, self.session.name, self.session.path)

    @flow
    async def compare_record(self, path: Path) -> None:
        from pdbuilder.tui import spec_flows

        if loaded := await self.read_record(path, "This record cannot be compared"):
            await spec_flows.compare(self, loaded.position, path.name, path)

    @flow
    async def delete_record(self, path: Path) -> None:
        from pdbuilder.tui.screens.home import HomeScreen

        answer = await self.push_screen_wait(
            Choice(
                "Delete this record?",
                f"{path}\n\nThe file is removed from the positions folder.",
                [("cancel", "Keep it", "primary"), ("delete", "Delete", "error")],
            )
        )
        if answer != "delete":
            return
        try:
            path.unlink()
        except OSError as exc:
            await self.push_screen_wait(error_dialog("Not deleted", f"{path}: {exc.strerror or exc}"))
            return
        self.notify(f"Deleted {path.name}")
        if isinstance(self.screen, HomeScreen):
            self.screen.load_records()

    @flow
    async def action_close_editor(self) -> None:
        if self.session is not None and await self._settled():
            self.last_record, self.session = self.session.path, None
            self.publish()
            self.pop_screen()
            self.call_later(self.offer_drafts)  # any left from an earlier run, after one was recovered

    async def action_quit(self) -> None:
        """Textual's quit (Ctrl+Q, the palette's Quit), once nothing would be lost: a flow, which may ask."""
        self.quit()

    @flow
    async def quit(self) -> None:
        if await self._settled():
            self.exit()

    async def _settled(self) -> bool:
        """True when leaving loses nothing: no changes, or they were saved or discarded on purpose."""
        if self.session is None or not self.session.dirty:
            return True
        answer = await self.push_screen_wait(
            Choice(
                "Unsaved changes",
                f"Save the changes to {self.session.name} before leaving?",
                [
                    ("save", "Save", "primary"),
                    ("discard", "Discard changes", "error"),
                    ("cancel", "Keep editing", "default"),
                ],
            )
        )
        if answer == "save":
            return await self._save()
        if answer == "discard":
            self.autosave.discard()
        return answer == "discard"

    # --- saving and generating -----------------------------------------------

    @flow
    async def action_save(self) -> None:
        if self.session is not None:
            await self._save()

    async def _save(self) -> bool:
        """Save the draft (a new file for a new position), asking on a conflict; False when not saved."""
        from pdbuilder.records import ConflictError
        from pdbuilder.session import NameTaken

        session = self.session
        assert session is not None
        choice: dict[str, bool] = {}
        while True:
            try:
                path = session.save(**choice)
                break
            except NameTaken as exc:
                answer = await self.push_screen_wait(
                    Choice(
                        "Another record has this position",
                        f"{exc}\n\nSave this one beside it all the same, or cancel (and check the number)?",
                        [("new", "Save beside it", "primary"), ("cancel", "Cancel", "default")],
                    )
                )
                if answer != "new":
                    return False
                choice = {"as_new": True}
            except ConflictError as exc:
                answer = await self.push_screen_wait(
                    Choice(
                        "The record changed on disk",
                        f"{exc}\n\nSomeone else saved it since you opened it. Save yours as a new "
                        "record, overwrite theirs, or reload theirs (Ctrl+Z then brings yours back).",
                        [
                            ("new", "Save as new", "primary"),
                            ("overwrite", "Overwrite", "error"),
                            ("reload", "Reload theirs", "warning"),
                            ("cancel", "Cancel", "default"),
                        ],
                    )
                )
                if answer == "new":
                    choice = {"as_new": True}
                elif answer == "overwrite":
                    choice = {"overwrite": True}
                elif answer == "reload":
                    return self._reload()
                else:
                    return False
            except PdbuilderError as exc:
                await self.push_screen_wait(
                    error_dialog(
                        "Not saved", f"{exc}\n\nNothing you typed is lost: fix the problem and save again."
                    )
                )
                return False
        self.publish()
        self.notify(f"Saved {path}", title="Saved")
        return True

    def _reload(self) -> bool:
        assert self.session is not None
        try:
            self.session.reload()
        except PdbuilderError as exc:
            self.notify(str(exc), title="Not reloaded", severity="error")
            return False
        self.publish()
        return True

    @flow
    async def action_generate(self, template: str = "position-description") -> None:
        """Write a Word document (`template`) of the saved record: unsaved changes are saved first."""
        from pdbuilder.model import problems

        session = self.session
        if session is None:
            return
        ref = self.ref_of(session.draft)
        if ref is None:
            self.notify("Choose a class first (step 1).", title="Not generated", severity="warning")
            return
        if session.dirty and not await self._save():  # a document always matches a saved record
            return
        assert session.saved is not None and session.path is not None
        self.notify("Generating the Word document…")
        try:
            result = await asyncio.to_thread(
                _generate, session.saved, ref, session.path, template, self.workspace.agency
            )
        except Exception as exc:  # a template can fail in many ways; none of them may take the app down
            await self.push_screen_wait(error_dialog("Not generated", str(exc) or type(exc).__name__))
            return
        found = problems(session.saved, ref)
        message = (
            f"Word document: {result.path}"
            + "".join(f"\n⚠ {w}" for w in result.warnings)
            + (f"\n⚠ It is incomplete: {'; '.join(found)}." if found else "")
        )
        if self.is_web:  # in a browser (`pdbuilder serve`), whose computer is not this one: download it too
            self.deliver_binary(result.path, save_filename=download_name(result.path))
            message += "\nDownloading it in the browser."
        incomplete = bool(found or result.warnings)
        self.notify(
            message,
            title="Generated, incomplete" if incomplete else "Generated",
            severity="warning" if incomplete else "information",
        )
        from pdbuilder.tui.screens.editor import EditorScreen

        if isinstance(self.screen, EditorScreen):
            self.screen.show_output(message)

    # --- help and the command palette --------------------------------------------

    def action_help(self) -> None:
        from pdbuilder.tui.screens.editor import EditorScreen
        from pdbuilder.tui.screens.help import HelpScreen
        from pdbuilder.tui.widgets.steps import STEPS

        if isinstance(self.screen, HelpScreen):
            return
        # The editor composes a step when first shown: the keys of those not shown yet are listed too.
        steps = [kind for step in STEPS for kind in step.widget_types()]
        self.push_screen(HelpScreen(self.screen, steps if isinstance(self.screen, EditorScreen) else ()))

    def deliver_screenshot(
        self, filename: str | None = None, path: str | None = None, time_format: str | None = None
    ) -> str | None:
        # Textual saves it in the Downloads folder, which a server or a fresh account may not have
        # (the palette's Screenshot then failed): the current folder, as every other file here.
        return super().deliver_screenshot(filename, path or str(Path.cwd()), time_format)

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        if isinstance(screen, Commands):
            for title, help_text, callback in screen.commands():
                yield SystemCommand(title, help_text, callback)
        yield SystemCommand("Help: keys", "Every key of this screen (F1)", self.action_help)
        yield from super().get_system_commands(screen)


def _generate(
    position: Position, ref: ClassRef, record: Path, template: str, agency: AgencyProfile
) -> Generated:
    from pdbuilder.render import default_output, generate  # docxtpl is slow to import: only when generating

    return generate(position, ref, default_output(record, template), template, agency=agency)


def download_name(path: Path) -> str:
    """The document's name as a browser receives it: textual-serve sends it unquoted in a header."""
    from pdbuilder.model import slugify

    return f"{slugify(path.stem) or 'position'}{path.suffix}"


def run(workspace: Workspace) -> int:
    # Reading many records spawns processes, and the helper process multiprocessing starts first
    # needs the real stderr, which Textual replaces while it runs: start that helper now.
    from multiprocessing import resource_tracker

    resource_tracker.ensure_running()
    app = PdbuilderApp(workspace)
    app.run()
    return app.return_code or 0
