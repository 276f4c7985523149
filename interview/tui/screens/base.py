"""The base every screen shares: a typed handle on the app and its core services."""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar, cast

from textual.screen import ModalScreen, Screen

if TYPE_CHECKING:
    from interview.mock.talk import Talk
    from interview.tui.app import InterviewApp

ResultT = TypeVar("ResultT")


class AppScreen(Screen[ResultT]):
    @property
    def interview(self) -> InterviewApp:
        return cast("InterviewApp", self.app)

    def talker(self) -> Talk:
        """The interviewer for a conversation on this screen (the LLM's when one is configured),
        its notices shown as one-line warnings, behind the session's one circuit breaker."""
        from interview.mock.talk import Talk

        app = self.interview
        return Talk(app.settings.llm, app.context.paths,
                    notify=lambda message: self.notify(message, severity="warning", timeout=6),
                    breaker=app.interviewer_breaker)


class AppModal(ModalScreen[ResultT]):
    @property
    def interview(self) -> InterviewApp:
        return cast("InterviewApp", self.app)


class SavesText(AppScreen[None]):
    """A screen holding typed text: it saves on every screen change, and the app asks it on quit.

    Saves are handed to the application service, which writes them on its own
    thread in the order given, so calling this often costs the UI nothing.
    """

    def save_text_now(self) -> None:
        raise NotImplementedError

    def on_screen_suspend(self) -> None:
        self.save_text_now()

    def on_unmount(self) -> None:
        self.save_text_now()
