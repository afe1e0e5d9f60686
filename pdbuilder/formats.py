"""Readable views of a position: plain text, Markdown and JSON, all from the rendering context."""

from __future__ import annotations

import json
import re
from datetime import date, time
from typing import Any

from pdbuilder.display import visible
from pdbuilder.model import DETAILS, Position
from pdbuilder.records import position_to_data

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>#|~])")


def outline(context: dict[str, Any]) -> list[tuple[str, list[str], list[str]]]:
    """The position description as (heading, paragraphs, bullets) sections, in form order."""
    position, job_class, group = context["position"], context["job_class"], context["class_group"]
    identity = [f"{d.label}: {position[d.name]}" for d in DETAILS if not d.heading and position[d.name]]
    identity.append(f"Status: {position['status']}")
    classification = [
        f"Occupational group: {group['occupational_group']}",
        f"Class group: {group['name']}",
        f"Class: {job_class['title']}" + (f" ({job_class['code']})" if job_class["code"] else ""),
        f"Occupational role: {job_class['occupational_role']}",
        f"Pay plan: {job_class['pay_plan']}",
    ] + ([f"Pay grade: {job_class['pay_grade']}"] if job_class["pay_grade"] else [])
    tasks = [_task_line(task) for task in context["tasks"]]
    if context["has_percent"]:
        tasks.append(f"Total: {context['percent_total']}%")
    level = context["contributor_level"]
    sections = [
        ("Position", [], identity),
        ("Classification", [], classification),
        *_headed(position, "summary"),
        ("Concept", [group["concept"]], []),
        ("Level of work", [job_class["level_of_work"]], []),
        ("Tasks", [], tasks),
        ("Minimum requirements", [], context["minimum_requirements"]),
    ]
    if context["extra_requirements"]:
        sections.append(("Additional requirements for this position", [], context["extra_requirements"]))
    sections += _headed(position, "conditions")
    if level["name"]:
        sections.append(
            (
                f"Contributor level: {level['name']}",
                [],
                level["description"] + [f"Performance range: {r}" for r in level["performance_range"]],
            )
        )
    sections += [(s["title"], [], s["paragraphs"]) for s in group["sections"]]
    return sections


def _headed(position: dict[str, Any], part: str) -> list[tuple[str, list[str], list[str]]]:
    """The sections of the fields shown under headings in `part`, those filled in only."""
    return [
        (d.heading, [], position[d.name]) if d.kind == "list" else (d.heading, [position[d.name]], [])
        for d in DETAILS
        if d.part == part and position[d.name]
    ]


def _task_line(task: dict[str, Any]) -> str:
    marks = [f"{task['percent']}%"] if task["percent"] is not None else []
    marks += ["essential"] if task["essential"] else []
    text: str = task["text"]
    return text + (f" [{', '.join(marks)}]" if marks else "")


def to_text(context: dict[str, Any]) -> str:
    title = context["position"]["working_title"] or context["job_class"]["title"]
    lines = [title, "=" * len(title)]
    for heading, paragraphs, bullets in outline(context):
        lines += ["", heading.upper(), *paragraphs, *(f"  - {b}" for b in bullets)]
    return visible("\n".join(lines)) + "\n"


def escape_markdown(text: str) -> str:
    """User text shown literally in Markdown: `*`, `_`, `<`, `#` and friends lose their meaning."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


def to_markdown(context: dict[str, Any]) -> str:
    title = context["position"]["working_title"] or context["job_class"]["title"]
    lines = [f"# {escape_markdown(title)}"]
    for heading, paragraphs, bullets in outline(context):
        lines += ["", f"## {escape_markdown(heading)}", ""]
        lines += [escape_markdown(p) for p in paragraphs]
        lines += [f"- {escape_markdown(b)}" for b in bullets]
    return visible("\n".join(lines)) + "\n"


def to_json(position: Position) -> str:
    """The record as JSON, for scripts: the same keys as the TOML file."""
    return json.dumps(position_to_data(position), indent=2, ensure_ascii=False, default=_json_default) + "\n"


def _json_default(value: object) -> str:
    # TOML's dates and times, in known keys and in unknown ones the record keeps.
    if isinstance(value, (date, time)):
        return value.isoformat()
    raise TypeError(f"cannot write {type(value).__name__} as JSON")
