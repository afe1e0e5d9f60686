"""The contributor level table, as Word or a text export flattens it.

The intro paragraph, then the axis labels (`MINIMUM  MAXIMUM`), a row naming the classes, each
level's name (`Recent Contributor`, possibly broken over lines) and, per level, a column of
description bullets followed by performance range bullets after their label.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pdbuilder.importers.drafts import unique
from pdbuilder.importers.lines import Ledger, Line, joined
from pdbuilder.model import ContributorLevel, slugify

_AXIS = re.compile(r"^minimum\s+maximum$", re.IGNORECASE)
_LEVEL_NAME = re.compile(r"\bcontributor$", re.IGNORECASE)
RANGE_LABEL = re.compile(r"^performance range( for core competencies)?\s*:?$", re.IGNORECASE)


@dataclass
class _Column:
    """One level's column: description bullets, then performance range bullets."""

    description: list[list[Line]] = field(default_factory=list)
    performance_range: list[list[Line]] = field(default_factory=list)
    in_range: bool = False  # past the "Performance Range for Core Competencies:" label

    @property
    def items(self) -> list[list[Line]]:
        return self.performance_range if self.in_range else self.description

    @property
    def filled(self) -> bool:
        return bool(self.description or self.performance_range)


def read_contributor_levels(
    lines: list[Line], class_titles: list[str], ledger: Ledger
) -> tuple[str, list[ContributorLevel]]:
    """(the intro paragraph, the levels) of a CONTRIBUTOR LEVELS section."""
    lines = [line for line in lines if not line.blank]
    intro_end = next(
        (n for n, line in enumerate(lines) if line.cell or line.bullet or _LEVEL_NAME.search(line.text)),
        len(lines),
    )
    ledger.place_all(lines[:intro_end], "contributor_levels_intro")
    intro = joined(lines[:intro_end])
    titles = {title.lower() for title in class_titles}
    names: list[list[Line]] = []  # each level's name, whose words may be broken over lines
    pending: list[Line] = []
    columns: list[_Column] = []  # each level's bullets, in the order of the names
    open_item = False
    for line in lines[intro_end:]:
        if _AXIS.match(line.text):
            ledger.place(line, "structure: contributor table axis labels")
        elif {t.strip().lower() for t in line.text.split("/")} <= titles:
            ledger.place(line, "structure: contributor table class names")
        elif not columns and not line.bullet:
            pending.append(line)
            if _LEVEL_NAME.search(line.text):
                names.append(pending)
                pending = []
        elif RANGE_LABEL.match(line.text) and columns:
            columns[-1].in_range, open_item = True, False
            ledger.place(line, "structure: performance range label")
        elif line.bullet:
            if not columns or (line.cell and columns[-1].filled):  # a new cell: the next level's column
                columns.append(_Column())
            columns[-1].items.append([line])
            open_item = True
        elif open_item and line.follows:
            columns[-1].items[-1].append(line)
        else:
            open_item = False
    levels = []
    taken: set[str] = set()
    for number, name_lines in enumerate(names, 1):
        name = joined(name_lines)
        ledger.place_all(name_lines, f"contributor_levels[{number}].name")
        column = columns[number - 1] if number <= len(columns) else _Column()
        for item in column.description:
            ledger.place_all(item, f"contributor_levels[{number}].description")
        for item in column.performance_range:
            ledger.place_all(item, f"contributor_levels[{number}].performance_range")
        levels.append(
            ContributorLevel(
                unique(slugify(name.split()[0]), taken, f"level-{number}"),
                name,
                tuple(joined(item) for item in column.description),
                tuple(joined(item) for item in column.performance_range),
            )
        )
    return intro, levels
