"""What the parser fills in as it reads a spec: drafts of the class group and its classes.

Drafts are mutable and hold plain lists; `GroupDraft.build` turns one into the read-only
ClassGroup of the domain, choosing the ids.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pdbuilder.importers.lines import fold
from pdbuilder.model import ClassGroup, ContributorLevel, JobClass, Section, Task, slugify, task_id_for


@dataclass
class ClassDraft:
    title: str
    code: str = ""
    occupational_role: str = ""
    pay_plan: str = ""
    pay_grade: str = ""
    level: str = ""  # its level as the class table names it ("Level II", "GS-7"), if it does
    attributes: list[tuple[str, str]] = field(default_factory=list)
    level_of_work: list[str] = field(default_factory=list)
    minimum_requirements: list[str] = field(default_factory=list)
    ksas: list[str] = field(default_factory=list)
    preferred_qualifications: list[str] = field(default_factory=list)
    special_requirements: list[str] = field(default_factory=list)

    @property
    def names(self) -> list[str]:
        """What a per-level paragraph may start with to be this class's: its title, or its level."""
        return [name for name in (self.title, self.level) if name]


@dataclass
class GroupDraft:
    class_group: str = ""
    occupational_group: str = ""
    classes: list[ClassDraft] = field(default_factory=list)
    concept: list[str] = field(default_factory=list)
    tasks: list[str] = field(default_factory=list)
    contributor_levels: list[ContributorLevel] = field(default_factory=list)
    contributor_levels_intro: str = ""
    sections: list[Section] = field(default_factory=list)

    def build(self, group_id: str | None = None, id_prefix: str = "") -> ClassGroup:
        """The class group; ids are slugs of the names (`id_prefix` before them) unless `group_id` is given."""
        class_ids: set[str] = set()
        classes = tuple(
            JobClass(
                id=unique(slugify(f"{id_prefix} {c.title}"), class_ids, f"class-{n}"),
                code=c.code,
                title=c.title,
                occupational_role=c.occupational_role,
                pay_plan=c.pay_plan,
                pay_grade=c.pay_grade,
                level_of_work=fold(" ".join(c.level_of_work)),
                minimum_requirements=tuple(c.minimum_requirements),
                ksas=tuple(c.ksas),
                preferred_qualifications=tuple(c.preferred_qualifications),
                special_requirements=tuple(c.special_requirements),
                attributes=tuple(c.attributes),
            )
            for n, c in enumerate(self.classes, 1)
        )
        task_ids: set[str] = set()
        tasks = tuple(
            Task(unique(task_id_for(text), task_ids, f"task-{n}"), text)
            for n, text in enumerate(self.tasks, 1)
        )
        return ClassGroup(
            id=group_id or slugify(f"{id_prefix} {self.class_group}") or "class-group",
            occupational_group=self.occupational_group,
            class_group=self.class_group,
            concept=fold(" ".join(self.concept)),
            tasks=tasks,
            classes=classes,
            contributor_levels=tuple(self.contributor_levels),
            contributor_levels_intro=self.contributor_levels_intro,
            sections=tuple(self.sections),
        )


def unique(wanted: str, taken: set[str], fallback: str) -> str:
    """An id not used yet in its list: `wanted`, else `wanted-2`, `wanted-3`, ..."""
    base = wanted or fallback
    candidate, number = base, 1
    while candidate in taken:
        number += 1
        candidate = f"{base}-{number}"
    taken.add(candidate)
    return candidate
