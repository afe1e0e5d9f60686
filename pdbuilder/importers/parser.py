"""From a spec's lines to a ClassGroup, accounting for every line.

1. A profile (given, or the one that knows most of the spec's names) says what each heading,
   header label and class table column is called.
2. The header, before the first heading the profile knows, gives the group's name and the
   classes (header.py).
3. The rest is split into parts, one per heading or per class within a heading (`split`).
4. Each part goes to the handler of its field (`HANDLERS`), which fills the draft and marks
   each line it uses with where it went.
Whatever is left unmarked is reported, so a line is never dropped, or filed in the wrong field,
in silence: a line that looks like a heading but is no heading of the profile is reported too.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from pdbuilder.errors import SpecError
from pdbuilder.importers.contributors import read_contributor_levels
from pdbuilder.importers.drafts import GroupDraft
from pdbuilder.importers.header import read_header
from pdbuilder.importers.lines import Ledger, Line, make_line
from pdbuilder.importers.lists import read_list
from pdbuilder.importers.profiles import PER_CLASS_LISTS, Profile, bundled_profiles, detect, name_key
from pdbuilder.model import ClassGroup, Section

PER_CLASS = ("level_of_work", *PER_CLASS_LISTS)
TOP_LEVEL = ("concept", "tasks", "level_of_work", "contributor_levels")  # these end LEVELS OF WORK
UNMAPPED = "unmapped"  # a heading the profile does not know: kept as a section, and reported
MAX_LABEL_WORDS = 4
MAX_HEADING_WORDS = 8
_SMALL_WORDS = 3  # words this short need no capital in a Title Case heading ("of", "and", "for")


@dataclass(frozen=True)
class Unplaced:
    section: str
    line: Line
    why: str = ""  # said after the line in the report, when the line alone does not say it


@dataclass(frozen=True)
class Imported:
    group: ClassGroup
    unplaced: tuple[Unplaced, ...]
    placed: dict[int, str]  # line number -> where it went, e.g. "tasks[3]" or "structure: heading"
    unit: str  # what a number counts: "line" (text) or "paragraph" (Word)
    profile: str = "default"  # the profile it was read with
    lines: tuple[Line, ...] = ()  # the input, for --explain


@dataclass
class Part:
    """The lines that go to one field: under one heading, or one class's share of a heading."""

    name: str  # the heading as published
    field: str  # one of profiles.HEADING_FIELDS, or UNMAPPED
    heading: Line | None = None
    title: str = ""  # how the report names it: the name, and the class it belongs to
    lines: list[Line] = dataclasses.field(default_factory=list)
    class_index: int | None = None  # the class a per-class part belongs to; None: every class
    nested: bool = False  # under a class in LEVELS OF WORK: the next class's line goes back there
    why: str = ""  # why its heading line is reported, when it is
    skip: bool = False  # nothing in it is stored: its lines are reported

    def __post_init__(self) -> None:
        self.title = self.title or self.name


def parse(
    lines: list[Line],
    source: Path,
    unit: str = "line",
    profile: Profile | None = None,
    group_id: str | None = None,
    id_prefix: str = "",
) -> Imported:
    """The class group in a spec's lines; `source` names the file in errors, `unit` what a number counts."""
    profile = profile or detect(lines, bundled_profiles())
    ledger = Ledger()
    start = next((n for n, line in enumerate(lines) if _mapped_heading(line, profile)), len(lines))
    draft = read_header(lines[:start], profile, ledger)
    _require_group(draft, profile, source)
    parts = split(lines[start:], profile, draft, ledger)
    for part in parts:
        if not part.skip:
            HANDLERS[part.field](part, draft, ledger)
    section_of = {line.number: part.title for part in parts for line in part.lines}
    unplaced = []
    for line in lines:
        if line.blank or line.number in ledger.placed:
            continue
        opened = next((p for p in parts if p.heading is line and p.why), None)
        section = section_of.get(line.number, opened.title if opened else "header")
        unplaced.append(Unplaced(section, line, opened.why if opened else ""))
    return Imported(
        draft.build(group_id, id_prefix), tuple(unplaced), ledger.placed, unit, profile.name, tuple(lines)
    )


def _require_group(draft: GroupDraft, profile: Profile, source: Path) -> None:
    if not draft.class_group:
        names = " or ".join(
            f"'{name}:'" for name, field in _published(profile.labels) if field == "class_group"
        )
        raise SpecError(
            f"no {names or 'class group'} line before the first heading: is this a class specification?"
            + ("" if profile.name == "default" else f" (read with the {profile.name!r} profile)"),
            source,
        )
    if not draft.classes:
        titles = " or ".join(f"'{name}'" for name, field in _published(profile.columns) if field == "title")
        raise SpecError(
            f"no class found: expected a table with a {titles or 'title'} column before the first heading",
            source,
        )


def _published(names: dict[str, str]) -> list[tuple[str, str]]:
    """A profile's names as a person writes them: `class group` -> `Class Group`."""
    return [(name.title(), field) for name, field in names.items()]


# --- Headings ---------------------------------------------------------------------------


def _mapped_heading(line: Line, profile: Profile) -> tuple[str, str, str] | None:
    """(title, field, text after the colon) when the line starts with a heading the profile knows."""
    if line.cell or line.bullet or line.blank:
        return None
    name, _, rest = line.text.partition(":")
    field = profile.headings.get(name_key(name))
    return (name.strip(), field, rest.strip()) if field else None


def looks_like_heading(line: Line, strong_only: bool = False) -> bool:
    """A line a person would read as a heading: a Word heading, CAPITALS followed by a colon, or
    (on a line of its own, `strong_only` false) CAPITALS or Title Case of a few words, with nothing
    after its colon."""
    if line.heading:
        return True
    if line.cell or line.bullet or line.blank:
        return False
    name, colon, rest = line.text.partition(":")
    words = name.split()
    if not 1 <= len(words) <= MAX_HEADING_WORDS or not any(c.isalpha() for c in name):
        return False
    capitals = name == name.upper() and sum(c.isalpha() for c in name) >= 2
    if capitals and colon:
        return True
    if strong_only or line.follows or rest.strip() or name.rstrip()[-1] in ".;,!?":
        return False
    title_case = all(w[0].isupper() or len(w) <= _SMALL_WORDS or not w[0].isalpha() for w in words)
    return capitals or (title_case and words[0][0].isupper() and (len(words) >= 2 or bool(colon)))


def _heading(line: Line, profile: Profile, strong_only: bool) -> tuple[str, str, str] | None:
    found = _mapped_heading(line, profile)
    if found or not looks_like_heading(line, strong_only):
        return found
    name, colon, rest = line.text.partition(":")
    return (name.strip(), UNMAPPED, rest.strip()) if colon else (line.text, UNMAPPED, "")


def _class_line(line: Line, draft: GroupDraft) -> tuple[int, str] | None:
    """(class index, text after the colon) when the line opens a class's own text: `Library
    Technician: ...`, `Level II:`, `GS-7` on a line of its own, or in the first cell of a table row
    (the row's other cells are then the class's)."""
    if (line.cell and not line.row) or line.bullet or line.blank:
        return None
    name, _, rest = line.text.partition(":")
    for index, job_class in enumerate(draft.classes):
        if name_key(name) in (name_key(n) for n in job_class.names) and name.strip():
            return index, rest.strip()
    return None


# --- Splitting into parts -------------------------------------------------------------------


def split(lines: list[Line], profile: Profile, draft: GroupDraft, ledger: Ledger) -> list[Part]:
    """The parts under each heading; a class's line (`Title: text`) opens that class's share."""
    parts: list[Part] = []
    in_levels = False  # under LEVELS OF WORK, where a class's line opens its level of work
    current: int | None = None  # the class whose level of work came last there
    levels_heading = ""  # the heading of the level of work, as published
    for number, line in enumerate(lines):
        part = parts[-1] if parts else None
        opened = None
        if part and (in_levels or part.field in PER_CLASS):
            opened = _class_line(line, draft)
        heading = None
        if not opened:
            heading = _heading(line, profile, strong_only=bool(part and part.field == "contributor_levels"))
        if opened and part:
            index, rest = opened
            title = draft.classes[index].title
            if in_levels and (part.nested or part.field not in PER_CLASS_LISTS):
                parts.append(Part(levels_heading, "level_of_work", line, title, class_index=index))
                current = index
            else:  # one class's share of a heading that gives each class its own
                parts.append(Part(part.name, part.field, line, f"{part.name} ({title})", class_index=index))
        elif heading:
            name, field, rest = heading
            if field in TOP_LEVEL:
                in_levels, current = field == "level_of_work", None
                if in_levels:
                    levels_heading = name
            elif not profile.nested_class_parts:
                in_levels, current = False, None
            nested = current is not None and not _next_opens_class(lines, number, draft)
            owner = current if nested else None
            title = name if owner is None else f"{name} ({draft.classes[owner].title})"
            why = f"a heading the {profile.name!r} profile does not know; its text is kept as a section"
            why = why if field == UNMAPPED else ""
            parts.append(Part(name, field, line, title, class_index=owner, nested=nested, why=why))
            if field == UNMAPPED:
                continue  # the heading itself is reported, text after its colon included
        elif part is None:
            continue  # cannot happen: the first line is a heading
        elif (in_levels or part.field in PER_CLASS) and len(draft.classes) > 1 and _names_a_class(line):
            # `Trainee: ...` where no class is called that: filed under the class above, it would be wrong.
            label = line.text.partition(":")[0]
            why = "names no class of the class table (by title or level); its text is not imported"
            title = f"{part.name} ({label}?)"
            parts.append(Part(part.name, part.field, line, title, nested=part.nested, why=why, skip=True))
            continue
        else:
            part.lines.append(line)
            continue
        if rest:  # text on the heading's own line belongs to the part; the line is placed with it
            parts[-1].lines.append(make_line(line.number, rest))
        else:
            ledger.place(line, "structure: heading" if heading else "structure: class line")
    return parts


def _names_a_class(line: Line) -> bool:
    """`Trainee: text`, `Level IV: text`: a short name in capitals or Title Case before a colon."""
    name, colon, rest = line.text.partition(":")
    words = name.split()
    return (
        bool(colon and rest.strip())
        and 1 <= len(words) <= MAX_LABEL_WORDS
        and all(w[0].isupper() or w[0].isdigit() for w in words)
        and not line.cell
        and not line.bullet
    )


def _next_opens_class(lines: list[Line], number: int, draft: GroupDraft) -> bool:
    following = next((line for line in lines[number + 1 :] if not line.blank), None)
    return following is not None and _class_line(following, draft) is not None


# --- The handlers, one per field ----------------------------------------------------------------


def _concept(part: Part, draft: GroupDraft, ledger: Ledger) -> None:
    for line in part.lines:
        if not line.blank:
            draft.concept.append(line.text)
            ledger.place(line, "concept")


def _tasks(part: Part, draft: GroupDraft, ledger: Ledger) -> None:
    draft.tasks += read_list(part.lines, ledger, "tasks")


def _level_of_work(part: Part, draft: GroupDraft, ledger: Ledger) -> None:
    """A class's level of work; text before any class's line is the only class's (else reported)."""
    index = part.class_index if part.class_index is not None else 0 if len(draft.classes) == 1 else None
    if index is None:
        return
    for line in part.lines:
        if not line.blank and not line.bullet:
            draft.classes[index].level_of_work.append(line.text)
            ledger.place(line, f"classes[{index + 1}].level_of_work")


def _class_list(part: Part, draft: GroupDraft, ledger: Ledger) -> None:
    """A list of a class's own (minimum requirements, KSAs, ...); not under one class: every class's."""
    index = part.class_index if part.class_index is not None or len(draft.classes) != 1 else 0
    where = f"classes[{index + 1}].{part.field}" if index is not None else f"every class's {part.field}"
    items = read_list(part.lines, ledger, where)
    for job_class in draft.classes if index is None else [draft.classes[index]]:
        getattr(job_class, part.field).extend(items)


def _contributor_levels(part: Part, draft: GroupDraft, ledger: Ledger) -> None:
    titles = [c.title for c in draft.classes]
    draft.contributor_levels_intro, draft.contributor_levels = read_contributor_levels(
        part.lines, titles, ledger
    )


def _section(part: Part, draft: GroupDraft, ledger: Ledger) -> None:
    where = f"sections[{len(draft.sections) + 1}].items"
    draft.sections.append(Section(part.name, tuple(read_list(part.lines, ledger, where, paragraphs=True))))


def _structure(part: Part, draft: GroupDraft, ledger: Ledger) -> None:
    """A heading over other headings (`GENERAL QUALIFICATION GUIDELINES`): text right under it is reported."""


HANDLERS: dict[str, Callable[[Part, GroupDraft, Ledger], None]] = {
    "concept": _concept,
    "tasks": _tasks,
    "level_of_work": _level_of_work,
    "minimum_requirements": _class_list,
    "ksas": _class_list,
    "preferred_qualifications": _class_list,
    "special_requirements": _class_list,
    "contributor_levels": _contributor_levels,
    "section": _section,
    "structure": _structure,
    UNMAPPED: _section,
}
