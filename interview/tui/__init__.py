"""The Textual app. Imported only when the user opens the TUI."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from interview.cli.context import Context


def run_app(context: Context) -> int:
    from interview.tui.app import InterviewApp

    app = InterviewApp(context)
    try:
        app.run()
    finally:
        app.close_store()
    return 0
