"""The CLI's name for the application context (it lives in `interview.app`, which the TUI uses too)."""

from interview.app.context import Context

__all__ = ["Context"]
