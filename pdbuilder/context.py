"""The rendering context: everything a template (or a text view) knows about a position.

One function builds it for Word templates, `show`, and the TUI's preview alike. Every name here
is documented in docs/templates.md, which agencies read to write their own templates.
"""

from __future__ import annotations

from datetime import date, datetime

from pdbuilder.model import DETAIL_FIELDS, ClassRef, Position


def _day(moment: datetime | None) -> str:
    return moment.date().isoformat() if moment else ""


def build_context(position: Position, ref: ClassRef, today: date | None = None) -> dict:
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
            **{name: getattr(position, name) for name, _, _ in DETAIL_FIELDS},
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
            "sections": [{"title": s.title, "items": list(s.items)} for s in group.sections],
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
    }
