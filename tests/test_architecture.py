"""The domain core and the CLI stay free of the terminal UI: only pdbuilder.tui imports Textual."""

from __future__ import annotations

import json
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

# A fresh interpreter imports the modules one after another until one loads Textual; the rest go to
# another fresh one. Each module is judged as by a subprocess of its own, for one interpreter start
# instead of fifty while none loads Textual.
IMPORT_UNTIL_TEXTUAL = """
import importlib, json, sys
loads = {}
for module in sys.argv[1:]:
    importlib.import_module(module)
    loads[module] = "textual" in sys.modules
    if loads[module]:
        break
print(json.dumps(loads))
"""


@pytest.fixture(scope="module")
def loads_textual() -> dict[str, bool]:
    loads: dict[str, bool] = {}
    while left := HEADLESS[len(loads) :]:
        command = [sys.executable, "-c", IMPORT_UNTIL_TEXTUAL, *left]
        loads.update(json.loads(subprocess.run(command, capture_output=True, text=True, check=True).stdout))
    return loads


def test_there_are_headless_modules_to_check():
    assert {
        "pdbuilder.model",
        "pdbuilder.catalog",
        "pdbuilder.records",
        "pdbuilder.context",
        "pdbuilder.cli",
    } <= set(HEADLESS)


@pytest.mark.parametrize("module", HEADLESS)
def test_headless_module_does_not_import_textual(module, loads_textual):
    assert not loads_textual[module], f"{module} imports Textual"
