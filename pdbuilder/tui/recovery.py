"""Drafts left by a crash or `kill -9`, offered for recovery at the next start.

The autosave machinery (pdbuilder.tui.autosave, which reads and writes records) is imported when
first needed, after the home screen's first frame.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

from pdbuilder.tui.screens.dialogs import Choice

if TYPE_CHECKING:
    from pdbuilder.drafts import Drafts
    from pdbuilder.tui.app import PdbuilderApp
    from pdbuilder.tui.autosave import Autosave


class DraftRecovery:
    """The app's drafts: the autosave of the position being edited, and the offer of those left from an earlier run."""

    def __init__(self, app: PdbuilderApp, drafts: Drafts | None) -> None:
        self.app = app
        self._drafts = drafts  # None: the user's drafts folder
        self._autosave: Autosave | None = None
        self.answered: set[str] = set()  # drafts asked about this session: not asked again

    @property
    def autosave(self) -> Autosave:
        if self._autosave is None:
            from pdbuilder.drafts import Drafts, default_drafts_dir
            from pdbuilder.tui.autosave import Autosave

            self._autosave = Autosave(self.app, self._drafts or Drafts(default_drafts_dir()))
        return self._autosave

    def close(self) -> None:
        """On exit: what is pending is written (when autosave ever started)."""
        if self._autosave is not None:
            self._autosave.close()

    async def offer(self) -> None:
        """Ask about each draft not answered yet: recover it into the editor, discard it, or decide later.

        Not while a position is open (someone quick already pressed a key): then when its editor closes.
        """
        from pdbuilder.tui.autosave import draft_summary

        app = self.app
        found, errors = await asyncio.to_thread(self.autosave.drafts.all)
        if errors:
            listed = "\n".join(str(e) for e in errors[:3])
            app.notify(
                f"{listed}\n\nThey are left in place.",
                title=f"{len(errors)} draft(s) could not be read",
                severity="warning",
                timeout=15,
            )
        for draft in [
            d
            for d in found
            if d.id not in self.answered and d.id != self.autosave.draft_id and not d.in_use()
        ]:
            if app.draft is not None:
                return
            summary = await asyncio.to_thread(draft_summary, draft, app.workspace.positions_dir)
            answer = await app.push_screen_wait(
                Choice(
                    "Recover unsaved work?",
                    f"{summary}\n\npdbuilder closed before this was saved.",
                    [
                        ("recover", "Recover", "primary"),
                        ("discard", "Discard it", "error"),
                        ("later", "Decide later", "default"),
                    ],
                )
            )
            self.answered.add(draft.id)
            if answer == "discard":
                self.autosave.drafts.discard(draft.id)
            elif answer == "recover":
                await app.edit_draft(draft)
                return  # one draft at a time: the others are offered when the editor closes
