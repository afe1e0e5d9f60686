"""Pages that hold together, checked where it shows: through LibreOffice to PDF, page by page.

A sweep of position descriptions from 1 to 40 tasks and 0 to 40 extra requirements, every field
filled in, converted by one LibreOffice start; each page's text read with pdftotext. Skipped
where LibreOffice or pdftotext is not installed.
"""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from pdbuilder.catalog import load_catalog
from pdbuilder.model import DETAILS, PositionTask
from pdbuilder.render import generate

from .test_records import every_field_position

pytestmark = [
    pytest.mark.skipif(
        not (shutil.which("soffice") and shutil.which("pdftotext")), reason="needs LibreOffice and pdftotext"
    ),
    pytest.mark.xdist_group("sweep"),  # one worker: the sweep is converted once, not once per worker
]

REF = load_catalog([]).get("library-technician")
SIGNATURE_LINES = [
    "SIGNATURES",
    "The signatures below certify",
    "EMPLOYEE SIGNATURE",
    "SUPERVISOR SIGNATURE",
    "APPOINTING AUTHORITY SIGNATURE",
    "HUMAN RESOURCES SIGNATURE",
]
HEADINGS = {
    *(d.heading for d in DETAILS if d.heading),
    "Additional requirements for this position",
    "Performance range",
}
SECTION_BAR = re.compile(r"^(SECTION \d+ · |SIGNATURES$)")
FOOTER = re.compile(r"^Position Description · .*Page \d+ of \d+$")


# (tasks, extra requirements): 1 to 40 tasks, each with another count of requirements, and 0 too.
SWEEP = [(tasks, (tasks * 17) % 41) for tasks in range(1, 41)] + [(40, 0)]


def variant(tasks: int, requirements: int):
    """Every field filled in, `tasks` duties of varied length with shares adding up to 100, `requirements` extra ones."""
    words = "reviews, records and reconciles interlibrary loan requests "
    duties = tuple(
        PositionTask(f"Duty {n}: {words * (1 + n % 4)}", None, 2 if n else 100 - 2 * (tasks - 1), n % 3 == 0)
        for n in range(tasks)
    )
    extra = tuple(
        f"Requirement {n}: {'a licence or certificate as the agency requires ' * (1 + n % 3)}"
        for n in range(requirements)
    )
    return every_field_position().with_changes(tasks=duties, extra_requirements=extra)


@pytest.fixture(scope="module")
def pages(tmp_path_factory) -> dict[str, list[list[str]]]:
    """Each variant's pages, as their lines of text, without the header and footer lines."""
    folder = tmp_path_factory.mktemp("sweep")
    names = []
    for tasks, requirements in SWEEP:
        name = f"t{tasks:02d}-r{requirements:02d}"
        generate(variant(tasks, requirements), REF, folder / f"{name}.docx")
        names.append(name)
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation={(folder / 'profile').as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(folder),
            *(str(folder / f"{name}.docx") for name in names),
        ],
        check=True,
        capture_output=True,
        timeout=600,
    )
    found = {}
    for name in names:
        text = subprocess.run(
            ["pdftotext", "-layout", str(folder / f"{name}.pdf"), "-"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        found[name] = [
            [
                line.strip()
                for line in page.splitlines()[1:]
                if line.strip() and not FOOTER.match(line.strip())
            ]
            for page in text.split("\f")
            if page.strip()
        ]
    return found


def test_the_sweep_covers_one_to_forty_tasks_and_zero_to_forty_requirements(pages):
    assert {tasks for tasks, _ in SWEEP} == set(range(1, 41))
    assert {requirements for _, requirements in SWEEP} == set(range(41))
    assert len(pages) == len(SWEEP)


def test_the_signature_block_never_splits_across_pages(pages):
    for name, document in pages.items():
        holding = [
            n for n, page in enumerate(document) if any(line.startswith(SIGNATURE_LINES[0]) for line in page)
        ]
        assert len(holding) == 1, name
        page = " ".join(document[holding[0]])
        assert all(part in page for part in SIGNATURE_LINES), f"{name}: page {holding[0] + 1}"


def test_the_total_row_never_stands_alone(pages):
    for name, document in pages.items():
        for number, page in enumerate(document, 1):
            totals = [n for n, line in enumerate(page) if re.match(r"^Total\s+100%$", line)]
            if totals:
                assert any(re.match(r"^\d+\s+Duty \d+:", line) for line in page[: totals[0]]), (
                    f"{name}: the Total row stands alone on page {number}"
                )


def test_a_heading_never_ends_a_page(pages):
    for name, document in pages.items():
        for number, page in enumerate(document[:-1], 1):
            last = page[-1]
            assert not (SECTION_BAR.match(last) or last in HEADINGS), (
                f"{name}: page {number} ends with {last!r}"
            )
