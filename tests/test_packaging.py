"""Everything the program reads at run time ships inside the package, found without a checkout."""

from __future__ import annotations

import ast
import re
import sys
import tomllib
from fnmatch import fnmatch
from importlib.metadata import packages_distributions
from pathlib import Path

import pdbuilder
from pdbuilder.catalog import BUNDLED_DIR
from pdbuilder.render import BUNDLED_TEMPLATES, TEMPLATE_NAMES

from .conftest import REPO

PACKAGE = Path(pdbuilder.__file__).parent
CONFIG = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))


def distribution(requirement: str) -> str:
    """A requirement's project name, normalized as PyPI does (`python-docx>=1.1` -> `python-docx`)."""
    name = re.match(r"[A-Za-z0-9._-]+", requirement)[0]
    return re.sub(r"[-_.]+", "-", name).lower()


def imported_packages() -> set[str]:
    """The top-level names the code imports that are neither the standard library nor pdbuilder."""
    names = set()
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names.add(node.module.split(".")[0])
    return names - set(sys.stdlib_module_names) - {"pdbuilder"}


def test_every_package_the_code_imports_is_a_declared_dependency():
    imported = imported_packages()
    assert {"textual", "docxtpl", "docx", "jinja2", "lxml", "markupsafe", "rich", "tomli_w"} <= imported
    installed = packages_distributions()
    needed = {distribution(dist) for name in imported for dist in installed[name]}
    declared = {distribution(requirement) for requirement in CONFIG["project"]["dependencies"]}
    assert sorted(needed - declared) == []


def test_textual_is_a_range_at_run_time_and_exact_for_the_snapshots():
    runtime = [r for r in CONFIG["project"]["dependencies"] if distribution(r) == "textual"]
    pinned = [r for r in CONFIG["project"]["optional-dependencies"]["test"] if distribution(r) == "textual"]
    assert runtime == ["textual>=8.2,<9"]
    assert len(pinned) == 1 and "==" in pinned[0]


def test_every_data_file_in_the_package_is_declared_package_data():
    """A file under pdbuilder/ that no package-data pattern names would be missing from the wheel."""
    patterns = CONFIG["tool"]["setuptools"]["package-data"]["pdbuilder"]
    data = sorted(
        path.relative_to(PACKAGE).as_posix()
        for path in PACKAGE.rglob("*")
        if path.is_file() and path.suffix not in {".py", ".pyc"}
    )
    assert {"catalogs/library-science.toml", "templates/posting.docx", "tui/pdbuilder.tcss"} <= set(data)
    assert [name for name in data if not any(fnmatch(name, pattern) for pattern in patterns)] == []


def test_bundled_templates_and_catalog_are_package_data():
    assert BUNDLED_TEMPLATES == PACKAGE / "templates"
    assert BUNDLED_DIR == PACKAGE / "catalogs"
    assert sorted(p.stem for p in BUNDLED_TEMPLATES.glob("*.docx")) == sorted(TEMPLATE_NAMES)
    assert list((REPO / "templates").glob("*.docx")) == []  # the checkout's folder holds only the builder
