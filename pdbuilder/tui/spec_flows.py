"""The flows that hold a position against its class spec or another record: sync and compare.

The app starts them (each as one of its flows). Sync changes the draft only (the user saves it,
through the usual save and conflict checks); compare changes nothing. This module and theirs are
imported on first use, off the start-up path.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from pdbuilder.tui.messages import Edit
from pdbuilder.tui.screens.home import COLUMNS, HomeScreen, PositionsTable
from pdbuilder.tui.widgets.quick_table import Joined, Matches, Prepared, Row, keys_of, prepare

if TYPE_CHECKING:
    from pdbuilder.model import Position
    from pdbuilder.session import EditingSession
    from pdbuilder.tui.app import PdbuilderApp

# --- sync ------------------------------------------------------------------


async def sync_record(app: PdbuilderApp, path: Path) -> None:
    """Open a record and review its class spec's changes (from the home screen); none, nothing opens."""
    from pdbuilder.drift import drift

    if not (loaded := await app.read_record(path, "This record cannot be opened")):
        return
    ref = app.ref_of(loaded.position)
    if ref is not None and not drift(loaded.position, ref):
        app.notify(f"{path.name} matches its class spec.", title="Up to date")
        return
    await app.open_editor(app.new_session(loaded.position, path, loaded.stamp), start="review")
    if app.session is not None:
        await sync(app, app.session)


async def sync(app: PdbuilderApp, session: EditingSession) -> None:
    """Review each change of the draft's class spec; the accepted ones update the draft."""
    from pdbuilder.drift import apply_changes, drift, is_current
    from pdbuilder.tui.screens.spec_review import SyncScreen

    draft = session.draft
    ref = app.ref_of(draft)
    if ref is None:
        app.notify(
            f"Class {draft.class_id!r} is not in the catalog: choose a class in step 1.",
            title="Nothing to sync",
            severity="warning",
        )
        return
    changes = drift(draft, ref)
    if not changes:
        if not is_current(draft, ref):  # an older record: note the spec version it matches
            app.apply_edit(Edit(lambda p: apply_changes(p, ref, []), "note the class spec version"))
        app.notify("The position matches its class spec.", title="Up to date")
        return
    accepted = await app.push_screen_wait(SyncScreen(changes, session.name))
    if accepted is None:
        return
    app.apply_edit(Edit(lambda p: apply_changes(p, ref, accepted), "sync with the class spec"))
    declined = len(changes) - len(accepted)
    app.notify(
        f"{len(accepted)} change(s) applied"
        + (f", {declined} declined" if declined else "")
        + ". Save (ctrl+s) to keep them.",
        title="Synced",
    )


# --- compare ------------------------------------------------------------------


async def compare(app: PdbuilderApp, position: Position, name: str, path: Path | None) -> None:
    """Compare a position with its class spec or another record, as the person chooses."""
    from pdbuilder.diff import diff_lines, diff_positions, diff_with_class
    from pdbuilder.tui.screens.spec_review import CLASS_SPEC, ComparePicker, CompareScreen

    ref = app.ref_of(position)
    choice = await app.push_screen_wait(ComparePicker(name, COLUMNS, _compare_rows(app, position, path)))
    if choice is None:
        return
    if ref is not None and choice == CLASS_SPEC:  # offered only for a class in the catalog
        lines = diff_lines(diff_with_class(position, ref), f"class spec {ref.id}", name)
        title = f"{name} against its class spec"
    else:
        if not (loaded := await app.read_record(Path(choice), "This record cannot be compared")):
            return
        other = loaded.position
        lines = diff_lines(diff_positions(other, position, app.ref_of(other), ref), Path(choice).name, name)
        title = f"{Path(choice).name} → {name}"
    await app.push_screen(CompareScreen(title, lines))


def _compare_rows(app: PdbuilderApp, position: Position, path: Path | None) -> Prepared:
    """Its class spec first (when the class is known), then every other readable record, as the
    home screen lists them: its rows are reused, not made again for each of 100,000 records."""
    from pdbuilder.tui.screens.spec_review import CLASS_SPEC

    ref = app.ref_of(position)
    own = prepare(
        [Row(CLASS_SPEC, ("⟨its class spec⟩", "", ref.job_class.title, "", "", "", ""))] if ref else []
    )
    home = next((s for s in app.screen_stack if isinstance(s, HomeScreen)), None)
    if home is None:
        return own
    listed = home.query_one(PositionsTable).prepared
    left_out = {*home.unreadable, str(path)}  # keys are paths in the positions folder, as is the record's
    kept = [n for n, key in enumerate(keys_of(listed.rows)) if key not in left_out]
    return Prepared(
        Joined(own.rows, Matches(listed.rows, kept)), own.haystacks + [listed.haystacks[n] for n in kept]
    )
