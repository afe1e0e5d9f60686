"""Writes the import test specs: each as published text (.txt) and as Word (.docx), from one description.

    .venv/bin/python tests/data/specs/build.py      # rewrites tests/data/specs/*.txt and *.docx

The output is deterministic (fixed zip dates, the template's fixed document properties), and
tests/test_importers.py checks that the committed files are what this script writes today. Each
spec also gives the class group the importer must produce (`expected`), built straight from the
description, never by parsing, so the importer is checked against an independent answer.

The text layout copies the published Library Science file (tests/data/library-science.txt):
tab-indented flattened table cells with empty cells as lone tabs, irregular blank lines, trailing
spaces, and the contributor-level table flattened with its column headers broken over lines. Texts
may hold "\\n" (a line that wraps without a bullet; a line break inside a Word paragraph), runs of
spaces and non-breaking spaces, which the importer folds.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from pdbuilder.model import ClassGroup, ContributorLevel, JobClass, Section, Task, slugify, task_id_for

HERE = Path(__file__).parent

NBSP = "\u00a0"
RANGE_LABEL = "Performance Range for Core Competencies:"
ZIP_DATE = (2024, 1, 1, 0, 0, 0)


@dataclass
class Cls:
    code: str
    title: str
    role: str
    plan: str
    grade: str
    level_of_work: str
    requirements: list[str]


@dataclass
class Level:
    name: str
    description: list[str]
    performance_range: list[str]


@dataclass
class Extra:
    """A section other than the ones every spec has; `after` names where it goes: "concept", "tasks",
    a class title or "end". `field` is where it must land: a catalog section, or a class list such as
    special_requirements (that class's after its title, else every class's)."""

    title: str
    items: list[str]
    after: str = "end"
    bulleted: bool = True
    field: str = "section"


@dataclass
class Spec:
    stem: str
    occupational_group: str
    class_group: str
    classes: list[Cls]
    concept: str
    tasks: list[str]
    bullet: str = "·"  # "·", "•", "-", "*", "1." or "1)"
    word_lists: bool = True  # in Word: list paragraphs (else markers typed into plain paragraphs)
    levels_intro: str = ""
    levels: list[Level] = field(default_factory=list)
    extras: list[Extra] = field(default_factory=list)
    one_level_of_work: bool = False  # one class: "LEVEL OF WORK:" then its text, no "Title:" line
    tasks_note: str = ""  # a line under TASKS that is no task: the importer must report it
    expected_report: list[tuple[str, str]] = field(default_factory=list)  # (section, text)

    def expected(self) -> ClassGroup:
        return ClassGroup(
            id=slugify(self.class_group),
            occupational_group=self.occupational_group,
            class_group=self.class_group,
            concept=squash(self.concept),
            tasks=tuple(Task(task_id_for(squash(t)), squash(t)) for t in self.tasks),
            classes=tuple(
                JobClass(
                    slugify(c.title),
                    c.code,
                    c.title,
                    c.role,
                    c.plan,
                    c.grade,
                    squash(c.level_of_work),
                    tuple(map(squash, c.requirements)),
                    special_requirements=tuple(
                        squash(item)
                        for e in self._extras_in_order()
                        if e.field == "special_requirements"
                        and e.after in (c.title, "concept", "tasks", "end")
                        for item in e.items
                    ),
                )
                for c in self.classes
            ),
            contributor_levels=tuple(
                ContributorLevel(
                    lv.name.split()[0].lower(),
                    lv.name,
                    tuple(map(squash, lv.description)),
                    tuple(map(squash, lv.performance_range)),
                )
                for lv in self.levels
            ),
            contributor_levels_intro=squash(self.levels_intro),
            sections=tuple(
                Section(e.title, tuple(map(squash, e.items)))
                for e in self._extras_in_order()
                if e.field == "section"
            ),
        )

    def _extras_in_order(self) -> list[Extra]:
        places = ["concept", "tasks", *(c.title for c in self.classes), "end"]
        return sorted(self.extras, key=lambda e: places.index(e.after))

    def extras_after(self, place: str) -> list[Extra]:
        return [e for e in self.extras if e.after == place]


def squash(text: str) -> str:
    return " ".join(text.split())


def marker(style: str, number: int) -> str:
    return f"{number}{style[-1]}" if style[0] == "1" else style


# --- Text -----------------------------------------------------------------------


def to_text(spec: Spec) -> str:
    out = ["", f"Occupational Group:  {spec.occupational_group}", f"Class Group:  {spec.class_group}"]
    out += ["\tClass Code", "\tClass Title", "\tOccupational Role", "\tPay Plan", "\tPay Grade", ""]
    for c in spec.classes:
        out += [f"\t{c.code}", f"\t{c.title} ", f"\t{c.role}", f"\t{c.plan}", f"\t{c.grade}", ""]
    out += ["", "CONCEPT: ", "", spec.concept, ""]
    out += text_extras(spec, "concept")
    out += ["TASKS: ", ""]
    if spec.tasks_note:
        out += [spec.tasks_note, ""]
    out += text_bullets(spec.tasks, spec.bullet)
    out += text_extras(spec, "tasks")
    if spec.one_level_of_work:
        (only,) = spec.classes
        out += ["LEVEL OF WORK:", "", only.level_of_work + "  ", "MINIMUM REQUIREMENTS:"]
        out += [*text_bullets(only.requirements, spec.bullet), ""]
        out += text_extras(spec, only.title)
    else:
        out += ["LEVELS OF WORK:", ""]
        for c in spec.classes:
            out += [f"{c.title}:   {c.level_of_work}  ", "MINIMUM REQUIREMENTS:"]
            out += [*text_bullets(c.requirements, spec.bullet), ""]
            out += text_extras(spec, c.title)
    if spec.levels:
        out += text_levels(spec)
    out += text_extras(spec, "end")
    return "\n".join(out) + "\n"


def text_bullets(items: list[str], style: str) -> list[str]:
    out = []
    for number, item in enumerate(items, 1):
        out.append(f"{marker(style, number)} {item}")
        if number % 3 == 1:  # the published files have blank lines here and there between items
            out.append("")
    return out


def text_extras(spec: Spec, place: str) -> list[str]:
    out = []
    for extra in spec.extras_after(place):
        out += [f"{extra.title}:", ""]
        if extra.bulleted:
            out += text_bullets(extra.items, spec.bullet)
        else:
            for item in extra.items:
                out += [item, ""]
        out.append("")
    return out


def text_levels(spec: Spec) -> list[str]:
    titles = "/".join(c.title.upper() for c in spec.classes)
    out = [
        "CONTRIBUTOR LEVELS:",
        "",
        spec.levels_intro,
        "",
        "\tMINIMUM  MAXIMUM",
        "",
        f"\t{titles}",
        "",
        "\t",
    ]
    # The column headers break over lines as in the published file: "\tRecent", "Contributor", ...
    for number, level in enumerate(spec.levels):
        first, rest = level.name.split(" ", 1)
        out += [("\t" if number != 1 else "") + first + "   ", rest] + (["\t", ""] if number == 0 else [])
    out += ["\t", "", "\t", "\t", "\t", ""]
    for level in spec.levels:
        out.append("\t· " + level.description[0])
        out += ["· " + item for item in level.description[1:]]
        if level.performance_range:
            out += [RANGE_LABEL, ""] + ["·  " + item for item in level.performance_range]
        out += ["", ""]
    return out


# --- Word ---------------------------------------------------------------------------


def to_docx(spec: Spec) -> bytes:
    import docx

    document = docx.Document()
    document.add_paragraph(f"Occupational Group:  {spec.occupational_group}")
    document.add_paragraph(f"Class Group:  {spec.class_group}")
    table = document.add_table(rows=1 + len(spec.classes), cols=5)
    table.style = "Table Grid"
    rows = [("Class Code", "Class Title", "Occupational Role", "Pay Plan", "Pay Grade")]
    rows += [(c.code, c.title, c.role, c.plan, c.grade) for c in spec.classes]
    for row, values in zip(table.rows, rows, strict=False):
        for cell, value in zip(row.cells, values, strict=False):
            cell.text = value
    docx_heading(document, "CONCEPT:")
    document.add_paragraph(spec.concept)
    docx_extras(document, spec, "concept")
    docx_heading(document, "TASKS:")
    if spec.tasks_note:
        document.add_paragraph(spec.tasks_note)
    docx_bullets(document, spec.tasks, spec)
    docx_extras(document, spec, "tasks")
    if spec.one_level_of_work:
        (only,) = spec.classes
        docx_heading(document, "LEVEL OF WORK:")
        document.add_paragraph(only.level_of_work)
        docx_heading(document, "MINIMUM REQUIREMENTS:")
        docx_bullets(document, only.requirements, spec)
        docx_extras(document, spec, only.title)
    else:
        docx_heading(document, "LEVELS OF WORK:")
        for c in spec.classes:
            paragraph = document.add_paragraph()
            paragraph.add_run(f"{c.title}:").bold = True
            paragraph.add_run(f"  {c.level_of_work}")
            docx_heading(document, "MINIMUM REQUIREMENTS:")
            docx_bullets(document, c.requirements, spec)
            docx_extras(document, spec, c.title)
    if spec.levels:
        docx_levels(document, spec)
    docx_extras(document, spec, "end")
    buffer = io.BytesIO()
    document.save(buffer)
    return deterministic_zip(buffer.getvalue())


def docx_heading(document, text: str) -> None:
    document.add_paragraph().add_run(text).bold = True


def docx_bullets(container, items: list[str], spec: Spec) -> None:
    for number, item in enumerate(items, 1):
        if spec.word_lists:
            container.add_paragraph(item, style="List Number" if spec.bullet[0] == "1" else "List Bullet")
        else:
            container.add_paragraph(f"{marker(spec.bullet, number)} {item}")


def docx_extras(document, spec: Spec, place: str) -> None:
    for extra in spec.extras_after(place):
        docx_heading(document, f"{extra.title}:")
        if extra.bulleted:
            docx_bullets(document, extra.items, spec)
        else:
            for item in extra.items:
                document.add_paragraph(item)


def docx_levels(document, spec: Spec) -> None:
    docx_heading(document, "CONTRIBUTOR LEVELS:")
    document.add_paragraph(spec.levels_intro)
    columns = len(spec.levels)
    table = document.add_table(rows=4, cols=columns)
    table.style = "Table Grid"
    axis = table.cell(0, 0).merge(table.cell(0, columns - 1))
    axis.text = "MINIMUM\tMAXIMUM"
    classes = table.cell(1, 0).merge(table.cell(1, columns - 1))
    classes.text = "/".join(c.title.upper() for c in spec.classes)
    for cell, level in zip(table.rows[2].cells, spec.levels, strict=False):
        cell.text = level.name
    for cell, level in zip(table.rows[3].cells, spec.levels, strict=False):
        cell.paragraphs[0].text = level.description[0]
        cell.paragraphs[0].style = "List Bullet"
        for item in level.description[1:]:
            cell.add_paragraph(item, style="List Bullet")
        if level.performance_range:
            cell.add_paragraph(RANGE_LABEL)
            for item in level.performance_range:
                cell.add_paragraph(item, style="List Bullet")


def deterministic_zip(data: bytes) -> bytes:
    """The same package with fixed member dates, so that building twice gives the same bytes."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            target.writestr(
                zipfile.ZipInfo(info.filename, date_time=ZIP_DATE),
                source.read(info.filename),
                zipfile.ZIP_DEFLATED,
            )
    return out.getvalue()


# --- The specs ------------------------------------------------------------------------

STANDARD_LEVELS_INTRO = (
    "Contributor levels are a range of work within a class that allows for a progressive increase of responsibility and "
    "employee competency.  Progression through a contributor level is dependent upon management discretion, the "
    "availability of funds, increase of responsibilities, and the employee’s acquisition of competencies and job performance."
)

SPECS = [
    Spec(
        stem="accounting",
        occupational_group="Business and Financial Operations",
        class_group="Accounting",
        bullet="•",
        classes=[
            Cls(
                "1427",
                "Accountant",
                "Professional",
                "Career Service",
                "",
                "This is professional accounting work maintaining ledgers, reconciling accounts and preparing financial statements.",
                [
                    "A bachelor’s degree with a major in accounting.",
                    "Professional accounting experience may substitute for the education on a year-for-year basis.",
                ],
            ),
            Cls(
                "1430",
                "Accountant Senior",
                "Professional",
                "Career Service",
                "",
                "This is advanced professional accounting work analyzing complex transactions, designing account structures and reviewing the work of other accountants.",
                [
                    "A bachelor’s degree with a major in accounting and two years of professional accounting experience.",
                    "A master’s degree in accounting may substitute for one year of the experience.",
                ],
            ),
            Cls(
                "1433",
                "Accountant Lead",
                "Supervisor/Manager",
                "Career Service",
                "",
                "This is lead professional accounting work directing an accounting unit’s daily work and assuring the accuracy of agency financial reports.",
                [
                    "A bachelor’s degree with a major in accounting and four years of professional accounting experience, one of which was in a lead capacity."
                ],
            ),
        ],
        concept="Perform professional accounting work for a state agency.  This involves maintaining the\u00a0general ledger, reconciling accounts,\npreparing financial statements and assuring compliance with state and federal accounting standards.",
        tasks=[
            "Maintains the general ledger and posts journal entries.",
            "Reconciles bank statements, subsidiary ledgers and the state’s central accounting system\nand resolves discrepancies with the agencies involved.",
            "Prepares monthly, quarterly and annual financial statements.",
            "Reviews invoices and travel vouchers for compliance with statutes,\u00a0rules and contract terms.",
            "Prepares schedules and work papers for state and federal auditors.",
            "Analyzes revenue and expenditure trends and forecasts cash needs.",
            "Trains accounting staff in procedures and the use of the accounting system.",
        ],
        levels_intro=STANDARD_LEVELS_INTRO,
        levels=[
            Level(
                "Recent Contributor",
                [
                    "Employees apply basic accounting principles under close guidance.",
                    "Employees learn the agency’s chart of accounts and closing procedures.",
                ],
                ["Job Responsibilities – Learner to Experienced Knowledge"],
            ),
            Level(
                "Experienced Contributor",
                [
                    "Employees reconcile complex accounts with little guidance.",
                    "Employees resolve routine audit findings.",
                ],
                ["Job Responsibilities – Experienced Knowledge to Expert Knowledge"],
            ),
            Level(
                "Independent Contributor",
                [
                    "Employees design account structures and closing procedures and advise management on accounting standards."
                ],
                ["Job Responsibilities – Expert Knowledge to Transferring Knowledge"],
            ),
        ],
    ),
    Spec(
        stem="corrections-officer",
        occupational_group="Protective Service",
        class_group="Correctional Officer",
        bullet="-",
        word_lists=False,  # markers typed into plain Word paragraphs
        one_level_of_work=True,
        classes=[
            Cls(
                "8003",
                "Correctional Officer",
                "Protective Service",
                "Security Services",
                "SS08",
                "This is security work supervising inmates in a state correctional institution, maintaining custody, discipline and the safety of staff, inmates and the public.",
                [
                    "High school diploma or its equivalent.",
                    "Certification as a correctional officer under section 943.1395, Florida Statutes, or eligibility for it within 180 days of hire.",
                    "Nineteen years of age or older.",
                ],
            ),
        ],
        concept="Perform security work in state correctional institutions, keeping custody and control of inmates and supervising their work, recreation and movement.",
        tasks=[
            "Supervises inmates in housing units, work squads, dining halls and recreation areas.",
            "Conducts counts of inmates and reports discrepancies at once.",
            "Searches inmates, cells and vehicles for contraband.",
            "Escorts inmates within the institution and to hospitals, courts and other facilities.",
            "Responds to emergencies and uses force only as authorized by rule.",
            "Writes incident and disciplinary reports.",
        ],
        extras=[
            Extra(
                "SPECIAL REQUIREMENTS",
                [
                    "Must pass a background investigation, a drug screening and a physical examination.",
                    "Must be able to work rotating shifts, weekends and holidays.",
                ],
                field="special_requirements",
            ),
        ],
    ),
    Spec(
        stem="information-technology",
        occupational_group="Computer and Mathematical",
        class_group="Systems Analysis",
        bullet="1.",
        classes=[
            Cls(
                "",
                "Systems Analyst",
                "Professional",
                "Current",
                "027",
                "This is professional work analyzing business processes and designing, testing and documenting information systems.",
                [
                    "Two years of experience in systems analysis or programming.",
                    "A bachelor’s degree in computer science or information systems may substitute for the experience.",
                ],
            ),
            Cls(
                "",
                "Systems Analyst Senior",
                "Professional",
                "Current",
                "029",
                "This is advanced professional work leading systems projects, setting design standards and reviewing the work of other analysts.",
                [
                    "Four years of experience in systems analysis or programming, one of which included leading a project."
                ],
            ),
        ],
        concept="Perform professional information technology work analyzing the needs of agency programs and designing, building and supporting the systems that serve them.",
        tasks=[
            "Gathers and documents business requirements with program staff.",
            "Designs data models, interfaces and reports.",
            "Writes and runs test plans and tracks defects\nto resolution.",
            "Prepares technical documentation and user guides.",
            "Evaluates software products and recommends purchases.",
        ],
        extras=[
            Extra(
                "DISTINGUISHING CHARACTERISTICS",
                [
                    "Positions in this class group design systems; positions that only operate them are allocated to the Computer Operations class group."
                ],
                after="concept",
                bulleted=False,
            ),
        ],
        levels_intro=STANDARD_LEVELS_INTRO,
        levels=[
            Level(
                "Recent Contributor",
                ["Employees analyze well-defined processes under guidance."],
                ["Job Responsibilities – Learner to Experienced Knowledge"],
            ),
            Level(
                "Experienced Contributor",
                ["Employees analyze processes across program areas and design systems with little guidance."],
                ["Job Responsibilities – Experienced Knowledge to Expert Knowledge"],
            ),
            Level(
                "Independent Contributor",
                ["Employees set design standards and advise management on technology direction."],
                ["Job Responsibilities – Expert Knowledge to Transferring Knowledge"],
            ),
        ],
    ),
    Spec(
        stem="nursing",
        occupational_group="Healthcare Practitioners and Technical",
        class_group="Registered Nursing",
        bullet="1)",
        classes=[
            Cls(
                "5290",
                "Registered Nurse",
                "Professional",
                "Current",
                "020",
                "This is professional nursing work assessing patients’ needs and planning, giving and evaluating nursing care.",
                ["A license to practice as a registered nurse in Florida."],
            ),
            Cls(
                "5294",
                "Registered Nurse Specialist",
                "Professional",
                "Current",
                "022",
                "This is advanced professional nursing work in a clinical specialty, consulting with the care team and training other nurses.",
                [
                    "A license to practice as a registered nurse in Florida.",
                    "Two years of professional nursing experience in the specialty.",
                ],
            ),
        ],
        concept="Perform professional nursing work in state hospitals, clinics and institutions, caring for patients under the direction of a physician and in line with the Nurse Practice Act.",
        tasks=[
            "Assesses patients and records their condition and response to treatment.",
            "Gives medications and treatments as ordered.",
            "Plans nursing care with patients, families and the care team.",
            "Teaches patients and families about health and self-care.",
            "Responds to medical emergencies.",
        ],
        extras=[
            Extra(
                "SPECIAL REQUIREMENTS",
                ["Must keep a current cardiopulmonary resuscitation certification."],
                after="Registered Nurse",
                field="special_requirements",
            ),
        ],
        levels_intro=STANDARD_LEVELS_INTRO,
        levels=[
            Level(
                "Recent Contributor",
                ["Employees give routine care under the guidance of experienced nurses."],
                ["Job Responsibilities – Learner to Experienced Knowledge"],
            ),
            Level(
                "Experienced Contributor",
                [
                    "Employees care for patients with complex needs without guidance.",
                    "Employees precept new nurses.",
                ],
                ["Job Responsibilities – Experienced Knowledge to Expert Knowledge"],
            ),
            Level(
                "Independent Contributor",
                ["Employees are the unit’s clinical resource and set nursing practice standards."],
                ["Job Responsibilities – Expert Knowledge to Transferring Knowledge"],
            ),
        ],
    ),
    Spec(
        stem="engineering",
        occupational_group="Architecture and Engineering",
        class_group="Professional Engineering",
        bullet="*",
        tasks_note="Tasks include, but are not limited to:",
        expected_report=[("TASKS", "Tasks include, but are not limited to:")],
        classes=[
            Cls(
                "4636",
                "Engineer",
                "Professional",
                "Current",
                "",
                "This is professional engineering work designing, reviewing and inspecting public works projects.",
                [
                    "A bachelor’s degree in engineering from an ABET-accredited program.",
                    "Registration as an engineer intern.",
                ],
            ),
            Cls(
                "4637",
                "Engineer Senior",
                "Professional",
                "Current",
                "",
                "This is advanced professional engineering work managing the design of major projects and sealing plans as the engineer of record.",
                [
                    "Registration as a professional engineer in Florida.",
                    "Four years of professional engineering experience.",
                ],
            ),
            Cls(
                "4638",
                "Engineer Lead",
                "Supervisor/Manager",
                "Current",
                "",
                "This is lead professional engineering work directing a design or construction unit.",
                [
                    "Registration as a professional engineer in Florida.",
                    "Six years of professional engineering experience, two of which in a lead capacity.",
                ],
            ),
        ],
        concept="Perform professional engineering work planning, designing and overseeing the construction of roads, bridges, buildings and water control works.",
        tasks=[
            "Prepares plans, specifications and cost estimates for projects.",
            "Reviews consultants’ plans for compliance with design standards – the state’s and the federal government’s.",
            "Inspects construction for conformance with plans and specifications.",
            "Performs hydraulic, structural and traffic calculations.",
            "Prepares permit applications and environmental documents.",
            "Meets with the public, local governments and contractors\nabout project scope and schedules.",
        ],
        levels_intro=STANDARD_LEVELS_INTRO,
        levels=[
            Level(
                "Recent Contributor",
                ["Employees perform routine design tasks under the direction of a professional engineer."],
                ["Job Responsibilities – Learner to Experienced Knowledge"],
            ),
            Level(
                "Experienced Contributor",
                ["Employees design projects of moderate complexity."],
                ["Job Responsibilities – Experienced Knowledge to Expert Knowledge"],
            ),
            Level(
                "Independent Contributor",
                ["Employees design complex projects and review the designs of others."],
                ["Job Responsibilities – Expert Knowledge to Transferring Knowledge"],
            ),
        ],
    ),
    Spec(
        stem="park-ranger",
        occupational_group="Protective Service",
        class_group="Park Ranger",
        classes=[
            Cls(
                "",
                "Park Ranger",
                "Technical",
                "Current",
                "011",
                "This is technical work protecting and maintaining a state park and serving its visitors.",
                ["A high school diploma or its equivalent.", "A valid driver license."],
            ),
        ],
        concept="Perform technical work in state parks:\u00a0\u00a0protecting natural and cultural resources, maintaining facilities and serving visitors.",
        tasks=[
            "Collects fees and registers campers.",
            "Patrols the park and enforces park rules.",
            "Maintains trails, buildings, grounds and equipment.",
            "Leads interpretive programs and guided walks.",
            "Performs prescribed burns and other resource management tasks.",
        ],
        extras=[
            Extra(
                "WORKING CONDITIONS",
                [
                    "Work is performed outdoors in all weather, including weekends and holidays.",
                    "Positions may be required to live in park housing.",
                ],
                bulleted=False,
            ),
            Extra(
                "SPECIAL REQUIREMENTS",
                ["Must obtain a prescribed burn certification within one year of hire."],
                field="special_requirements",
            ),
        ],
    ),
]


def library_science() -> Spec:
    """The bundled Library Science catalog described as a spec, for the Word form of the seed."""
    from pdbuilder.catalog import BUNDLED_DIR, read_group

    group = read_group(BUNDLED_DIR / "library-science.toml")
    return Spec(
        stem="library-science",
        occupational_group=group.occupational_group,
        class_group=group.class_group,
        classes=[
            Cls(
                c.code,
                c.title,
                c.occupational_role,
                c.pay_plan,
                c.pay_grade,
                c.level_of_work,
                list(c.minimum_requirements),
            )
            for c in group.classes
        ],
        concept=group.concept,
        tasks=[t.text for t in group.tasks],
        levels_intro=group.contributor_levels_intro,
        levels=[
            Level(lv.name, list(lv.description), list(lv.performance_range))
            for lv in group.contributor_levels
        ],
    )


def build(folder: Path = HERE) -> list[Path]:
    """Writes every spec's .txt and .docx (the seed only as .docx: its text is the published file)."""
    written = []
    for spec in SPECS:
        written.append(folder / f"{spec.stem}.txt")
        written[-1].write_text(to_text(spec), encoding="utf-8")
    for spec in [*SPECS, library_science()]:
        written.append(folder / f"{spec.stem}.docx")
        written[-1].write_bytes(to_docx(spec))
    return written


if __name__ == "__main__":
    for path in build():
        print(path)
