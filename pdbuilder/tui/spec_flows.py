"""The app's flows that hold a position against its class spec or another record: sync and compare.

A mixin of PdbuilderApp. Sync changes the draft only (the user saves it, through the usual save and
conflict checks); compare changes nothing. Their modules are imported on first use, off the start-up path.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from pdbuilder.tui.flow import flow
from pdbuilder.tui.messages import Edit
from pdbuilder.tui.screens.home import COLUMNS, HomeScreen, PositionsTable
from pdbuilder.tui.widgets.quick_table import Prepared, Row, prepare

if TYPE_CHECKING:
    from pdbuilder.model import Position


class SpecFlows:
    # --- sync ------------------------------------------------------------------

    @flow
    async def action_sync_spec(self) -> None:
        """Review each change of the draft's class spec; the accepted ones update the draft."""
        if self.draft is not None:
            await self._sync()

    @flow
    async def sync_record(self, path: Path) -> None:
        """Open a record and review its class spec's changes (from the home screen); none, nothing opens."""
        from pdbuilder.drift import drift

        if not (loaded := await self.read_record(path, "This record cannot be opened")):
            return
        ref = self.ref_of(loaded.position)
        if ref is not None and not drift(loaded.position, ref):
            self.notify(f"{path.name} matches its class spec.", title="Up to date")
            return
        await self._edit(self._session(loaded.position, path, loaded.stamp), start="review")
        if self.session is not None:
            await self._sync()

    async def _sync(self) -> None:
        from pdbuilder.drift import apply_changes, drift, is_current
        from pdbuilder.tui.screens.spec_review import SyncScreen

        ref = self.ref_of(self.draft)
        if ref is None:
            self.notify(
                f"Class {self.draft.class_id!r} is not in the catalog: choose a class in step 1.",
                title="Nothing to sync",
                severity="warning",
            )
            return
        changes = drift(self.draft, ref)
        if not changes:
            if not is_current(self.draft, ref):  # an older record: note the spec version it matches
                self.apply_edit(Edit(lambda p: apply_changes(p, ref, []), "note the class spec version"))
            self.notify("The position matches its class spec.", title="Up to date")
            return
        accepted = await self.push_screen_wait(SyncScreen(changes, self.session.name))
        if accepted is None:
            return
        self.apply_edit(Edit(lambda p: apply_changes(p, ref, accepted), "sync with the class spec"))
        declined = len(changes) - len(accepted)
        self.notify(
            f"{len(accepted)} change(s) applied"
            + (f", {declined} declined" if declined else "")
            + ". Save (ctrl+s) to keep them.",
            title="Synced",
        )

    # --- compare ------------------------------------------------------------------

    @flow
    async def action_compare(self) -> None:
        """Compare the draft (with its unsaved changes) with its class spec or another record."""
        if self.draft is not None:
            await self._compare(self.draft, self.session.name, self.record_path)

    @flow
    async def compare_record(self, path: Path) -> None:
        if loaded := await self.read_record(path, "This record cannot be compared"):
            await self._compare(loaded.position, path.name, path)

    async def _compare(self, position: Position, name: str, path: Path | None) -> None:
        from pdbuilder.diff import diff_lines, diff_positions, diff_with_class
        from pdbuilder.tui.screens.spec_review import CLASS_SPEC, ComparePicker, CompareScreen

        ref = self.ref_of(position)
        choice = await self.push_screen_wait(ComparePicker(name, COLUMNS, self._compare_rows(position, path)))
        if choice is None:
            return
        if choice == CLASS_SPEC:
            lines = diff_lines(diff_with_class(position, ref), f"class spec {ref.id}", name)
            title = f"{name} against its class spec"
        else:
            if not (loaded := await self.read_record(Path(choice), "This record cannot be compared")):
                return
            other = loaded.position
            lines = diff_lines(
                diff_positions(other, position, self.ref_of(other), ref), Path(choice).name, name
            )
            title = f"{Path(choice).name} → {name}"
        await self.push_screen(CompareScreen(title, lines))

    def _compare_rows(self, position: Position, path: Path | None) -> Prepared:
        """Its class spec first (when the class is known), then every other readable record, as the
        home screen lists them: its rows are reused, not made again for each of 100,000 records."""
        from pdbuilder.tui.screens.spec_review import CLASS_SPEC

        ref = self.ref_of(position)
        own = prepare(
            [Row(CLASS_SPEC, ("⟨its class spec⟩", "", ref.job_class.title, "", "", "", ""))] if ref else []
        )
        home = next((s for s in self.screen_stack if isinstance(s, HomeScreen)), None)
        if home is None:
            return own
        listed = home.query_one(PositionsTable).prepared
        left_out = {*home.unreadable, str(path)}  # keys are paths in the positions folder, as is the record's
        kept = [n for n, row in enumerate(listed.rows) if row.key not in left_out]
        return Prepared(
            own.rows + [listed.rows[n] for n in kept], own.haystacks + [listed.haystacks[n] for n in kept]
        )
