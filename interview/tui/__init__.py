"""The Textual app. Imported only when the user opens the TUI."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from interview.app.context import Context
    from interview.mock.templates import MockRequest


def run_app(context: Context, mock: MockRequest | None = None) -> int:
    """Open the app; `mock` (from `interview mock`) starts or resumes a mock once data is loaded."""
    from interview.tui.app import InterviewApp

    app = InterviewApp(context, mock=mock)
    try:
        app.run()
    finally:
        app.close_store()
    return app.return_code or 0
