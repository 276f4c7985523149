"""The base every screen shares: a typed handle on the app and its core services."""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar, cast

from textual.screen import ModalScreen, Screen

if TYPE_CHECKING:
    from interview.tui.app import InterviewApp

ResultT = TypeVar("ResultT")


class AppScreen(Screen[ResultT]):
    @property
    def interview(self) -> InterviewApp:
        return cast("InterviewApp", self.app)


class AppModal(ModalScreen[ResultT]):
    @property
    def interview(self) -> InterviewApp:
        return cast("InterviewApp", self.app)
