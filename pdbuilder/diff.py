"""What differs between two positions, or between a position and its class spec.

Pure: no I/O. `pdbuilder diff` prints it; the TUI can show the same comparison.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from pdbuilder.model import CLASS_LISTS, DETAILS, ClassRef, Position, PositionTask, SpecVersion, Task

# Custom tasks have no id: two texts at least this alike are the same task reworded.
SAME_TASK_RATIO = 0.6
# How many places before and after its own a reworded task is looked for.
REWORD_WINDOW = 8

FIELDS: tuple[tuple[str, str], ...] = (
    ("class_id", "Class"),
    *((detail.name, detail.label) for detail in DETAILS if detail.kind != "list"),
    ("contributor_level", "Contributor level"),
    ("status", "Status"),
    ("created", "Created"),
    ("modified", "Modified"),
    ("spec", "Class spec version"),
)
# The position's own lists of text compared line by line, besides its extra requirements.
LISTS: tuple[tuple[str, str], ...] = tuple((d.name, d.label) for d in DETAILS if d.kind == "list")


@dataclass(frozen=True)
class FieldChange:
    name: str
    label: str
    old: str
    new: str


@dataclass(frozen=True)
class TaskChange:
    kind: str  # "added", "removed" or "changed"
    old: PositionTask | None
    new: PositionTask | None

    @property
    def task(self) -> PositionTask:
        """The task as it is now, or as it was for a removed one."""
        task = self.new or self.old
        assert task is not None, "a task change has the task on one side at least"
        return task

    @property
    def label(self) -> str:
        return f"task {self.task.class_task_id!r}" if self.task.class_task_id else "custom task"

    @property
    def details(self) -> list[str]:
        """For a changed task, what changed in it: "text", "percent", "essential", "extras"."""
        if self.kind != "changed":
            return []
        return [
            name
            for name in ("text", "percent", "essential", "extras")
            if getattr(self.old, name) != getattr(self.new, name)
        ]


@dataclass(frozen=True)
class ListChange:
    """Lines only one side has, for lists of text such as requirements."""

    removed: tuple[str, ...] = ()
    added: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.removed or self.added)


@dataclass(frozen=True)
class PositionDiff:
    fields: tuple[FieldChange, ...]
    tasks: tuple[TaskChange, ...]
    extra_requirements: ListChange
    minimum_requirements: ListChange  # of the two classes; empty unless both classes were given
    lists: tuple[tuple[str, str, ListChange], ...] = ()  # (name, label, change) of LISTS that changed

    @property
    def same(self) -> bool:
        return not (
            self.fields or self.tasks or self.extra_requirements or self.minimum_requirements or self.lists
        )

    def to_data(self) -> dict[str, Any]:
        """Plain data for JSON: the same structure, tasks as their record tables."""
        return {
            "same": self.same,
            "fields": [{"name": f.name, "label": f.label, "old": f.old, "new": f.new} for f in self.fields],
            "tasks": [
                {
                    "change": t.kind,
                    "id": t.task.class_task_id,
                    "old": _task_data(t.old),
                    "new": _task_data(t.new),
                    "details": t.details,
                }
                for t in self.tasks
            ],
            "extra_requirements": _list_data(self.extra_requirements),
            "minimum_requirements": _list_data(self.minimum_requirements),
            "lists": {name: _list_data(change) for name, _, change in self.lists},
        }


def diff_positions(
    old: Position, new: Position, old_ref: ClassRef | None = None, new_ref: ClassRef | None = None
) -> PositionDiff:
    """What changes from `old` to `new`; with both classes given, their minimum requirements too."""
    fields = [
        FieldChange(name, label, _field_text(getattr(old, name)), _field_text(getattr(new, name)))
        for name, label in FIELDS
        if getattr(old, name) != getattr(new, name)
    ]
    fields += [
        FieldChange(key, key, _field_text(old.extras.get(key, "")), _field_text(new.extras.get(key, "")))
        for key in dict.fromkeys([*old.extras, *new.extras])
        if old.extras.get(key) != new.extras.get(key)
    ]
    minimum = ListChange()
    if old_ref is not None and new_ref is not None:
        minimum = _list_change(old_ref.job_class.minimum_requirements, new_ref.job_class.minimum_requirements)
    lists = [(name, label, _list_change(getattr(old, name), getattr(new, name))) for name, label in LISTS]
    return PositionDiff(
        tuple(fields),
        tuple(_task_changes(old.tasks, new.tasks)),
        _list_change(old.extra_requirements, new.extra_requirements),
        minimum,
        tuple(change for change in lists if change[2]),
    )


def diff_with_class(position: Position, ref: ClassRef) -> PositionDiff:
    """How a position departs from its class spec.

    Removed: class tasks it leaves out; added: its own tasks and extra requirements; changed: class
    tasks it rewords, and lines of the lists the class publishes too (KSAs …) that differ from the
    class's. Its percent and essential marks are its own, not departures.
    """
    marks = {t.class_task_id: t for t in position.tasks if not t.is_custom}

    def as_in_class(task: Task) -> PositionTask:
        mine = marks.get(task.id)
        return (
            PositionTask(task.text, task.id, mine.percent, mine.essential, mine.extras)
            if mine
            else PositionTask(task.text, task.id)
        )

    spec = position.with_changes(
        tasks=tuple(as_in_class(t) for t in ref.group.tasks),
        extra_requirements=(),
        **{name: getattr(ref.job_class, name) for name in CLASS_LISTS},
    )
    return diff_positions(spec, position)


def _task_changes(old: tuple[PositionTask, ...], new: tuple[PositionTask, ...]) -> list[TaskChange]:
    changes = []
    old_by_id = {t.class_task_id: t for t in old if not t.is_custom}
    new_by_id = {t.class_task_id: t for t in new if not t.is_custom}
    for task in old:
        if not task.is_custom and task.class_task_id not in new_by_id:
            changes.append(TaskChange("removed", task, None))
    for task in new:
        if task.is_custom:
            continue
        before = old_by_id.get(task.class_task_id)
        if before is None:
            changes.append(TaskChange("added", None, task))
        elif before != task:
            changes.append(TaskChange("changed", before, task))
    changes += _custom_task_changes([t for t in old if t.is_custom], [t for t in new if t.is_custom])
    return changes


def _custom_task_changes(old: list[PositionTask], new: list[PositionTask]) -> list[TaskChange]:
    """Custom tasks matched by text: the same text first, then alike pairs near each other as rewordings."""
    changes = []
    places: dict[str, list[int]] = {}
    for place in reversed(range(len(new))):
        places.setdefault(new[place].text, []).append(place)
    taken: set[int] = set()
    old_left = []
    for task in old:
        if not places.get(task.text):
            old_left.append(task)
            continue
        twin = places[task.text].pop()
        taken.add(twin)
        if new[twin] != task:
            changes.append(TaskChange("changed", task, new[twin]))
    new_left = [task for place, task in enumerate(new) if place not in taken]
    reworded = _rewordings(old_left, new_left)
    changes += [TaskChange("changed", old_left[o], new_left[n]) for o, n in reworded.items()]
    changes += [TaskChange("removed", t, None) for o, t in enumerate(old_left) if o not in reworded]
    paired = set(reworded.values())
    changes += [TaskChange("added", None, t) for n, t in enumerate(new_left) if n not in paired]
    return changes


def _rewordings(old: list[PositionTask], new: list[PositionTask]) -> dict[int, int]:
    """Pairs (old index -> new index) of texts alike enough to be one task reworded.

    Each old task is compared with the unpaired new tasks within REWORD_WINDOW of its place (in
    proportion), not with all of them: comparing every pair is quadratic, minutes for 1,000 tasks.
    """
    pairs: dict[int, int] = {}
    paired: set[int] = set()
    matcher = difflib.SequenceMatcher(autojunk=False)
    for o, task in enumerate(old):
        matcher.set_seq2(task.text)
        centre = o * len(new) // len(old)
        best, best_ratio = None, SAME_TASK_RATIO
        for n in range(max(0, centre - REWORD_WINDOW), min(len(new), centre + REWORD_WINDOW + 1)):
            if n in paired:
                continue
            matcher.set_seq1(new[n].text)
            # The cheap upper bounds first: most pairs are ruled out without the full comparison.
            if (
                matcher.real_quick_ratio() >= best_ratio
                and matcher.quick_ratio() >= best_ratio
                and (ratio := matcher.ratio()) >= best_ratio
            ):
                best, best_ratio = n, ratio
        if best is not None:
            pairs[o] = best
            paired.add(best)
    return pairs


def diff_lines(result: PositionDiff, old_name: str, new_name: str) -> list[tuple[str, str | None]]:
    """The diff as readable lines, each with a style: "removed", "added", "changed", "heading" or None."""
    if result.same:
        return [(f"{old_name} and {new_name} do not differ", None)]
    return [(f"--- {old_name}", "removed"), (f"+++ {new_name}", "added"), *change_lines(result)]


def change_lines(result: PositionDiff) -> list[tuple[str, str | None]]:
    """The differences alone, as `diff_lines` words them after its two name lines."""
    lines: list[tuple[str, str | None]] = []
    for field in result.fields:
        lines.append((f"{field.label}: {field.old or '(empty)'} → {field.new or '(empty)'}", "changed"))
    if result.tasks:
        lines.append(("Tasks:", "heading"))
        for task in result.tasks:
            lines += _task_lines(task)
    for title, change in (
        ("Extra requirements:", result.extra_requirements),
        ("Minimum requirements of the classes:", result.minimum_requirements),
        *((f"{label}:", change) for _, label, change in result.lists),
    ):
        if change:
            lines.append((title, "heading"))
            lines += [(f"  - {text}", "removed") for text in change.removed]
            lines += [(f"  + {text}", "added") for text in change.added]
    return lines


# Every save moves the modified time: not worth a word in a summary of what changed.
_UNSUMMARISED = {"created", "modified"}
# Fields whose values are short enough to quote in a summary; others are only named.
_QUOTED = {
    "class_id": "class",
    "contributor_level": "level",
    "status": "status",
    "flsa_status": "FLSA status",
}


def summary(result: PositionDiff) -> str:
    """The differences in one line, e.g. "1 task added, level recent → experienced" (for commit messages)."""
    parts = []
    for kind in ("added", "removed", "changed"):
        count = sum(t.kind == kind for t in result.tasks)
        if count:
            parts.append(f"{count} task{'s' * (count != 1)} {kind}")
    for kind, texts in (
        ("added", result.extra_requirements.added),
        ("removed", result.extra_requirements.removed),
    ):
        if texts:
            parts.append(f"{len(texts)} requirement{'s' * (len(texts) != 1)} {kind}")
    parts += [f"{label.lower()} changed" for _, label, _ in result.lists]
    for field in result.fields:
        if field.name in _QUOTED:
            parts.append(f"{_QUOTED[field.name]} {field.old or '(none)'} → {field.new or '(none)'}")
        elif field.name == "spec":
            parts.append("class spec version updated")
        elif field.name not in _UNSUMMARISED:
            parts.append(f"{field.label.lower()} changed")
    return ", ".join(parts) or "no change"


def _task_lines(change: TaskChange) -> list[tuple[str, str]]:
    if change.kind == "removed":
        return [(f"  - {change.label}: {change.task.text}", "removed")]
    if change.kind == "added":
        return [(f"  + {change.label}: {change.task.text}", "added")]
    old, new = change.old, change.new
    assert old is not None and new is not None, "a changed task has both sides"
    marks = [
        f"{name} {_mark(getattr(old, name))} → {_mark(getattr(new, name))}"
        for name in ("percent", "essential")
        if name in change.details
    ]
    marks += ["other keys"] if "extras" in change.details else []
    lines = [(f"  ~ {change.label}" + (f": {', '.join(marks)}" if marks else ""), "changed")]
    if "text" in change.details:
        lines += [(f"      - {old.text}", "removed"), (f"      + {new.text}", "added")]
    return lines


def _mark(value: object) -> str:
    if value is None:
        return "none"
    if isinstance(value, bool):
        return "yes" if value else "no"
    return f"{value}%"


def _list_change(old: Sequence[str], new: Sequence[str]) -> ListChange:
    old_set, new_set = set(old), set(new)
    return ListChange(tuple(x for x in old if x not in new_set), tuple(x for x in new if x not in old_set))


def _list_data(change: ListChange) -> dict[str, list[str]]:
    return {"removed": list(change.removed), "added": list(change.added)}


def _task_data(task: PositionTask | None) -> dict[str, Any] | None:
    if task is None:
        return None
    return {
        "id": task.class_task_id,
        "text": task.text,
        "percent": task.percent,
        "essential": task.essential,
        **task.extras,
    }


def _field_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, date):  # a datetime too
        return value.isoformat()
    if isinstance(value, SpecVersion):
        return value.hash
    return value if isinstance(value, str) else repr(value)
