"""The answer editor: a code editor (Python or SQL) for coding, prose with a word count otherwise."""

from __future__ import annotations

from textual import events
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.geometry import Size
from textual.reactive import Reactive
from textual.widgets import TextArea

from interview.bank.models import AnyQuestion, CodingQuestion
from interview.tui.widgets.live_text import LiveText

FOLLOW_UP_WORDS = (20, 120)  # a spoken reply to a follow-up, not a second full answer


def suggested_words(question: AnyQuestion) -> tuple[int, int]:
    """A range around the model answer's length: an answer far shorter is missing points."""
    words = len(question.model_answer.split())
    return max(30, int(round(words * 0.6, -1))), max(60, int(round(words * 1.5, -1)))


def next_indent(line_before_cursor: str, width: int = 4) -> str:
    """The indentation Enter should give: the same as this line, one level deeper after a colon."""
    indent = line_before_cursor[: len(line_before_cursor) - len(line_before_cursor.lstrip())]
    return indent + " " * width if line_before_cursor.rstrip().endswith(":") else indent


class EditorArea(TextArea):
    """A TextArea whose growing text does not lay the whole screen out again.

    Textual's TextArea sets its scroll range (`virtual_size`) after every edit,
    and that reactive asks for a layout of the screen: in a code editor every
    character that lengthens the longest line, in prose every wrapped line.  The
    answer editors are sized by the screen (`1fr`), never by their text, so here
    the new range only updates the scrollbars; a scrollbar appearing or going
    still lays out (its own reactive asks for it).
    """

    virtual_size: Reactive[Size] = Reactive(Size(0, 0), layout=False)

    def _refresh_size(self) -> None:
        super()._refresh_size()
        if self.container_size:
            self._scroll_update(self.virtual_size)


class CodeArea(EditorArea):
    """The code editor; Enter keeps the indentation, as any editor a candidate is used to does."""

    async def _on_key(self, event: events.Key) -> None:
        if event.key == "enter" and not self.read_only:
            event.stop()
            event.prevent_default()
            row, column = min(self.selection)
            indent = next_indent(self.document.get_line(row)[:column], self.indent_width)
            self.replace("\n" + indent, *self.selection)
            return
        await super()._on_key(event)


class AnswerEditor(Vertical):
    """Owns the TextArea; the screen reads and writes `text`.

    The text area is kept by reference, so its text can still be read (and saved)
    while the screen is being taken down; a resumed answer opens with the cursor
    at its end, where the user carries on writing.
    """

    DEFAULT_CSS = """
    AnswerEditor { height: 1fr; }
    AnswerEditor TextArea { height: 1fr; }
    AnswerEditor #word-count { height: 1; padding: 0 1; color: $text-muted; }
    AnswerEditor.-code #word-count { display: none; }
    """

    def __init__(self, question: AnyQuestion, text: str, *, prose: bool = False,
                 id: str | None = None) -> None:
        """`prose`: an answer to a spoken follow-up, in a text editor even for a coding question."""
        super().__init__(id=id)
        self.question = question
        self.prose = prose
        self.is_code = isinstance(question, CodingQuestion) and not prose
        self.set_class(self.is_code, "-code")
        if self.is_code:
            language = question.code.language if isinstance(question, CodingQuestion) else "python"
            self.area: TextArea = CodeArea.code_editor(text, language=language, id="editor")
        else:
            self.area = EditorArea(text, soft_wrap=True, tab_behavior="focus", id="editor",
                                   placeholder=("Answer as you would out loud: short and specific…" if prose
                                                else "Write your answer here…"))
        self.area.border_title = "Your code" if self.is_code else "Your answer"

    def compose(self) -> ComposeResult:
        yield self.area
        yield LiveText("", id="word-count")  # counted on every keystroke: repainted, no layout

    def on_mount(self) -> None:
        self.area.move_cursor(self.area.document.end)
        self._count()

    @property
    def text(self) -> str:
        return self.area.text

    @text.setter
    def text(self, value: str) -> None:
        """Replace the text as one edit (ctrl+z brings the old text back), cursor at the end."""
        area = self.area
        area.replace(value, area.document.start, area.document.end)
        area.move_cursor(area.document.end)

    def on_text_area_changed(self, _event: TextArea.Changed) -> None:
        self._count()

    def _count(self) -> None:
        if self.is_code:
            return
        words = len(self.text.split())
        low, high = FOLLOW_UP_WORDS if self.prose else suggested_words(self.question)
        style = "green" if low <= words <= high else "yellow" if words > high else ""
        count = f"[{style}]{words}[/]" if style else str(words)
        self.query_one("#word-count", LiveText).update(f"{count} words · aim for {low:.0f}–{high:.0f}")
