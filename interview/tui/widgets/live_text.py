"""One line of text that changes while the user types or the clock runs, repainted in place."""

from __future__ import annotations

from textual.visual import VisualType
from textual.widgets import Static


class LiveText(Static):
    """A one-line Static whose updates repaint it without laying the screen out again.

    `Static.update` re-lays out the whole screen by default, in case the new text
    changes the widget's size; on the answer screen the word count did that on
    every keystroke and the clock every second (2–30 ms each with a long prompt).
    A line of fixed height can only change size when its width follows its text
    (`width: auto`) and the text's width changed, so only then is a layout asked for.
    """

    DEFAULT_CSS = "LiveText { height: 1; }"

    def __init__(self, content: VisualType = "", **kwargs: object) -> None:
        super().__init__(content, **kwargs)  # type: ignore[arg-type]
        self._width: int | None = None

    def update(self, content: VisualType = "", *, layout: bool = True) -> None:
        super().update(content, layout=False)
        width = self.styles.width
        if layout and width is not None and width.is_auto:
            text_width = self.visual.get_optimal_width(self.styles, 0)  # type: ignore[arg-type]  # as Textual does
            if text_width != self._width:
                self._width = text_width
                self.refresh(layout=True)
