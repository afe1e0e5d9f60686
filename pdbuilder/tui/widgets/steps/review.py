"""Step 6: the position description as it reads, what is still wrong with it, Save and Generate."""

from __future__ import annotations

from rich.console import Console, ConsoleOptions, RenderResult
from rich.markdown import Markdown
from rich.segment import Segment
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Button, Static

from pdbuilder.context import build_context
from pdbuilder.display import visible
from pdbuilder.formats import to_markdown
from pdbuilder.model import ClassRef, Position, problems
from pdbuilder.tui.widgets.steps.base import Step


def problems_text(found: list[str]) -> str:
    if not found:
        return "✔ No problems found: the position is complete."
    listed = "\n".join(f"  • {visible(problem)}" for problem in found)
    return f"⚠ {len(found)} problem{'s' * (len(found) > 1)} to fix (it can still be saved):\n{listed}"


class Preview:
    """Markdown drawn once per width: Textual renders a widget's content to measure it, then to draw it."""

    def __init__(self, markdown: str) -> None:
        self.markup = markdown  # its source, as Rich's Markdown has it
        self.markdown = Markdown(markdown)
        self._lines: dict[int, list[list[Segment]]] = {}

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        lines = self._lines.get(options.max_width)
        if lines is None:
            lines = console.render_lines(
                self.markdown, options.update(height=None), pad=False, new_lines=True
            )
            self._lines[options.max_width] = lines
        for line in lines:
            yield from line


class ReviewStep(Step):
    KEY, TITLE = "review", "Review"

    def compose(self) -> ComposeResult:
        with Horizontal(id="review-actions"):
            yield Button(
                "Save record (ctrl+s)", id="save", variant="primary", action="app.save", compact=True
            )
            yield Button(
                "Generate Word document (ctrl+g)", id="generate", action="app.generate", compact=True
            )
        yield Static(id="review-output", markup=False)
        yield Static(id="review-problems", markup=False)
        with VerticalScroll(id="preview-scroll"):
            # One widget drawing the Markdown, not Textual's widget per paragraph: a long
            # position description would mount hundreds, and opening a record would wait.
            yield Static(id="preview")

    def on_mount(self) -> None:
        self.query_one("#review-output").display = False  # until a Generate says something (the editor tells)

    def show(self, position: Position, ref: ClassRef | None) -> None:
        found = problems(position, ref)
        self.query_one("#review-problems", Static).update(problems_text(found))
        self.query_one("#review-problems").set_class(bool(found), "-warning")
        preview = (
            to_markdown(build_context(position, ref))
            if ref
            else "*Choose a class to see the position description.*"
        )
        self.query_one("#preview", Static).update(Preview(preview))

    def show_output(self, message: str) -> None:
        output = self.query_one("#review-output", Static)
        output.update(message)
        output.display = True
