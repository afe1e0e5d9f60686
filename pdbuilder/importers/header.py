"""The header of a spec, before its first heading: labels (`Class Group: X`), a title line, the class table.

The class table's header row is the first row with a column the profile calls the title; each
row after it is a class. Columns the profile does not know become class attributes under their
published names, so an extra column (`Salary Group`) never turns into classes.
"""

from __future__ import annotations

from pdbuilder.importers.drafts import ClassDraft, GroupDraft
from pdbuilder.importers.lines import Ledger, Line, joined
from pdbuilder.importers.profiles import Profile, name_key

_GROUP_FIELDS = ("class_group", "occupational_group")

Cell = list[Line]  # a table cell: its first line and the lines that wrap from it


def read_header(lines: list[Line], profile: Profile, ledger: Ledger) -> GroupDraft:
    draft = GroupDraft()
    rows: list[list[Cell]] = []
    labels: list[tuple[str, str, str]] = []  # (field, label as published, value) for the classes
    title: str | None = None
    in_cell = False
    for line in lines:
        label = _label(line, profile)
        if line.cell:
            if line.row or not rows:
                rows.append([])
            rows[-1].append([line])
            in_cell = True
        elif in_cell and line.follows and not line.blank:  # a cell that wraps
            rows[-1][-1].append(line)
        elif label:
            field, name, value = label
            in_cell = False
            if field in _GROUP_FIELDS:
                setattr(draft, field, value)
                ledger.place(line, field)
            else:
                labels.append((field, name, value))
                ledger.place(line, f"every class's {field}" if field != "attribute" else f"attributes.{name}")
        elif not line.blank:
            in_cell = False
            if profile.title_line and title is None:
                title = line.text
                ledger.place(line, "classes[1].title")
    draft.classes = _class_table(rows, profile, ledger)
    if not draft.classes:
        title = next((value for field, _, value in labels if field == "title"), title)
        draft.classes = [ClassDraft(title)] if title else []
    for job_class in draft.classes:
        for field, name, value in labels:
            if field == "attribute":
                job_class.attributes.append((name, value))
            elif field != "title":
                setattr(job_class, field, value)
    if not draft.class_group and len(draft.classes) == 1:
        draft.class_group = draft.classes[0].title  # a spec of one class: the class is the group
    return draft


def _label(line: Line, profile: Profile) -> tuple[str, str, str] | None:
    """(field, label, value) for a line `Label: value` whose label the profile knows."""
    if line.cell or line.bullet:
        return None
    name, colon, value = line.text.partition(":")
    field = profile.labels.get(name_key(name)) if colon else None
    return (field, name.strip(), value.strip()) if field else None


def _class_table(rows: list[list[Cell]], profile: Profile, ledger: Ledger) -> list[ClassDraft]:
    """The classes of the table; cells that fit no column are left for the report."""
    start = next(
        (n for n, row in enumerate(rows) if any(profile.columns.get(_key(cell)) == "title" for cell in row)),
        None,
    )
    if start is None:
        return []
    columns = [(profile.columns.get(_key(cell), "attribute"), joined(cell)) for cell in rows[start]]
    for cell in rows[start]:
        ledger.place_all(cell, "structure: class table column names")
    classes: list[ClassDraft] = []
    for row in rows[start + 1 :]:
        # A row holding several rows' cells (a text export without blank lines between rows) is split.
        for offset in range(0, len(row), len(columns)):
            cells = row[offset : offset + len(columns)]
            values = {field: joined(cell) for (field, _), cell in zip(columns, cells, strict=False)}
            if not values.get("title"):
                continue  # an empty row; any text in its other cells is reported
            job_class = ClassDraft(values["title"])
            number = len(classes) + 1
            for (field, name), cell in zip(columns, cells, strict=False):
                text = joined(cell)
                if field in ("attribute", "level"):
                    if text:
                        job_class.attributes.append((name, text))
                    if field == "level":
                        job_class.level = text
                else:
                    setattr(job_class, field, text)
                where = f"attributes.{name}" if field == "attribute" else field
                ledger.place_all(cell, f"classes[{number}].{where}")
            classes.append(job_class)
    return classes


def _key(cell: Cell) -> str:
    return name_key(joined(cell))
