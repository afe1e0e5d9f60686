"""The bundled Word templates: made by templates/make_templates.py, tags in single runs, sound."""

from __future__ import annotations

import importlib.util
import re
import zipfile

import docx
import pytest

from pdbuilder.render import BUNDLED_TEMPLATES, TEMPLATE_NAMES
from pdbuilder.template_check import check_template

from .conftest import REPO


def load_script():
    spec = importlib.util.spec_from_file_location("make_templates", REPO / "templates" / "make_templates.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_committed_templates_are_what_the_script_makes(tmp_path):
    """Compare every part inside the .docx files; the zip's own timestamps may differ."""
    written = load_script().main(tmp_path)
    assert sorted(p.name for p in written) == sorted(f"{name}.docx" for name in TEMPLATE_NAMES)
    for made in written:
        with zipfile.ZipFile(made) as fresh, zipfile.ZipFile(BUNDLED_TEMPLATES / made.name) as committed:
            assert fresh.namelist() == committed.namelist()
            for member in fresh.namelist():
                assert fresh.read(member) == committed.read(member), (
                    f"{made.name}:{member} differs; run `python templates/make_templates.py` and commit the result"
                )


@pytest.mark.parametrize("name", TEMPLATE_NAMES)
def test_every_jinja_tag_sits_whole_in_one_run(name):
    document = docx.Document(str(BUNDLED_TEMPLATES / f"{name}.docx"))
    parts = (
        [document.element.body]
        + [s.header._element for s in document.sections]
        + [s.footer._element for s in document.sections]
    )
    runs = [
        t.text or ""
        for part in parts
        for t in part.iter("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}t")
    ]
    tagged = [text for text in runs if re.search(r"[{}]", text)]
    assert tagged, "the template has no tags"
    for text in tagged:
        assert text.count("{{") == text.count("}}") and text.count("{%") == text.count("%}"), text


@pytest.mark.parametrize("name", TEMPLATE_NAMES)
def test_bundled_templates_pass_template_check(name):
    assert check_template(BUNDLED_TEMPLATES / f"{name}.docx") == []


@pytest.mark.parametrize("name", TEMPLATE_NAMES)
def test_property_elements_are_in_schema_order(name):
    """Word refuses a file whose paragraph, run, table or cell properties are out of order; LibreOffice does not."""
    from lxml import etree

    order = load_script()._ORDER
    with zipfile.ZipFile(BUNDLED_TEMPLATES / f"{name}.docx") as package:
        for member in (m for m in package.namelist() if m.endswith(".xml")):
            root = etree.fromstring(package.read(member))
            for tag, sequence in order.items():
                for element in root.iter(
                    f"{{http://schemas.openxmlformats.org/wordprocessingml/2006/main}}{tag}"
                ):
                    positions = [
                        sequence.index(child.tag) for child in element
                    ]  # ValueError: a child the script does not know
                    assert positions == sorted(positions), f"{member}: {tag} children out of order"
