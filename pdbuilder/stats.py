"""Counts over a set of positions, and which of them have drifted from their class spec.

Pure: the caller reads the records and looks up their classes.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from pdbuilder.drift import Change, drift
from pdbuilder.model import ClassRef, Position

NONE = "(none)"  # the value counted for an empty field
UNKNOWN_CLASS = "(unknown class)"

# (key, label, what to count for a position and its class)
DIMENSIONS = (
    ("class", "Class", lambda p, ref: p.class_id),
    ("class_group", "Class group", lambda p, ref: ref.group.class_group if ref else UNKNOWN_CLASS),
    ("contributor_level", "Contributor level", lambda p, ref: p.contributor_level),
    ("agency", "Agency", lambda p, ref: p.agency),
    ("status", "Status", lambda p, ref: p.status),
)


@dataclass(frozen=True)
class Drifted:
    name: str  # how the caller names the position, e.g. its file
    class_id: str
    changes: tuple[Change, ...]


@dataclass(frozen=True)
class Stats:
    total: int
    counts: dict[str, Counter]  # dimension key -> value -> positions
    drifted: tuple[Drifted, ...]


def position_stats(entries: list[tuple[str, Position, ClassRef | None]]) -> Stats:
    """Counts by each dimension (most common first) and the drifted positions, in the order given."""
    counts = {key: Counter() for key, _, _ in DIMENSIONS}
    drifted = []
    for name, position, ref in entries:
        for key, _, value_of in DIMENSIONS:
            counts[key][value_of(position, ref).strip() or NONE] += 1
        if changes := drift(position, ref):
            drifted.append(Drifted(name, position.class_id, tuple(changes)))
    return Stats(len(entries), counts, tuple(drifted))
