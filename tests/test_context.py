"""The documented context is exactly what build_context returns, and docs/templates.md lists it all."""

from __future__ import annotations

import re
from dataclasses import replace

from pdbuilder.catalog import load_catalog
from pdbuilder.context import CONTEXT_VARIABLES, build_context
from pdbuilder.model import PositionTask, Section, new_position

from .conftest import REPO


def flatten(value, prefix: str = "") -> set[str]:
    """Dotted names of a context: `position.number`, `tasks[].text` (lists read through their first item)."""
    names = {prefix} if prefix else set()
    if isinstance(value, dict):
        for key, item in value.items():
            names |= flatten(item, f"{prefix}.{key}" if prefix else key)
    elif isinstance(value, list) and value and isinstance(value[0], dict):
        names |= flatten(value[0], f"{prefix}[]")
        names.discard(f"{prefix}[]")
    return names


def full_context() -> dict:
    ref = load_catalog([]).get("library-technician")
    ref = replace(ref, group=replace(ref.group, sections=(Section("SPECIAL REQUIREMENTS", ("x",)),)))
    position = new_position(ref, None, ["Own task"], contributor_level="recent", extra_requirements=("y",))
    return build_context(position.with_changes(tasks=(PositionTask("t", percent=100, essential=True),)), ref)


def test_context_variables_document_exactly_the_context():
    assert flatten(full_context()) == set(CONTEXT_VARIABLES)


def test_docs_describe_every_context_variable():
    docs = (REPO / "docs" / "templates.md").read_text(encoding="utf-8").split("\n## The context\n")[1]
    documented = set(re.findall(r"^\| `([a-z_.\[\]]+)` \|", docs, flags=re.MULTILINE))
    assert documented == set(CONTEXT_VARIABLES)
