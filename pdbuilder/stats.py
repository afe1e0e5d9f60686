"""Counts over a set of positions, and which of them have drifted from their class spec.

Pure: the caller reads the records (or their rows in the index), looks up their classes and
works out their drift. Positions are counted one at a time, so memory does not grow with them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Protocol

from pdbuilder.model import DETAILS, ClassRef, Position

NONE = "(none)"  # the value counted for an empty field
UNKNOWN_CLASS = "(unknown class)"


class Counted(Protocol):
    """What is counted of a position: a Position, or its summary in the index (read only, as both are).

    Nothing else: the index hands `stats` the records alike in these as one row (`index.COUNTED`).
    """

    @property
    def class_id(self) -> str: ...

    @property
    def contributor_level(self) -> str: ...

    @property
    def agency(self) -> str: ...

    @property
    def status(self) -> str: ...

    @property
    def details(self) -> tuple[tuple[str, str], ...]: ...  # `detail_counts` of the position


class Reported(Protocol):
    """What is listed of a way a position drifted: a `drift.Change`, or its row in the index."""

    @property
    def kind(self) -> str: ...

    @property
    def message(self) -> str: ...

    @property
    def task_id(self) -> str | None: ...


FILLED = "filled"  # the count of the fields counted by whether they are filled in, not by value
_BY_VALUE = tuple(d for d in DETAILS if d.counted)  # the fields counted by value (appointment, telework…)
_BY_FILLING = tuple(d for d in DETAILS if not d.counted and d.name != "agency")  # agency: by value, below


def detail_counts(position: Position) -> tuple[tuple[str, str], ...]:
    """What stats counts of a position's own fields, kept in the index with its summary:
    (field name, value) for those counted by value, (FILLED, label) for each other one filled in."""
    by_value = [(d.name, getattr(position, d.name)) for d in _BY_VALUE]
    return (*by_value, *((FILLED, d.label) for d in _BY_FILLING if getattr(position, d.name)))


def _detail(name: str) -> Callable[[Counted, ClassRef | None], str]:
    return lambda p, ref: next((value for key, value in p.details if key == name), "")


# (key, label, what to count for a position and its class: a value, or several)
DIMENSIONS: tuple[tuple[str, str, Callable[[Counted, ClassRef | None], str | tuple[str, ...]]], ...] = (
    ("class", "Class", lambda p, ref: p.class_id),
    ("class_group", "Class group", lambda p, ref: ref.group.class_group if ref else UNKNOWN_CLASS),
    ("contributor_level", "Contributor level", lambda p, ref: p.contributor_level),
    ("agency", "Agency", lambda p, ref: p.agency),
    ("status", "Status", lambda p, ref: p.status),
    *((d.name, d.label, _detail(d.name)) for d in _BY_VALUE),
    (FILLED, "Fields filled in", lambda p, ref: tuple(value for key, value in p.details if key == FILLED)),
)


@dataclass(frozen=True)
class Drifted:
    name: str  # how the caller names the position, e.g. its file
    class_id: str
    changes: tuple[Reported, ...]


@dataclass(frozen=True)
class Stats:
    total: int
    counts: dict[str, Counter[str]]  # dimension key -> value -> positions
    drifted: tuple[Drifted, ...]


def position_stats(
    entries: Iterable[tuple[str, Counted, ClassRef | None, Iterable[Reported], int]],
) -> Stats:
    """Counts by each dimension (most common first) and the drifted positions, in the order given.

    Each entry: a name for the position, the position, its class, its drift (`drift.drift`), and how
    many positions alike in what is counted it stands for.
    """
    counts = {key: Counter[str]() for key, _, _ in DIMENSIONS}
    drifted = []
    total = 0
    for name, position, ref, changes, alike in entries:
        total += alike
        for key, _, value_of in DIMENSIONS:
            values = value_of(position, ref)
            for value in (values,) if isinstance(values, str) else values:
                counts[key][value.strip() or NONE] += alike
        if changes := tuple(changes):
            drifted.append(Drifted(name, position.class_id, changes))
    # Equal counts in the values' order, not the records': the index hands alike records over as one.
    ordered = {
        key: Counter(dict(sorted(c.items(), key=lambda item: (-item[1], item[0]))))
        for key, c in counts.items()
    }
    return Stats(total, ordered, tuple(drifted))
