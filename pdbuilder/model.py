"""The domain: class specifications and the positions built on them.

Pure Python with no I/O and no user-interface imports, so the CLI, the TUI,
batch runs and tests all share one set of rules.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, fields, replace
from datetime import UTC, date, datetime
from functools import cache
from typing import Any, TypeVar

# What XML 1.0, and so a Word document, cannot hold: C0 controls but tab, newline and return;
# lone surrogates; U+FFFE and U+FFFF.
XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")

TASK_ID_WORDS = 4  # enough words to tell tasks apart, few enough to stay readable
_FILLER_WORDS = frozenset(
    ["a", "an", "and", "as", "at", "by", "for", "from", "in", "into", "of", "on", "or", "the", "to", "with"]
)


def slugify(text: str) -> str:
    """A stable ASCII id made of a text's words: `Library Technician Senior` -> `library-technician-senior`."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "-".join(re.findall(r"[a-z0-9]+", ascii_text.lower()))


def task_id_for(text: str) -> str:
    """A task's id: its first few meaningful words, so ids survive tasks being added or reordered."""
    words = [w for w in slugify(text).split("-") if w not in _FILLER_WORDS]
    return "-".join(words[:TASK_ID_WORDS])


def now() -> datetime:
    """The current UTC time to the second: TOML keeps it exactly."""
    return datetime.now(UTC).replace(microsecond=0)


# --- Class specifications -------------------------------------------------


@dataclass(frozen=True)
class Task:
    id: str
    text: str


@dataclass(frozen=True)
class ContributorLevel:
    id: str  # "recent", "experienced", "independent"
    name: str  # "Recent Contributor"
    description: tuple[str, ...]
    performance_range: tuple[str, ...]  # "Job Responsibilities – Learner to Experienced Knowledge"


@dataclass(frozen=True)
class Section:
    """A named part of a spec that has no field of its own (e.g. SPECIAL REQUIREMENTS)."""

    title: str
    items: tuple[str, ...]


@dataclass(frozen=True)
class JobClass:
    id: str
    code: str
    title: str
    occupational_role: str
    pay_plan: str
    pay_grade: str
    level_of_work: str
    minimum_requirements: tuple[str, ...]
    # What some states publish per class beside the minimum requirements; empty when a spec has none.
    # A position's fields of the same names start from these.
    ksas: tuple[str, ...] = ()  # knowledge, skills and abilities
    preferred_qualifications: tuple[str, ...] = ()
    special_requirements: tuple[str, ...] = ()  # licences, certifications, conditions of employment
    # Columns of the published class table with no field of their own, as (column name, value):
    # ("Salary Group", "B21"). A tuple of pairs, not a dict, so that a class stays hashable.
    attributes: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class ClassGroup:
    id: str
    occupational_group: str
    class_group: str
    concept: str
    tasks: tuple[Task, ...]
    classes: tuple[JobClass, ...]
    contributor_levels: tuple[ContributorLevel, ...] = ()
    contributor_levels_intro: str = ""
    sections: tuple[Section, ...] = ()

    def task(self, task_id: str) -> Task | None:
        return next((t for t in self.tasks if t.id == task_id), None)

    def level(self, level_id: str) -> ContributorLevel | None:
        return next((lv for lv in self.contributor_levels if lv.id == level_id), None)


@dataclass(frozen=True)
class ClassRef:
    """A class together with the group it belongs to: what a position is built on."""

    group: ClassGroup
    job_class: JobClass

    @property
    def id(self) -> str:
        return self.job_class.id


# --- Class spec versions ---------------------------------------------------


def same_text(a: str, b: str) -> bool:
    """Texts equal but for spacing: re-wrapping a line in a catalog file is not a change."""
    return a.split() == b.split()


def short_hash(value: object) -> str:
    """A short content hash of text or JSON-like data (12 hex digits of sha256), blind to spacing."""
    data = json.dumps(_single_spaced(value), ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    return hashlib.sha256(data.encode("utf-8")).hexdigest()[:12]


def _single_spaced(value: object) -> object:
    if isinstance(value, str):
        return " ".join(value.split())
    if isinstance(value, dict):
        return {key: _single_spaced(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_single_spaced(item) for item in value]
    return value


@dataclass(frozen=True)
class SpecVersion:
    """The version of a class spec a position was built from: hashes of each part it depends on.

    Kept per part (and per task) so that drift can say what changed, not only that something did.
    Read-only like every model object: `spec_version` hands out the same instance per class.
    """

    class_id: str
    tasks: dict[str, str]  # class task id -> hash of its text, in catalog order
    minimum_requirements: str
    level_of_work: str
    contributor_levels: str

    @property
    def hash(self) -> str:
        """The version as one short id: equal exactly when every part is."""
        return short_hash(
            [
                self.class_id,
                self.tasks,
                self.minimum_requirements,
                self.level_of_work,
                self.contributor_levels,
            ]
        )


@cache  # one entry per class of the catalog: checking many positions hashes each class once (ClassRef is frozen)
def spec_version(ref: ClassRef) -> SpecVersion:
    """The current version of a class's spec."""
    group, job_class = ref.group, ref.job_class
    levels = [[lv.id, lv.name, lv.description, lv.performance_range] for lv in group.contributor_levels]
    return SpecVersion(
        class_id=job_class.id,
        tasks={t.id: short_hash(t.text) for t in group.tasks},
        minimum_requirements=short_hash(job_class.minimum_requirements),
        level_of_work=short_hash(job_class.level_of_work),
        contributor_levels=short_hash([group.contributor_levels_intro, levels]),
    )


# --- Positions -------------------------------------------------------------


@dataclass(frozen=True)
class AgencyProfile:
    """An agency's own settings (pdbuilder.agency reads them); a record's own values win over them."""

    name: str = ""
    appointing_authority: str = ""
    equal_opportunity: str = ""  # the equal-opportunity and accommodation statement
    how_to_apply: str = ""
    pay: dict[str, dict[str, str]] = field(default_factory=dict)  # pay plan -> pay grade -> salary

    def salary(self, pay_plan: str, pay_grade: str) -> str:
        """The salary its pay table gives a class, or empty."""
        return self.pay.get(pay_plan, {}).get(pay_grade, "")


STATUSES = ("draft", "review", "approved", "archived")
# Where each status may move: forward through review to approval, and back.
STATUS_MOVES = {
    "draft": ("review",),
    "review": ("approved", "draft"),
    "approved": ("archived", "review", "draft"),
    "archived": ("draft",),
}
FLSA_STATUSES = ("", "non-exempt", "exempt")


@dataclass(frozen=True)
class PositionTask:
    """One duty of a position: from the class when `class_task_id` is set, else written for the position.

    The text is stored even for class tasks, so a record renders the same after the catalog changes.
    """

    text: str
    class_task_id: str | None = None
    percent: int | None = None  # share of working time
    essential: bool = False  # an essential function (ADA)
    extras: dict[str, Any] = field(default_factory=dict, compare=True)

    @property
    def is_custom(self) -> bool:
        return self.class_task_id is None


@dataclass(frozen=True)
class StatusChange:
    """One move of a position's status, kept in the record: the status moved to, who moved it, when."""

    status: str
    by: str  # "Name <email>" as git knows the person, else their login name
    at: datetime
    extras: dict[str, Any] = field(default_factory=dict, compare=True)


ACTIONS = ("", "new", "update", "reallocation")
# Lists a class may publish that a position starts from (the position's own may then differ).
CLASS_LISTS = ("ksas", "preferred_qualifications", "special_requirements")


@dataclass(frozen=True)
class RecordField:
    """A field of a position a person fills in, declared once on `Position` (see `_detail`).

    The record's TOML key, the template context, the text views, diff, `new`'s options and the
    editor's Details form all derive from these declarations (DETAILS), so a field is added in one place.
    """

    name: str  # the TOML key, the Position attribute and `position.<name>` in templates
    label: str  # how forms and views name it
    help: str  # what it holds, for templates' authors (docs/templates.md)
    kind: str = "line"  # "line" (one line of text), "paragraph" (text), "list" (of text) or "date"
    required: bool = False
    choices: tuple[str, ...] = ()  # the values it may take ("" for none), when fixed
    # Headed sections of the document and the text views show it under this heading, in `part`;
    # fields without one are lines of the position's identity ("Label: value").
    heading: str = ""
    part: str = ""  # "summary": before the duties; "conditions": after the requirements
    item: str = ""  # a list's item, as a person names one: "special requirement"
    counted: bool = False  # `stats` counts positions by its value (else by whether it is filled in)
    always_written: bool = False  # written even when empty: the fields records had from the start

    @property
    def empty(self) -> tuple[str, ...] | str | None:
        return () if self.kind == "list" else None if self.kind == "date" else ""


_DETAIL = "pdbuilder.detail"  # the dataclass metadata key that holds a field's declaration


def _detail(label: str, help: str, kind: str = "line", **more: Any) -> Any:
    """A Position attribute that is a field a person fills in; its declaration rides in the metadata."""
    declared = RecordField("", label, help, kind, **more)
    return field(default=declared.empty, metadata={_DETAIL: declared})


def _original(label: str, help: str, **more: Any) -> Any:
    """One of the fields records had from the start: always written, even empty."""
    return _detail(label, help, always_written=True, **more)


@dataclass(frozen=True)
class Position:
    class_id: str
    # The fields a person fills in, in the order forms show them.
    working_title: str = _original(
        "Working title", "the position's working title, e.g. Interlibrary Loan Technician", required=True
    )
    number: str = _original("Position number", "the position number, as text (leading zeros kept)")
    agency: str = _original("Agency", "the agency, e.g. Department of State")
    unit: str = _original("Unit", "the unit or division within the agency")
    location: str = _original("Location", "where the work is done")
    supervisor: str = _original("Supervisor", "the supervisor's title or name")
    incumbent: str = _detail("Incumbent", "the name of the person in the position; empty when vacant")
    flsa_status: str = _original(
        "FLSA status", 'FLSA status: "exempt", "non-exempt" or empty', choices=FLSA_STATUSES, counted=True
    )
    work_schedule: str = _original(
        "Work schedule", "the work schedule, e.g. Monday–Friday, 8:00 a.m.–5:00 p.m."
    )
    appointment: str = _detail(
        "Appointment",
        "the kind of appointment and its FTE, e.g. Full-time permanent, 1.0 FTE",
        counted=True,
    )
    bargaining_unit: str = _detail("Bargaining unit", "the bargaining unit, or empty when none", counted=True)
    telework: str = _detail(
        "Telework",
        "whether and how the work can be done remotely, e.g. Hybrid, 2 days on site",
        counted=True,
    )
    action: str = _detail(
        "Action",
        'what this description is for: "new", "update", "reallocation" or empty',
        choices=ACTIONS,
        counted=True,
    )
    effective_date: date | None = _detail(
        "Effective date", "the day the action takes effect (YYYY-MM-DD), or empty", kind="date"
    )
    salary: str = _detail("Salary", "the salary or range offered, e.g. $42,000–$48,000 a year")
    closing_date: date | None = _detail(
        "Closing date", "the last day to apply (YYYY-MM-DD), or empty", kind="date"
    )
    purpose: str = _detail(
        "Purpose",
        "why the position exists, in a paragraph; empty when the record has none",
        kind="paragraph",
        heading="Purpose of the position",
        part="summary",
    )
    supervision_received: str = _detail(
        "Supervision received",
        "how closely the position is supervised, in a paragraph",
        kind="paragraph",
        heading="Supervision received",
        part="summary",
    )
    supervises: tuple[str, ...] = _detail(
        "Positions supervised",
        "the positions this one supervises (a list of text: titles or numbers)",
        kind="list",
        item="position supervised",
        heading="Positions supervised",
        part="summary",
    )
    ksas: tuple[str, ...] = _detail(
        "Knowledge, skills and abilities",
        "the knowledge, skills and abilities the work needs (a list of text)",
        kind="list",
        item="knowledge, skill or ability",
        heading="Knowledge, skills and abilities",
        part="conditions",
    )
    preferred_qualifications: tuple[str, ...] = _detail(
        "Preferred qualifications",
        "qualifications preferred beyond the minimum requirements (a list of text)",
        kind="list",
        item="preferred qualification",
        heading="Preferred qualifications",
        part="conditions",
    )
    special_requirements: tuple[str, ...] = _detail(
        "Special requirements",
        "conditions of employment: licences, background check, travel (a list of text)",
        kind="list",
        item="special requirement",
        heading="Special requirements",
        part="conditions",
    )
    working_conditions: str = _detail(
        "Working conditions",
        "the working conditions and physical demands, in a paragraph",
        kind="paragraph",
        heading="Working conditions and physical demands",
        part="conditions",
    )
    contributor_level: str = ""
    tasks: tuple[PositionTask, ...] = ()
    extra_requirements: tuple[str, ...] = ()
    status: str = "draft"
    created: datetime | None = None
    modified: datetime | None = None
    spec: SpecVersion | None = (
        None  # the class spec it was built from; None in records older than drift checks
    )
    status_changes: tuple[StatusChange, ...] = ()  # every move of `status`, oldest first
    # Keys this version does not know, kept so that saving never drops them.
    extras: dict[str, Any] = field(default_factory=dict)

    def with_changes(self, **changes: Any) -> Position:
        return replace(self, **changes)

    @property
    def class_task_ids(self) -> list[str]:
        return [t.class_task_id for t in self.tasks if t.class_task_id is not None]

    @property
    def percent_total(self) -> int | None:
        """Sum of the tasks' shares of time, or None when no task has one."""
        shares = [t.percent for t in self.tasks if t.percent is not None]
        return sum(shares) if shares else None


# Every field a person fills in, in form order, from the declarations on Position.
DETAILS: tuple[RecordField, ...] = tuple(
    replace(f.metadata[_DETAIL], name=f.name) for f in fields(Position) if _DETAIL in f.metadata
)
DETAIL_BY_NAME = {detail.name: detail for detail in DETAILS}


def new_position(
    ref: ClassRef,
    task_ids: list[str] | None = None,
    custom_tasks: Sequence[str] = (),
    **details: Any,
) -> Position:
    """A position on a class, with the given class tasks in the order given (all, in catalog order, when None).

    Its lists that the class publishes too (KSAs, preferred qualifications, special requirements)
    start as the class's unless given.
    """
    group = ref.group
    wanted = [t.id for t in group.tasks] if task_ids is None else list(dict.fromkeys(task_ids))
    unknown = [task_id for task_id in wanted if group.task(task_id) is None]
    if unknown:
        raise ValueError(f"class {ref.id!r} has no task {sorted(unknown)[0]!r}")
    tasks = [
        PositionTask(text=task.text, class_task_id=task_id)
        for task_id in wanted
        if (task := group.task(task_id)) is not None  # all of them: unknown ids were refused above
    ]
    tasks += [PositionTask(text=text) for text in custom_tasks]
    details.setdefault("working_title", ref.job_class.title)
    for name in CLASS_LISTS:
        details.setdefault(name, getattr(ref.job_class, name))
    stamp = now()
    return Position(
        class_id=ref.id, tasks=tuple(tasks), created=stamp, modified=stamp, spec=spec_version(ref), **details
    )


# --- Review and approval -------------------------------------------------------


def with_status(position: Position, status: str, by: str, at: datetime) -> Position:
    """The position moved to `status` by `by` at `at`, the move recorded; ValueError for a move not allowed."""
    allowed = STATUS_MOVES.get(position.status, ("draft",))
    if status not in allowed:
        raise ValueError(
            f"a {position.status} position cannot move to {status} (it can move to: {', '.join(allowed)})"
        )
    change = StatusChange(status, by, at)
    return position.with_changes(
        status=status, status_changes=(*position.status_changes, change), modified=at
    )


def last_approval(position: Position) -> StatusChange | None:
    return next((c for c in reversed(position.status_changes) if c.status == "approved"), None)


def approval_problem(position: Position) -> str | None:
    """Why the position is not approved as it stands (its last approval predates its last change); None when it is."""
    approval = last_approval(position)
    since = f"last approved {_when(approval.at)} by {approval.by}" if approval else "never approved"
    if position.status != "approved":
        return f"not approved (status {position.status}; {since})"
    if approval is None:
        return "status approved, but no approval is recorded (who, when)"
    if position.modified is not None and position.modified > approval.at:
        return f"{since}, but changed since ({_when(position.modified)})"
    return None


def _when(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M %Z").strip()


# --- Validation ------------------------------------------------------------


def _texts(position: Position) -> Iterator[tuple[str, str]]:
    """Every text the analyst typed, with a label that says where it is."""
    for detail in DETAILS:
        value = getattr(position, detail.name)
        if detail.kind == "list":
            yield from ((f"{detail.label.lower()} {n}", item) for n, item in enumerate(value, 1))
        elif detail.kind != "date":
            yield detail.label.lower(), value
    for number, task in enumerate(position.tasks, 1):
        yield f"task {number}", task.text
    for number, requirement in enumerate(position.extra_requirements, 1):
        yield f"extra requirement {number}", requirement


def field_problem(name: str, value: object) -> str | None:
    """What is wrong with one detail field's value (e.g. a required one left empty); None when fine."""
    detail = DETAIL_BY_NAME[name]
    if detail.required and not str(value or "").strip():
        return f"{detail.label.lower()} is required"
    if detail.choices and value not in detail.choices:
        return f"{detail.label} {value!r} is not one of {', '.join(sorted(c for c in detail.choices if c))}"
    return None


def parse_date(text: str) -> date | None:
    """A day as typed: blank for none, else YYYY-MM-DD (ValueError says why not)."""
    text = text.strip()
    if not text:
        return None
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        raise ValueError(f"{text!r} is not a date like 2026-07-01")
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"{text!r} is not a day of the calendar") from None


def parse_percent(text: str) -> int | None:
    """A share of time as typed: blank for none, else a whole number from 0 to 100 (ValueError says why not)."""
    text = text.strip().removesuffix("%").strip()
    if not text:
        return None
    if not text.isdigit():
        raise ValueError("percent of time must be a whole number")
    if int(text) > 100:
        raise ValueError("percent of time must be between 0 and 100")
    return int(text)


def problems(position: Position, ref: ClassRef | None) -> list[str]:
    """Everything that keeps a position from being sound against its class; empty when sound."""
    found = []
    if ref is None:
        found.append(f"unknown class {position.class_id!r}")
    for detail in DETAILS:
        if problem := field_problem(detail.name, getattr(position, detail.name)):
            found.append(problem)
    if position.status not in STATUSES:
        found.append(f"status {position.status!r} is not one of {', '.join(STATUSES)}")
    if not position.tasks:
        found.append("no tasks selected")
    seen: set[str] = set()
    for number, task in enumerate(position.tasks, 1):
        if not task.text.strip():
            found.append(f"task {number} has no text")
        if task.percent is not None and not 0 <= task.percent <= 100:
            found.append(f"task {number}: percent of time {task.percent} is not between 0 and 100")
        if task.class_task_id is None:
            continue
        if task.class_task_id in seen:
            found.append(f"task {task.class_task_id!r} is listed twice")
        seen.add(task.class_task_id)
        if ref is not None and ref.group.task(task.class_task_id) is None:
            found.append(f"class {ref.id!r} has no task {task.class_task_id!r}")
    for label, text in _texts(position):
        if bad := XML_FORBIDDEN.findall(text):
            codes = ", ".join(sorted({f"U+{ord(c):04X}" for c in bad}))
            found.append(f"{label} holds control characters ({codes}) that Word documents cannot hold")
    total = position.percent_total
    if total is not None and total != 100:
        found.append(f"percent of time adds up to {total}, not 100")
    if ref is None:
        return found
    if not position.contributor_level:
        if ref.group.contributor_levels:
            found.append("contributor level is required")
    elif ref.group.level(position.contributor_level) is None:
        levels = ", ".join(lv.id for lv in ref.group.contributor_levels) or "none"
        found.append(f"unknown contributor level {position.contributor_level!r} (class offers: {levels})")
    return found


# --- Editing -----------------------------------------------------------------
# The steps a person takes on a draft, as pure functions from one Position to the next.


def with_class(position: Position, ref: ClassRef, previous: ClassRef | None = None) -> Position:
    """The position moved onto a class.

    A position with no class yet starts with every task of the class; otherwise the tasks the new
    class also has are kept, with the position's own tasks, requirements and details. A working
    title that was just the previous class's title follows the class. The position records the
    version of the spec it is now built on, as `new_position` does.
    """
    if not position.class_id:
        class_tasks = tuple(PositionTask(text=t.text, class_task_id=t.id) for t in ref.group.tasks)
        tasks = class_tasks + tuple(t for t in position.tasks if t.is_custom)
    else:
        tasks = tuple(
            t
            for t in position.tasks
            if t.class_task_id is None or ref.group.task(t.class_task_id) is not None
        )
    title = position.working_title
    if not title.strip() or (previous is not None and title == previous.job_class.title):
        title = ref.job_class.title
    level = position.contributor_level if ref.group.level(position.contributor_level) else ""
    # A list that was empty or just the previous class's follows the class, like the title.
    lists = {
        name: getattr(ref.job_class, name)
        for name in CLASS_LISTS
        if not getattr(position, name)
        or (previous is not None and getattr(position, name) == getattr(previous.job_class, name))
    }
    return position.with_changes(
        class_id=ref.id,
        tasks=tasks,
        working_title=title,
        contributor_level=level,
        spec=spec_version(ref),
        **lists,
    )


def with_class_task(position: Position, ref: ClassRef, task_id: str, selected: bool) -> Position:
    """The position with one class task added or removed.

    An added task goes after the selected class tasks that precede it in the catalog, so a
    position whose tasks were not reordered keeps the catalog's order.
    """
    tasks = [t for t in position.tasks if t.class_task_id != task_id]
    if selected:
        task = ref.group.task(task_id)
        if task is None:
            raise ValueError(f"class {ref.id!r} has no task {task_id!r}")
        order = [t.id for t in ref.group.tasks]
        before = set(order[: order.index(task_id)])
        at = max((n + 1 for n, t in enumerate(tasks) if t.class_task_id in before), default=0)
        tasks.insert(at, PositionTask(text=task.text, class_task_id=task_id))
    return position.with_changes(tasks=tuple(tasks))


def with_all_class_tasks(position: Position, ref: ClassRef, selected: bool) -> Position:
    """Every class task selected (keeping the ones already chosen as they are), or none."""
    if not selected:
        return position.with_changes(tasks=tuple(t for t in position.tasks if t.is_custom))
    for task in ref.group.tasks:
        if task.id not in position.class_task_ids:
            position = with_class_task(position, ref, task.id, True)
    return position


def with_task_marks(position: Position, percents: dict[str, int], essential: set[str]) -> Position:
    """The position with class tasks' shares of time and essential marks set, by task id."""
    unknown = (set(percents) | essential) - set(position.class_task_ids)
    if unknown:
        raise ValueError(f"the position has no class task {sorted(unknown)[0]!r}")
    return position.with_changes(
        tasks=tuple(
            replace(
                task,
                percent=percents.get(task.class_task_id, task.percent)
                if task.class_task_id
                else task.percent,
                essential=task.essential or task.class_task_id in essential,
            )
            for task in position.tasks
        )
    )


T = TypeVar("T")


def replaced(items: tuple[T, ...], index: int, item: T) -> tuple[T, ...]:
    """The items with the one at `index` replaced by `item`."""
    return (*items[:index], item, *items[index + 1 :])


def removed(items: tuple[T, ...], index: int) -> tuple[T, ...]:
    """The items without the one at `index`."""
    return items[:index] + items[index + 1 :]


def moved(items: tuple[T, ...], index: int, offset: int) -> tuple[T, ...]:
    """The items with the one at `index` moved `offset` places, stopping at either end."""
    target = max(0, min(len(items) - 1, index + offset))
    rest = list(removed(items, index))
    rest.insert(target, items[index])
    return tuple(rest)


def reuse_position(position: Position) -> Position:
    """A copy of a position as the start of a new one: a draft with no number, no review trail and new times."""
    stamp = now()
    return position.with_changes(number="", status="draft", status_changes=(), created=stamp, modified=stamp)


def restored(current: Position, old: Position) -> Position:
    """The content of an older version of a position, keeping the current one's status, review trail and times."""
    return old.with_changes(
        status=current.status,
        status_changes=current.status_changes,
        created=current.created,
        modified=current.modified,
    )
