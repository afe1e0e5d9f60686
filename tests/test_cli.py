"""Every CLI command, its output and its error paths."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from pdbuilder.records import read_position

from .conftest import snapshot_files


def test_classes_table(cli):
    result = cli("classes")
    assert result.code == 0
    assert "library-technician-senior" in result.out and "Library Technician Senior" in result.out


def test_classes_json(cli):
    rows = json.loads(cli("classes", "--json").out)
    assert [r["id"] for r in rows] == ["library-technician", "library-technician-senior"]
    assert {"id", "code", "title", "class_group", "occupational_group"} <= rows[0].keys()
    assert rows[1]["class_group"] == "Library Science"
    assert rows[1]["occupational_group"] == "Education, Training and Library"


def test_tasks_lists_ids(cli):
    result = cli("tasks", "library-technician")
    assert result.out.count("\n") == 12
    assert result.out.split()[:2] == ["performs-cataloging-library-materials", "Performs"]


def test_new_all_tasks_writes_a_record_check_accepts(cli, tmp_path):
    out = tmp_path / "p.toml"
    result = cli(
        "new",
        "--class",
        "library-technician",
        "--all-tasks",
        "--number",
        "00012345",
        "--agency",
        "Department of State",
        "--title",
        "ILL Technician",
        "-o",
        out,
    )
    assert result.code == 0, result.err
    position = read_position(out)
    assert len(position.tasks) == 12
    assert position.number == "00012345"
    assert position.contributor_level == "recent"
    text = out.read_text(encoding="utf-8")
    for line in cli("tasks", "library-technician").out.splitlines():
        assert line.split("  ", 1)[1].strip() in text
    assert cli("check", out).code == 0


def test_new_with_picked_and_custom_tasks(cli, tmp_path):
    out = tmp_path / "p.toml"
    result = cli(
        "new",
        "--class",
        "library-technician-senior",
        "--task",
        "processes-inter-library-loan",
        "--task",
        "performs-cataloging-library-materials",
        "--custom-task",
        "Runs the bookmobile & <route>.",
        "--requirement",
        "CDL license",
        "--level",
        "independent",
        "--flsa",
        "non-exempt",
        "-o",
        out,
    )
    assert result.code == 0, result.err
    position = read_position(out)
    assert [t.class_task_id for t in position.tasks] == [  # in the order given, not the catalog's
        "processes-inter-library-loan",
        "performs-cataloging-library-materials",
        None,
    ]
    assert position.tasks[2].text == "Runs the bookmobile & <route>."
    assert position.extra_requirements == ("CDL license",)
    assert (position.contributor_level, position.flsa_status) == ("independent", "non-exempt")


def test_new_defaults_to_positions_folder(cli, tmp_path):
    result = cli(
        "--positions",
        tmp_path / "pos",
        "new",
        "--class",
        "library-technician",
        "--all-tasks",
        "--number",
        "0042",
    )
    assert result.code == 0
    assert (tmp_path / "pos" / "0042.toml").is_file()


@pytest.mark.parametrize(
    "args, message",
    [
        (["--class", "nope", "--all-tasks"], "unknown class 'nope'"),
        (
            ["--class", "library-technician", "--task", "nope"],
            "class 'library-technician' has no task 'nope' (see `pdbuilder tasks library-technician`)",
        ),
        (
            ["--class", "library-technician", "--all-tasks", "--level", "guru"],
            "unknown contributor level 'guru'",
        ),
    ],
)
def test_new_refuses_bad_input_and_writes_nothing(cli, tmp_path, args, message):
    result = cli("new", *args, "-o", tmp_path / "p.toml")
    assert result.code == 2
    assert result.err == f"pdbuilder: {message}\n" or result.err.startswith(f"pdbuilder: {message}")
    assert result.err.count("\n") == 1
    assert not (tmp_path / "p.toml").exists()


def test_new_does_not_overwrite(cli, tmp_path):
    out = tmp_path / "p.toml"
    out.write_text("mine")
    result = cli("new", "--class", "library-technician", "--all-tasks", "-o", out)
    assert result.code == 2 and "already exists" in result.err
    assert out.read_text() == "mine"
    assert cli("new", "--class", "library-technician", "--all-tasks", "-o", out, "--force").code == 0


def test_show_formats(cli, positions):
    record = positions / "00073302-institutional-library-senior.toml"
    text = cli("show", record).out
    assert "Institutional Library Technician Senior" in text
    assert "Trains and schedules inmate library clerks & reviews their work daily. [10%, essential]" in text
    assert "Must pass a Level 2 background screening before appointment." in text
    markdown = cli("show", record, "--format", "markdown").out
    assert markdown.startswith("# Institutional Library Technician Senior\n")
    assert "## Contributor level: Experienced Contributor" in markdown
    data = json.loads(cli("show", record, "--format", "json").out)
    assert data["number"] == "00073302" and len(data["tasks"]) == 8


def test_show_markdown_escapes_user_text(cli, tmp_path):
    out = tmp_path / "p.toml"
    cli("new", "--class", "library-technician", "--all-tasks", "--title", "Lead *star* <b>", "-o", out)
    assert "# Lead \\*star\\* \\<b\\>" in cli("show", out, "--format", "markdown").out


def test_check_folder_reports_each_problem(cli, positions):
    assert cli("check", positions).code == 0
    bad = positions / "bad.toml"
    bad.write_text("schema_version = 1\nclass_id = 'nope'\nworking_title = 'x'\n[[tasks]]\ntext = 'a'\n")
    broken = positions / "broken.toml"
    broken.write_text("schema_version = 1\nclass_id = \n")
    result = cli("check", positions)
    assert result.code == 1
    assert f"{bad}: unknown class 'nope'" in result.out.splitlines()
    assert any(line.startswith(f"{broken}:2:12: invalid TOML") for line in result.out.splitlines())
    assert "checked 5 records: 2 problems" in result.err


def test_check_defaults_to_positions_folder(cli, positions, monkeypatch):
    monkeypatch.setenv("PDBUILDER_POSITIONS", str(positions))
    result = cli("check")
    assert result.code == 0 and "checked 3 records: no problems" in result.err


@pytest.mark.parametrize("command", ["show", "check"])
def test_missing_and_binary_files(cli, tmp_path, command):
    result = cli(command, tmp_path / "missing.toml")
    assert result.code in (1, 2)
    assert f"{tmp_path / 'missing.toml'}: no such file" in result.out + result.err
    binary = tmp_path / "b.toml"
    binary.write_bytes(b"\x89PNG\x00\x00")
    assert "binary file" in (lambda r: r.out + r.err)(cli(command, binary))


def test_bad_catalog_folder_is_one_line_and_changes_nothing(cli, tmp_path, positions):
    catalog = tmp_path / "catalog"
    catalog.mkdir()
    (catalog / "broken.toml").write_text("schema_version = 1\nid = \n")
    before = snapshot_files(positions)
    for args in (
        ["classes"],
        ["check", positions],
        ["new", "--class", "library-technician", "--all-tasks", "-o", positions / "x.toml"],
    ):
        result = cli("--catalog", catalog, *args)
        assert result.code == 2
        assert result.err.startswith(f"pdbuilder: {catalog / 'broken.toml'}:2:")
        assert result.err.count("\n") == 1
    assert (
        cli("--catalog", tmp_path / "missing", "classes").err
        == f"pdbuilder: {tmp_path / 'missing'}: catalog folder does not exist\n"
    )
    assert snapshot_files(positions) == before


def test_catalog_env_and_option(cli, tmp_path, monkeypatch):
    from pdbuilder.catalog import BUNDLED_DIR

    extra = tmp_path / "extra"
    extra.mkdir()
    text = (BUNDLED_DIR / "library-science.toml").read_text(encoding="utf-8")
    (extra / "x.toml").write_text(
        text.replace('id = "library-science"', 'id = "other"').replace(
            'id = "library-technician', 'id = "other-technician'
        ),
        encoding="utf-8",
    )
    monkeypatch.setenv("PDBUILDER_CATALOG", str(extra))
    assert len(json.loads(cli("classes", "--json").out)) == 4


@pytest.mark.parametrize("command", ["classes", "tasks", "new", "show", "check"])
def test_every_command_has_help(cli, command):
    result = cli(command, "--help")
    assert result.code == 0 and "usage: pdbuilder" in result.out


def test_console_script_reports_errors_without_traceback(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text("schema_version = 1\nclass_id = [\n")
    done = subprocess.run(
        [sys.executable, "-m", "pdbuilder", "show", str(bad)], capture_output=True, text=True
    )
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert done.stderr.startswith(f"pdbuilder: {bad}:")
