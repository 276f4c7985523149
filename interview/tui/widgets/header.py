"""Textual's Header, made safe to take down before it has shown its title."""

from __future__ import annotations

import contextlib

from textual import events
from textual.css.query import NoMatches
from textual.dom import NoScreen
from textual.widget import Widget
from textual.widgets import Header as TextualHeader
from textual.widgets._header import HeaderTitle


class Header(TextualHeader):
    """Textual's Header, whose title update tolerates a header already taken down.

    Textual's Header queues its first title update when it mounts.  A screen
    mounted just as the app quits (a mock's grading finished as ctrl+q was
    pressed) is taken down before that update runs, and Textual's update then
    raised NoMatches for the title and printed a traceback on the way out.  This
    registers the same updates (see textual.widgets.Header._on_mount), quietly
    skipping a header whose title is gone.
    """

    def _on_mount(self, event: events.Mount) -> None:
        event.prevent_default()  # replaces Header._on_mount (Widget's does nothing for a header)
        Widget._on_mount(self, event)

        async def set_title() -> None:
            with contextlib.suppress(NoScreen, NoMatches):
                self.query_one(HeaderTitle).update(self.format_title())

        self.watch(self.app, "title", set_title)
        self.watch(self.app, "sub_title", set_title)
        self.watch(self.screen, "title", set_title)
        self.watch(self.screen, "sub_title", set_title)
