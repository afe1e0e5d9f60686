"""The pure editing steps the terminal UI is built on: class choice, task picks, reordering, reuse."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from pdbuilder.catalog import load_catalog
from pdbuilder.model import (
    Position,
    PositionTask,
    field_problem,
    moved,
    parse_percent,
    problems,
    removed,
    replaced,
    reuse_position,
    spec_version,
    with_all_class_tasks,
    with_class,
    with_class_task,
)
from pdbuilder.records import free_record_path, record_name

CATALOG = load_catalog()
TECH = CATALOG.get("library-technician")
SENIOR = CATALOG.get("library-technician-senior")
TASK_IDS = [t.id for t in TECH.group.tasks]
OLD = datetime(2020, 1, 2, 3, 4, 5, tzinfo=UTC)


def test_first_class_choice_selects_every_task_and_titles_the_position():
    draft = with_class(Position(class_id="", tasks=(PositionTask("Own duty."),)), TECH)
    assert draft.class_id == "library-technician"
    assert draft.class_task_ids == TASK_IDS
    assert draft.tasks[-1] == PositionTask("Own duty.")
    assert draft.working_title == "Library Technician"
    assert draft.spec == spec_version(TECH)


def test_changing_class_keeps_tasks_details_and_a_chosen_title():
    draft = with_class(Position(class_id=""), TECH)
    draft = with_class_task(draft, TECH, TASK_IDS[0], False).with_changes(
        agency="DOS", contributor_level="recent"
    )
    moved_on = with_class(draft, SENIOR, previous=TECH)
    assert moved_on.class_task_ids == TASK_IDS[1:]
    assert (moved_on.working_title, moved_on.agency, moved_on.contributor_level) == (
        "Library Technician Senior",
        "DOS",
        "recent",
    )
    assert moved_on.spec == spec_version(SENIOR)
    titled = with_class(draft.with_changes(working_title="ILL Tech"), SENIOR, previous=TECH)
    assert titled.working_title == "ILL Tech"


def test_a_task_added_back_takes_its_catalog_place():
    draft = with_class(Position(class_id=""), TECH)
    without = with_class_task(draft, TECH, TASK_IDS[3], False)
    assert TASK_IDS[3] not in without.class_task_ids
    assert with_class_task(without, TECH, TASK_IDS[3], True).class_task_ids == TASK_IDS
    with pytest.raises(ValueError):
        with_class_task(draft, TECH, "no-such-task", True)


def test_select_all_keeps_chosen_tasks_and_none_keeps_own_tasks():
    draft = Position(
        class_id=TECH.id,
        tasks=(
            PositionTask("Mine.", percent=10),
            PositionTask(TECH.group.tasks[2].text, TASK_IDS[2], percent=40),
        ),
    )
    every = with_all_class_tasks(draft, TECH, True)
    assert sorted(every.class_task_ids) == sorted(TASK_IDS)
    assert next(t for t in every.tasks if t.class_task_id == TASK_IDS[2]).percent == 40
    assert with_all_class_tasks(every, TECH, False).tasks == (PositionTask("Mine.", percent=10),)


@pytest.mark.parametrize(
    ("index", "offset", "expected"),
    [(1, -1, "bac"), (1, 1, "acb"), (0, -1, "abc"), (2, 5, "abc"), (0, 2, "bca")],
)
def test_moved(index, offset, expected):
    assert "".join(moved(tuple("abc"), index, offset)) == expected


def test_replaced_and_removed():
    assert replaced(tuple("abc"), 1, "x") == tuple("axc")
    assert removed(tuple("abc"), 0) == tuple("bc") and removed(tuple("abc"), 2) == tuple("ab")


def test_reuse_is_a_new_draft_with_no_number():
    original = Position(
        class_id=TECH.id,
        number="00041187",
        status="approved",
        created=OLD,
        modified=OLD,
        agency="DOS",
        extras={"x": 1},
    )
    copy = reuse_position(original)
    assert (copy.number, copy.status, copy.agency, copy.extras) == ("", "draft", "DOS", {"x": 1})
    assert copy.created == copy.modified and copy.created > OLD


def test_field_and_percent_rules_match_problems():
    assert field_problem("working_title", "  ") == "working title is required"
    assert field_problem("unit", "") is None
    assert "working title is required" in problems(Position(class_id=TECH.id), TECH)
    assert parse_percent(" 25% ") == 25 and parse_percent("") is None
    for bad, reason in (("abc", "whole number"), ("101", "between 0 and 100"), ("-5", "whole number")):
        with pytest.raises(ValueError, match=reason):
            parse_percent(bad)


def test_new_records_get_a_free_file_name(tmp_path):
    position = Position(class_id=TECH.id, number="", working_title="ILL Technician & Co")
    assert record_name(position) == "ill-technician-co.toml"
    assert record_name(position.with_changes(number="00012345")) == "00012345.toml"
    (tmp_path / "ill-technician-co.toml").write_text("taken")
    assert free_record_path(tmp_path, position) == tmp_path / "ill-technician-co-2.toml"
