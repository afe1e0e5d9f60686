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
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from textual import work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.reactive import var
from textual.screen import Screen

from pdbuilder.errors import PdbuilderError
from pdbuilder.tui.messages import Edit
from pdbuilder.tui.recovery import DraftRecovery
from pdbuilder.tui.screens.dialogs import Choice, error_dialog
from pdbuilder.tui.screens.home import HomeScreen
from pdbuilder.tui.spec_flows import SpecFlows
from pdbuilder.workspace import Workspace

if TYPE_CHECKING:
    from pdbuilder.catalog import Catalog
    from pdbuilder.drafts import Draft, Drafts
    from pdbuilder.model import ClassRef, Position
    from pdbuilder.records import Loaded


class PdbuilderApp(DraftRecovery, SpecFlows, App[None]):
    CSS_PATH = "pdbuilder.tcss"
    TITLE = "pdbuilder"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (110, "-wide")]
    BINDINGS = [
        Binding("f1", "help", "Help"),
        Binding("ctrl+q", "quit", "Quit", priority=True),
    ]

    draft: var[Position | None] = var(None, init=False)  # the position being edited; None on the home screen
    catalog: var[Catalog | None] = var(None, init=False)  # None until loaded (or when it failed to load)

    def __init__(self, workspace: Workspace, drafts: Drafts | None = None) -> None:
        super().__init__()
        self.workspace = workspace
        self.start_autosave(drafts)
        self.record_path: Path | None = None  # where the draft is saved; None for a new position
        self.stamp: str | None = None  # the record's stamp when opened, to notice someone else's save
        self.saved: Position | None = None  # the draft as last opened or saved
        self._catalog_done = asyncio.Event()
        self._catalog_started = False

    @property
    def dirty(self) -> bool:
        return self.draft is not None and self.draft != self.saved

    def ref_of(self, position: Position) -> ClassRef | None:
        return self.catalog.get(position.class_id) if self.catalog else None

    def get_default_screen(self) -> Screen:
        return HomeScreen()  # the first screen itself, not pushed over a blank one: one first frame

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
        importlib.import_module(
            "pdbuilder.tui.screens.editor"
        )  # now, so that the first position opens quickly

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

    # --- the draft ----------------------------------------------------------

    def on_edit(self, message: Edit) -> None:
        message.stop()
        if self.draft is not None:
            self.draft = message.change(self.draft)

    async def _edit(
        self,
        position: Position,
        path: Path | None,
        stamp: str | None,
        start: str,
        recovered: str | None = None,
    ) -> None:
        from pdbuilder.tui.screens.editor import EditorScreen  # the editor is not needed to start

        if await self.loaded_catalog() is None:
            self.notify("The catalog could not be loaded; positions cannot be edited.", severity="error")
            return
        # A recovered draft is unsaved work: nothing counts as saved until the user saves it.
        self.record_path, self.stamp, self.saved = path, stamp, None if recovered else position
        self.autosave.begin(recovered)
        self.draft = position
        await self.push_screen(EditorScreen(start))

    async def read_record(self, path: Path, failure: str) -> Loaded | None:
        """The record at `path`, or None once a dialog titled `failure` has said why it cannot be read."""
        from pdbuilder.records import load_record

        try:
            return load_record(path)
        except PdbuilderError as exc:
            await self.push_screen_wait(error_dialog(failure, str(exc)))
            return None

    @work(exclusive=True, group="flow")
    async def action_new_position(self) -> None:
        from pdbuilder.model import Position

        await self._edit(Position(class_id=""), None, None, start="class")

    @work(exclusive=True, group="flow")
    async def open_record(self, path: Path) -> None:
        if loaded := await self.read_record(path, "This record cannot be opened"):
            await self._edit(loaded.position, path, loaded.stamp, start="review")

    async def edit_draft(self, draft: Draft) -> None:
        await self._edit(draft.position, draft.record, draft.base_stamp, start="review", recovered=draft.id)
        self.notify(
            "Recovered: save it (ctrl+s) to keep it, or close and discard it.", title="Draft recovered"
        )

    @work(exclusive=True, group="flow")
    async def reuse_record(self, path: Path) -> None:
        from pdbuilder.model import reuse_position

        if loaded := await self.read_record(path, "This record cannot be reused"):
            await self._edit(reuse_position(loaded.position), None, None, start="details")
            self.notify(
                f"A new position copied from {path.name}: give it a number, then save (ctrl+s).",
                title="Reuse",
            )

    @work(exclusive=True, group="flow")
    async def delete_record(self, path: Path) -> None:
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

    @work(exclusive=True, group="flow")
    async def action_close_editor(self) -> None:
        if self.draft is not None and await self._settled():
            self.draft = None
            self.pop_screen()
            self.call_later(self.offer_drafts)  # any left from an earlier run, after one was recovered

    @work(exclusive=True, group="flow")
    async def action_quit(self) -> None:
        if await self._settled():
            self.exit()

    async def _settled(self) -> bool:
        """True when leaving loses nothing: no changes, or they were saved or discarded on purpose."""
        if not self.dirty:
            return True
        name = self.record_path.name if self.record_path else "this new position"
        answer = await self.push_screen_wait(
            Choice(
                "Unsaved changes",
                f"Save the changes to {name} before leaving?",
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

    @work(exclusive=True, group="flow")
    async def action_save(self) -> None:
        if self.draft is not None:
            await self._save()

    async def _save(self) -> bool:
        """Save the draft to its record (a new file for a new position); False when it was not saved."""
        from pdbuilder.model import now
        from pdbuilder.records import ConflictError, file_stamp, free_record_path, save_position

        position = self.draft.with_changes(modified=now(), created=self.draft.created or now())
        folder = self.workspace.positions_dir
        path = self.record_path or free_record_path(folder, position)
        expected = self.stamp if self.record_path else None
        while True:
            try:
                stamp = save_position(position, path, expected)
                break
            except ConflictError as exc:
                answer = await self.push_screen_wait(
                    Choice(
                        "The record changed on disk",
                        f"{exc}\n\nSomeone else saved it since you opened it.",
                        [
                            ("new", "Save mine as a new record", "primary"),
                            ("overwrite", "Overwrite theirs", "error"),
                            ("reload", "Reload theirs, drop mine", "warning"),
                            ("cancel", "Cancel", "default"),
                        ],
                    )
                )
                if answer == "new":
                    path, expected = free_record_path(folder, position), None
                elif answer == "overwrite":
                    expected = file_stamp(path)
                elif answer == "reload":
                    return self._reload(path)
                else:
                    return False
            except PdbuilderError as exc:
                await self.push_screen_wait(
                    error_dialog(
                        "Not saved", f"{exc}\n\nNothing you typed is lost: fix the problem and save again."
                    )
                )
                return False
        self.record_path, self.stamp, self.saved = path, stamp, position
        self.draft = position
        self.notify(f"Saved {path}", title="Saved")
        return True

    def _reload(self, path: Path) -> bool:
        from pdbuilder.records import load_record

        try:
            loaded = load_record(path)
        except PdbuilderError as exc:
            self.notify(str(exc), title="Not reloaded", severity="error")
            return False
        self.record_path, self.stamp, self.saved = path, loaded.stamp, loaded.position
        self.draft = loaded.position
        return True

    @work(exclusive=True, group="flow")
    async def action_generate(self) -> None:
        if self.draft is None:
            return
        ref = self.ref_of(self.draft)
        if ref is None:
            self.notify("Choose a class first (step 1).", title="Not generated", severity="warning")
            return
        if self.record_path is None and not await self._save():  # the document is named after its record
            return
        self.notify("Generating the Word document…")
        try:
            result = await asyncio.to_thread(_generate, self.draft, ref, self.record_path)
        except Exception as exc:  # a template can fail in many ways; none of them may take the app down
            await self.push_screen_wait(error_dialog("Not generated", str(exc) or type(exc).__name__))
            return
        message = f"Word document: {result.path}" + "".join(f"\n⚠ {w}" for w in result.warnings)
        self.notify(message, title="Generated")
        if hasattr(self.screen, "show_output"):  # still on the editor
            self.screen.show_output(message)

    # --- help and the command palette --------------------------------------------

    def action_help(self) -> None:
        from pdbuilder.tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        for title, help_text, callback in getattr(screen, "commands", list)():
            yield SystemCommand(title, help_text, callback)
        yield SystemCommand("Help: keys", "Every key of this screen (F1)", self.action_help)
        yield from super().get_system_commands(screen)


def _generate(position: Position, ref: ClassRef, record: Path):
    from pdbuilder.render import default_output, generate  # docxtpl is slow to import: only when generating

    return generate(position, ref, default_output(record))


def run(workspace: Workspace) -> int:
    app = PdbuilderApp(workspace)
    app.run()
    return app.return_code or 0
