"""The fields of state PD forms: declared once, and known to `new`, every view, diff, stats and check."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date

from pdbuilder.catalog import load_catalog
from pdbuilder.context import build_context
from pdbuilder.diff import diff_lines, diff_positions, diff_with_class
from pdbuilder.formats import to_markdown, to_text
from pdbuilder.jsonld import job_posting
from pdbuilder.model import DETAILS, new_position, problems, with_class
from pdbuilder.records import read_position, save_position

from .test_records import NEW_FIELDS, every_field_position

CATALOG = load_catalog([])
REF = CATALOG.get("library-technician")
HEADINGS = [detail.heading for detail in DETAILS if detail.heading]


def test_new_takes_every_field_and_task_marks_in_the_order_given(cli, tmp_path):
    out = tmp_path / "p.toml"
    result = cli(
        "new",
        "--class", "library-technician",
        "--task", "processes-inter-library-loan",
        "--task", "performs-cataloging-library-materials",
        "--percent", "processes-inter-library-loan=60",
        "--percent", "performs-cataloging-library-materials=40",
        "--essential", "processes-inter-library-loan",
        "--incumbent", NEW_FIELDS["incumbent"],
        "--appointment", NEW_FIELDS["appointment"],
        "--bargaining-unit", NEW_FIELDS["bargaining_unit"],
        "--telework", NEW_FIELDS["telework"],
        "--action", "reallocation",
        "--effective-date", "2026-07-01",
        "--salary", NEW_FIELDS["salary"],
        "--closing-date", "2026-06-15",
        "--purpose", NEW_FIELDS["purpose"],
        "--supervision-received", NEW_FIELDS["supervision_received"],
        *("--supervises", NEW_FIELDS["supervises"][0], "--supervises", NEW_FIELDS["supervises"][1]),
        *("--ksas", NEW_FIELDS["ksas"][0], "--ksas", NEW_FIELDS["ksas"][1]),
        "--preferred-qualifications", NEW_FIELDS["preferred_qualifications"][0],
        *(arg for item in NEW_FIELDS["special_requirements"] for arg in ("--special-requirements", item)),
        "--working-conditions", NEW_FIELDS["working_conditions"],
        "-o", out,
    )  # fmt: skip
    assert result.code == 0, result.err
    position = read_position(out)
    assert {name: getattr(position, name) for name in NEW_FIELDS} == NEW_FIELDS
    assert [(t.class_task_id, t.percent, t.essential) for t in position.tasks] == [
        ("processes-inter-library-loan", 60, True),
        ("performs-cataloging-library-materials", 40, False),
    ]
    assert cli("check", out).code == 0


def test_new_refuses_a_bad_date_a_bad_share_or_an_unknown_task_in_one_line(cli, tmp_path):
    out = tmp_path / "p.toml"
    base = ("new", "--class", "library-technician", "--all-tasks", "-o", out)
    for extra, message in (
        (("--effective-date", "July 1"), "'July 1' is not a date like 2026-07-01"),
        (("--percent", "processes-inter-library-loan=150"), "between 0 and 100"),
        (("--percent", "processes-inter-library-loan"), "is not ID=N"),
        (("--essential", "no-such-task"), "no class task 'no-such-task'"),
        (("--action", "promotion"), "invalid choice: 'promotion'"),
    ):
        result = cli(*base, *extra)
        assert result.code == 2, extra
        assert message in result.err and "Traceback" not in result.err
        assert not out.exists()


def test_a_new_position_starts_from_the_class_lists_and_follows_a_class_change():
    ref = replace(
        REF, job_class=replace(REF.job_class, ksas=("Knows OCLC.",), special_requirements=("Licence.",))
    )
    position = new_position(ref)
    assert (position.ksas, position.special_requirements) == (("Knows OCLC.",), ("Licence.",))
    assert new_position(ref, ksas=("Own",)).ksas == ("Own",)
    other = CATALOG.get("library-technician-senior")
    moved = with_class(position, other, ref)
    assert (moved.ksas, moved.special_requirements) == (
        other.job_class.ksas,
        other.job_class.special_requirements,
    )
    kept = with_class(position.with_changes(ksas=("Own",)), other, ref)
    assert kept.ksas == ("Own",)


def test_check_knows_the_actions_and_control_characters_in_new_fields():
    position = new_position(REF, contributor_level="recent")
    assert problems(position.with_changes(action="reallocation"), REF) == []
    assert "Action 'promotion' is not one of new, reallocation, update" in problems(
        position.with_changes(action="promotion"), REF
    )
    assert (
        "knowledge, skills and abilities 2 holds control characters (U+0007) that Word documents cannot hold"
        in (problems(position.with_changes(ksas=("fine", "bell\a")), REF))
    )


def test_text_and_markdown_show_every_new_field_in_its_place():
    context = build_context(every_field_position(), REF)
    text = to_text(context)
    for line in (
        "  - Incumbent: Ana <Ruiz> & Co",
        "  - Effective date: 2026-07-01",
        "  - Closing date: 2026-06-15",
        "  - Salary: $42,000–$48,000 a year",
        "  - Action: reallocation",
        "PURPOSE OF THE POSITION\nKeeps {{ loans }} moving between libraries.",
        "POSITIONS SUPERVISED\n  - Library Assistant (00041190)\n  - Courier (00041191)",
        "KNOWLEDGE, SKILLS AND ABILITIES\n  - Knowledge of OCLC interlibrary loan systems.",
        "WORKING CONDITIONS AND PHYSICAL DEMANDS\nOffice work;",
    ):
        assert line in text
    order = [
        text.index(h.upper())
        for h in ("Purpose of the position", "Concept", "Tasks", "Knowledge, skills and abilities")
    ]
    assert order == sorted(order)
    markdown = to_markdown(context)
    assert "- Incumbent: Ana \\<Ruiz\\> & Co" in markdown and "## Special requirements" in markdown


def test_a_record_that_fills_none_has_no_empty_headings():
    context = build_context(new_position(REF, contributor_level="recent"), REF)
    text, markdown = to_text(context), to_markdown(context)
    for heading in HEADINGS:
        assert heading.upper() not in text and f"## {heading}" not in markdown
    assert "Effective date" not in text and "Salary" not in text


def test_jsonld_has_salary_and_closing_date_and_employment_type_from_the_appointment():
    posting = job_posting(build_context(every_field_position(), REF))
    assert posting["baseSalary"] == {
        "@type": "MonetaryAmount",
        "currency": "USD",
        "value": {"@type": "QuantitativeValue", "minValue": 42000, "maxValue": 48000, "unitText": "YEAR"},
    }
    assert posting["validThrough"] == "2026-06-15"
    assert posting["employmentType"] == "FULL_TIME"
    vague = job_posting(build_context(every_field_position().with_changes(salary="pay grade 21"), REF))
    assert "baseSalary" not in vague
    assert "validThrough" not in job_posting(build_context(new_position(REF), REF))


def test_diff_names_changed_fields_and_list_lines(cli, tmp_path):
    old = every_field_position()
    new = old.with_changes(
        effective_date=date(2026, 8, 1), ksas=(old.ksas[0], "Ability to drive a van."), telework=""
    )
    result = diff_positions(old, new)
    lines = [text for text, _ in diff_lines(result, "a", "b")]
    assert "Effective date: 2026-07-01 → 2026-08-01" in lines
    assert "Telework: Hybrid, 2 days a week on site → (empty)" in lines
    assert "Knowledge, skills and abilities:" in lines
    assert "  - Ability to lift 40 lb." in lines and "  + Ability to drive a van." in lines
    save_position(old, tmp_path / "a.toml")
    save_position(new, tmp_path / "b.toml")
    data = json.loads(cli("diff", tmp_path / "a.toml", tmp_path / "b.toml", "--json").out)
    assert data["lists"]["ksas"] == {
        "removed": ["Ability to lift 40 lb."],
        "added": ["Ability to drive a van."],
    }


def test_diff_with_class_shows_ksas_departing_from_the_class():
    ref = replace(REF, job_class=replace(REF.job_class, ksas=("Knows OCLC.",)))
    position = new_position(ref).with_changes(ksas=("Knows OCLC.", "Drives a van."))
    assert {n: c.added for n, _, c in diff_with_class(position, ref).lists} == {"ksas": ("Drives a van.",)}
