"""Typed at 2 ms a key into every text field of every step, in a real terminal, the record holds what was typed."""

from __future__ import annotations

import shutil
import sys
import time
from datetime import date

import pytest

from pdbuilder.model import DETAILS
from pdbuilder.records import read_position

from .terminal import Tmux

pytestmark = pytest.mark.skipif(
    shutil.which("tmux") is None, reason="needs tmux: the real app in a real terminal, keys 2 ms apart"
)

NUMBER = "00012345"
TASK = "Routes interlibrary loan requests, R.A. Gray & <Lead> {{ 7*7 }}"
REQUIREMENT = "Valid driver license; lifts 25 lb & <more>"
DAYS = {"effective_date": date(2026, 7, 1), "closing_date": date(2026, 8, 15)}


def _typed(name: str, label: str, kind: str) -> object:
    """What a person might type in a field of the Details step, as the record then holds it."""
    text = f"{label}: R.A. Gray & <Archives> {{{{ x }}}}, 8:00-17:00"
    match kind:
        case "paragraph":  # two lines
            return f"{text}\nand a second line"
        case "list":  # two items
            return (text, f"{label} again")
        case "date":
            return DAYS[name]
    return {"number": NUMBER, "working_title": "Interlibrary Loan Coordinator, R.A. Gray"}.get(name, text)


# Every field of the Details step a person types in, in Tab order (a choice is passed over).
TYPED = {d.name: _typed(d.name, d.label, d.kind) for d in DETAILS if not d.choices}


def test_text_typed_at_2_ms_a_key_into_every_field_is_saved_exactly(tmp_path):
    tmux = Tmux(tmp_path)
    positions = tmp_path / "positions"
    positions.mkdir()
    command = f"exec {sys.executable} -m pdbuilder --positions {positions}"
    tmux("new-session", "-d", "-x", "120", "-y", "40", f"-ePDBUILDER_DRAFTS={tmp_path / 'drafts'}", command)
    try:
        tmux.wait_for("n New")
        tmux.keys("n")
        tmux.wait_for("Search code, title")
        tmux.type("senior")  # the class search: its result is the class the record is built on
        tmux.wait_for("Library Technician Senior")
        tmux.keys("Enter")
        tmux.wait_for("Tasks of the class")
        tmux.keys("Tab", "a")  # this position's own task
        tmux.wait_for("A task of this position")
        tmux.type(TASK)
        tmux.keys("Tab")
        tmux.type("15")
        tmux.keys("Enter")
        tmux.wait_for("15% ")
        tmux.keys("M-Right", "a")  # Requirements: an additional one
        tmux.wait_for("An additional requirement")
        tmux.type(REQUIREMENT)
        tmux.keys("Enter")
        tmux.wait_for("1. Valid driver")
        tmux.keys("M-Right")
        tmux.wait_for("( ) ")
        tmux.keys("Enter")  # the first contributor level
        tmux.wait_for("(●) ")
        tmux.keys("M-Right")
        tmux.wait_for("Working title *")
        for detail in DETAILS:
            value = TYPED.get(detail.name)
            if detail.kind == "list":
                for item in value:
                    tmux.keys("a")
                    tmux.wait_for(f"A {detail.item}")  # the dialog
                    tmux.type(item)
                    tmux.keys("Enter")
                    tmux.wait_until_gone(f"A {detail.item}")
            elif detail.kind == "paragraph":
                first, second = value.split("\n")
                tmux.type(first)
                tmux.keys("Enter")
                tmux.type(second)
            elif value is not None:
                tmux.keys("Home", "C-k")
                tmux.type(str(value))
            tmux.keys("Tab")  # a choice (FLSA status...) is passed over
        tmux.keys("C-s")  # at once: the last letters typed must be in what is saved
        record = positions / f"{NUMBER}.toml"
        deadline = time.monotonic() + 30
        while not record.exists():
            assert time.monotonic() < deadline, tmux("capture-pane", "-p")
            time.sleep(0.1)
    finally:
        tmux.kill()
    saved = read_position(record)
    assert saved.class_id == "library-technician-senior"
    assert {name: getattr(saved, name) for name in TYPED} == TYPED
    assert [(t.text, t.percent) for t in saved.tasks if t.is_custom] == [(TASK, 15)]
    assert saved.extra_requirements == (REQUIREMENT,)
    assert saved.contributor_level
