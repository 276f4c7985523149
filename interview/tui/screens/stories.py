"""The story bank: write behavioural stories once, in STAR form, and practise the pitch from them.

The stories live in <data>/stories.toml (editable by hand too); a file with problems is
shown problem by problem and never overwritten from here, so nothing written is lost.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import ValidationError
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Footer, Input, OptionList, Static, TextArea
from textual.widgets.option_list import Option

from interview.interviewer import stories
from interview.interviewer.stories import Story, StoryBank
from interview.tui.screens.base import AppScreen
from interview.tui.widgets.header import Header

PARTS = ("situation", "task", "action", "result", "reflection")


class StoriesScreen(AppScreen[None]):
    CSS_PATH = "stories.tcss"
    BINDINGS = [
        Binding("ctrl+s", "save", "Save"),
        Binding("ctrl+n", "new", "New"),
        Binding("ctrl+d", "delete", "Delete"),
        Binding("ctrl+t", "pitch('about-you')", "Tell me about yourself"),
        Binding("ctrl+w", "pitch('why-role')", "Why this role"),
        Binding("escape", "back", "Back"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.bank = StoryBank(Path(stories.FILE_NAME))  # read from the data folder on mount
        self.editing: str | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="stories-body"):
            yield OptionList(id="story-list", classes="panel")
            with VerticalScroll(id="story-form", classes="panel"):
                yield Static("", id="story-problems")
                yield Input(placeholder="id, e.g. churn-model", id="story-id")
                yield Input(placeholder="title, e.g. The churn model nobody used", id="story-title")
                yield Input(placeholder="competencies, e.g. ownership, influence, failure",
                            id="story-competencies")
                for part in PARTS:
                    yield Static(part.capitalize() + (" (optional)" if part == "reflection" else ""),
                                 classes="story-label")
                    yield TextArea("", soft_wrap=True, tab_behavior="focus", id=f"story-{part}")
                yield Static("The role you are applying for (for 'why this role', optional)",
                             classes="story-label")
                yield TextArea("", soft_wrap=True, tab_behavior="focus", id="story-role")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.bank = stories.load(stories.stories_path(self.interview.context.paths.home))
        self.query_one("#story-list").border_title = "Your stories"
        self.query_one("#story-form").border_title = "Story (STAR)"
        self._refresh()
        self.query_one("#story-id", Input).focus()

    def _refresh(self) -> None:
        listing = self.query_one("#story-list", OptionList)
        listing.clear_options()
        listing.add_options([Option(f"{s.title}\n[dim]{', '.join(s.competencies)}[/]", id=s.id)
                             for s in self.bank.stories])
        self.query_one("#story-problems", Static).update("\n".join(self.bank.problems))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        story = self.bank.get(str(event.option.id))
        if story is not None:
            self._fill(story)

    def _fill(self, story: Story | None) -> None:
        self.editing = story.id if story else None
        self.query_one("#story-id", Input).value = story.id if story else ""
        self.query_one("#story-title", Input).value = story.title if story else ""
        self.query_one("#story-competencies", Input).value = ", ".join(story.competencies) if story else ""
        for part in PARTS:
            self.query_one(f"#story-{part}", TextArea).load_text(getattr(story, part) if story else "")

    def _form(self) -> dict[str, object]:
        data: dict[str, object] = {
            "id": self.query_one("#story-id", Input).value.strip(),
            "title": self.query_one("#story-title", Input).value.strip(),
            "competencies": tuple(c.strip().replace(" ", "_").lower()
                                  for c in self.query_one("#story-competencies", Input).value.split(",")
                                  if c.strip()),
        }
        for part in PARTS:
            data[part] = self.query_one(f"#story-{part}", TextArea).text.strip()
        return data

    def action_save(self) -> None:
        try:
            story = Story.model_validate(self._form())
        except ValidationError as exc:
            lines = [f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}"
                     for e in exc.errors(include_url=False)]
            self.query_one("#story-problems", Static).update("\n".join(lines))
            self.notify("The story was not saved: fix the fields listed above.", severity="error")
            return
        kept = [s for s in self.bank.stories if s.id not in (story.id, self.editing)]
        if story.id != self.editing and self.bank.get(story.id) is not None:
            self.notify(f"A story with the id '{story.id}' exists already; choose another id.",
                        severity="error")
            return
        try:
            stories.save(self.bank, [*kept, story])
        except (ValueError, OSError) as exc:
            self.notify(str(exc), severity="error", timeout=10)
            return
        self.editing = story.id
        self._refresh()
        self.notify(f"Saved '{story.title}'.", timeout=3)

    def action_new(self) -> None:
        self._fill(None)
        self.query_one("#story-id", Input).focus()

    def action_delete(self) -> None:
        if self.editing is None:
            return
        try:
            stories.save(self.bank, [s for s in self.bank.stories if s.id != self.editing])
        except (ValueError, OSError) as exc:
            self.notify(str(exc), severity="error", timeout=10)
            return
        self._fill(None)
        self._refresh()

    def action_pitch(self, kind: str) -> None:
        role = self.query_one("#story-role", TextArea).text
        try:
            question = stories.pitch_question(kind, self.bank.stories, role)  # type: ignore[arg-type]
        except ValueError as exc:
            self.notify(str(exc), severity="warning")
            return
        self.interview.practise(question)

    def action_back(self) -> None:
        self.app.pop_screen()
