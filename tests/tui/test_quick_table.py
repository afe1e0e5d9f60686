"""The table every list of the terminal UI uses: filtering as one types, the cursor, what is drawn."""

from __future__ import annotations

import ast
import inspect

from textual.app import App
from textual.scroll_view import ScrollView
from textual.widgets import Input

from pdbuilder.tui.widgets import quick_table
from pdbuilder.tui.widgets.quick_table import Column, QuickTable, Row, SearchBox

from .conftest import type_text

GROUPS = ["Fiscal", "Library", "Records", "Safety"]
ROLES = ["Technician", "Analyst", "Planner", "Auditor", "Manager"]
ROWS = [
    Row(f"{g}-{r}-{n}", (f"{n:02d}", f"{group} {role} {n}", f"{group} Group"))
    for g, group in enumerate(GROUPS)
    for r, role in enumerate(ROLES)
    for n in range(6)
]  # 120 rows


class TableApp(App):
    def compose(self):
        yield SearchBox("table", id="search")
        yield QuickTable(
            [Column("Code", 4), Column("Title", 20, 2), Column("Group", 10, 1)],
            empty="Nothing matches.",
            id="table",
        )

    def on_mount(self):
        self.query_one(QuickTable).set_rows(ROWS)
        self.query_one(SearchBox).focus()


def expected(text: str) -> list[str]:
    words = text.casefold().split()
    return [row.key for row in ROWS if all(word in " ".join(row.cells).casefold() for word in words)]


async def test_typing_on_and_back_always_matches_a_search_from_scratch():
    app = TableApp()
    async with app.run_test(size=(60, 20)) as pilot:
        table = app.query_one(QuickTable)
        typed = ""
        # Narrowing (each word within a later one), widening (backspace), a word replaced.
        for keys in [
            "fis",
            "cal",
            " plan",
            "ner 3",
            "backspace",
            "backspace",
            "backspace",
            " ",
            "lib",
            "ctrl+u",
            "records 5",
        ]:
            if keys in ("backspace", "ctrl+u"):
                await pilot.press(keys)
                typed = typed[:-1] if keys == "backspace" else ""
            else:
                await pilot.press(*keys)
                typed += keys
            assert app.query_one(SearchBox).value == typed
            assert [row.key for row in table.matches] == expected(typed), typed


async def test_every_line_whose_drawing_changes_is_redrawn():
    """Only changed lines are redrawn as one types: none may keep what an earlier search showed."""
    app = TableApp()
    async with app.run_test(size=(60, 20)) as pilot:
        table = app.query_one(QuickTable)
        redrawn: set[int] = set()
        refresh = table.refresh

        def spy(*regions, **kwargs):
            redrawn.update(
                range(table.size.height)
                if not regions
                else {y for r in regions for y in range(r.y, r.bottom)}
            )
            return refresh(*regions, **kwargs)

        table.refresh = spy
        lines = lambda: [tuple(table.render_line(y)) for y in range(table.size.height)]  # noqa: E731  (text and styles)
        changes = 0
        for keys in [
            tuple("fiscal"),
            tuple(" planner 3"),
            ("up",),
            ("x",),
            ("backspace",),
            ("backspace", "backspace"),
            ("ctrl+u",),
            ("r",),
            ("down", "down"),
        ]:
            before = lines()
            redrawn.clear()
            await pilot.press(*keys)
            changed = {y for y, (old, new) in enumerate(zip(before, lines(), strict=True)) if old != new}
            assert changed <= redrawn, (keys, sorted(changed - redrawn))
            changes += len(changed)
        assert changes >= 20  # the searches above do change what is shown


async def test_arrow_keys_in_the_search_box_move_the_table_cursor_and_keep_it_in_view():
    app = TableApp()
    async with app.run_test(size=(60, 12)) as pilot:
        table = app.query_one(QuickTable)
        await type_text(pilot, "fiscal")
        await pilot.press(*["down"] * 15, "up")
        assert table.cursor == 14
        assert app.focused is app.query_one(SearchBox)
        assert not table.show_horizontal_scrollbar  # the columns fit: no line is lost to a scrollbar
        visible_rows = table.size.height - 1  # under the header
        assert round(table.scroll_y) <= table.cursor < round(table.scroll_y) + visible_rows
        await pilot.pause()
        assert table.matches[table.cursor].cells[1] in app.export_screenshot().replace("&#160;", " ")


def test_the_table_uses_no_private_attribute_of_textual():
    """Textual is only range-pinned at run time: QuickTable may use its public API alone.

    Private names reached on other objects (`x._y`), and private names of its own that would
    shadow one of ScrollView's or Input's, are what a Textual upgrade may break.
    """
    tree = ast.parse(inspect.getsource(quick_table))
    reached = [
        ast.unparse(node)
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute)
        and node.attr.startswith("_")
        and not node.attr.startswith("__")
        and not (isinstance(node.value, ast.Name) and node.value.id == "self")
    ]
    own = {
        node.attr
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "self"
    } | {node.name for node in ast.walk(tree) if isinstance(node, ast.FunctionDef)}
    textual_private = {
        name for base in (ScrollView, Input) for cls in base.__mro__ for name in vars(cls) if name[:1] == "_"
    }
    assert reached == []
    assert (
        sorted(n for n in own if n.startswith("_") and not n.startswith("__") and n in textual_private) == []
    )
