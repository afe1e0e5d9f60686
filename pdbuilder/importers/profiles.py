"""Heading profiles: what a jurisdiction calls each part of a class specification, as data.

A profile is a TOML file in `pdbuilder/importers/profiles/` (package data): the headings that
start each field, the labels of the header, and the class table's column names. The parser reads
names through `name_key`, so a profile lists a name once and it matches in any case, with or
without its colon, `&` or `and`, commas or none.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources

from pdbuilder.importers.lines import Line

# The fields a heading can start, and what each becomes in the catalog.
HEADING_FIELDS = (
    "concept",  # the group's concept
    "tasks",  # the group's tasks
    "level_of_work",  # each class's level of work
    "minimum_requirements",  # each class's lists: the rest of this tuple
    "ksas",
    "preferred_qualifications",
    "special_requirements",
    "contributor_levels",  # the contributor (career) level table
    "section",  # kept as a [[sections]] entry under its own title
    "structure",  # a heading over other headings: known, nothing stored
)
PER_CLASS_LISTS = ("minimum_requirements", "ksas", "preferred_qualifications", "special_requirements")
# Fields of the group (class_group, occupational_group) or of every class, given as "Label: value".
LABEL_FIELDS = (
    "class_group",
    "occupational_group",
    "code",
    "title",
    "occupational_role",
    "pay_plan",
    "pay_grade",
    "attribute",  # kept as a class attribute under the label's own name
)
# The class table's columns with a field of their own; "level" names a class in per-level text
# ("Level II: ..."). Any other column becomes a class attribute under its own name.
COLUMN_FIELDS = ("code", "title", "occupational_role", "pay_plan", "pay_grade", "level")


def name_key(text: str) -> str:
    """A heading, label or column name as profiles compare it: `Knowledge, Skills & Abilities:` ->
    `knowledge skills and abilities`; `Legal Requirement(s)` -> `legal requirements`."""
    text = text.lower().replace("&", " and ").replace("(s)", "s")
    return " ".join(re.findall(r"[^\W_]+", text))


@dataclass(frozen=True)
class Profile:
    name: str
    description: str
    headings: dict[str, str]  # name_key(heading) -> one of HEADING_FIELDS
    labels: dict[str, str]  # name_key(label) -> one of LABEL_FIELDS
    columns: dict[str, str]  # name_key(column name) -> one of COLUMN_FIELDS
    # The first line of the header is the class title (specs of one class without a table).
    title_line: bool = False
    # Under LEVELS OF WORK, a heading after a class's own line belongs to that class (the seed's layout).
    nested_class_parts: bool = False

    def score(self, lines: list[Line]) -> int:
        """How many distinct names of this profile the lines use: the detected profile has most."""
        found = set()
        for line in lines:
            if line.bullet or not line.text:
                continue
            name = name_key(line.text.partition(":")[0])
            if line.cell and name in self.columns:
                found.add(("column", name))
            elif not line.cell and name in self.headings:
                found.add(("heading", name))
            elif not line.cell and name in self.labels and ":" in line.text:
                found.add(("label", name))
        return len(found)


def _names(table: dict[str, list[str]], allowed: tuple[str, ...], where: str) -> dict[str, str]:
    names = {}
    for field, listed in table.items():
        if field not in allowed:
            raise ValueError(f"{where}: unknown field {field!r} (one of {', '.join(allowed)})")
        names.update({name_key(name): field for name in listed})
    return names


def read_profile(name: str, text: str) -> Profile:
    data = tomllib.loads(text)
    return Profile(
        name=name,
        description=data["description"],
        headings=_names(data.get("headings", {}), HEADING_FIELDS, f"{name}.headings"),
        labels=_names(data.get("labels", {}), LABEL_FIELDS, f"{name}.labels"),
        columns=_names(data.get("columns", {}), COLUMN_FIELDS, f"{name}.columns"),
        title_line=data.get("title_line", False),
        nested_class_parts=data.get("nested_class_parts", False),
    )


@cache  # read once per process: a folder import or a test run parses many specs
def bundled_profiles() -> tuple[Profile, ...]:
    """Every bundled profile, the default first (it wins a tie)."""
    folder = resources.files("pdbuilder.importers") / "profiles"
    files = sorted((f for f in folder.iterdir() if f.name.endswith(".toml")), key=lambda f: f.name)
    profiles = [read_profile(f.name.removesuffix(".toml"), f.read_text(encoding="utf-8")) for f in files]
    return tuple(sorted(profiles, key=lambda p: p.name != "default"))


def detect(lines: list[Line], profiles: tuple[Profile, ...]) -> Profile:
    """The profile that knows most of the spec's headings, labels and column names."""
    return max(profiles, key=lambda p: p.score(lines))  # max keeps the first of equals: the default
