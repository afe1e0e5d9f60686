"""The terminal UI driven end to end by keyboard, checked on the files it writes."""

from __future__ import annotations

import asyncio
import shutil
from pathlib import Path

from textual import events
from textual.widgets import Input, Static

from pdbuilder.records import read_position
from pdbuilder.tui.screens.dialogs import Choice, TextDialog
from pdbuilder.tui.screens.editor import EditorScreen
from pdbuilder.tui.screens.home import HomeScreen, PositionsTable
from pdbuilder.tui.screens.task_dialog import TaskDialog

from ..conftest import DATA, SAMPLE_POSITIONS
from .conftest import home_ready, new_in_editor, open_in_editor, settle, type_text

ILL = "00041187-interlibrary-loan-technician.toml"


async def clear_and_type(pilot, text: str) -> None:
    await pilot.press("ctrl+a", "ctrl+k")
    await type_text(pilot, text)


async def test_home_lists_the_saved_positions_and_filters_as_one_types(make_app):
    app = make_app()
    async with app.run_test(size=(120, 30)) as pilot:
        home = await home_ready(pilot)
        table = home.query_one(PositionsTable)
        titles = {row.cells[0] for row in table.matches}
        assert titles == {
            "Interlibrary Loan Technician",
            "Institutional Library Technician Senior",
            "Library Technician (Accessible Formats)",
        }
        assert [row.cells[2] for row in table.matches if row.cells[1] == "00073302"] == [
            "Library Technician Senior"
        ]
        await pilot.press("slash")
        await type_text(pilot, "corrections")
        assert [row.cells[1] for row in table.matches] == ["00073302"]
        assert str(home.query_one("#home-status", Static).render()).startswith("1 of 3 positions")


async def test_a_new_position_from_the_catalog_through_every_step(make_app):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await new_in_editor(pilot)
        assert isinstance(app.screen, EditorScreen)
        # 1 Class: search the catalog and choose.
        await type_text(pilot, "senior")
        await pilot.press("enter")
        await pilot.pause()
        assert app.draft.class_id == "library-technician-senior"
        assert app.draft.working_title == "Library Technician Senior"
        # 2 Tasks: the class list has the focus; untick the first task, add an own one, mark it essential.
        assert app.screen.focused.id == "class-tasks"
        every = [t.class_task_id for t in app.draft.tasks]
        await pilot.press("space")
        assert [t.class_task_id for t in app.draft.tasks] == every[1:]
        await pilot.press("tab", "a")
        assert isinstance(app.screen, TaskDialog)
        await type_text(pilot, "Packs loans for the courier & <tracks> {{ 7*7 }}.")
        await pilot.press("enter")
        await pilot.pause()
        assert app.draft.tasks[-1].text == "Packs loans for the courier & <tracks> {{ 7*7 }}."
        await pilot.press("end", "x", "shift+up")
        assert app.draft.tasks[-2].essential and app.draft.tasks[-2].is_custom
        # 3 Requirements: add one.
        await pilot.press("ctrl+pagedown", "a")
        assert isinstance(app.screen, TextDialog)
        await type_text(pilot, "Valid driver license.")
        await pilot.press("enter")
        await pilot.pause()
        assert app.draft.extra_requirements == ("Valid driver license.",)
        # 4 Contributor level: the second one.
        await pilot.press("ctrl+pagedown", "down", "enter")
        assert app.draft.contributor_level == "experienced"
        # 5 Details: a title, a number, an agency.
        await pilot.press("ctrl+pagedown")
        assert app.screen.focused.id == "field-working_title"
        await clear_and_type(pilot, "ILL Technician")
        await pilot.press("tab")
        await type_text(pilot, "00012345")
        await pilot.press("tab")
        await type_text(pilot, "Department of State")
        assert (app.draft.working_title, app.draft.number, app.draft.agency) == (
            "ILL Technician",
            "00012345",
            "Department of State",
        )
        # 6 Review: no problems; the preview shows the own task literally; save.
        await pilot.press("ctrl+pagedown")
        await pilot.pause()
        assert "No problems" in str(app.screen.query_one("#review-problems", Static).render())
        assert "{{ 7\\*7 }}" in app.screen.query_one("#preview", Static).content.markup
        assert app.dirty
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not app.dirty
    saved = read_position(Path("positions/00012345.toml"))
    assert saved.class_id == "library-technician-senior"
    assert (saved.working_title, saved.number, saved.agency, saved.contributor_level) == (
        "ILL Technician",
        "00012345",
        "Department of State",
        "experienced",
    )
    assert saved.extra_requirements == ("Valid driver license.",)
    assert (
        saved.tasks[-2].text == "Packs loans for the courier & <tracks> {{ 7*7 }}."
        and saved.tasks[-2].essential
    )
    assert len(saved.class_task_ids) == 11 and saved.status == "draft" and saved.created is not None
    assert saved.spec is not None and saved.spec.class_id == "library-technician-senior"  # for drift checks


async def test_keys_typed_as_the_editor_opens_reach_the_class_search(make_app):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await home_ready(pilot)
        await pilot.press("n")
        while not isinstance(app.screen, EditorScreen):
            await asyncio.sleep(0)
        for key in "senior":  # queued at once, as a fast typist's keys arrive before the editor's first frame
            app.post_message(events.Key(key, key))
        await pilot.pause()
        assert app.screen.query_one("#class-filter", Input).value == "senior"


async def test_editing_a_record_keeps_what_the_ui_does_not_show(make_app):
    record = Path("positions") / ILL
    record.write_text(
        record.read_text()
        .replace("\nstatus = ", '\nagency_code = "DOS-7"\nstatus = ', 1)
        .replace("percent = 30", 'percent = 30\nreviewed_by = "K. Smith"', 1)
    )
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await open_in_editor(pilot, record)
        assert isinstance(app.screen, EditorScreen) and app.record_path == record
        await pilot.press("ctrl+pagedown")  # review is last: stays there
        app.screen.go("details")
        await pilot.pause()
        await pilot.press("tab", "tab", "end")
        await type_text(pilot, " (West)")
        await pilot.press("ctrl+s")
        await settle(pilot)
    saved = read_position(record)
    assert saved.agency == "Department of State (West)"
    assert saved.extras == {"agency_code": "DOS-7"}
    assert any(t.extras == {"reviewed_by": "K. Smith"} for t in saved.tasks)


async def test_reuse_starts_a_new_record_from_a_copy(make_app):
    original = Path("positions") / ILL
    before = original.read_bytes()
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        home = await home_ready(pilot)
        home.query_one(PositionsTable).move_to_key(str(original))
        await pilot.press("r")
        await settle(pilot)
        assert app.record_path is None and app.draft.number == "" and app.draft.status == "draft"
        assert app.screen.focused.id == "field-working_title"
        await pilot.press("tab")
        await type_text(pilot, "00099999")
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("escape")
        home = await home_ready(pilot)
        assert home.query_one(PositionsTable).highlighted_key == str(Path("positions/00099999.toml"))
    copy = read_position(Path("positions/00099999.toml"))
    source = read_position(original)
    assert original.read_bytes() == before
    assert copy.tasks == source.tasks and copy.working_title == source.working_title
    assert copy.created > source.created and copy.status == "draft"


async def test_leaving_with_unsaved_changes_asks_first(make_app):
    record = Path("positions") / ILL
    before = record.read_bytes()
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await open_in_editor(pilot, record, step="details")
        await pilot.press("end")
        await type_text(pilot, " II")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, Choice)
        await pilot.press("escape")  # keep editing
        await pilot.pause()
        assert isinstance(app.screen, EditorScreen) and app.draft.working_title.endswith(" II")
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, Choice)
        await pilot.click("#discard")
        await pilot.pause()
    assert app.return_code == 0 and record.read_bytes() == before


async def test_saving_from_the_guard_writes_the_record(make_app):
    record = Path("positions") / ILL
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await open_in_editor(pilot, record, step="details")
        await pilot.press("end")
        await type_text(pilot, " II")
        await pilot.press("escape")
        await pilot.pause()
        await pilot.click("#save")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
    assert read_position(record).working_title == "Interlibrary Loan Technician II"


async def test_required_fields_and_shares_of_time_say_what_is_wrong(make_app):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await new_in_editor(pilot)
        await pilot.press("enter")  # the first class
        await pilot.pause()
        app.screen.go("details")
        await pilot.pause()  # composed on first visit: the keys are for its first field
        await pilot.press("ctrl+a", "ctrl+k")
        problem = app.screen.query_one("#problem-working_title", Static)
        assert problem.display and str(problem.render()) == "Working title is required."
        assert app.screen.query_one("#field-working_title", Input).has_class("-invalid")
        app.screen.go("tasks")
        await pilot.press("tab", "enter")
        assert isinstance(app.screen, TaskDialog)
        await type_text(pilot, "abc")
        assert (
            str(app.screen.query_one("#percent-problem", Static).render())
            == "Percent of time must be a whole number."
        )
        await pilot.press("enter")  # refused while invalid
        assert isinstance(app.screen, TaskDialog)
        await pilot.press("backspace", "backspace", "backspace")
        await type_text(pilot, "40")
        await pilot.press("enter")
        await pilot.pause()
        assert app.draft.tasks[0].percent == 40
        assert (
            str(app.screen.query_one("#percent-total", Static).render())
            == "Time adds up to 40%: it should be 100%."
        )
        app.screen.go("review")
        await pilot.pause()
        shown = str(app.screen.query_one("#review-problems", Static).render())
        assert "working title is required" in shown and "percent of time adds up to 40, not 100" in shown


async def test_a_record_that_fails_to_load_is_shown_not_fatal(make_app):
    shutil.copy(DATA / "bad" / "unclosed-string.toml", "positions/broken.toml")
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        home = await home_ready(pilot)
        table = home.query_one(PositionsTable)
        assert ("broken.toml", "unreadable") in [(r.cells[0], r.cells[5]) for r in table.matches]
        table.move_to_key(str(Path("positions/broken.toml")))
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, Choice)
        message = str(app.screen.query_one(".dialog-message", Static).render())
        assert message.startswith("positions/broken.toml:") and "invalid TOML" in message
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)


async def test_a_refused_write_keeps_the_draft(make_app, monkeypatch):
    record = Path("positions") / ILL
    before = record.read_bytes()
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await open_in_editor(pilot, record, step="details")
        await pilot.press("end")
        await type_text(pilot, " II")

        def refuse(*args, **kwargs):
            raise PermissionError(13, "Permission denied")

        monkeypatch.setattr("pdbuilder.storage.tempfile.mkstemp", refuse)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, Choice)
        assert "cannot save: Permission denied" in str(
            app.screen.query_one(".dialog-message", Static).render()
        )
        await pilot.press("enter")
        await pilot.pause()
        assert app.dirty and app.draft.working_title.endswith(" II")
    assert record.read_bytes() == before


async def test_delete_asks_then_removes_the_record(make_app):
    record = Path("positions") / ILL
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        home = await home_ready(pilot)
        home.query_one(PositionsTable).move_to_key(str(record))
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, Choice)
        await pilot.press("enter")  # "Keep it" has the focus
        await pilot.pause()
        assert record.exists()
        await pilot.press("d")
        await pilot.pause()
        await pilot.click("#delete")
        await home_ready(pilot)
        assert str(record) not in [r.key for r in home.query_one(PositionsTable).matches]
    assert not record.exists()
    assert len(list(SAMPLE_POSITIONS.glob("*.toml"))) == 3


def docx_text(path: Path) -> str:
    import docx  # python-docx: read the document back as Word would show it

    document = docx.Document(str(path))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


async def test_generate_writes_the_word_document_of_the_draft(make_app):
    record = Path("positions") / ILL
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await open_in_editor(pilot, record, step="details")
        await pilot.press("ctrl+a", "ctrl+k")
        await type_text(pilot, "ILL Technician & <Lead> {{ 7*7 }}")
        await pilot.press("ctrl+g")
        await settle(pilot, timeout=60)
        output = Path("positions/00041187-interlibrary-loan-technician.docx")
        assert output.exists()
        shown = str(app.screen.query_one("#review-output", Static).render())
        assert shown.startswith(f"Word document: {output}")
    text = docx_text(output)
    assert "ILL Technician & <Lead> {{ 7*7 }}" in text
    assert "Packs and ships loaned materials through the statewide courier" in text


async def test_generating_a_new_position_saves_it_first(make_app):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await new_in_editor(pilot)
        await pilot.press("enter", "ctrl+g")  # the first class, every task
        await settle(pilot, timeout=60)
        assert app.record_path == Path("positions/library-technician.toml")
    assert read_position(Path("positions/library-technician.toml")).class_id == "library-technician"
    assert "Library Technician" in docx_text(Path("positions/library-technician.docx"))


async def test_a_template_that_fails_is_shown_not_fatal(make_app, monkeypatch):
    from pdbuilder import render

    def broken(*args, **kwargs):
        raise render.RenderError("template position-description.docx: unexpected '}' (line 3)")

    monkeypatch.setattr(render, "generate", broken)
    record = Path("positions") / ILL
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await open_in_editor(pilot, record)
        await pilot.press("ctrl+g")
        await settle(pilot)
        assert isinstance(app.screen, Choice)
        assert "unexpected '}'" in str(app.screen.query_one(".dialog-message", Static).render())
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, EditorScreen)
    assert not Path("positions/00041187-interlibrary-loan-technician.docx").exists()


async def test_a_field_being_typed_in_is_never_overwritten_by_an_older_draft(make_app):
    """Keys reach the field before its `Changed` messages reach the draft: the draft lags behind."""
    record = Path("positions") / ILL
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await open_in_editor(pilot, record, step="details")
        field = app.screen.query_one("#field-supervisor", Input)
        field.focus()
        await pilot.press("ctrl+a", "ctrl+k")
        await type_text(pilot, "R.A. G")
        # Three keys reach the field before the draft hears of the first (4 ms a key): the draft lags.
        with field.prevent(Input.Changed):
            field.insert_text_at_cursor("ray")
        field.post_message(Input.Changed(field, "R.A. Gr"))
        await pilot.pause()
        assert field.value == "R.A. Gray"  # the next key would land in an older text and scramble it
        field.post_message(Input.Changed(field, "R.A. Gray"))
        await pilot.pause()
        await pilot.press("ctrl+s")
        await settle(pilot)
    assert read_position(record).supervisor == "R.A. Gray"


async def test_saving_a_hand_edited_record_keeps_its_comments(make_app):
    record = Path("positions") / ILL
    record.write_text(
        "# Reviewed with the division director.\n"
        + record.read_text().replace(
            "\nstatus = ", '\nagency_code = "DOS-7"  # the budget office\'s code\nstatus = ', 1
        )
    )
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await open_in_editor(pilot, record, step="details")
        await pilot.press("tab", "tab", "end")
        await type_text(pilot, " (West)")
        await pilot.press("ctrl+s")
        await settle(pilot)
    text = record.read_text()
    assert read_position(record).agency == "Department of State (West)"
    assert text.startswith("# Reviewed with the division director.\n")
    assert 'agency_code = "DOS-7"  # the budget office\'s code\n' in text
