"""Everything the program reads at run time ships inside the package, found without a checkout."""

from __future__ import annotations

import tomllib
from fnmatch import fnmatch
from pathlib import Path

import pdbuilder
from pdbuilder.catalog import BUNDLED_DIR
from pdbuilder.render import BUNDLED_TEMPLATES, TEMPLATE_NAMES

from .conftest import REPO

PACKAGE = Path(pdbuilder.__file__).parent


def test_every_data_file_in_the_package_is_declared_package_data():
    """A file under pdbuilder/ that no package-data pattern names would be missing from the wheel."""
    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = config["tool"]["setuptools"]["package-data"]["pdbuilder"]
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
