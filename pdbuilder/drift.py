"""Drift: how a position's class spec has changed since the record was built, and syncing it.

A record keeps the version of the spec it was built from (`Position.spec`, hashes per part and
per task). Comparing that with the spec now names each change; a record without a version
(made before drift checks) can only be compared on the task texts it stores.

Pure: no I/O. `pdbuilder check`, `pdbuilder sync`, `pdbuilder stats` and the TUI all use it.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from pdbuilder.model import (
    ClassRef,
    Position,
    PositionTask,
    SpecVersion,
    problems,
    same_text,
    short_hash,
    spec_version,
)

CLASS_GONE = "class-gone"
TASK_CHANGED = "task-changed"
TASK_REMOVED = "task-removed"
TASK_ADDED = "task-added"
REQUIREMENTS_CHANGED = "requirements-changed"
LEVEL_OF_WORK_CHANGED = "level-of-work-changed"
LEVELS_CHANGED = "contributor-levels-changed"

# Spec parts a record holds no copy of: a change is known from the hashes, and the spec now is shown.
_PARTS = (
    (REQUIREMENTS_CHANGED, "minimum_requirements", "the minimum requirements of class {class_id!r} changed"),
    (LEVEL_OF_WORK_CHANGED, "level_of_work", "the level of work of class {class_id!r} changed"),
    (LEVELS_CHANGED, "contributor_levels", "the contributor levels of class group {group_id!r} changed"),
)
# `problems()` already reports these (unknown class, class has no task): check says them once.
_ALSO_PROBLEMS = {CLASS_GONE, TASK_REMOVED}


@dataclass(frozen=True)
class Change:
    """One way the class spec differs from the version a position was built on."""

    kind: str  # one of the constants above
    message: str
    task_id: str | None = None
    old: str = ""  # the text in the record, for task changes and removals
    new: str = ""  # the text in the spec now


def baseline(position: Position, ref: ClassRef) -> SpecVersion | None:
    """The spec version the record was built from, when it has one for this class."""
    spec = position.spec
    return spec if spec is not None and spec.class_id == ref.id else None


def drift(position: Position, ref: ClassRef | None) -> list[Change]:
    """Every change of the class spec that matters to the position, in record then catalog order."""
    if ref is None:
        return [Change(CLASS_GONE, f"class {position.class_id!r} is no longer in the catalog")]
    base, now = baseline(position, ref), spec_version(ref)
    changes = []
    for task in position.tasks:
        if task.class_task_id is None:  # a custom task
            continue
        current = ref.group.task(task.class_task_id)
        if current is None:
            changes.append(
                Change(
                    TASK_REMOVED,
                    f"task {task.class_task_id!r} was removed from the class",
                    task.class_task_id,
                    old=task.text,
                )
            )
        # A text that differs while the catalog's did not change was reworded for this position on purpose.
        elif not same_text(task.text, current.text) and (
            base is None or base.tasks.get(current.id) != now.tasks[current.id]
        ):
            changes.append(
                Change(
                    TASK_CHANGED,
                    f"task {current.id!r} was reworded in the class",
                    current.id,
                    task.text,
                    current.text,
                )
            )
    if base is None:
        return changes
    chosen = set(position.class_task_ids)
    for class_task in ref.group.tasks:
        if class_task.id not in base.tasks and class_task.id not in chosen:
            changes.append(
                Change(
                    TASK_ADDED,
                    f"task {class_task.id!r} is new in the class",
                    class_task.id,
                    new=class_task.text,
                )
            )
    spec_now = {
        "minimum_requirements": "\n".join(ref.job_class.minimum_requirements),
        "level_of_work": ref.job_class.level_of_work,
        "contributor_levels": "\n".join(
            f"{lv.name}: {' '.join(lv.description)}" for lv in ref.group.contributor_levels
        ),
    }
    for kind, part, message in _PARTS:
        if getattr(base, part) != getattr(now, part):
            changes.append(
                Change(kind, message.format(class_id=ref.id, group_id=ref.group.id), new=spec_now[part])
            )
    return changes


def is_current(position: Position, ref: ClassRef | None) -> bool:
    """True when the record holds the spec version as it is now: nothing to sync, not even bookkeeping."""
    return ref is not None and position.spec == spec_version(ref) and not drift(position, ref)


def drift_problems(position: Position, ref: ClassRef | None) -> list[str]:
    """Drift as `check` lines, leaving out what `problems()` already reports."""
    return check_lines(drift(position, ref))


NOT_WRITTEN = "not written: it has the problems above (--strict)"


def generation_problems(position: Position, ref: ClassRef) -> list[str]:
    """What `check` would report for a record being made into a document: its problems and its drift."""
    return problems(position, ref) + drift_problems(position, ref)


def check_lines(changes: list[Change]) -> list[str]:
    """The `check` lines of these changes: those `problems()` does not already report."""
    return [change.message for change in changes if change.kind not in _ALSO_PROBLEMS]


def change_lines(change: Change) -> list[tuple[str, str]]:
    """What a reviewer reads before accepting a change, as (line, style) pairs; style "removed", "added" or "changed"."""
    if change.kind == TASK_CHANGED:
        return [(f"- {change.old}", "removed"), (f"+ {change.new}", "added")]
    if change.kind == TASK_REMOVED:
        return [(f"- {change.old}", "removed"), ("(applying drops it from the position)", "changed")]
    if change.kind == TASK_ADDED:
        return [(f"+ {change.new}", "added"), ("(applying adds it to the position)", "changed")]
    # The record keeps no copy of these parts: show them as they read now.
    return [("now:", "changed"), *((f"  {line}", "added") for line in change.new.splitlines())]


def apply_changes(position: Position, ref: ClassRef, accepted: list[Change]) -> Position:
    """The position brought up to the spec for the accepted changes.

    Position-specific content (custom tasks, extra requirements, percent and essential marks,
    unknown keys) is kept. A declined change stays pending: the recorded spec version keeps its
    old value for that part, so the next `check` reports it again.
    """
    accepted_keys = {(c.kind, c.task_id) for c in accepted}
    declined = [c for c in drift(position, ref) if (c.kind, c.task_id) not in accepted_keys]
    texts = {c.task_id: c.new for c in accepted if c.kind == TASK_CHANGED}
    removed = {c.task_id for c in accepted if c.kind == TASK_REMOVED}
    tasks = [
        replace(task, text=texts.get(task.class_task_id, task.text))
        for task in position.tasks
        if task.is_custom or task.class_task_id not in removed
    ]
    # New class tasks go after the position's last class task, in catalog order.
    after = max((n + 1 for n, task in enumerate(tasks) if not task.is_custom), default=0)
    added = [PositionTask(text=c.new, class_task_id=c.task_id) for c in accepted if c.kind == TASK_ADDED]
    tasks[after:after] = added
    return position.with_changes(tasks=tuple(tasks), spec=_pending(position, ref, declined))


def _pending(position: Position, ref: ClassRef, declined: list[Change]) -> SpecVersion:
    """The spec version now, but with the old value for each declined change."""
    base, now = baseline(position, ref), spec_version(ref)
    tasks = dict(now.tasks)
    parts = {}
    for change in declined:
        if change.task_id is None:  # a part of the class, not one of its tasks
            parts.update({part: getattr(base, part) for kind, part, _ in _PARTS if kind == change.kind})
        elif change.kind == TASK_CHANGED:
            tasks[change.task_id] = (
                base.tasks[change.task_id]
                if base and change.task_id in base.tasks
                else short_hash(change.old)
            )
        elif change.kind == TASK_ADDED:
            del tasks[change.task_id]
    return replace(now, tasks=tasks, **parts)
