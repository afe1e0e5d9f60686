"""What the terminal UI loads to show its first frame: start-up time is a goal (benchmarks/bench_startup.py)."""

from __future__ import annotations

import subprocess
import sys


def test_the_first_frame_needs_neither_the_model_nor_documents_nor_the_editor():
    code = "import sys, pdbuilder.cli, pdbuilder.tui.app; print(' '.join(sorted(sys.modules)))"
    loaded = set(
        subprocess.run(
            [sys.executable, "-c", code], check=True, capture_output=True, text=True
        ).stdout.split()
    )
    assert "pdbuilder.tui.app" in loaded
    heavy = {
        "pdbuilder.model",
        "pdbuilder.records",
        "pdbuilder.catalog",
        "pdbuilder.render",
        "docxtpl",
        "docx",
        "jinja2",
        "pdbuilder.tui.screens.editor",
        "markdown_it",
    }
    assert loaded & heavy == set()


def test_a_command_imports_its_own_module_only():
    code = (
        "import sys; from pdbuilder.cli import main; main(['tasks', 'library-technician']); "
        "print(' '.join(sorted(sys.modules)))"
    )
    loaded = set(
        subprocess.run(
            [sys.executable, "-c", code], check=True, capture_output=True, text=True
        ).stdout.split()
    )
    assert "pdbuilder.cli.positions" in loaded
    others = {
        "pdbuilder.cli.documents",
        "pdbuilder.cli.history",
        "pdbuilder.cli.importing",
        "pdbuilder.importers",
    }
    assert loaded & others == set()
