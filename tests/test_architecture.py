"""The domain core and the CLI stay free of the terminal UI: only pdbuilder.tui imports Textual."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import pytest

import pdbuilder

HEADLESS = sorted(
    m.name
    for m in pkgutil.walk_packages(pdbuilder.__path__, "pdbuilder.")
    if not m.name.startswith("pdbuilder.tui") and m.name != "pdbuilder.__main__"
)


def test_there_are_headless_modules_to_check():
    assert {
        "pdbuilder.model",
        "pdbuilder.catalog",
        "pdbuilder.records",
        "pdbuilder.context",
        "pdbuilder.cli",
    } <= set(HEADLESS)


@pytest.mark.parametrize("module", HEADLESS)
def test_headless_module_does_not_import_textual(module):
    code = f"import sys, {module}; sys.exit('textual' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code]).returncode == 0, f"{module} imports Textual"
