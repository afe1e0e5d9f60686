"""The rendering context: everything a template (or a text view) knows about a position.

One function builds it for Word templates, `show`, and the TUI's preview alike; `template_context`
is that context made fit for Word's XML, exactly as templates receive it. Every name here
is documented in docs/templates.md, which agencies read to write their own templates.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from pdbuilder.model import DETAILS, XML_FORBIDDEN, AgencyProfile, ClassRef, Position, RecordField

# Every name a template can use, with its meaning: the reference for docs/templates.md and for
# `pdbuilder template check`. `tasks[].text` is the `text` of each item of the list `tasks`.
# tests/test_context.py proves this lists exactly what build_context returns.
CONTEXT_VARIABLES: dict[str, str] = {
    "position": "the position's own details, as the record holds them",
    **{f"position.{detail.name}": detail.help for detail in DETAILS},
    "position.status": "the record's status: draft, review, approved or archived",
    "position.created": "the day the record was created (YYYY-MM-DD), or empty",
    "position.modified": "the day the record was last changed (YYYY-MM-DD), or empty",
    "job_class": "the class the position is built on",
    "job_class.id": "the class id in the catalog, e.g. library-technician",
    "job_class.code": "the class code; empty when the published spec has none",
    "job_class.title": "the class title, e.g. Library Technician",
    "job_class.occupational_role": "the occupational role, e.g. Technical",
    "job_class.pay_plan": "the pay plan, e.g. Current",
    "job_class.pay_grade": "the pay grade; empty when the published spec has none",
    "job_class.level_of_work": "the class's level of work paragraph",
    "class_group": "the class group the class belongs to",
    "class_group.id": "the class group id in the catalog, e.g. library-science",
    "class_group.name": "the class group's name, e.g. Library Science",
    "class_group.occupational_group": "the occupational group, e.g. Education, Training and Library",
    "class_group.concept": "the class group's concept paragraph",
    "class_group.sections": "other named parts of the spec (a list, often empty)",
    "class_group.sections[].title": "a section's title, e.g. SPECIAL REQUIREMENTS",
    "class_group.sections[].paragraphs": "a section's paragraphs (a list of text)",
    "tasks": "the position's tasks in the record's order (a list), class tasks and its own",
    "tasks[].number": "the task's number: 1, 2, 3 …",
    "tasks[].text": "the task's text",
    "tasks[].percent": "the task's share of working time as a whole number, or none",
    "tasks[].essential": "true when the task is an essential function (ADA)",
    "tasks[].source": '"class" for a task of the class, "position" for one written for this position',
    "has_percent": "true when any task has a percent of time",
    "has_essential": "true when any task is marked essential",
    "percent_total": "the sum of the tasks' percents, or none when no task has one",
    "minimum_requirements": "the class's minimum requirements (a list of text)",
    "extra_requirements": "requirements added for this position (a list of text, often empty)",
    "contributor_level": "the position's contributor level",
    "contributor_level.id": "its id, e.g. recent; empty when none is chosen",
    "contributor_level.name": "its name, e.g. Recent Contributor; empty when none is chosen",
    "contributor_level.description": "its description (a list of text)",
    "contributor_level.performance_range": "its performance range (a list of text)",
    "contributor_levels_intro": "the class group's paragraph introducing contributor levels, or empty",
    "today": "the day the document is generated (YYYY-MM-DD)",
    "agency": "the agency profile's settings (docs/agency-profile.md); each empty without a profile",
    "agency.name": "the agency's name (the record's own `position.agency` wins over it there)",
    "agency.appointing_authority": "the title that signs as appointing authority",
    "agency.equal_opportunity": "the equal-opportunity and accommodation statement",
    "agency.how_to_apply": "how to apply: a link, a portal, a requisition number",
}


def _day(moment: datetime | None) -> str:
    return moment.date().isoformat() if moment else ""


def _detail_value(detail: RecordField, value: Any) -> Any:
    """A field as templates see it: a list as a list, a date as YYYY-MM-DD or empty, text as is."""
    if detail.kind == "list":
        return list(value)
    if detail.kind == "date":
        return value.isoformat() if value else ""
    return value


def build_context(
    position: Position, ref: ClassRef, today: date | None = None, agency: AgencyProfile | None = None
) -> dict[str, Any]:
    """The context for a position on its class; the agency profile fills what the record leaves empty."""
    agency = agency or AgencyProfile()
    group, job_class = ref.group, ref.job_class
    level = group.level(position.contributor_level)
    tasks = [
        {
            "number": number,
            "text": task.text,
            "percent": task.percent,
            "essential": task.essential,
            "source": "position" if task.is_custom else "class",
        }
        for number, task in enumerate(position.tasks, 1)
    ]
    return {
        "position": {
            **{detail.name: _detail_value(detail, getattr(position, detail.name)) for detail in DETAILS},
            "agency": position.agency or agency.name,
            "salary": position.salary or agency.salary(job_class.pay_plan, job_class.pay_grade),
            "status": position.status,
            "created": _day(position.created),
            "modified": _day(position.modified),
        },
        "job_class": {
            "id": job_class.id,
            "code": job_class.code,
            "title": job_class.title,
            "occupational_role": job_class.occupational_role,
            "pay_plan": job_class.pay_plan,
            "pay_grade": job_class.pay_grade,
            "level_of_work": job_class.level_of_work,
        },
        "class_group": {
            "id": group.id,
            "name": group.class_group,
            "occupational_group": group.occupational_group,
            "concept": group.concept,
            "sections": [{"title": s.title, "paragraphs": list(s.items)} for s in group.sections],
        },
        "tasks": tasks,
        "has_percent": any(t["percent"] is not None for t in tasks),
        "has_essential": any(t["essential"] for t in tasks),
        "percent_total": position.percent_total,
        "minimum_requirements": list(job_class.minimum_requirements),
        "extra_requirements": list(position.extra_requirements),
        "contributor_level": {
            "id": position.contributor_level,
            "name": level.name if level else "",
            "description": list(level.description) if level else [],
            "performance_range": list(level.performance_range) if level else [],
        },
        "contributor_levels_intro": group.contributor_levels_intro,
        "today": (today or date.today()).isoformat(),
        "agency": {
            "name": agency.name,
            "appointing_authority": agency.appointing_authority,
            "equal_opportunity": agency.equal_opportunity,
            "how_to_apply": agency.how_to_apply,
        },
    }


def template_context(
    position: Position, ref: ClassRef, today: date | None = None, agency: AgencyProfile | None = None
) -> tuple[dict[str, Any], list[str]]:
    """The context exactly as templates receive it, with a warning per text that lost characters."""
    warnings: list[str] = []
    return _clean(build_context(position, ref, today, agency), "", warnings), warnings


def _clean(value: Any, where: str, warnings: list[str]) -> Any:
    """The value with every text fit for XML: forbidden characters dropped, line ends made `\n`.

    (XML would read a bare carriage return as a line feed anyway; docxtpl makes `\n` a line break.)
    """
    if isinstance(value, str):
        found = XML_FORBIDDEN.findall(value)
        if found:
            codes = ", ".join(sorted({f"U+{ord(c):04X}" for c in found}))
            warnings.append(
                f"{where}: dropped {len(found)} control character{'s' * (len(found) > 1)} ({codes}) that Word cannot open"
            )
            value = XML_FORBIDDEN.sub("", value)
        return value.replace("\r\n", "\n").replace("\r", "\n")
    if isinstance(value, dict):
        return {
            key: _clean(item, f"{where}.{key}" if where else key, warnings) for key, item in value.items()
        }
    if isinstance(value, list):
        return [_clean(item, f"{where}[{index}]", warnings) for index, item in enumerate(value)]
    return value
