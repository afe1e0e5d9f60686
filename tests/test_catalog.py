"""The bundled catalog against the published spec text, and catalog folders."""

from __future__ import annotations

import re

import pytest

from pdbuilder.catalog import BUNDLED_DIR, group_to_toml, load_catalog, read_group
from pdbuilder.errors import CatalogError

from .conftest import DATA

SEED = (DATA / "library-science.txt").read_text(encoding="utf-8")


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def seed_bullets(start: str, end: str) -> list[str]:
    """The "·" bullets of the seed between two headings, whitespace folded."""
    block = SEED[SEED.index(start) : SEED.index(end)]
    return [squash(b) for b in re.split(r"^\s*·", block, flags=re.M)[1:]]


@pytest.fixture(scope="module")
def group():
    return read_group(BUNDLED_DIR / "library-science.toml")


def test_header_fields(group):
    assert group.occupational_group == "Education, Training and Library"
    assert group.class_group == "Library Science"
    assert group.concept == squash(SEED[SEED.index("CONCEPT:") + 8 : SEED.index("TASKS:")])


def test_all_twelve_tasks_verbatim_and_in_order(group):
    assert [t.text for t in group.tasks] == seed_bullets("TASKS:", "LEVELS OF WORK:")
    assert len(group.tasks) == 12
    assert len({t.id for t in group.tasks}) == 12


def test_classes_with_their_own_level_and_requirements(group):
    technician, senior = group.classes
    assert (technician.title, senior.title) == ("Library Technician", "Library Technician Senior")
    for job_class in group.classes:
        assert (job_class.occupational_role, job_class.pay_plan) == ("Technical", "Current")
        # The spec leaves class code and pay grade blank: they stay blank, never invented.
        assert (job_class.code, job_class.pay_grade) == ("", "")
    levels = SEED[SEED.index("LEVELS OF WORK:") : SEED.index("CONTRIBUTOR LEVELS:")]
    senior_at = levels.index("Library Technician Senior:")
    assert technician.minimum_requirements == tuple(
        seed_bullets("Library Technician:", "Library Technician Senior:")
    )
    assert senior.minimum_requirements == tuple(
        seed_bullets("Library Technician Senior:", "CONTRIBUTOR LEVELS:")
    )
    assert technician.level_of_work in squash(levels[:senior_at])
    assert senior.level_of_work in squash(levels[senior_at:])
    assert technician.minimum_requirements[0].startswith("One year")
    assert senior.minimum_requirements[0].startswith("Three years")


def test_contributor_levels_every_bullet(group):
    assert [lv.name for lv in group.contributor_levels] == [
        "Recent Contributor",
        "Experienced Contributor",
        "Independent Contributor",
    ]
    table = SEED[SEED.index("Recent") :]
    # The last description bullet of each column runs on into "Performance Range for Core Competencies:".
    seed_items = [
        squash(b).split(" Performance Range for Core Competencies:")[0]
        for b in re.split(r"^\s*·", table, flags=re.M)[1:]
    ]
    cells = [
        item for level in group.contributor_levels for item in (*level.description, *level.performance_range)
    ]
    assert cells == seed_items
    assert group.contributor_levels_intro.startswith("Contributor levels are a range of work")
    assert "employee’s acquisition" in group.contributor_levels_intro


def test_catalog_file_round_trips(group):
    assert group_to_toml(group) == (BUNDLED_DIR / "library-science.toml").read_text(encoding="utf-8")


def test_class_ksas_qualifications_requirements_and_attributes_round_trip(tmp_path, group):
    from dataclasses import replace

    technician = replace(
        group.classes[0],
        ksas=("Knowledge of MARC 21.",),
        preferred_qualifications=("Experience with OCLC.",),
        special_requirements=("A valid driver license.",),
        attributes=(("Salary Group", "B21"), ("FLSA", "Non-exempt")),
    )
    changed = replace(group, classes=(technician, group.classes[1]))
    text = group_to_toml(changed)
    assert '[classes.attributes]\n"Salary Group" = "B21"\nFLSA = "Non-exempt"\n' in text
    (tmp_path / "ls.toml").write_text(text, encoding="utf-8")
    assert read_group(tmp_path / "ls.toml") == changed
    assert "attributes" not in group_to_toml(group) and "ksas" not in group_to_toml(group)


def test_later_folder_replaces_bundled_group(tmp_path, group):
    changed = group_to_toml(group).replace(
        'title = "Library Technician"', 'title = "Library Technician (revised)"'
    )
    (tmp_path / "ls.toml").write_text(changed, encoding="utf-8")
    catalog = load_catalog([tmp_path])
    assert catalog.get("library-technician").job_class.title == "Library Technician (revised)"
    assert len(catalog.classes) == 2


def test_environment_folders_come_before_options(tmp_path, monkeypatch, group):
    env_dir, option_dir = tmp_path / "env", tmp_path / "opt"
    for folder, title in ((env_dir, "From env"), (option_dir, "From option")):
        folder.mkdir()
        (folder / "ls.toml").write_text(
            group_to_toml(group).replace('title = "Library Technician"', f'title = "{title}"'),
            encoding="utf-8",
        )
    monkeypatch.setenv("PDBUILDER_CATALOG", str(env_dir))
    assert load_catalog().get("library-technician").job_class.title == "From env"
    assert load_catalog([option_dir]).get("library-technician").job_class.title == "From option"


@pytest.mark.parametrize(
    "content, message",
    [
        ("schema_version = 1\nid = 'x'\nclass_group = [1]\n", "class_group must be text, not a list"),
        ("schema_version = 1\nid = 'x'\nclass_group = 'X'\n", "class group has no [[classes]]"),
        ("schema_version = 1\nid = = 'x'\n", "invalid TOML"),
        ("schema_version = 9\n", "newer than this pdbuilder reads"),
        (
            "schema_version = 1\nid = 'x'\nclass_group = 'X'\n[[classes]]\nid = 'a'\ntitle = 'A'\n[[classes]]\nid = 'a'\ntitle = 'B'\n",
            "class id 'a' is used twice",
        ),
        (
            "schema_version = 1\nid = 'x'\nclass_group = 'X'\n[[classes]]\nid = 'a'\ntitle = 'A'\n"
            "[classes.attributes]\nGrade = 7\n",
            "classes.attributes.Grade must be text, not a whole number",
        ),
    ],
)
def test_malformed_catalog_files(tmp_path, content, message):
    (tmp_path / "bad.toml").write_text(content, encoding="utf-8")
    with pytest.raises(CatalogError, match=re.escape(message)) as caught:
        load_catalog([tmp_path])
    assert str(tmp_path / "bad.toml") in str(caught.value)


def test_class_id_clash_between_groups(tmp_path, group):
    other = group_to_toml(group).replace('id = "library-science"', 'id = "other-group"')
    (tmp_path / "other.toml").write_text(other, encoding="utf-8")
    with pytest.raises(CatalogError, match="class id 'library-technician' is already used"):
        load_catalog([tmp_path])
