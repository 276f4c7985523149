"""The answer clock: elapsed time in practice, a countdown in a mock, colour near the end."""

from __future__ import annotations

from textual.reactive import reactive

from interview.tui.widgets.live_text import LiveText


def clock(seconds: float) -> str:
    seconds = max(0, int(seconds))
    hours, rest = divmod(seconds, 3600)
    return f"{hours}:{rest // 60:02d}:{rest % 60:02d}" if hours else f"{rest // 60:02d}:{rest % 60:02d}"


class Timer(LiveText):
    """Shows `elapsed` against `limit` seconds; counts down when `countdown` is set.

    The owner sets `elapsed` from its own clock (the app's injected one), so a
    test can move time without waiting.  A tick repaints the clock in place (see
    `LiveText`): the screen is not laid out again every second.
    """

    DEFAULT_CSS = """
    Timer { width: auto; padding: 0 1; }
    Timer.-warning { color: $warning; text-style: bold; }
    Timer.-danger { color: $error; text-style: bold reverse; }
    """

    elapsed: reactive[float] = reactive(0.0)
    limit: reactive[float] = reactive(0.0)

    def __init__(self, limit: float, countdown: bool = False, **kwargs: object) -> None:
        super().__init__("", **kwargs)  # type: ignore[arg-type]
        self.countdown = countdown
        self.set_reactive(Timer.limit, limit)

    def on_mount(self) -> None:
        self._show()

    def watch_elapsed(self) -> None:
        self._show()

    def watch_limit(self) -> None:
        self._show()

    def _show(self) -> None:
        elapsed = self.elapsed
        left = self.limit - elapsed
        if self.countdown:
            # Warn at 5 min / 1 min left, or at a quarter / a tenth of a short question's time.
            warn, danger = min(300.0, self.limit / 4), min(60.0, self.limit / 10)
            self.update(f"⏳ {clock(left)} left")
            self.set_class(danger < left <= warn, "-warning")
            self.set_class(left <= danger, "-danger")
        else:
            self.update(f"⏱ {clock(elapsed)} / {clock(self.limit)}")
            self.set_class(0.8 * self.limit <= elapsed < self.limit, "-warning")
            self.set_class(elapsed >= self.limit, "-danger")
