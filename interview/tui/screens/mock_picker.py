"""Pick a mock-interview template (or resume an interrupted mock), with a preview of its rounds."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Footer, OptionList, Static, Switch
from textual.widgets.option_list import Option

from interview.tui.screens.base import AppScreen
from interview.tui.widgets.header import Header

if TYPE_CHECKING:
    from interview.mock.engine import MockState, Mode
    from interview.mock.templates import MockTemplate


def template_preview(template: MockTemplate) -> str:
    lines = [f"[b]{template.name}[/]  [dim]{template.minutes} min · {template.question_count} questions[/]"]
    if template.description:
        lines.append(template.description)
    lines.append("")
    for number, spec in enumerate(template.rounds, start=1):
        level = f" · {spec.difficulty}" if spec.difficulty else ""
        topics = f" · {', '.join(spec.topics)}" if spec.topics else ""
        lines.append(f"{number}. [b]{spec.label}[/]  {spec.minutes} min · "
                     f"{spec.questions} question{'s' if spec.questions > 1 else ''}{level}{topics}")
    return "\n".join(lines)


class MockPickerScreen(AppScreen[None]):
    CSS_PATH = "mock_picker.tcss"
    BINDINGS = [
        Binding("t", "toggle_mode", "Strict/practice"),
        Binding("c", "custom", "Custom"),
        Binding("escape", "back", "Back"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.templates: dict[str, MockTemplate] = {}
        self.unfinished: list[MockState] = []

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="picker"):
            templates = OptionList(id="templates", classes="panel")
            templates.border_title = "Templates"
            yield templates
            with Vertical(id="preview-pane", classes="panel") as pane:
                pane.border_title = "Preview"
                yield Static("", id="mock-preview")
                with Horizontal(id="mode-row"):
                    yield Switch(value=True, id="strict")
                    yield Static("", id="mode-label")
        yield Footer(compact=True)

    async def on_mount(self) -> None:
        from interview.mock.templates import load_templates

        self.templates = load_templates(self.interview.context.paths)
        self.unfinished = await self.interview.service.unfinished_mocks()
        options = self.query_one("#templates", OptionList)
        for state in self.unfinished:
            options.add_option(Option(f"↻ Resume [b]{state.template.name}[/]", id=f"resume:{state.id}"))
        if self.unfinished:
            options.add_option(None)
        for template in self.templates.values():
            options.add_option(Option(f"{template.name}  [dim]{template.minutes} min[/]", id=template.id))
        options.add_option(Option("✎ [b]Custom mock…[/]", id="custom"))
        options.highlighted = 0
        options.focus()
        self._mode_label()

    @on(OptionList.OptionHighlighted, "#templates")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        option_id = event.option.id or ""
        preview = self.query_one("#mock-preview", Static)
        if option_id == "custom":
            preview.update("[b]Custom mock[/]\nChoose the categories, how many questions, the minutes and "
                           "the difficulty of each round.\n\nEnter opens the form.")
        elif option_id.startswith("resume:"):
            state = next(s for s in self.unfinished if s.id == option_id[7:])
            done = sum(s.outcome != "pending" for r in state.rounds for s in r.slots)
            total = sum(len(r.slots) for r in state.rounds)
            preview.update(template_preview(state.template) + f"\n\n[yellow]Interrupted: {done} of {total} "
                           f"questions done. Enter resumes it.[/]")
        else:
            preview.update(template_preview(self.templates[option_id]) + "\n\nEnter starts the clock.")

    @on(OptionList.OptionSelected, "#templates")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        from interview.tui.screens.mock_run import resume_mock, start_mock

        option_id = event.option.id or ""
        if option_id == "custom":
            self.action_custom()
        elif option_id.startswith("resume:"):
            self.run_worker(resume_mock(self.interview, option_id[7:]), group="mock", exclusive=True,
                            exit_on_error=False)
        else:
            self.run_worker(start_mock(self.interview, self.templates[option_id], self.mode),
                            group="mock", exclusive=True, exit_on_error=False)

    @on(Switch.Changed)
    def _mode_label(self) -> None:
        strict = self.query_one("#strict", Switch).value
        self.query_one("#mode-label", Static).update(
            "[b]Strict[/]: no hints, no pause, no feedback until the end" if strict else
            "[b]Practice[/]: hints and pause allowed; marked as practice in history")

    def action_toggle_mode(self) -> None:
        switch = self.query_one("#strict", Switch)
        switch.value = not switch.value

    def action_custom(self) -> None:
        from interview.tui.screens.custom_mock import CustomMockModal
        from interview.tui.screens.mock_run import start_mock

        def chosen(template: MockTemplate | None) -> None:
            if template is not None:
                self.run_worker(start_mock(self.interview, template, self.mode), group="mock",
                                exclusive=True, exit_on_error=False)

        self.app.push_screen(CustomMockModal(), chosen)

    @property
    def mode(self) -> Mode:
        return "strict" if self.query_one("#strict", Switch).value else "practice"

    def action_back(self) -> None:
        self.app.pop_screen()
