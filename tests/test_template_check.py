"""`pdbuilder template check` and the checker behind it, on broken templates."""

from __future__ import annotations

import docx
import pytest

from pdbuilder.template_check import check_template

from .test_render import make_template, rich_position


def split_template(path, runs: list[tuple[str, bool]], before: list[str] = ()):
    """A template whose last paragraph is cut into runs (bold or not), as Word does when formatting mid-tag."""
    document = docx.Document()
    for line in before:
        document.add_paragraph(line)
    paragraph = document.add_paragraph()
    for text, bold in runs:
        paragraph.add_run(text).bold = bold
    document.save(str(path))
    return path


def messages(path) -> list[str]:
    return [str(problem) for problem in check_template(path)]


def test_unknown_variables_and_attributes_are_listed_with_their_text(tmp_path):
    template = make_template(
        tmp_path / "t.docx",
        [
            "Agency: {{ position.agency }} {{ agency_name }}",
            "No. {{ position.numbr }}",
            "{%p for task in tasks %}",
            "{{ task.number }}. {{ task.txt }} ({{ loop.index }})",
            "{%p endfor %}",
            "{{ tasks[0].nmber }} {{ position['agency'] }} {{ job_class['grade'] }}",
            "{% for key, value in position.items() %}{{ key }}{% endfor %}",
            "{% for line in contributor_level.description %}{{ line.upper() }} {{ line|upper }}{% endfor %}",
            "{% set position = 3 %}{{ position.anything }}",
        ],
        footer="{{ positon.number }}",
    )
    assert (
        messages(template)
        == [
            "body, in “Agency: {{ position.agency }} {{ agency_name }}”: unknown variable 'agency_name'",
            "body, in “No. {{ position.numbr }} ¶ {% for task in tasks %}”: unknown variable 'position.numbr'",  # the ¶: a {%p} paragraph follows
            "body, in “{{ task.number }}. {{ task.txt }} ({{ loop.index }}) ¶ {% endfor %}”: unknown variable 'task.txt'",
            "body, in “{{ tasks[0].nmber }} {{ position['agency'] }} {{ job_class['grade'] }}”: "
            "unknown variable \"job_class['grade']\"",
            "body, in “{{ tasks[0].nmber }} {{ position['agency'] }} {{ job_class['grade'] }}”: "
            "unknown variable 'tasks[0].nmber'",
            "footer1, in “{{ positon.number }}”: unknown variable 'positon'",
        ]
    )


def test_nested_loops_and_jinja_method_names(tmp_path):
    template = make_template(
        tmp_path / "t.docx",
        [
            "{% for s in class_group.sections %}{{ s.title }}{% for i in s.paragraphs %}{{ i }}{% endfor %}{% endfor %}",
            "{% for s in class_group.sections %}{% for k, v in s.items() %}{{ k }}{% endfor %}{{ s.titel }}{% endfor %}",
        ],
    )
    excerpt = "{% for s in class_group.sections %}{% for k, v in s.items() %}{{ k }}{% endfor …"  # 80 characters at most
    assert messages(template) == [f"body, in “{excerpt}”: unknown variable 's.titel'"]


def test_document_properties_are_checked(tmp_path):
    document = docx.Document()
    document.core_properties.subject = "PD for {{ position.working_titel }}"
    document.core_properties.title = "{% if x %}"
    document.save(str(tmp_path / "t.docx"))
    assert messages(tmp_path / "t.docx") == [
        "document properties, in “{% if x %}”: Jinja syntax error: Unexpected end of template. Jinja was looking for the "
        "following tags: 'elif' or 'else' or 'endif'. The innermost block that needs to be closed is 'if'.",
    ]
    document.core_properties.title = "Position description"
    document.save(str(tmp_path / "t.docx"))
    assert messages(tmp_path / "t.docx") == [
        "document properties, in “PD for {{ position.working_titel }}”: unknown variable 'position.working_titel'",
    ]


def test_python_internals_are_reported(tmp_path):
    template = make_template(
        tmp_path / "t.docx", ["{{ ''.__class__.__mro__ }}", "{{ cycler.__init__.__globals__ }}"]
    )
    assert messages(template) == [
        "body, in “{{ ''.__class__.__mro__ }}”: '__class__' reaches for Python internals, which the sandbox refuses",
        "body, in “{{ cycler.__init__.__globals__ }}”: '__init__' reaches for Python internals, which the sandbox refuses",
    ]


def test_syntax_errors_say_where_they_are(tmp_path):
    template = make_template(
        tmp_path / "t.docx", ["Intro", "{{ position.number }", "after"], header="{% if position.number %}"
    )
    assert messages(template) == [
        # docxtpl joins a tag's runs up to the next `}}`, here across the paragraph mark: the excerpt shows that
        "body, in “{{ position.number }after”: Jinja syntax error: unexpected '}'",
        "header1, in “{% if position.number %}”: Jinja syntax error: Unexpected end of template. Jinja was looking for "
        "the following tags: 'elif' or 'else' or 'endif'. The innermost block that needs to be closed is 'if'.",
    ]


def test_a_tag_split_across_runs_renders_and_is_checked_as_one(tmp_path):
    runs = [("No. ", False), ("{{ position.", False), ("number", True), (" }}", False)]
    good = split_template(tmp_path / "good.docx", runs)
    assert messages(good) == []
    position, ref = rich_position()
    from pdbuilder.render import generate

    from .docxread import read_docx

    assert read_docx(generate(position, ref, tmp_path / "out.docx", good).path).body == ["No. 00012345"]
    typo = split_template(
        tmp_path / "typo.docx", [("{{ position.", False), ("numbr", True), (" }}", False)], before=["Intro"]
    )
    assert messages(typo) == ["body, in “{{ position.numbr }}”: unknown variable 'position.numbr'"]
    broken = split_template(
        tmp_path / "broken.docx",
        [("{% if ", False), ("position.number", True), (" %", False), ("}", True), ("Yes", False)],
    )
    assert messages(broken) == [
        "body, in “{% if position.number %}Yes”: Jinja syntax error: Unexpected end of template. Jinja was looking for "
        "the following tags: 'elif' or 'else' or 'endif'. The innermost block that needs to be closed is 'if'.",
    ]


def test_cli_template_check_exit_codes(cli, tmp_path):
    good = make_template(tmp_path / "good.docx", ["{{ position.number }}"])
    result = cli("template", "check", good)
    assert (result.code, result.out, result.err) == (0, "", f"{good}: no problems\n")
    bad = make_template(tmp_path / "bad.docx", ["{{ position.numbr }}", "{{ nope }}"])
    result = cli("template", "check", bad)
    assert result.code == 1
    assert result.out.splitlines() == [
        f"{bad}: body, in “{{{{ position.numbr }}}}”: unknown variable 'position.numbr'",
        f"{bad}: body, in “{{{{ nope }}}}”: unknown variable 'nope'",
    ]
    assert result.err == f"{bad}: 2 problems\n"
    assert cli("template", "check", "posting").code == 0


@pytest.mark.parametrize(
    "name, message",
    [
        ("missing.docx", "missing.docx: no such template file"),
        ("nope", "unknown template 'nope'"),
    ],
)
def test_cli_template_check_bad_input(cli, name, message):
    result = cli("template", "check", name)
    assert result.code == 2
    assert result.err.startswith(f"pdbuilder: {message}") and result.err.count("\n") == 1


def test_cli_template_check_refuses_a_file_that_is_not_a_docx(cli, tmp_path):
    fake = tmp_path / "fake.docx"
    fake.write_bytes(b"\x00\x01binary")
    result = cli("template", "check", fake)
    assert result.code == 2 and result.err.startswith(f"pdbuilder: {fake}: not a Word .docx file")
