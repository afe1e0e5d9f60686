"""Three-way merge of position records, key by key, for git's merge driver (`pdbuilder merge-record`).

Git merges text line by line: two people who save one record change its `modified` line both, so
every concurrent save conflicts there, though they changed different fields. Merged as records,
a key changed on one side only takes that side, `modified` takes the later time, and both sides'
status moves are kept. A key changed differently on both sides is a real conflict: the caller
then leaves the merge to git's text merge, with its markers.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pdbuilder.model import Position
from pdbuilder.records import position_from_data, position_to_data


def merge_positions(base: Position, ours: Position, theirs: Position, path: Path) -> Position | None:
    """The merged position; None when some key was changed differently on both sides."""
    old, mine, other = (position_to_data(p) for p in (base, ours, theirs))
    merged: dict[str, Any] = {}
    for key in dict.fromkeys([*mine, *other]):
        value: Any  # a value of the record as TOML data
        if key == "status_changes":
            value = _merged_moves(old.get(key, []), mine.get(key, []), other.get(key, []))
        elif mine.get(key) == other.get(key) or other.get(key) == old.get(key):
            value = mine.get(key)
        elif mine.get(key) == old.get(key):
            value = other.get(key)
        elif key == "modified":
            value = max(mine[key], other[key])
        else:
            return None
        if value is not None:
            merged[key] = value
    return position_from_data(merged, path)


def _merged_moves(
    base: list[dict[str, Any]], ours: list[dict[str, Any]], theirs: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """Both sides' status moves after the shared ones, in time order (each side only appends)."""
    shared = [move for move in base if move in ours and move in theirs]
    added = [m for m in ours if m not in shared] + [m for m in theirs if m not in shared and m not in ours]
    return shared + sorted(added, key=lambda move: move["at"])
