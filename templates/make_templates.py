"""Build the bundled Word templates: position-description.docx and posting.docx.

    python templates/make_templates.py [OUT_DIR]     (default: pdbuilder/templates, the package data)

The committed .docx files are exactly what this script makes (tests/test_templates.py checks it),
so change the templates here, never by editing the .docx in Word. Every Jinja tag is written as a
run of its own, so Word's habit of splitting text into runs never cuts a tag in two. The output is
deterministic: fixed document properties, no random ids.

docxtpl tags used: `{%p ... %}` (a paragraph that holds only the tag and disappears when rendered)
and `{%tr ... %}` (the same for a table row). The context the tags read is documented in
docs/templates.md.
"""

from __future__ import annotations

import sys
import zipfile
from datetime import UTC, datetime
from pathlib import Path

from docx import Document
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Inches, Pt, RGBColor

from pdbuilder.model import DETAILS

PACKAGE_TEMPLATES = Path(__file__).resolve().parents[1] / "pdbuilder" / "templates"
FONT = "Arial"  # metric-compatible Liberation Sans stands in where Arial is missing
NAVY_HEX = "1F3864"
NAVY = RGBColor.from_string(NAVY_HEX)
GREY = RGBColor(0x59, 0x59, 0x59)
RED = RGBColor(0xC0, 0x00, 0x00)
NOT_APPROVED = '{% if position.status != "approved" %}'
# The footer's date is the record's, so a document made again later reads the same.
RECORD_DATE = (
    "{% if position.effective_date %} · Effective {{ position.effective_date }}"
    "{% elif position.modified %} · Revised {{ position.modified }}{% endif %}"
)
NUMBER = ["{% if position.number %}", "Position No. ", "{{ position.number }}", "{% endif %}"]
RULE = "8EA0BE"  # table borders and rules
SHADE = "E8EDF5"  # label and header cells
MARGIN_INCHES = 0.8
PAGE_WIDTH_INCHES = 8.5
TEXT_WIDTH = Inches(PAGE_WIDTH_INCHES - 2 * MARGIN_INCHES)
STAMP = datetime(2026, 1, 1, tzinfo=UTC)  # fixed, so the files are reproducible


# --- Low-level helpers: the few things python-docx has no API for -----------


# Word refuses a file whose property elements are out of the schema's order, so children are
# inserted in that order (the parts of each sequence this script uses, from ECMA-376).
_ORDER = {
    "pPr": "pStyle keepNext keepLines pageBreakBefore framePr widowControl numPr suppressLineNumbers pBdr shd tabs "
    "suppressAutoHyphens kinsoku wordWrap overflowPunct topLinePunct autoSpaceDE autoSpaceDN bidi adjustRightInd "
    "snapToGrid spacing ind contextualSpacing mirrorIndents suppressOverlap jc textDirection textAlignment "
    "textboxTightWrap outlineLvl divId cnfStyle rPr sectPr pPrChange",
    "rPr": "rStyle rFonts b bCs i iCs caps smallCaps strike dstrike outline shadow emboss imprint noProof snapToGrid "
    "vanish webHidden color spacing w kern position sz szCs highlight u effect bdr shd fitText vertAlign rtl cs "
    "em lang eastAsianLayout specVanish oMath",
    "tblPr": "tblStyle tblpPr tblOverlap bidiVisual tblStyleRowBandSize tblStyleColBandSize tblW jc tblCellSpacing "
    "tblInd tblBorders shd tblLayout tblCellMar tblLook tblCaption tblDescription",
    "tcPr": "cnfStyle tcW gridSpan hMerge vMerge tcBorders shd noWrap tcMar textDirection tcFitText vAlign hideMark",
}
_ORDER = {parent: [qn(f"w:{t}") for t in tags.split()] for parent, tags in _ORDER.items()}


def _set(parent, tag: str, **attrs) -> OxmlElement:
    """Add (or replace) a child element `w:tag` with `w:` attributes, where the schema wants it."""
    for old in parent.findall(qn(f"w:{tag}")):
        parent.remove(old)
    element = OxmlElement(f"w:{tag}")
    for name, value in attrs.items():
        element.set(qn(f"w:{name}"), str(value))
    order = _ORDER.get(parent.tag.split("}")[-1])
    if order is not None:
        later = order[order.index(qn(f"w:{tag}")) + 1 :]
        successor = next((child for child in parent if child.tag in later), None)
        if successor is not None:
            successor.addprevious(element)
            return element
    parent.append(element)
    return element


def _borders(parent, tag: str, sides: dict[str, str], size: int = 4, color: str = RULE) -> None:
    box = _set(parent, tag)
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        if side in sides:
            _set(
                box, side, val=sides[side], sz=size, space=0, color=color if sides[side] != "nil" else "auto"
            )


def shade(cell, fill: str = SHADE) -> None:
    _set(cell._tc.get_or_add_tcPr(), "shd", val="clear", color="auto", fill=fill)


def cell_bottom_rule(cell) -> None:
    _borders(cell._tc.get_or_add_tcPr(), "tcBorders", {"bottom": "single"}, size=6, color="404040")


def paragraph_rule(paragraph, side: str = "bottom", color: str = RULE, size: int = 8) -> None:
    _borders(paragraph._p.get_or_add_pPr(), "pBdr", {side: "single"}, size=size, color=color)


def field(paragraph, instruction: str, placeholder: str) -> None:
    """A Word field such as PAGE or NUMPAGES; Word and LibreOffice fill it in when laying out."""
    simple = OxmlElement("w:fldSimple")
    simple.set(qn("w:instr"), f" {instruction} ")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = placeholder
    run.append(text)
    simple.append(run)
    paragraph._p.append(simple)


def repeat_as_header(row) -> None:
    _set(row._tr.get_or_add_trPr(), "tblHeader")


def keep_row_together(row) -> None:
    _set(row._tr.get_or_add_trPr(), "cantSplit")


# --- Document and styles ---------------------------------------------------


def new_document(kind: str) -> Document:
    """A document with the page, styles and properties both templates share; `kind` names it in its subject."""
    document = Document()
    _default_fonts(document)
    _styles(document)
    section = document.sections[0]
    section.page_width, section.page_height = Inches(PAGE_WIDTH_INCHES), Inches(11)
    section.left_margin = section.right_margin = Inches(MARGIN_INCHES)
    section.top_margin, section.bottom_margin = Inches(0.9), Inches(0.8)
    section.header_distance = section.footer_distance = Inches(0.4)
    # From the record as each document is made: title, subject, author (the agency); created and
    # modified are set to the record's by the renderer. No python-docx leftovers.
    props = document.core_properties
    props.title = "{{ position.working_title }}"
    props.subject = f"{kind} · {{{{ job_class.title }}}}"
    props.author = "{{ position.agency }}"
    props.last_modified_by = "pdbuilder"
    props.comments = ""
    props.created = props.modified = STAMP
    props.revision = 1
    _word_2013_or_later(document)
    _drop_thumbnail(document)
    return document


def _default_fonts(document) -> None:
    """Arial everywhere, including table styles and lists that ignore the Normal style."""
    rpr = document.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    _set(rpr, "rFonts", ascii=FONT, hAnsi=FONT, eastAsia=FONT, cs=FONT)
    ppr = document.styles.element.find(qn("w:docDefaults")).find(qn("w:pPrDefault")).find(qn("w:pPr"))
    _set(ppr, "spacing", after=0, line=240, lineRule="auto")


def _styles(document) -> None:
    styles = document.styles
    normal = styles["Normal"]
    normal.font.size = Pt(10)
    normal.paragraph_format.space_after = Pt(4)

    def paragraph_style(name, size, bold=False, color=None, before=0, after=4, italic=False):
        style = styles.add_style(name, 1)  # 1: paragraph style
        style.base_style = normal
        style.font.size, style.font.bold, style.font.italic = Pt(size), bold, italic
        if color is not None:
            style.font.color.rgb = color
        style.paragraph_format.space_before, style.paragraph_format.space_after = Pt(before), Pt(after)
        return style

    paragraph_style("Form Title", 17, bold=True, color=NAVY, after=0)
    paragraph_style("Form Subtitle", 12, color=GREY, after=8)
    section = paragraph_style(
        "Form Section", 9.5, bold=True, color=RGBColor(0xFF, 0xFF, 0xFF), before=12, after=6
    )
    section.paragraph_format.keep_with_next = True
    bar = section.element.get_or_add_pPr()
    # A navy bar: borders in the fill colour pad the text.
    box = _set(bar, "pBdr")
    for side, space in (("top", 2), ("left", 4), ("bottom", 2), ("right", 4)):
        _set(box, side, val="single", sz=4, space=space, color=NAVY_HEX)
    _set(bar, "shd", val="clear", color="auto", fill=NAVY_HEX)
    _set(bar, "ind", left=90, right=90)  # border and padding (4.5 pt): the bar lines up with the tables
    _set(bar, "outlineLvl", val=0)  # shows in Word's navigation pane
    section.font.all_caps = True
    sub = paragraph_style("Form Subheading", 10, bold=True, color=NAVY, before=6, after=3)
    sub.paragraph_format.keep_with_next = True
    paragraph_style("Form Label", 7, color=GREY, after=1).font.all_caps = True
    paragraph_style("Form Value", 10, after=2)
    paragraph_style("Form Note", 8, color=GREY, italic=True, before=2, after=4)
    paragraph_style("Form Cell", 9.5, after=0)
    styles["List Bullet"].paragraph_format.space_after = Pt(3)
    for name in ("Header", "Footer"):  # one right tab at the margin: text left, page or number right
        styles[name].font.size = Pt(8)
        styles[name].font.color.rgb = GREY
        tabs = _set(styles[name].element.get_or_add_pPr(), "tabs")
        _set(tabs, "tab", val="right", pos=TEXT_WIDTH.twips)


def _word_2013_or_later(document) -> None:
    """Compatibility mode 15, so Word 365 opens the file without "[Compatibility Mode]"."""
    for setting in document.settings.element.iter(qn("w:compatSetting")):
        if setting.get(qn("w:name")) == "compatibilityMode":
            setting.set(qn("w:val"), "15")


def _drop_thumbnail(document) -> None:
    """python-docx's default document carries a thumbnail of a blank page: not ours to show."""
    package_rels = document.part.package.rels
    for key, relationship in list(package_rels.items()):
        if relationship.reltype == RELATIONSHIP_TYPE.THUMBNAIL:
            del package_rels[key]


# What Word reads from docProps/app.xml: pdbuilder made it, for Word 2016 or later (python-docx's
# default names "Microsoft Macintosh Word" and a page count of its blank page).
APP_XML = (
    b"<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
    b'<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
    b"<Application>pdbuilder</Application><DocSecurity>0</DocSecurity><AppVersion>16.0000</AppVersion>"
    b"</Properties>"
)


def replace_app_properties(path: Path) -> None:
    """Rewrite docProps/app.xml in a saved .docx (python-docx has no API for it), keeping every other member."""
    members = {}
    with zipfile.ZipFile(path) as archive:
        infos = archive.infolist()
        members = {info.filename: archive.read(info) for info in infos}
    members["docProps/app.xml"] = APP_XML
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in infos:
            archive.writestr(info, members[info.filename])


# --- Building blocks -------------------------------------------------------


def para(document_or_cell, *parts: str, style: str | None = None, bold_tags: bool = False):
    """A paragraph of runs; each part is its own run, so a Jinja tag is never split."""
    paragraph = document_or_cell.add_paragraph(style=style)
    for part in parts:
        run = paragraph.add_run(part)
        if bold_tags and part.startswith("{{"):
            run.bold = True
    return paragraph


def tag(document, text: str) -> None:
    """A docxtpl `{%p ... %}` paragraph: it holds only the tag and vanishes when rendered."""
    document.add_paragraph().add_run(text)


def section_bar(document, title: str, *tags: str) -> None:
    para(document, title, *tags, style="Form Section")


def bullets(document, items: str, item: str = "item") -> None:
    tag(document, f"{{%p for {item} in {items} %}}")
    para(document, f"{{{{ {item} }}}}", style="List Bullet")
    tag(document, "{%p endfor %}")


def grid(document, rows: list[list[tuple[str, str]]], widths: list[float]):
    """A form grid: each cell a small caps label over its value, like a printed state form."""
    table = document.add_table(rows=len(rows), cols=len(widths))
    _table_look(table, widths)
    for row, cells in zip(table.rows, rows, strict=True):
        keep_row_together(row)
        for cell, (label, value) in zip(row.cells, cells, strict=True):
            cell.paragraphs[0].style = "Form Label"
            cell.paragraphs[0].add_run(label)
            para(cell, value, style="Form Value")
    return table


def _table_look(table, widths: list[float]) -> None:
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    tbl_pr = table._tbl.tblPr
    _set(tbl_pr, "tblW", w=int(sum(widths) * 1440), type="dxa")
    _borders(
        tbl_pr,
        "tblBorders",
        dict.fromkeys(("top", "left", "bottom", "right", "insideH", "insideV"), "single"),
    )
    _set(tbl_pr, "tblLayout", type="fixed")
    margins = _set(tbl_pr, "tblCellMar")
    for side, size in (("top", 40), ("left", 90), ("bottom", 40), ("right", 90)):
        _set(margins, side, w=size, type="dxa")
    for column, width in zip(table.columns, widths, strict=True):
        column.width = Inches(width)
        for cell in column.cells:
            cell.width = Inches(width)


def header_footer(
    document,
    left_header: list[str],
    right_header: list[str],
    left_footer: list[str],
    right_shown: str = "true",
) -> None:
    """The header (agency left; a DRAFT mark until approved, then `right_header`, right) and the footer.

    `right_shown` is the Jinja condition under which `right_header` shows anything, so that the
    DRAFT mark has no separator after it when nothing follows.
    """
    section = document.sections[0]
    header = section.header.paragraphs[0]
    for part in left_header:
        header.add_run(part).bold = True
    header.add_run("\t")
    header.add_run(NOT_APPROVED)
    draft = header.add_run("DRAFT")
    draft.bold, draft.font.color.rgb = True, RED
    header.add_run(f"{{% if {right_shown} %}}")
    header.add_run(" · ")
    header.add_run("{% endif %}")
    header.add_run("{% endif %}")
    for part in right_header:
        header.add_run(part).bold = True
    paragraph_rule(header)

    footer = section.footer.paragraphs[0]
    paragraph_rule(footer, side="top")
    for part in left_footer:
        footer.add_run(part)
    footer.add_run("\tPage ")
    field(footer, "PAGE", "1")
    footer.add_run(" of ")
    field(footer, "NUMPAGES", "1")


# --- The position description ----------------------------------------------

OR_DASH = ' or "—" '  # shown in place of an empty value, so a blank cell reads as intended


def value(expression: str) -> str:
    return f"{{{{ {expression}{OR_DASH}}}}}"


def position_description() -> Document:
    document = new_document("Position description")
    header_footer(
        document,
        left_header=["{{ position.agency }}"],
        right_header=NUMBER,
        left_footer=["Position Description · ", "{{ job_class.title }}", RECORD_DATE],
        right_shown="position.number",
    )
    para(document, "Position Description", style="Form Title")
    para(document, "{{ position.working_title }}", style="Form Subtitle")

    section_bar(document, "Section 1 · Position identification")
    grid(
        document,
        [
            [("Agency", value("position.agency")), ("Position number", value("position.number"))],
            [("Unit", value("position.unit")), ("Working title", value("position.working_title"))],
            [("Location", value("position.location")), ("Supervisor", value("position.supervisor"))],
            [
                ("Work schedule", value("position.work_schedule")),
                ("FLSA status", value("position.flsa_status")),
            ],
            [
                ("Incumbent", '{{ position.incumbent or "Vacant" }}'),
                ("Appointment", value("position.appointment")),
            ],
            [
                ("Bargaining unit", value("position.bargaining_unit")),
                ("Telework", value("position.telework")),
            ],
            [("Action", value("position.action")), ("Effective date", value("position.effective_date"))],
        ],
        widths=[3.9, 3.0],
    )
    headed_fields(document, "summary")

    section_bar(document, "Section 2 · Classification")
    grid(
        document,
        [
            [
                ("Occupational group", value("class_group.occupational_group")),
                ("Class group", value("class_group.name")),
                ("Class code", value("job_class.code")),
            ],
            [
                ("Class title", value("job_class.title")),
                ("Occupational role", value("job_class.occupational_role")),
                (
                    "Pay plan / pay grade",
                    '{{ job_class.pay_plan or "—" }}{% if job_class.pay_grade %} / {{ job_class.pay_grade }}{% endif %}',
                ),
            ],
        ],
        widths=[2.6, 2.4, 1.9],
    )

    section_bar(document, "Section 3 · Concept of the class group")
    para(document, "{{ class_group.concept }}")
    section_bar(document, "Section 4 · Level of work")
    para(document, "{{ job_class.level_of_work }}")

    section_bar(document, "Section 5 · Duties and responsibilities")
    # The legend goes above the table: below it, a page break could leave it alone on the next page.
    legend = para(
        document,
        "† A duty specific to this position, not taken from the class specification. "
        "Essential: an essential function of the position (Americans with Disabilities Act).",
        style="Form Note",
    )
    legend.paragraph_format.keep_with_next = True
    _task_table(document)

    section_bar(document, "Section 6 · Minimum requirements")
    bullets(document, "minimum_requirements", "requirement")
    tag(document, "{%p if extra_requirements %}")
    para(document, "Additional requirements for this position", style="Form Subheading")
    bullets(document, "extra_requirements", "requirement")
    tag(document, "{%p endif %}")
    headed_fields(document, "conditions")

    tag(document, "{%p if contributor_level.name %}")
    section_bar(document, "Section 7 · Contributor level: ", "{{ contributor_level.name }}")
    tag(document, "{%p if contributor_levels_intro %}")
    para(document, "{{ contributor_levels_intro }}", style="Form Note")
    tag(document, "{%p endif %}")
    bullets(document, "contributor_level.description", "line")
    tag(document, "{%p if contributor_level.performance_range %}")
    para(document, "Performance range", style="Form Subheading")
    bullets(document, "contributor_level.performance_range", "line")
    tag(document, "{%p endif %}")
    tag(document, "{%p endif %}")

    tag(document, "{%p for section in class_group.sections %}")
    section_bar(document, "{{ section.title }}")
    bullets(document, "section.paragraphs", "line")
    tag(document, "{%p endfor %}")

    # The signature block is one unit: its heading, sentence and rows each keep with the next.
    section_bar(document, "Signatures")
    certification = para(
        document,
        "The signatures below certify that this description is an accurate statement of the duties "
        "and responsibilities of the position, and that the employee has received a copy.",
    )
    certification.paragraph_format.keep_with_next = True
    _signature_table(document)
    return document


def headed_fields(document, part: str) -> None:
    """The record's fields shown under headings in `part` (see pdbuilder.model.Position), each only when filled in."""
    for detail in DETAILS:
        if detail.part != part:
            continue
        tag(document, f"{{%p if position.{detail.name} %}}")
        para(document, detail.heading, style="Form Subheading")
        if detail.kind == "list":
            bullets(document, f"position.{detail.name}", "line")
        else:
            para(document, f"{{{{ position.{detail.name} }}}}")
        tag(document, "{%p endif %}")


def _task_table(document) -> None:
    widths = [0.45, 4.8, 0.8, 0.85]
    table = document.add_table(rows=6, cols=4)
    _table_look(table, widths)
    head, loop_start, row, loop_end, total_start, total = table.rows[:6]
    repeat_as_header(head)
    for cell, text in zip(
        head.cells, ("No.", "Duties and responsibilities", "% of time", "Essential"), strict=True
    ):
        shade(cell)
        cell.paragraphs[0].style = "Form Cell"
        cell.paragraphs[0].add_run(text).bold = True
    loop_start.cells[0].paragraphs[0].add_run("{%tr for task in tasks %}")
    keep_row_together(row)
    cells = row.cells
    cells[0].paragraphs[0].add_run("{{ task.number }}")
    cells[1].paragraphs[0].add_run("{{ task.text }}")
    cells[1].paragraphs[0].add_run('{% if task.source == "position" %} †{% endif %}')
    cells[2].paragraphs[0].add_run("{% if task.percent is not none %}{{ task.percent }}%{% endif %}")
    cells[3].paragraphs[0].add_run("{% if task.essential %}Yes{% endif %}")
    loop_end.cells[0].paragraphs[0].add_run("{%tr endfor %}")
    total_start.cells[0].paragraphs[0].add_run("{%tr if has_percent %}")
    total.cells[1].paragraphs[0].add_run("Total").bold = True
    total.cells[2].paragraphs[0].add_run("{{ percent_total }}%").bold = True
    for cell in total.cells:
        shade(cell)
    table.add_row().cells[0].paragraphs[0].add_run("{%tr endif %}")
    for tr in table.rows:
        for cell in tr.cells:
            cell.paragraphs[0].style = "Form Cell"
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.TOP
        for index in (0, 2, 3):
            tr.cells[index].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    keep_last_row_with_next(row)  # last: styles set after it would land inside its Jinja


def _signature_table(document) -> None:
    widths = [3.2, 2.3, 1.4]
    roles = [
        ("Employee", "{{ position.incumbent }}"),
        ("Supervisor", "{{ position.supervisor }}"),
        ("Appointing authority", "{{ agency.appointing_authority }}"),
        ("Human resources", ""),
    ]
    table = document.add_table(rows=0, cols=3)
    _table_look(table, widths)
    _borders(
        table._tbl.tblPr,
        "tblBorders",
        dict.fromkeys(("top", "left", "bottom", "right", "insideH", "insideV"), "nil"),
    )
    for role, detail in roles:
        lines, captions = table.add_row(), table.add_row()
        keep_row_together(lines)
        keep_row_together(captions)
        lines.height = Inches(0.5)
        for cell in lines.cells:
            cell_bottom_rule(cell)
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.BOTTOM
        for cell, caption in zip(captions.cells, (f"{role} signature", "Printed name", "Date"), strict=True):
            cell.paragraphs[0].style = "Form Label"
            cell.paragraphs[0].add_run(caption)
        if detail:
            captions.cells[0].paragraphs[0].add_run(f"{{% if {detail[3:-3]} %}} · {{% endif %}}")
            captions.cells[0].paragraphs[0].add_run(detail)
    for row in table.rows[:-1]:  # every row keeps with the next: the block moves to a page whole
        for cell in row.cells:
            cell.paragraphs[0].paragraph_format.keep_with_next = True


def keep_last_row_with_next(row) -> None:
    """The row (inside a `{%tr for %}` loop) keeps with the next row when it is the loop's last.

    So the Total row below the duties never stands alone on a page. Jinja text around the
    <w:keepNext/> element: docxtpl renders the XML, tags and all.
    """
    for cell in row.cells:
        ppr = cell.paragraphs[0]._p.get_or_add_pPr()
        keep = _set(ppr, "keepNext")
        before = keep.getprevious()
        if before is None:
            ppr.text = "{% if loop.last %}"
        else:
            before.tail = "{% if loop.last %}"
        keep.tail = "{% endif %}"


# --- The posting -----------------------------------------------------------


DEFAULT_HOW_TO_APPLY = "Apply through the state’s employment portal"
DEFAULT_EQUAL_OPPORTUNITY = (
    "The State is an equal opportunity employer and values a diverse workforce. Applicants who need "
    "an accommodation to apply or interview may ask the agency’s human resources office."
)


def or_default(expression: str, default: str) -> list[str]:
    """Runs printing a value, or the default text when it is empty.

    The default is text of its own, not a Jinja string: docxtpl straightens quotes inside tags.
    """
    return [f"{{% if {expression} %}}", f"{{{{ {expression} }}}}", "{% else %}", default, "{% endif %}"]


def posting() -> Document:
    document = new_document("Job posting")
    header_footer(
        document,
        left_header=["{{ position.agency }}"],
        right_header=["Job Opportunity"],
        left_footer=[*NUMBER, "{% if position.number %} · {% endif %}", "{{ job_class.title }}"],
    )
    para(document, "{{ position.working_title }}", style="Form Title")
    tag(document, "{%p if position.agency or position.unit %}")  # no empty subtitle line without either
    para(
        document,
        "{{ position.agency }}",
        "{% if position.agency and position.unit %} · {% endif %}",
        "{{ position.unit }}",
        style="Form Subtitle",
    )
    tag(document, "{%p endif %}")
    grid(
        document,
        [
            [
                ("Location", value("position.location")),
                ("Position number", value("position.number")),
                ("Work schedule", value("position.work_schedule")),
            ],
            [
                ("Class title", value("job_class.title")),
                (
                    "Pay plan / pay grade",
                    '{{ job_class.pay_plan or "—" }}{% if job_class.pay_grade %} / {{ job_class.pay_grade }}{% endif %}',
                ),
                ("FLSA status", value("position.flsa_status")),
            ],
            [
                ("Salary", value("position.salary")),
                ("Appointment", value("position.appointment")),
                ("Apply by", '{{ position.closing_date or "Open until filled" }}'),
            ],
        ],
        widths=[2.7, 2.2, 2.0],
    )

    section_bar(document, "About the position")
    tag(document, "{%p if position.purpose %}")
    para(document, "{{ position.purpose }}")
    tag(document, "{%p endif %}")
    para(document, "{{ class_group.concept }}")
    para(document, "{{ job_class.level_of_work }}")
    tag(document, "{%p if contributor_level.name %}")
    para(document, "This position is filled at the ", "{{ contributor_level.name }}", " level.")
    tag(document, "{%p endif %}")
    tag(document, "{%p if position.telework %}")
    para(document, "Telework: ", "{{ position.telework }}")
    tag(document, "{%p endif %}")

    section_bar(document, "What you will do")
    tag(document, "{%p for task in tasks %}")
    para(document, "{{ task.text }}", style="List Bullet")
    tag(document, "{%p endfor %}")

    section_bar(document, "What you need")
    bullets(document, "minimum_requirements", "requirement")
    bullets(document, "extra_requirements", "requirement")
    headed_fields(document, "conditions")

    section_bar(document, "How to apply")
    para(
        document,
        *or_default("agency.how_to_apply", DEFAULT_HOW_TO_APPLY),
        "{% if position.number %}",
        ", quoting position number ",
        "{{ position.number }}",
        "{% endif %}",
        "{% if position.closing_date %}",
        ", by ",
        "{{ position.closing_date }}",
        "{% endif %}",
        ".",
    )
    para(document, *or_default("agency.equal_opportunity", DEFAULT_EQUAL_OPPORTUNITY))
    return document


TEMPLATES = {"position-description.docx": position_description, "posting.docx": posting}


def preserve_spaces(document) -> None:
    """Mark every tag's text `xml:space="preserve"`, so Word keeps spaces at the ends of what it prints."""
    parts = (
        [document.element.body]
        + [s.header._element for s in document.sections]
        + [s.footer._element for s in document.sections]
    )
    for part in parts:
        for text in part.iter(qn("w:t")):
            if "{{" in (text.text or ""):
                text.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")


def main(out_dir: Path = PACKAGE_TEMPLATES) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name, build in TEMPLATES.items():
        document = build()
        preserve_spaces(document)
        document.save(out_dir / name)
        replace_app_properties(out_dir / name)
        written.append(out_dir / name)
    return written


if __name__ == "__main__":
    for path in main(Path(sys.argv[1]) if len(sys.argv) > 1 else PACKAGE_TEMPLATES):
        print(path)
