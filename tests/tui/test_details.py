"""The Details step: a widget per field of the record, made from the model's field table, checked on the saved record."""

from __future__ import annotations

import tomllib
from datetime import date
from pathlib import Path

from textual._compositor import Compositor
from textual.screen import Screen
from textual.widgets import Input, OptionList, Select, Static, TextArea

from pdbuilder.model import DETAILS
from pdbuilder.records import read_position, save_position
from pdbuilder.tui.screens.dialogs import TextDialog
from pdbuilder.tui.widgets.bars import TitleBar
from pdbuilder.tui.widgets.item_list import ItemList
from pdbuilder.tui.widgets.typed_text_area import TypedTextArea

from .conftest import open_in_editor, settle, type_text

ILL = Path("positions") / "00041187-interlibrary-loan-technician.toml"
TITLE = "Interlibrary Loan Technician"


async def _details(pilot, field: str):
    await open_in_editor(pilot, ILL, step="details")
    widget = pilot.app.screen.query_one(f"#field-{field}")
    widget.focus()
    await pilot.pause()
    return widget


async def test_every_field_of_the_table_has_its_kind_of_widget(make_app):
    kinds = {"line": Input, "date": Input, "paragraph": TypedTextArea, "list": ItemList}
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await _details(pilot, "working_title")
        for detail in DETAILS:
            expected = Select if detail.choices else kinds[detail.kind]
            assert isinstance(app.screen.query_one(f"#field-{detail.name}"), expected), detail.name


async def test_a_paragraph_is_typed_on_several_lines_undone_as_one_change_and_saved(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        area = await _details(pilot, "purpose")
        await pilot.press(*"Moves book", "backspace", *"ks & <loans> {{ x }}", "enter", *"Second line.")
        text = "Moves books & <loans> {{ x }}\nSecond line."
        assert area.text == text and app.draft.purpose == text
        await pilot.press("ctrl+z")  # the session's undo: the whole typing in one field
        assert app.draft.purpose == "" and area.text == ""
        await pilot.press("ctrl+y")
        assert area.text == text
        await pilot.press("ctrl+s")
        await settle(pilot)
    assert read_position(ILL).purpose == text


async def test_list_items_are_added_edited_moved_and_removed(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        items = await _details(pilot, "ksas")
        for text in ("Knowledge of MARC 21", "Skill in OCLC & <WorldShare>"):
            await pilot.press("a")
            assert isinstance(app.screen, TextDialog)
            await pilot.press(*text, "enter")
            await pilot.pause()
        assert app.draft.ksas == ("Knowledge of MARC 21", "Skill in OCLC & <WorldShare>")
        assert items.highlighted == 1  # the cursor on the item just added
        await pilot.press("shift+up")
        assert app.draft.ksas == ("Skill in OCLC & <WorldShare>", "Knowledge of MARC 21")
        await pilot.press("down", "enter")
        assert isinstance(app.screen, TextDialog)
        await pilot.press("end", *" records", "enter")
        await pilot.pause()
        assert app.draft.ksas[1] == "Knowledge of MARC 21 records"
        said = []
        app.notify = lambda message, **_: said.append(message)
        await pilot.press("up", "d")
        assert app.draft.ksas == ("Knowledge of MARC 21 records",)
        assert said == ["Knowledge, skill or ability 1 removed — Ctrl+Z undoes"]
        await pilot.press("ctrl+s")
        await settle(pilot)
    assert read_position(ILL).ksas == ("Knowledge of MARC 21 records",)


async def test_a_date_that_is_not_one_says_why_keeps_what_was_typed_and_saves_a_toml_date_once_fixed(
    make_app,
):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        field = await _details(pilot, "effective_date")
        await pilot.press(*"2026-13-01")
        problem = app.screen.query_one("#problem-effective_date", Static)
        assert problem.display and "'2026-13-01' is not a day of the calendar" in str(problem.render())
        assert field.has_class("-invalid") and app.draft.effective_date is None
        await pilot.press("tab", *"x")  # another field changes the draft: what was typed stays
        await pilot.pause()
        assert field.value == "2026-13-01" and problem.display
        field.focus()
        await pilot.press("ctrl+a", "ctrl+k", *"2026-07-01")
        assert app.draft.effective_date == date(2026, 7, 1) and not problem.display
        await pilot.press("ctrl+s")
        await settle(pilot)
    record = tomllib.loads(ILL.read_text())
    assert record["effective_date"] == date(2026, 7, 1)  # a TOML date, not text


async def test_a_date_undone_shows_in_its_field(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        field = await _details(pilot, "closing_date")
        await pilot.press(*"2026-08-15", "tab")
        assert app.draft.closing_date == date(2026, 8, 15)
        await pilot.press("ctrl+z")
        assert app.draft.closing_date is None and field.value == ""


async def test_a_choice_is_picked_from_the_fields_choices(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await _details(pilot, "action")
        await pilot.press("enter", "down", "down", "enter")  # the list opens on the current choice
        await pilot.pause()
        assert app.draft.action == "update"


async def test_review_shows_the_new_fields(make_app):
    position = read_position(ILL).with_changes(
        purpose="Keeps loans moving & <fast>.",
        supervises=("Library Assistant (2)",),
        working_conditions="Lifts 25 lb.",
        effective_date=date(2026, 7, 1),
        telework="Hybrid",
    )
    save_position(position, ILL)
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await open_in_editor(pilot, ILL, step="review")
        preview = app.screen.query_one("#preview", Static).content.markup
    for text in (
        "Purpose of the position",
        "Keeps loans moving & \\<fast\\>.",
        "Positions supervised",
        "Library Assistant (2)",
        "Working conditions and physical demands",
        "Effective date: 2026-07-01",
        "Telework: Hybrid",
    ):
        assert text in preview, text


async def test_lists_are_as_tall_as_their_items_in_the_form(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        items = await _details(pilot, "supervises")
        assert isinstance(items, OptionList) and items.size.height == 1  # "None: press a to add…"
        area = app.screen.query_one("#field-working_conditions", TextArea)
        assert area.size.height == 3


def calls_to(monkeypatch, owner: type, name: str) -> list[int]:
    """A list that grows by one at each call of `owner.name`, which still does what it did."""
    calls: list[int] = []
    method = getattr(owner, name)
    monkeypatch.setattr(owner, name, lambda *args, **kwargs: calls.append(1) or method(*args, **kwargs))
    return calls


def first_line(widget) -> str:
    """The text of the widget's first line as it draws it now."""
    return "".join(segment.text for segment in widget.render_line(0))


async def test_typing_in_a_field_lays_out_nothing_and_a_long_text_scrolls_to_its_end(make_app, monkeypatch):
    """A key typed redraws its field alone: the form is not laid out again (a whole screen a key,
    sent whole to a browser tab), and a text wider than its field still shows its end at the cursor."""
    layouts = calls_to(monkeypatch, Screen, "_refresh_layout")
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        agency = await _details(pilot, "agency")
        await pilot.press("end")
        await pilot.pause()  # whatever showing the step and moving the cursor laid out is done
        layouts.clear()
        text = " & <Archives> {{ x }}, a long name that runs well past the edge of its field"
        await type_text(pilot, text)
        assert agency.value.endswith(text) and app.draft.agency == agency.value
        assert layouts == []
        assert agency.scroll_x > 0 and agency.scroll_x == agency.max_scroll_x
        assert first_line(agency).rstrip().endswith("edge of its field")


async def test_typing_the_working_title_redraws_the_title_line_not_the_whole_screen(make_app, monkeypatch):
    whole = calls_to(monkeypatch, Compositor, "render_full_update")
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await _details(pilot, "working_title")
        await pilot.press("end")
        await type_text(pilot, " II")  # the first change: the title line shows it is unsaved
        whole.clear()
        await type_text(pilot, " & <Lead>")
        assert app.screen.title == f"{TITLE} II & <Lead>"
        assert f"{TITLE} II & <Lead>" in first_line(app.screen.query_one(TitleBar))
        assert whole == []
