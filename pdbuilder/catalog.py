"""The catalog of class specifications: one TOML file per class group, from several folders.

The bundled folder comes first; folders from `--catalog` and PDBUILDER_CATALOG follow, and a
class group in a later folder replaces one with the same id from an earlier folder.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pdbuilder.bundled import bundled_folder
from pdbuilder.errors import CatalogError
from pdbuilder.model import ClassGroup, ClassRef, ContributorLevel, JobClass, Section, Task
from pdbuilder.storage import Fields, dumps, read_toml

BUNDLED_DIR = bundled_folder("catalogs")
CATALOG_ENV = "PDBUILDER_CATALOG"
CATALOG_SCHEMA_VERSION = 1
# Ids are typed on command lines and written as keys into records: no spaces, quotes or controls.
ID_PATTERN = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?")


@dataclass(frozen=True)
class Catalog:
    groups: tuple[ClassGroup, ...]
    _index: dict[str, ClassRef] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        index = {}
        for group in self.groups:
            for job_class in group.classes:
                index[job_class.id] = ClassRef(group, job_class)
        object.__setattr__(self, "_index", index)

    @property
    def classes(self) -> list[ClassRef]:
        return list(self._index.values())

    def get(self, class_id: str) -> ClassRef | None:
        return self._index.get(class_id)


def catalog_dirs(extra: Sequence[Path] = ()) -> list[Path]:
    """The folders to read, in order: bundled, then PDBUILDER_CATALOG, then --catalog options."""
    from_env = [Path(p) for p in os.environ.get(CATALOG_ENV, "").split(os.pathsep) if p]
    return [BUNDLED_DIR, *from_env, *extra]


def read_catalog_files(extra_dirs: Sequence[Path] = ()) -> dict[str, tuple[ClassGroup, Path]]:
    """Each class group of the catalog by id, with the file it was read from."""
    found: dict[str, tuple[ClassGroup, Path]] = {}
    for folder in catalog_dirs(extra_dirs):
        if not folder.is_dir():
            raise CatalogError("catalog folder does not exist", folder)
        in_folder: dict[str, Path] = {}
        for path in sorted(folder.glob("*.toml")):
            group = read_group(path)
            if group.id in in_folder:
                raise CatalogError(
                    f"class group id {group.id!r} is already used in {in_folder[group.id]}", path
                )
            in_folder[group.id] = path
            found[group.id] = (group, path)  # a later folder's group replaces an earlier one
    return found


def load_catalog(extra_dirs: Sequence[Path] = ()) -> Catalog:
    found = read_catalog_files(extra_dirs)
    owners: dict[str, Path] = {}
    for group, path in found.values():
        for job_class in group.classes:
            if job_class.id in owners:
                raise CatalogError(
                    f"class id {job_class.id!r} is already used in {owners[job_class.id]}", path
                )
            owners[job_class.id] = path
    return Catalog(tuple(group for group, _ in found.values()))


def read_group(path: Path) -> ClassGroup:
    data, text = read_toml(path, CatalogError)
    top = Fields(data, path, text, CatalogError)
    version = top.get("schema_version", int)
    if version > CATALOG_SCHEMA_VERSION:
        raise CatalogError(
            f"catalog schema_version {version} is newer than this pdbuilder reads ({CATALOG_SCHEMA_VERSION})",
            path,
        )
    group = ClassGroup(
        id=_read_id(top),
        occupational_group=top.get("occupational_group", str, ""),
        class_group=top.get("class_group", str),
        concept=top.get("concept", str, ""),
        tasks=tuple(Task(id=_read_id(t), text=t.get("text", str)) for t in top.tables("tasks")),
        classes=tuple(_read_class(c) for c in top.tables("classes")),
        contributor_levels=tuple(
            ContributorLevel(
                id=_read_id(lv),
                name=lv.get("name", str),
                description=lv.text_list("description", []),
                performance_range=lv.text_list("performance_range", []),
            )
            for lv in top.tables("contributor_levels")
        ),
        contributor_levels_intro=top.get("contributor_levels_intro", str, ""),
        sections=tuple(
            Section(title=s.get("title", str), items=s.text_list("items", [])) for s in top.tables("sections")
        ),
    )
    if not group.classes:
        raise CatalogError("class group has no [[classes]]", path)
    for kind, ids in (("task", [t.id for t in group.tasks]), ("class", [c.id for c in group.classes])):
        duplicate = next((i for i in ids if ids.count(i) > 1), None)
        if duplicate:
            raise CatalogError(f"{kind} id {duplicate!r} is used twice", path)
    return group


def _read_id(fields: Fields) -> str:
    value: str = fields.get("id", str)
    if not ID_PATTERN.fullmatch(value):
        fields.fail("id", f"{value!r} is not an id: letters, digits, '-', '_' and '.', no spaces")
    return value


def _read_class(fields: Fields) -> JobClass:
    return JobClass(
        id=_read_id(fields),
        code=fields.get("code", str, ""),
        title=fields.get("title", str),
        occupational_role=fields.get("occupational_role", str, ""),
        pay_plan=fields.get("pay_plan", str, ""),
        pay_grade=fields.get("pay_grade", str, ""),
        level_of_work=fields.get("level_of_work", str, ""),
        minimum_requirements=fields.text_list("minimum_requirements", []),
        ksas=fields.text_list("ksas", []),
        preferred_qualifications=fields.text_list("preferred_qualifications", []),
        special_requirements=fields.text_list("special_requirements", []),
        attributes=_read_attributes(fields),
    )


def _read_attributes(fields: Fields) -> tuple[tuple[str, str], ...]:
    if "attributes" not in fields.data:
        return ()
    attributes = fields.subtable("attributes")
    return tuple((name, attributes.get(name, str)) for name in attributes.data)


def _class_table(job_class: JobClass) -> dict[str, Any]:
    """A class as its catalog table; the optional lists and attributes only when the spec has them."""
    c = job_class
    table: dict[str, Any] = {
        "id": c.id,
        "code": c.code,
        "title": c.title,
        "occupational_role": c.occupational_role,
        "pay_plan": c.pay_plan,
        "pay_grade": c.pay_grade,
        "level_of_work": c.level_of_work,
        "minimum_requirements": list(c.minimum_requirements),
    }
    for name in ("ksas", "preferred_qualifications", "special_requirements"):
        if getattr(c, name):
            table[name] = list(getattr(c, name))
    if c.attributes:
        table["attributes"] = dict(c.attributes)
    return table


def group_to_toml(group: ClassGroup) -> str:
    """The catalog file for a class group; `read_group` reads it back equal."""
    scalars = {
        "schema_version": CATALOG_SCHEMA_VERSION,
        "id": group.id,
        "occupational_group": group.occupational_group,
        "class_group": group.class_group,
        "concept": group.concept,
        "contributor_levels_intro": group.contributor_levels_intro,
    }
    tables = {
        "classes": [_class_table(c) for c in group.classes],
        "tasks": [{"id": t.id, "text": t.text} for t in group.tasks],
        "contributor_levels": [
            {
                "id": lv.id,
                "name": lv.name,
                "description": list(lv.description),
                "performance_range": list(lv.performance_range),
            }
            for lv in group.contributor_levels
        ],
        "sections": [{"title": s.title, "items": list(s.items)} for s in group.sections],
    }
    return dumps(scalars, tables)
