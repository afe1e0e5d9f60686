"""From a spec's lines to a ClassGroup, accounting for every line.

Each line the parser uses is marked with where it went (a field, or structure such as a heading
or a table's column names). Whatever is left unmarked is reported, so a line the parser does not
understand is never dropped in silence, whatever the reason.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from pdbuilder.errors import SpecError
from pdbuilder.importers.lines import Line, fold, make_line
from pdbuilder.model import ClassGroup, ContributorLevel, JobClass, Section, Task, slugify, task_id_for

HEADER_LABELS = {"occupational group": "occupational_group", "class group": "class_group"}
CLASS_COLUMNS = {
    "class code": "code",
    "class title": "title",
    "occupational role": "occupational_role",
    "pay plan": "pay_plan",
    "pay grade": "pay_grade",
}
# Headings with a field of their own; any other heading becomes a catalog section.
KNOWN_HEADINGS = {
    "CONCEPT": "concept",
    "TASKS": "tasks",
    "LEVELS OF WORK": "levels",
    "LEVEL OF WORK": "levels",
    "MINIMUM REQUIREMENTS": "requirements",
    "CONTRIBUTOR LEVELS": "contributors",
}
TOP_LEVEL = {"concept", "tasks", "levels", "contributors"}  # these end LEVELS OF WORK

_LABEL = re.compile(r"^(occupational group|class group)\s*:\s*(.*)$", re.IGNORECASE)
_HEADING = re.compile(r"^([A-Z][A-Z0-9 &/,'’()\-]*?)\s*:\s*(.*)$")  # CAPITALS followed by a colon
_TITLED = re.compile(r"^([^:]+?)\s*:\s*(.*)$")  # "Library Technician: This is technical work ..."
_AXIS = re.compile(r"^minimum\s+maximum$", re.IGNORECASE)
_LEVEL_NAME = re.compile(r"\bcontributor$", re.IGNORECASE)
_RANGE_LABEL = re.compile(r"^performance range( for core competencies)?\s*:?$", re.IGNORECASE)


@dataclass(frozen=True)
class Unplaced:
    section: str
    line: Line


@dataclass(frozen=True)
class Imported:
    group: ClassGroup
    unplaced: tuple[Unplaced, ...]
    placed: dict[int, str]  # line number -> where it went, e.g. "tasks[3]" or "structure: heading"
    unit: str  # what a number counts: "line" (text) or "paragraph" (Word)


@dataclass
class _Part:
    """The lines under one heading (or before the first)."""

    title: str
    kind: str  # "header", one of KNOWN_HEADINGS' values, "class" (one class's level of work) or "other"
    lines: list[Line] = field(default_factory=list)
    class_index: int | None = None  # the class a "class" or "requirements" part belongs to


@dataclass
class _Column:
    """One level's column of the contributor table: description bullets, then performance range bullets."""

    description: list[list[Line]] = field(default_factory=list)
    performance_range: list[list[Line]] = field(default_factory=list)
    in_range: bool = False  # past the "Performance Range for Core Competencies:" label

    @property
    def items(self) -> list[list[Line]]:
        return self.performance_range if self.in_range else self.description

    @property
    def filled(self) -> bool:
        return bool(self.description or self.performance_range)


def parse(lines: list[Line], source: Path, unit: str = "line") -> Imported:
    """The class group in a spec's lines; `source` names the file in errors, `unit` what a number counts."""
    return _Parser(source).run(lines, unit)


class _Parser:
    def __init__(self, source: Path):
        self.source = source
        self.placed: dict[int, str] = {}
        self.header: dict[str, str] = {}
        self.classes: list[dict] = []
        self.concept: list[str] = []
        self.tasks: list[str] = []
        self.levels: list[ContributorLevel] = []
        self.levels_intro = ""
        self.sections: list[Section] = []

    def place(self, line: Line, where: str) -> None:
        self.placed.setdefault(line.number, where)

    def place_all(self, lines: list[Line], where: str) -> None:
        for line in lines:
            self.place(line, where)

    def run(self, lines: list[Line], unit: str) -> Imported:
        start = next((n for n, line in enumerate(lines) if self._heading(line)), len(lines))
        self._header(lines[:start])
        parts = self._split(lines[start:])
        for part in parts:
            getattr(self, f"_{part.kind}")(part)
        section_of = {
            line.number: part.title
            for part in [_Part("header", "header", lines[:start]), *parts]
            for line in part.lines
        }
        unplaced = tuple(
            Unplaced(section_of.get(line.number, "header"), line)
            for line in lines
            if not line.blank and line.number not in self.placed
        )
        return Imported(self._group(), unplaced, self.placed, unit)

    # --- Splitting into parts ----------------------------------------------

    def _heading(self, line: Line) -> tuple[str, str] | None:
        """(name, text after the colon) when the line is a heading: `TASKS:`, `SPECIAL REQUIREMENTS:`.

        Known headings are recognised in any case and without their colon too (`Tasks`, `Concept:`,
        a Word heading paragraph); others must be capitals followed by a colon.
        """
        if line.cell or line.bullet or _LABEL.match(line.text):
            return None
        name, _, rest = line.text.partition(":")
        if name.strip().upper() in KNOWN_HEADINGS:
            return name.strip().upper(), rest.strip()
        found = _HEADING.match(line.text)
        return (found[1], found[2]) if found else None

    def _class_line(self, line: Line) -> tuple[int, str] | None:
        """(class index, text) when the line opens a class's level of work: `Library Technician: ...`."""
        found = None if line.cell or line.bullet else _TITLED.match(line.text)
        if not found:
            return None
        titles = [c["title"].lower() for c in self.classes]
        title = found[1].lower()
        return (titles.index(title), found[2]) if title in titles else None

    def _split(self, lines: list[Line]) -> list[_Part]:
        parts: list[_Part] = []
        in_levels, current_class = False, None
        for line in lines:
            opened = self._class_line(line) if in_levels else None
            heading = None if opened else self._heading(line)
            if opened:
                current_class, rest = opened
                parts.append(_Part(self.classes[current_class]["title"], "class", class_index=current_class))
            elif heading:
                name, rest = heading
                kind = KNOWN_HEADINGS.get(name, "other")
                if kind in TOP_LEVEL:
                    in_levels, current_class = kind == "levels", None
                title = name
                if kind == "requirements" and current_class is not None:
                    title = f"{name} ({self.classes[current_class]['title']})"
                parts.append(
                    _Part(title, kind, class_index=current_class if kind == "requirements" else None)
                )
            else:
                parts[-1].lines.append(line)
                continue
            if rest:  # text on the heading's own line belongs to the part; the line is placed with it
                parts[-1].lines.append(make_line(line.number, rest))
            else:
                self.place(line, "structure: heading")
        return parts

    # --- The header: labels and the class table ------------------------------

    def _header(self, lines: list[Line]) -> None:
        cells: list[list[Line]] = []
        in_cell = False
        for line in lines:
            label = _LABEL.match(line.text)
            if line.cell:
                cells.append([line])
                in_cell = True
            elif label:
                self.header[HEADER_LABELS[label[1].lower()]] = label[2]
                self.place(line, HEADER_LABELS[label[1].lower()])
                in_cell = False
            elif in_cell and line.follows and not line.blank:  # a cell that wraps
                cells[-1].append(line)
            elif not line.blank:
                in_cell = False
        self._class_table(cells)

    def _class_table(self, cells: list[list[Line]]) -> None:
        """The header row is the first run of known column names; cells before it are reported."""
        start = next((n for n, cell in enumerate(cells) if _text(cell).lower() in CLASS_COLUMNS), len(cells))
        columns = []
        for cell in cells[start:]:
            column = CLASS_COLUMNS.get(_text(cell).lower())
            if column is None:
                break
            columns.append(column)
            self.place_all(cell, "structure: class table column names")
        if "title" not in columns:
            return
        values = cells[start + len(columns) :]
        for start in range(0, len(values), len(columns)):
            row = dict(zip(columns, values[start : start + len(columns)]))
            if not _text(row.get("title", [])):
                continue  # an empty row; any text in its other cells is reported
            index = len(self.classes)
            self.classes.append({name: _text(row.get(name, [])) for name in CLASS_COLUMNS.values()})
            self.classes[index].update(level_of_work=[], minimum_requirements=[])
            for name, cell in row.items():
                self.place_all(cell, f"classes[{index + 1}].{name}")

    # --- The parts ---------------------------------------------------------------

    def _concept(self, part: _Part) -> None:
        for line in part.lines:
            if not line.blank:
                self.concept.append(line.text)
                self.place(line, "concept")

    def _tasks(self, part: _Part) -> None:
        self.tasks += self._items(part.lines, "tasks")

    def _levels(self, part: _Part) -> None:
        """LEVELS OF WORK before any class's own line: the level of work of a spec's only class."""
        if len(self.classes) == 1:
            part.class_index = 0
            self._class(part)

    def _class(self, part: _Part) -> None:
        where = f"classes[{part.class_index + 1}].level_of_work"
        for line in part.lines:
            if not line.blank and not line.bullet:
                self.classes[part.class_index]["level_of_work"].append(line.text)
                self.place(line, where)

    def _requirements(self, part: _Part) -> None:
        """A class's MINIMUM REQUIREMENTS; outside LEVELS OF WORK they are every class's."""
        index = part.class_index
        indexes = [index] if index is not None else range(len(self.classes))
        where = (
            f"classes[{index + 1}].minimum_requirements"
            if index is not None
            else "every class's minimum_requirements"
        )
        items = self._items(part.lines, where)
        for index in indexes:
            self.classes[index]["minimum_requirements"] += items

    def _other(self, part: _Part) -> None:
        where = f"sections[{len(self.sections) + 1}].items"
        self.sections.append(Section(part.title, tuple(self._items(part.lines, where, paragraphs=True))))

    def _contributors(self, part: _Part) -> None:
        """The flattened contributor-level table: intro, axis labels, class names, level names, bullet columns."""
        lines = [line for line in part.lines if not line.blank]
        intro_end = next(
            (n for n, line in enumerate(lines) if line.cell or line.bullet or _LEVEL_NAME.search(line.text)),
            len(lines),
        )
        for line in lines[:intro_end]:
            self.place(line, "contributor_levels_intro")
        self.levels_intro = fold(" ".join(line.text for line in lines[:intro_end]))
        titles = {c["title"].lower() for c in self.classes}
        names: list[list[Line]] = []  # each level's name, whose words may be broken over lines
        pending: list[Line] = []
        columns: list[_Column] = []  # each level's bullets, in the order of the names
        open_item = False
        for line in lines[intro_end:]:
            if _AXIS.match(line.text):
                self.place(line, "structure: contributor table axis labels")
            elif {t.strip().lower() for t in line.text.split("/")} <= titles:
                self.place(line, "structure: contributor table class names")
            elif not columns and not line.bullet:
                pending.append(line)
                if _LEVEL_NAME.search(line.text):
                    names.append(pending)
                    pending = []
            elif _RANGE_LABEL.match(line.text) and columns:
                columns[-1].in_range, open_item = True, False
                self.place(line, "structure: performance range label")
            elif line.bullet:
                if not columns or (line.cell and columns[-1].filled):  # a new cell: the next level's column
                    columns.append(_Column())
                columns[-1].items.append([line])
                open_item = True
            elif open_item and line.follows:
                columns[-1].items[-1].append(line)
            else:
                open_item = False
        taken: set[str] = set()
        for number, name_lines in enumerate(names, 1):
            name = _text(name_lines)
            self.place_all(name_lines, f"contributor_levels[{number}].name")
            column = columns[number - 1] if number <= len(columns) else _Column()
            for key in ("description", "performance_range"):
                for item in getattr(column, key):
                    self.place_all(item, f"contributor_levels[{number}].{key}")
            level_id = _unique(slugify(name.split()[0]), taken, f"level-{number}")
            self.levels.append(
                ContributorLevel(
                    level_id,
                    name,
                    tuple(_text(item) for item in column.description),
                    tuple(_text(item) for item in column.performance_range),
                )
            )

    def _items(self, lines: list[Line], where: str, paragraphs: bool | None = None) -> list[str]:
        """The items of a list: each bullet, with the lines that wrap from it.

        Without any bullet (or when `paragraphs`), each paragraph is an item; in a bulleted list a
        paragraph that follows no item is left for the report.
        """
        if paragraphs is None:
            paragraphs = not any(line.bullet for line in lines)
        items: list[list[Line]] = []
        open_item = False  # the previous line went into the last item, so a wrapped line continues it
        for line in lines:
            if line.blank:
                continue
            if open_item and line.follows and not line.bullet:
                items[-1].append(line)
            elif line.bullet or paragraphs:
                items.append([line])
                open_item = True
            else:
                open_item = False
        for number, item in enumerate(items, 1):
            self.place_all(item, f"{where}[{number}]")
        return [_text(item) for item in items]

    # --- The class group -----------------------------------------------------------

    def _group(self) -> ClassGroup:
        name = self.header.get("class_group", "")
        if not name:
            raise SpecError(
                "no 'Class Group:' line before the first heading: is this a class specification?", self.source
            )
        if not self.classes:
            raise SpecError(
                "no class found: expected a table with a 'Class Title' column before the first heading",
                self.source,
            )
        class_ids: set[str] = set()
        classes = tuple(
            JobClass(
                id=_unique(slugify(c["title"]), class_ids, f"class-{n}"),
                code=c["code"],
                title=c["title"],
                occupational_role=c["occupational_role"],
                pay_plan=c["pay_plan"],
                pay_grade=c["pay_grade"],
                level_of_work=fold(" ".join(c["level_of_work"])),
                minimum_requirements=tuple(c["minimum_requirements"]),
            )
            for n, c in enumerate(self.classes, 1)
        )
        task_ids: set[str] = set()
        tasks = tuple(
            Task(_unique(task_id_for(text), task_ids, f"task-{n}"), text)
            for n, text in enumerate(self.tasks, 1)
        )
        return ClassGroup(
            id=slugify(name) or "class-group",
            occupational_group=self.header.get("occupational_group", ""),
            class_group=name,
            concept=fold(" ".join(self.concept)),
            tasks=tasks,
            classes=classes,
            contributor_levels=tuple(self.levels),
            contributor_levels_intro=self.levels_intro,
            sections=tuple(self.sections),
        )


def _text(lines: list[Line]) -> str:
    return fold(" ".join(line.text for line in lines))


def _unique(wanted: str, taken: set[str], fallback: str) -> str:
    """An id not used yet in its list: `wanted`, else `wanted-2`, `wanted-3`, ..."""
    base = wanted or fallback
    candidate, number = base, 1
    while candidate in taken:
        number += 1
        candidate = f"{base}-{number}"
    taken.add(candidate)
    return candidate
