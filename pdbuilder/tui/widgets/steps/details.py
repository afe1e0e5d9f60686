"""Step 5: the position's own details, checked as one types with the reason shown.

The form is made from the model's field table (DETAILS): a line of text, a choice, a date, a
paragraph or a list per field, in the table's order, then the status.
"""

from __future__ import annotations

from datetime import date

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.validation import ValidationResult, Validator
from textual.widget import Widget
from textual.widgets import Input, Select, Static, TextArea

from pdbuilder.model import (
    DETAIL_BY_NAME,
    DETAILS,
    STATUS_MOVES,
    STATUSES,
    ClassRef,
    Position,
    RecordField,
    field_problem,
    now,
    parse_date,
    with_status,
)
from pdbuilder.tui.messages import Edit
from pdbuilder.tui.widgets.item_list import ItemList, numbered
from pdbuilder.tui.widgets.steps.base import Step
from pdbuilder.tui.widgets.typed_input import TypedInput
from pdbuilder.tui.widgets.typed_text_area import TypedTextArea

# Fields with a fixed set of values, shown as a Select rather than free text: the values they may take.
CHOICES = {
    **{d.name: d.choices for d in DETAILS if d.choices},
    "status": STATUSES,
}
LABELS = {**{d.name: d.label for d in DETAILS}, "status": "Status"}
LABEL_WIDTH = 17  # columns; one more, blank, before the field


def _choices(name: str, value: str) -> list[tuple[str, str]]:
    """The field's choices, with a value from a hand-edited record that is none of them: shown, not lost.

    The status offers where it can move from where it is: each move is recorded (who, when)."""
    values = (value, *STATUS_MOVES.get(value, ("draft",))) if name == "status" else CHOICES[name]
    known = [(choice.capitalize() or "Not set", choice) for choice in values]
    if value in CHOICES[name]:
        return known
    invalid = (f"{value} (not a valid value)", value)
    return [invalid, *known[1:]] if name == "status" else [*known, invalid]


def _problem(name: str, text: str) -> str | None:
    """What is wrong with a line of text typed into the field `name`, as a sentence; None when fine."""
    if DETAIL_BY_NAME[name].kind == "date":
        try:
            parse_date(text)
        except ValueError as exc:
            return f"{LABELS[name]}: {exc}. The record keeps its last date until this is one."
        return None
    problem = field_problem(name, text)
    return problem.capitalize() + "." if problem else None


def _day(value: date | None) -> str:
    return value.isoformat() if value else ""


class FieldRule(Validator):
    """The model's rule for one field, its reason shown under the field."""

    def __init__(self, name: str) -> None:
        super().__init__()
        self.name = name

    def validate(self, value: str) -> ValidationResult:
        problem = _problem(self.name, value)
        return self.failure(problem) if problem else self.success()


class FieldRow(Horizontal):
    """A field with its label to its left. The row draws the label itself, in the column its field's
    margin leaves free (pdbuilder.tcss): a Label widget in each of the 24 rows made some 15% of the
    work of showing the step, and looked the same."""

    def __init__(self, label: str, classes: str = "") -> None:
        super().__init__(classes=f"field {classes}")
        self.label_lines = Content(label).wrap(LABEL_WIDTH)
        self.styles.min_height = len(self.label_lines)  # a label on two lines makes the row two lines tall

    def render(self) -> Content:
        return Content("\n").join(self.label_lines)


class DetailsStep(Step):
    KEY, TITLE = "details", "Details"

    def compose(self) -> ComposeResult:
        self._offered: dict[str, list[tuple[str, str]]] = {}  # each Select's choices as last set
        self._dates: dict[str, date | None] = {}  # each date field's value as last shown or typed
        yield Static("The position's own details. * marks a required field.", classes="step-help")
        with VerticalScroll(id="details-form", can_focus=False):
            for detail in DETAILS:
                with FieldRow(detail.label + (" *" if detail.required else ""), classes=f"-{detail.kind}"):
                    yield self._field(detail)
                if detail.kind in ("line", "date") and not detail.choices:
                    yield Static(id=f"problem-{detail.name}", classes="problem")
            with FieldRow("Status"):
                yield self._select("status")

    def _field(self, detail: RecordField) -> Widget:
        """The widget that edits one field, by its kind."""
        name = f"field-{detail.name}"
        match detail.kind:
            case "paragraph":
                return TypedTextArea(id=name, compact=True)
            case "list":
                return ItemList("None yet: press a to add one.", title=detail.label, id=name)
            case _ if detail.choices:
                return self._select(detail.name)
            case _:
                return TypedInput(
                    id=name,
                    validators=[FieldRule(detail.name)],
                    placeholder="YYYY-MM-DD" if detail.kind == "date" else "",
                    compact=True,
                    select_on_focus=False,  # arriving at a field, the next key must not replace it
                )

    def _select(self, name: str) -> Select[str]:
        # Made with the draft's value: a Select announces its first value, which must not overwrite the record's.
        value = getattr(self.app.editing.draft, name)
        self._offered[name] = _choices(name, value)
        return Select(self._offered[name], value=value, allow_blank=False, id=f"field-{name}", compact=True)

    def show(self, position: Position, ref: ClassRef | None) -> None:
        # A change typed in a text field is in that field already, and only there; the field just left
        # may still have keys of its own to read (Tab moves the focus at once), and writing the draft's
        # older text into it would drop them. So a typed change updates no text field.
        texts = not self.app.draft_typed
        for detail in DETAILS:
            value = getattr(position, detail.name)
            if detail.choices:
                self._show_choice(detail.name, value)
            elif detail.kind == "list":
                self.query_one(f"#field-{detail.name}", ItemList).show_items(numbered(value))
            elif detail.kind == "paragraph" and texts:
                self._show_paragraph(detail.name, value)
            elif detail.kind == "date" and texts:
                self._show_date(detail.name, value)
            elif texts:
                self._show_line(detail.name, value)
        self._show_choice("status", position.status)

    def _show_choice(self, name: str, value: str) -> None:
        select = self.query_one(f"#field-{name}", Select)
        choices = _choices(name, value)
        if (select.value != value or self._offered.get(name) != choices) and not self.typing_in(select):
            self._offered[name] = choices
            select.set_options(choices)
            select.value = value

    def _show_line(self, name: str, text: str) -> None:
        field = self.query_one(f"#field-{name}", Input)
        if field.value != text:
            with field.prevent(Input.Changed):  # the draft's own value: no edit to echo back
                field.value = text
        self._show_problem(name, text)

    def _show_date(self, name: str, value: date | None) -> None:
        field = self.query_one(f"#field-{name}", Input)
        if name in self._dates and value == self._dates[name] and _problem(name, field.value):
            return  # a date still being written: what was typed stays until it is one (or the draft changes)
        self._dates[name] = value
        self._show_line(name, _day(value))

    def _show_paragraph(self, name: str, text: str) -> None:
        area = self.query_one(f"#field-{name}", TextArea)
        if area.text != text:
            with area.prevent(TextArea.Changed):
                area.text = text

    def _show_problem(self, name: str, text: str) -> None:
        problem = _problem(name, text) or ""
        widget = self.query_one(f"#problem-{name}", Static)
        if str(widget.content) != problem:  # an update lays out the whole form again: not at every key
            widget.update(problem)
        widget.display = bool(problem)

    def _typed(self, name: str, value: str | date | None) -> None:
        label = f"typing in {LABELS[name]}"
        self.post_message(Edit(lambda p: p.with_changes(**{name: value}), label, group=name, typed=True))

    @on(Input.Changed)
    def typed(self, event: Input.Changed) -> None:
        name, text = _field_name(event.input), event.value
        self._show_problem(name, text)
        if DETAIL_BY_NAME[name].kind != "date":
            self._typed(name, text)
        elif not _problem(name, text):  # a date is saved once it is one; until then the draft keeps the last
            self._dates[name] = parse_date(text)
            self._typed(name, self._dates[name])

    @on(TextArea.Changed)
    def typed_paragraph(self, event: TextArea.Changed) -> None:
        self._typed(_field_name(event.text_area), event.text_area.text)

    @on(ItemList.Request)
    def change_list(self, event: ItemList.Request) -> None:
        detail = DETAIL_BY_NAME[_field_name(event.items)]
        self.edit_list(event, detail.name, detail.item, f"A {detail.item}", placeholder="")

    @on(Select.Changed)
    def picked(self, event: Select.Changed) -> None:
        name, value = _field_name(event.select), event.value
        if not isinstance(value, str):
            return
        label = f"{LABELS[name]}: {value or 'not set'}"
        if name == "status":  # a move, recorded; the choices then change with it
            who = self.app.editing.who
            self.post_message(Edit(lambda p: _moved(p, value, who), label))
        else:
            self.post_message(Edit(lambda p: p.with_changes(**{name: value}), label, typed=True))


def _moved(position: Position, status: str, who: str) -> Position:
    """The position moved to `status`; as it is when the move is not one it can make (a stale pick)."""
    if status not in STATUS_MOVES.get(position.status, ("draft",)):
        return position
    return with_status(position, status, who, now())


def _field_name(widget: Widget) -> str:
    """The field of the record a widget of the form edits: its id is `field-<name>`."""
    return (widget.id or "").removeprefix("field-")
