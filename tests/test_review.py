"""diff, show --format jsonld and stats: what they print for real records."""

from __future__ import annotations

import csv
import io
import json
import sys

import pytest

from pdbuilder.catalog import load_catalog
from pdbuilder.diff import diff_positions, diff_with_class
from pdbuilder.model import PositionTask
from pdbuilder.records import read_position, save_position

from .conftest import reworded_catalog

ILL = "00041187-interlibrary-loan-technician.toml"
SENIOR = "00073302-institutional-library-senior.toml"
SCHOOL = "00090015-school-library-technician.toml"


@pytest.fixture
def pair(positions):
    """The ILL record and an edited copy of it: one field, one task reworded, one dropped, one added, one requirement."""
    old = positions / ILL
    position = read_position(old)
    tasks = list(position.tasks)
    tasks[0] = PositionTask("Processes ILL requests.", tasks[0].class_task_id, 35, True)
    tasks[-1] = PositionTask(
        "Packs and ships loaned materials through the courier and tracks their return.", None, 15
    )
    del tasks[1]
    tasks.append(PositionTask("Drives the bookmobile & <van>.", None, 15))
    new = positions / "edited.toml"
    save_position(
        position.with_changes(supervisor="ILL Lead", tasks=tuple(tasks), extra_requirements=("CDL",)), new
    )
    return old, new


# --- diff ------------------------------------------------------------------


def test_diff_text_names_each_difference(cli, pair):
    old, new = pair
    result = cli("diff", old, new)
    assert result.code == 1
    lines = result.out.splitlines()
    assert lines[:3] == [f"--- {old}", f"+++ {new}", "Supervisor: Interlibrary Loan Coordinator → ILL Lead"]
    assert (
        "  - task 'selects-prepares-records-library': Selects, prepares and records library and historically valuable materials for inter-library loan requests according to library policy."
        in lines
    )
    assert "  ~ task 'processes-inter-library-loan': percent 30% → 35%" in lines
    assert lines[lines.index("  ~ task 'processes-inter-library-loan': percent 30% → 35%") + 1 :][:2] == [
        "      - Processes inter-library loan requests.",
        "      + Processes ILL requests.",
    ]
    assert "  ~ custom task" in lines  # reworded, not dropped and added
    assert "  + custom task: Drives the bookmobile & <van>." in lines
    assert lines[-3:] == [
        "Extra requirements:",
        "  - Valid driver license for courier runs between state library sites.",
        "  + CDL",
    ]
    assert "\x1b[" not in result.out


def test_diff_same_records_exit_0(cli, positions):
    result = cli("diff", positions / ILL, positions / ILL)
    assert result.code == 0 and "do not differ" in result.out


def test_diff_json_for_scripts(cli, pair):
    old, new = pair
    result = cli("diff", old, new, "--json")
    assert result.code == 1
    data = json.loads(result.out)
    assert data["same"] is False and data["old"] == str(old)
    assert data["fields"] == [
        {
            "name": "supervisor",
            "label": "Supervisor",
            "old": "Interlibrary Loan Coordinator",
            "new": "ILL Lead",
        }
    ]
    kinds = [(t["change"], t["id"]) for t in data["tasks"]]
    assert kinds == [
        ("removed", "selects-prepares-records-library"),
        ("changed", "processes-inter-library-loan"),
        ("changed", None),
        ("added", None),
    ]
    assert data["tasks"][1]["details"] == ["text", "percent"]
    assert data["tasks"][1]["new"]["text"] == "Processes ILL requests."
    assert data["extra_requirements"] == {
        "removed": ["Valid driver license for courier runs between state library sites."],
        "added": ["CDL"],
    }


def test_diff_of_two_classes_shows_their_minimum_requirements(cli, positions):
    data = json.loads(cli("diff", positions / ILL, positions / SENIOR, "--json").out)
    assert {
        "name": "class_id",
        "label": "Class",
        "old": "library-technician",
        "new": "library-technician-senior",
    } in data["fields"]
    assert data["minimum_requirements"]["added"] == [
        "Three years of experience in library work or administrative support work."
    ]
    assert any(f["name"] == "spec" for f in data["fields"])


def test_diff_is_coloured_on_a_terminal_unless_no_color(cli, pair, monkeypatch):
    old, new = pair
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    coloured = cli("diff", old, new).out
    assert "\x1b[32m  + CDL\x1b[0m" in coloured and "\x1b[31m" in coloured
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    monkeypatch.setenv("NO_COLOR", "1")
    assert "\x1b[" not in cli("diff", old, new).out


def test_diff_never_sends_control_characters_to_the_terminal(cli, positions):
    path = positions / "evil.toml"
    save_position(read_position(positions / ILL).with_changes(unit="Loans\x1b[31m red"), path)
    out = cli("diff", positions / ILL, path).out
    assert "\x1b" not in out and "Loans\\u001b[31m red" in out


def test_diff_with_class_shows_how_a_position_departs_from_its_spec(positions):
    position = read_position(positions / SENIOR)
    ref = load_catalog().get(position.class_id)
    result = diff_with_class(position, ref)
    assert result.fields == ()
    assert {t.task.class_task_id for t in result.tasks if t.kind == "removed"} == {
        t.id for t in ref.group.tasks
    } - set(position.class_task_ids)
    assert [t.new.text for t in result.tasks if t.kind == "added"] == [
        t.text for t in position.tasks if t.is_custom
    ]
    assert not [t for t in result.tasks if t.kind == "changed"], (
        "percent and essential marks are not departures"
    )
    assert result.extra_requirements.added == position.extra_requirements
    assert diff_positions(position, position).same


# --- JSON-LD ---------------------------------------------------------------


def test_show_jsonld_is_a_schema_org_job_posting(cli, positions):
    result = cli("show", positions / ILL, "--format", "jsonld")
    assert result.code == 0, result.err
    posting = json.loads(result.out)
    assert (posting["@context"], posting["@type"]) == ("https://schema.org", "JobPosting")
    assert posting["title"] == "Interlibrary Loan Technician"
    assert posting["description"].startswith("This is technical work monitoring")
    assert posting["responsibilities"][0] == "Processes inter-library loan requests."
    assert len(posting["responsibilities"]) == 6
    assert (
        posting["qualifications"][-1] == "Valid driver license for courier runs between state library sites."
    )
    assert posting["experienceRequirements"] == {
        "@type": "OccupationalExperienceRequirements",
        "monthsOfExperience": 12,
        "description": "One year of experience in library work or administrative support work.",
    }
    assert posting["experienceInPlaceOfEducation"] is True
    assert posting["hiringOrganization"] == {
        "@type": "Organization",
        "name": "Department of State",
        "department": {
            "@type": "Organization",
            "name": "Division of Library and Information Services, Interlibrary Loan",
        },
    }
    assert posting["jobLocation"] == {"@type": "Place", "address": "R.A. Gray Building, Tallahassee"}
    assert posting["identifier"]["value"] == "00041187"
    assert posting["occupationalCategory"] == "Library Technician"
    assert posting["datePosted"] == "2026-11-02"
    assert "employmentType" not in posting  # "Monday–Friday, 8:00 a.m.–5:00 p.m." does not say


def test_jsonld_leaves_out_what_the_record_does_not_say_and_is_safe_in_html(cli, positions):
    path = positions / "p.toml"
    position = read_position(positions / SENIOR)
    save_position(
        position.with_changes(
            agency="", location="", number="", work_schedule="Part-time, 20 hours </script>"
        ),
        path,
    )
    result = cli("show", path, "--format", "jsonld")
    posting = json.loads(result.out)
    assert (
        "hiringOrganization" not in posting and "jobLocation" not in posting and "identifier" not in posting
    )
    assert posting["employmentType"] == "PART_TIME"
    assert posting["workHours"] == "Part-time, 20 hours </script>"
    assert "</script>" not in result.out and "\\u003c/script\\u003e" in result.out
    assert posting["experienceRequirements"]["monthsOfExperience"] == 36
    assert (
        posting["responsibilities"][-2]
        == "Trains and schedules inmate library clerks & reviews their work daily."
    )


def test_no_substitution_clause_no_experience_in_place_of_education(cli, positions, tmp_path):
    folder = reworded_catalog(
        tmp_path / "catalog",
        "Education may be substituted for experience as determined relevant by the agency.",
        "A bachelor's degree.",
    )
    posting = json.loads(cli("--catalog", folder, "show", positions / ILL, "--format", "jsonld").out)
    assert "experienceInPlaceOfEducation" not in posting


# --- stats -----------------------------------------------------------------


@pytest.fixture
def drifted(positions, tmp_path):
    """The sample positions against a catalog where a task of both classes was reworded."""
    return reworded_catalog(
        tmp_path / "catalog", 'text = "Processes inter-library loan requests."', 'text = "Processes ILL."'
    )


def test_stats_table(cli, positions, drifted):
    result = cli("--catalog", drifted, "stats", positions)
    assert result.code == 0
    lines = result.out.splitlines()
    assert lines[0] == "3 positions"
    assert lines[2:5] == ["CLASS", "  library-technician            2", "  library-technician-senior     1"]
    assert lines[6:8] == ["CLASS GROUP", "  Library Science     3"]
    assert "DRIFTED FROM THEIR CLASS SPEC: 2" in lines
    assert f"  {positions / ILL}: task 'processes-inter-library-loan' was reworded in the class" in lines
    assert not any(SCHOOL in line for line in lines)


def test_stats_json_and_csv(cli, positions, drifted):
    data = json.loads(cli("--catalog", drifted, "stats", positions, "--json").out)
    assert data["total"] == 3 and data["unreadable"] == 0
    assert data["counts"]["class"] == {"library-technician": 2, "library-technician-senior": 1}
    assert data["counts"]["status"] == {"review": 1, "approved": 1, "draft": 1}
    assert data["counts"]["agency"]["Department of Corrections"] == 1
    assert data["counts"]["contributor_level"] == {"recent": 1, "experienced": 1, "independent": 1}
    assert [d["file"] for d in data["drifted"]] == [str(positions / ILL), str(positions / SENIOR)]
    assert data["drifted"][0]["changes"] == [
        {
            "kind": "task-changed",
            "task_id": "processes-inter-library-loan",
            "message": "task 'processes-inter-library-loan' was reworded in the class",
        }
    ]
    rows = list(csv.reader(io.StringIO(cli("--catalog", drifted, "stats", positions, "--csv").out)))
    assert rows[0] == ["dimension", "value", "count"]
    assert ["class_group", "Library Science", "3"] in rows
    assert ["drifted", str(positions / SENIOR), "1"] in rows


def test_stats_counts_empty_fields_and_reports_unreadable_records(cli, positions):
    save_position(
        read_position(positions / ILL).with_changes(agency="", class_id="gone"), positions / "x.toml"
    )
    (positions / "broken.toml").write_text("schema_version = 1\nclass_id = \n")
    result = cli("stats", positions, "--json")
    assert result.code == 1
    assert result.err.startswith(f"pdbuilder: {positions / 'broken.toml'}:2:")
    data = json.loads(result.out)
    assert data["total"] == 4 and data["unreadable"] == 1
    assert data["counts"]["agency"]["(none)"] == 1
    assert data["counts"]["class_group"]["(unknown class)"] == 1
    assert data["drifted"] == [
        {
            "file": str(positions / "x.toml"),
            "class_id": "gone",
            "changes": [
                {"kind": "class-gone", "task_id": None, "message": "class 'gone' is no longer in the catalog"}
            ],
        }
    ]


def test_stats_counts_the_positions_own_fields_by_value_or_by_being_filled_in(cli, positions):
    save_position(
        read_position(positions / ILL).with_changes(
            telework="Hybrid",
            action="update",
            appointment="Full-time permanent, 1.0 FTE",
            purpose="Keeps loans moving.",
            ksas=("Knowledge of MARC 21",),
            incumbent="R.A. Gray",
        ),
        positions / ILL,
    )
    runs = [json.loads(cli(*more, "stats", positions, "--json").out) for more in ([], [], ["--no-index"])]
    assert runs[0] == runs[1] == runs[2]  # read, then from the index, then without it
    counts = runs[0]["counts"]
    assert counts["telework"] == {"(none)": 2, "Hybrid": 1}
    assert counts["action"] == {"(none)": 2, "update": 1}
    assert counts["appointment"] == {"(none)": 2, "Full-time permanent, 1.0 FTE": 1}
    assert counts["filled"]["Purpose"] == counts["filled"]["Incumbent"] == 1
    assert counts["filled"]["Knowledge, skills and abilities"] == 1
    assert counts["filled"]["Working title"] == 3 and "Salary" not in counts["filled"]
    table = cli("stats", positions).out.splitlines()
    assert "TELEWORK" in table and "FIELDS FILLED IN" in table
    assert any(line.split() == ["Purpose", "1"] for line in table)


@pytest.mark.parametrize("command", ["sync", "diff", "stats"])
def test_every_review_command_has_help(cli, command):
    result = cli(command, "--help")
    assert result.code == 0 and "usage: pdbuilder" in result.out
