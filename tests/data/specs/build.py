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


# --- Other jurisdictions' layouts ----------------------------------------------------------
# Each Layout is written in the words of its profile (pdbuilder/importers/profiles/), as text and
# as Word with real Heading styles, list paragraphs and a real class table; `expected` builds the
# class group from the description alone.

LIST_FIELDS = ("minimum_requirements", "ksas", "preferred_qualifications", "special_requirements")


@dataclass
class Job:
    """A class of a layout spec; `level` is how per-level text names it ("Level II"), else its title."""

    title: str
    level_of_work: str
    code: str = ""
    plan: str = ""
    grade: str = ""
    level: str = ""
    attributes: dict[str, str] = field(default_factory=dict)  # by published column or label
    minimum_requirements: list[str] = field(default_factory=list)
    ksas: list[str] = field(default_factory=list)
    preferred_qualifications: list[str] = field(default_factory=list)
    special_requirements: list[str] = field(default_factory=list)

    @property
    def label(self) -> str:
        return self.level or self.title


@dataclass
class Layout:
    stem: str
    profile: str
    class_group: str
    jobs: list[Job]
    concept: str
    tasks: list[str]
    # (heading as published, what its part holds): "concept", "tasks", "level_of_work", a class list
    # (LIST_FIELDS: shared by every class when the jobs' lists are equal, else given per class),
    # "section" (paragraphs from `sections`) or "structure" (a heading over others).
    body: list[tuple[str, str]]
    occupational_group: str = ""
    title_line: bool = False  # the first line is the class's title (Word: the Title style)
    # Header labels written "Label: value", with the field each gives: class_group, occupational_group,
    # title, code, grade, or attribute (the only class's attribute of that name).
    labels: list[tuple[str, str]] = field(default_factory=list)
    # The class table: (published column name, the Job field it holds: title, code, plan, grade, level,
    # or attribute).
    columns: list[tuple[str, str]] = field(default_factory=list)
    sections: dict[str, list[str]] = field(default_factory=dict)
    heading_case: str = "upper"  # how the text writes headings: upper, upper:, title, title:
    bullet: str = "•"

    def expected(self) -> ClassGroup:
        return ClassGroup(
            id=slugify(self.class_group),
            occupational_group=self.occupational_group,
            class_group=self.class_group,
            concept=squash(self.concept),
            tasks=tuple(Task(task_id_for(t), t) for t in self.tasks),
            classes=tuple(
                JobClass(
                    slugify(j.title),
                    j.code,
                    j.title,
                    "",
                    j.plan,
                    j.grade,
                    squash(j.level_of_work),
                    tuple(j.minimum_requirements),
                    ksas=tuple(j.ksas),
                    preferred_qualifications=tuple(j.preferred_qualifications),
                    special_requirements=tuple(j.special_requirements),
                    attributes=self._attributes(j),
                )
                for j in self.jobs
            ),
            sections=tuple(
                Section(self.cased(h), tuple(self.sections[h])) for h, part in self.body if part == "section"
            ),
        )

    def _attributes(self, job: Job) -> tuple[tuple[str, str], ...]:
        from_table = [
            (name, job.level if kind == "level" else job.attributes[name])
            for name, kind in self.columns
            if kind in ("level", "attribute")
        ]
        from_labels = [(name, job.attributes[name]) for name, kind in self.labels if kind == "attribute"]
        return tuple(from_table + from_labels)

    def label_value(self, kind: str, name: str) -> str:
        only = self.jobs[0]
        values = {"class_group": self.class_group, "occupational_group": self.occupational_group}
        values.update(title=only.title, code=only.code, grade=only.grade, plan=only.plan)
        return only.attributes[name] if kind == "attribute" else values[kind]

    def cell(self, job: Job, name: str, kind: str) -> str:
        return job.attributes[name] if kind == "attribute" else getattr(job, kind)

    def shared(self, part: str) -> bool:
        """A class list the same for every class is written once, under its heading alone."""
        return all(getattr(j, part) == getattr(self.jobs[0], part) for j in self.jobs)

    def cased(self, heading: str) -> str:
        """A heading as this spec prints it, in text and in Word alike."""
        return heading.upper() if self.heading_case.startswith("upper") else heading

    def heading(self, heading: str) -> str:
        """A heading as the text writes it: some layouts end headings with a colon."""
        return self.cased(heading) + ":" * self.heading_case.endswith(":")


def layout_text(spec: Layout) -> str:
    out = [spec.jobs[0].title, ""] if spec.title_line else []
    out += [f"{name}: {spec.label_value(kind, name)}" for name, kind in spec.labels] + [""]
    if spec.columns:
        out += [f"\t{name}" for name, _ in spec.columns] + [""]
        for job in spec.jobs:
            out += [f"\t{spec.cell(job, name, kind)}" for name, kind in spec.columns] + [""]
    for heading, part in spec.body:
        out += [spec.heading(heading), ""]
        if part == "concept":
            out += [spec.concept, ""]
        elif part == "tasks":
            out += [f"{spec.bullet} {task}" for task in spec.tasks] + [""]
        elif part == "level_of_work" and len(spec.jobs) == 1:
            out += [spec.jobs[0].level_of_work, ""]
        elif part == "level_of_work":
            for job in spec.jobs:
                out += [f"{job.label}: {job.level_of_work}", ""]
        elif part in LIST_FIELDS and spec.shared(part):
            out += [f"{spec.bullet} {item}" for item in getattr(spec.jobs[0], part)] + [""]
        elif part in LIST_FIELDS:
            for job in spec.jobs:
                out += [f"{job.label}:"] + [f"{spec.bullet} {item}" for item in getattr(job, part)] + [""]
        elif part == "section":
            for paragraph in spec.sections[heading]:
                out += [paragraph, ""]
    return "\n".join(out)


def layout_docx(spec: Layout) -> bytes:
    import docx

    document = docx.Document()
    if spec.title_line:
        document.add_heading(spec.jobs[0].title, level=0)  # the Title style
    for name, kind in spec.labels:
        paragraph = document.add_paragraph()
        paragraph.add_run(f"{name}:").bold = True
        paragraph.add_run(f" {spec.label_value(kind, name)}")
    if spec.columns:
        table = document.add_table(rows=1 + len(spec.jobs), cols=len(spec.columns))
        table.style = "Table Grid"
        for cell, (name, _) in zip(table.rows[0].cells, spec.columns, strict=True):
            cell.text = name
        for row, job in zip(table.rows[1:], spec.jobs, strict=True):
            for cell, (name, kind) in zip(row.cells, spec.columns, strict=True):
                cell.text = spec.cell(job, name, kind)
    for heading, part in spec.body:
        document.add_heading(spec.cased(heading), level=1)
        if part == "concept":
            document.add_paragraph(spec.concept)
        elif part == "tasks":
            for task in spec.tasks:
                document.add_paragraph(task, style="List Bullet")
        elif part == "level_of_work" and len(spec.jobs) == 1:
            document.add_paragraph(spec.jobs[0].level_of_work)
        elif part == "level_of_work":
            for job in spec.jobs:
                paragraph = document.add_paragraph()
                paragraph.add_run(f"{job.label}:").bold = True
                paragraph.add_run(f" {job.level_of_work}")
        elif part in LIST_FIELDS:
            for job in spec.jobs[:1] if spec.shared(part) else spec.jobs:
                if not spec.shared(part):
                    document.add_paragraph().add_run(f"{job.label}:").bold = True
                for item in getattr(job, part):
                    document.add_paragraph(item, style="List Bullet")
        elif part == "section":
            for paragraph in spec.sections[heading]:
                document.add_paragraph(paragraph)
    buffer = io.BytesIO()
    document.save(buffer)
    return deterministic_zip(buffer.getvalue())


LAYOUTS = [
    Layout(
        stem="oklahoma-accountant",
        profile="oklahoma",
        class_group="Accountant",
        occupational_group="Finance and Accounting",
        labels=[("Job Family", "class_group"), ("Functional Area", "occupational_group")],
        columns=[("Job Title", "title"), ("Level", "level"), ("Job Code", "code"), ("Pay Band", "grade")],
        jobs=[
            Job(
                "Accountant I",
                "This is the basic level, where employees learn the agency’s accounting systems and perform routine accounting tasks under close supervision.",
                code="C21A",
                grade="F",
                level="Level I",
                ksas=["Knowledge of accounting principles and practices.", "Skill in using spreadsheets."],
                minimum_requirements=["A bachelor’s degree in accounting."],
            ),
            Job(
                "Accountant II",
                "This is the career level, where employees perform the full range of professional accounting work.",
                code="C21B",
                grade="G",
                level="Level II",
                ksas=[
                    "Knowledge of accounting principles and practices.",
                    "Knowledge of governmental fund accounting.",
                    "Ability to reconcile complex accounts.",
                ],
                minimum_requirements=[
                    "A bachelor’s degree in accounting and one year of professional accounting experience."
                ],
            ),
            Job(
                "Accountant III",
                "This is the advanced level, where employees lead other accountants and resolve the most complex accounting problems.",
                code="C21C",
                grade="H",
                level="Level III",
                ksas=[
                    "Knowledge of governmental fund accounting.",
                    "Ability to plan and review the work of others.",
                ],
                minimum_requirements=[
                    "A bachelor’s degree in accounting and three years of professional accounting experience.",
                    "A certified public accountant license may substitute for one year of the experience.",
                ],
            ),
        ],
        concept="Positions in this job family are assigned responsibilities related to maintaining the accounting records of a state agency and preparing its financial reports.",
        tasks=[
            "Maintains journals and ledgers and posts accounting transactions.",
            "Reconciles accounts and resolves discrepancies.",
            "Prepares financial statements and reports for management and auditors.",
            "Reviews claims and vouchers for accuracy and compliance.",
        ],
        body=[
            ("Basic Purpose", "concept"),
            ("Typical Functions", "tasks"),
            ("Level Descriptors", "level_of_work"),
            ("Knowledge, Skills, Abilities and Competencies", "ksas"),
            ("Education and Experience", "minimum_requirements"),
            ("Special Requirements", "special_requirements"),
        ],
    ),
    Layout(
        stem="washington-fiscal-analyst",
        profile="washington",
        class_group="Fiscal Analyst 2",
        occupational_group="Accounting / Fiscal",
        title_line=True,
        labels=[
            ("Class Code", "code"),
            ("Category", "occupational_group"),
            ("General Government Salary Range", "grade"),
            ("Socio-Economic Indicator", "attribute"),
        ],
        jobs=[
            Job(
                "Fiscal Analyst 2",
                "Performs professional accounting and fiscal analysis for a program or section of an agency.",
                code="169F",
                grade="45",
                attributes={"Socio-Economic Indicator": "N/A"},
                ksas=[
                    "Knowledge of generally accepted accounting principles.",
                    "Ability to analyze financial data and draw sound conclusions.",
                ],
                minimum_requirements=[
                    "A bachelor’s degree in accounting, business administration or finance.",
                    "One year of professional fiscal experience.",
                ],
                preferred_qualifications=["Experience with the Agency Financial Reporting System."],
                special_requirements=["There are no legal requirements for this class."],
            )
        ],
        concept="Positions perform professional accounting and fiscal work: budgeting, financial analysis and reporting for state agencies.",
        tasks=[
            "Prepares and monitors allotments and expenditure plans.",
            "Analyzes revenue and expenditure data and reports variances.",
            "Prepares fiscal notes on proposed legislation.",
        ],
        body=[
            ("Class Series Concept", "concept"),
            ("Definition", "level_of_work"),
            ("Distinguishing Characteristics", "section"),
            ("Typical Work", "tasks"),
            ("Knowledge and Abilities", "ksas"),
            ("Legal Requirement(s)", "special_requirements"),
            ("Minimum Qualifications", "minimum_requirements"),
            ("Desirable Qualifications", "preferred_qualifications"),
            ("Class Specification History", "section"),
        ],
        sections={
            "Distinguishing Characteristics": [
                "This is the journey level of the series; positions work independently on assignments of moderate complexity."
            ],
            "Class Specification History": [
                "New class: adopted June 30, 2005.",
                "Revised minimum qualifications: July 1, 2019.",
            ],
        },
        heading_case="title",
        bullet="-",
    ),
    Layout(
        stem="louisiana-accountant",
        profile="louisiana",
        class_group="ACCOUNTANT 2",
        occupational_group="Accounting",
        labels=[
            ("Job Title", "title"),
            ("Job Code", "code"),
            ("Pay Schedule", "plan"),
            ("Pay Level", "grade"),
            ("Job Family", "occupational_group"),
        ],
        jobs=[
            Job(
                "ACCOUNTANT 2",
                "Works under general supervision of a higher-level accountant; performs the full range of accounting work of the unit.",
                code="100530",
                plan="AS",
                grade="AS-616",
                minimum_requirements=[
                    "A baccalaureate degree with twenty-four semester hours in accounting, plus one year of professional accounting experience."
                ],
                special_requirements=["Some positions require a valid driver’s license."],
            )
        ],
        concept="The purpose of this position is to perform professional accounting work at the journeyman level.",
        tasks=[
            "Prepares monthly and annual financial reports.",
            "Reconciles general ledger accounts with subsidiary records.",
            "Prepares journal vouchers to correct accounting errors.",
        ],
        body=[
            ("Concept of Work", "concept"),
            ("Level of Work", "level_of_work"),
            ("Supervision Received", "section"),
            ("Supervision Exercised", "section"),
            ("Job Distinguishing Characteristics", "section"),
            ("Minimum Qualifications", "minimum_requirements"),
            ("Necessary Special Requirements", "special_requirements"),
            ("Examples of Work", "tasks"),
        ],
        sections={
            "Supervision Received": [
                "General supervision from an Accountant Supervisor or a higher-level accountant."
            ],
            "Supervision Exercised": ["May provide guidance to Accountant 1s and support staff."],
            "Job Distinguishing Characteristics": [
                "Differs from Accountant 1 by the performance of the full range of accounting work.",
                "Differs from Accountant 3 by the absence of responsibility for a major accounting function.",
            ],
        },
        heading_case="upper:",
        bullet="1.",
    ),
    Layout(
        stem="minnesota-accounting-officer",
        profile="minnesota",
        class_group="Accounting Officer",
        labels=[
            ("Class Title", "title"),
            ("Class Code", "code"),
            ("Salary Range", "grade"),
            ("Bargaining Unit", "attribute"),
            ("FLSA Status", "attribute"),
        ],
        jobs=[
            Job(
                "Accounting Officer",
                "Work at this level is distinguished by responsibility for a complete accounting function without close review.",
                code="002345",
                grade="13",
                attributes={"Bargaining Unit": "214", "FLSA Status": "Non-exempt"},
                ksas=[
                    "Knowledge of double-entry bookkeeping.",
                    "Skill in preparing clear financial statements.",
                    "Ability to explain accounting rules to program staff.",
                ],
                minimum_requirements=[
                    "Two years of accounting experience.",
                    "Coursework in accounting may substitute for experience.",
                ],
                preferred_qualifications=["Experience with the SWIFT accounting system."],
                special_requirements=[
                    "Certification as a Minnesota certified public accountant is not required."
                ],
            )
        ],
        concept="This is professional accounting work maintaining the fiscal records of a state agency program.",
        tasks=[
            "Maintains the program’s accounting records.",
            "Prepares billing statements and follows up on past due accounts.",
            "Assists auditors by preparing schedules and supporting documents.",
        ],
        body=[
            ("General Description", "concept"),
            ("Distinguishing Characteristics", "level_of_work"),
            ("Typical Duties", "tasks"),
            ("Knowledge, Skills and Abilities", "ksas"),
            ("Minimum Qualifications", "minimum_requirements"),
            ("Preferred Qualifications", "preferred_qualifications"),
            ("Licensure and Certification", "special_requirements"),
        ],
        heading_case="title:",
        bullet="*",
    ),
    Layout(
        stem="opm-accounting",
        profile="opm",
        class_group="Accounting Series, GS-0510",
        occupational_group="Accounting and Budget Group, GS-0500",
        labels=[("Occupational Series", "class_group"), ("Job Family", "occupational_group")],
        columns=[("Title", "title"), ("Pay Plan", "plan"), ("Series", "code"), ("Grade", "level")],
        jobs=[
            Job(
                "Accountant GS-5",
                "Performs developmental assignments designed to train the employee in professional accounting work.",
                code="0510",
                plan="GS",
                level="GS-5",
                ksas=["Accounting.", "Attention to Detail.", "Customer Service."],
                minimum_requirements=[
                    "A degree in accounting, or a degree in a related field that included 24 semester hours in accounting."
                ],
                special_requirements=["U.S. citizenship.", "Suitability for federal employment."],
            ),
            Job(
                "Accountant GS-7",
                "Performs a variety of accounting assignments of limited scope under close guidance.",
                code="0510",
                plan="GS",
                level="GS-7",
                ksas=["Accounting.", "Attention to Detail.", "Customer Service."],
                minimum_requirements=[
                    "One year of specialized experience equivalent to GS-5.",
                    "Superior academic achievement or one year of graduate education may substitute.",
                ],
                special_requirements=["U.S. citizenship.", "Suitability for federal employment."],
            ),
            Job(
                "Accountant GS-9",
                "Performs the full range of professional accounting work independently.",
                code="0510",
                plan="GS",
                level="GS-9",
                ksas=["Accounting.", "Attention to Detail.", "Customer Service."],
                minimum_requirements=[
                    "One year of specialized experience equivalent to GS-7.",
                    "Or a master’s degree.",
                ],
                special_requirements=["U.S. citizenship.", "Suitability for federal employment."],
            ),
        ],
        concept="This series covers professional positions that advise on, administer, supervise or perform work that requires application of accounting theories, concepts, principles and standards to the financial activities of governmental, quasi-governmental or private sector organizations.",
        tasks=[
            "Designs, develops and maintains accounting systems.",
            "Analyzes and interprets financial data and prepares reports.",
            "Audits accounts for compliance with federal accounting standards.",
        ],
        body=[
            ("Series Definition", "concept"),
            ("Exclusions", "section"),
            ("Typical Duties", "tasks"),
            ("Grade Level Descriptions", "level_of_work"),
            ("Qualification Requirements", "minimum_requirements"),
            ("Competencies", "ksas"),
            ("Conditions of Employment", "special_requirements"),
        ],
        sections={
            "Exclusions": [
                "Positions that primarily perform technical accounting support work are classified in the Accounting Technician Series, GS-0525."
            ]
        },
        heading_case="title",
        bullet="·",
    ),
    Layout(
        stem="county-library-assistant",
        profile="county",
        class_group="Library Assistant",
        occupational_group="County Library",
        labels=[("Class Series", "class_group"), ("Department", "occupational_group")],
        columns=[
            ("Class Title", "title"),
            ("Class Code", "code"),
            ("Salary Range", "grade"),
            ("FLSA", "attribute"),
        ],
        jobs=[
            Job(
                "Library Assistant Trainee",
                "This is the entry level, where incumbents learn library procedures under close supervision.",
                code="4320",
                grade="24",
                attributes={"FLSA": "Non-exempt"},
                minimum_requirements=["Graduation from high school or its equivalent."],
            ),
            Job(
                "Library Assistant",
                "This is the journey level, where incumbents perform the full range of library support duties.",
                code="4321",
                grade="28",
                attributes={"FLSA": "Non-exempt"},
                minimum_requirements=["Graduation from high school and one year of library experience."],
            ),
            Job(
                "Library Assistant Senior",
                "This is the lead level, where incumbents oversee a branch’s circulation desk and train other staff.",
                code="4322",
                grade="31",
                attributes={"FLSA": "Non-exempt"},
                minimum_requirements=[
                    "Graduation from high school and three years of library experience.",
                    "College coursework in library science may substitute for one year of the experience.",
                ],
            ),
        ],
        concept="Under supervision, performs library support work at the circulation desk and in the stacks of a county library branch.",
        tasks=[
            "Checks materials in and out and collects fines.",
            "Registers patrons and maintains patron records.",
            "Shelves and reads shelves of library materials.",
            "Answers directional questions and refers reference questions.",
        ],
        body=[
            ("Definition", "concept"),
            ("Distinguishing Characteristics", "level_of_work"),
            ("Supervision Received and Exercised", "section"),
            ("Examples of Essential Duties", "tasks"),
            ("Knowledge and Abilities", "ksas"),
            ("Experience and Training", "minimum_requirements"),
            ("License or Certificate", "special_requirements"),
            ("Physical Demands and Working Conditions", "section"),
        ],
        sections={
            "Supervision Received and Exercised": [
                "Receives supervision from a Librarian or Branch Manager."
            ],
            "Physical Demands and Working Conditions": [
                "Work requires lifting boxes of books of up to 25 pounds and pushing loaded book carts."
            ],
        },
    ),
    Layout(
        stem="texas-accountant",
        profile="texas",
        class_group="Accountant",
        occupational_group="Accounting, Auditing, and Finance",
        labels=[
            ("Job Classification Series", "class_group"),
            ("Occupational Category", "occupational_group"),
        ],
        columns=[
            ("Class Title", "title"),
            ("Class Code", "code"),
            ("Salary Group", "attribute"),
            ("FLSA Status", "attribute"),
        ],
        jobs=[
            Job(
                "Accountant I",
                "Performs entry-level accounting work under close supervision.",
                code="1000",
                attributes={"Salary Group": "B17", "FLSA Status": "Exempt"},
                ksas=[
                    "Knowledge of accounting principles.",
                    "Skill in the use of a computer and applicable software.",
                ],
                minimum_requirements=[
                    "Graduation from an accredited four-year college or university with major coursework in accounting."
                ],
                special_requirements=["May require registration as a certified public accountant."],
            ),
            Job(
                "Accountant II",
                "Performs routine accounting work under general supervision.",
                code="1002",
                attributes={"Salary Group": "B19", "FLSA Status": "Exempt"},
                ksas=[
                    "Knowledge of accounting principles.",
                    "Skill in the use of a computer and applicable software.",
                ],
                minimum_requirements=[
                    "Graduation from an accredited four-year college or university with major coursework in accounting.",
                    "Experience in accounting work.",
                ],
                special_requirements=["May require registration as a certified public accountant."],
            ),
            Job(
                "Accountant III",
                "Performs complex accounting work under limited supervision and may train others.",
                code="1004",
                attributes={"Salary Group": "B21", "FLSA Status": "Exempt"},
                ksas=[
                    "Knowledge of accounting principles.",
                    "Skill in the use of a computer and applicable software.",
                ],
                minimum_requirements=[
                    "Graduation from an accredited four-year college or university with major coursework in accounting.",
                    "Two years of experience in accounting work.",
                ],
                special_requirements=["May require registration as a certified public accountant."],
            ),
        ],
        concept="Performs accounting work involving the maintenance of accounting records and the preparation of financial statements for a state agency.",
        tasks=[
            "Maintains accounting records and prepares journal entries.",
            "Prepares financial statements and reports.",
            "Reconciles accounts and investigates discrepancies.",
        ],
        body=[
            ("General Description", "concept"),
            ("Examples of Work Performed", "tasks"),
            ("Description of Performance Levels", "level_of_work"),
            ("General Qualification Guidelines", "structure"),
            ("Experience and Education", "minimum_requirements"),
            ("Knowledge, Skills, and Abilities", "ksas"),
            ("Registration, Certification, or Licensure", "special_requirements"),
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
    for layout in LAYOUTS:
        written.append(folder / f"{layout.stem}.txt")
        written[-1].write_text(layout_text(layout), encoding="utf-8")
        written.append(folder / f"{layout.stem}.docx")
        written[-1].write_bytes(layout_docx(layout))
    return written


if __name__ == "__main__":
    for path in build():
        print(path)
