"""Hostile templates stop at a limit with one line and no file: size, numbers, time (docs/security.md)."""

from __future__ import annotations

import tracemalloc

import pytest

from pdbuilder.template_check import check_template

from .conftest import SAMPLE_POSITIONS
from .test_render import make_template

ILL = SAMPLE_POSITIONS / "00041187-interlibrary-loan-technician.toml"
TOO_BIG = "makes a text or list of more than 10,000,000 items"
HOSTILE = {
    "{{ 'x'*500000000 }}": TOO_BIG,
    "{{ [1]*(10**9) }}": TOO_BIG,
    "{{ 9**(9**9) }}": "makes a number of more than 4096 bits",
    "{{ 12345678901234567890 * 98765432109876543210 ** 300 }}": "makes a number of more than 4096 bits",
    "{% set ns = namespace(s='x') %}{% for i in range(40) %}{% set ns.s = ns.s ~ ns.s %}{% endfor %}{{ ns.s }}": TOO_BIG,
    "{% set ns = namespace(s='x') %}{% for i in range(40) %}{% set ns.s = ns.s + ns.s %}{% endfor %}{{ ns.s }}": TOO_BIG,
    "{{ 'x'|center(500000000) }}": "passes 500000000 where at most 10,000,000 is allowed",
    "{{ 'x'.ljust(500000000) }}": "passes 500000000 where at most 10,000,000 is allowed",
    "{{ range(99999)|join('y'*9000) }}": "makes a text of more than 10,000,000 characters with join",
    "{{ '%500000000d'|format(1) }}": "makes a text of more than 10,000,000 characters with format",
    "{{ '{:500000000}'.format(1) }}": "makes a text of more than 10,000,000 characters with format",
    "{% for a in range(9999) %}{% for b in range(9999) %}xxxxxxxxxx{% endfor %}{% endfor %}": (
        "renders more than 10,000,000 characters"
    ),
}


@pytest.mark.parametrize("tag", sorted(HOSTILE))
def test_a_template_over_a_limit_stops_with_one_line_and_no_file(cli, tmp_path, tag):
    template = make_template(tmp_path / "hostile.docx", ["Before", tag, "After"])
    out = tmp_path / "out.docx"
    result = cli("generate", ILL, "--template", template, "-o", out)
    assert result.code == 2
    # One line naming the template and the part (and the tag, where one did it: output is measured
    # as it streams out, outside any one tag), then the limit.
    assert result.err.startswith(f"pdbuilder: {template}: body") and result.err.count("\n") == 1
    assert result.err.endswith(
        f": stopped: the template {HOSTILE[tag]}; see docs/security.md to raise the limit for a trusted template\n"
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["hostile.docx"]


def test_a_loop_that_outputs_nothing_stops_at_the_time_limit(cli, tmp_path, monkeypatch):
    monkeypatch.setenv("PDBUILDER_TEMPLATE_SECONDS", "0.2")
    tag = "{% for a in range(99999) %}{% for b in range(99999) %}{% endfor %}{% endfor %}"
    template = make_template(tmp_path / "slow.docx", [tag])
    result = cli("generate", ILL, "--template", template, "-o", tmp_path / "out.docx")
    assert result.code == 2
    assert "stopped: the template took more than 0.2 s;" in result.err
    assert not (tmp_path / "out.docx").exists()


def test_a_raised_limit_lets_a_trusted_template_through(cli, tmp_path, monkeypatch):
    template = make_template(tmp_path / "big.docx", ["{{ 'x' * 20000000 }}"])
    assert cli("generate", ILL, "--template", template, "-o", tmp_path / "out.docx").code == 2
    monkeypatch.setenv("PDBUILDER_TEMPLATE_CHARACTERS", "30000000")
    assert cli("generate", ILL, "--template", template, "-o", tmp_path / "out.docx").code == 0


@pytest.mark.parametrize("tag", ["{{ 'x'*500000000 }}", "{{ 9**(9**9) }}", "{{ 'x'|center(500000000) }}"])
def test_template_check_computes_nothing_a_template_says(tmp_path, tag):
    """Jinja folds constants as it compiles: `template check` must not build what the tags describe."""
    template = make_template(tmp_path / "hostile.docx", [tag])
    tracemalloc.start()
    try:
        assert check_template(template) == []
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 50_000_000


def test_a_limit_set_to_nonsense_is_one_clear_line(cli, tmp_path, monkeypatch):
    monkeypatch.setenv("PDBUILDER_TEMPLATE_SECONDS", "soon")
    result = cli("generate", ILL, "-o", tmp_path / "out.docx")
    assert result.code == 2 and result.err.count("\n") == 1
    assert result.err.endswith(": PDBUILDER_TEMPLATE_SECONDS must be a number above 0, not 'soon'\n")
    assert not (tmp_path / "out.docx").exists()
