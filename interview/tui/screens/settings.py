"""Settings: the LLM provider, daily cost cap, target interview date and theme.

Saved to config.toml through the core's validated `save_settings`; the API key
lives in the environment only, and this screen says whether it is there
without ever showing it.
"""

from __future__ import annotations

import os
from collections.abc import Awaitable
from datetime import date

from pydantic import ValidationError
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, VerticalScroll
from textual.widgets import Button, Footer, Input, Label, Select, Static

from interview.config import Settings
from interview.tui.screens.base import AppScreen
from interview.tui.screens.confirm import ChoiceModal
from interview.tui.widgets.header import Header

PROVIDERS = [("Off (offline scores only)", "off"), ("Anthropic", "anthropic"),
             ("OpenAI-compatible server", "openai-compatible")]
KEY_VARIABLES = {"anthropic": ("ANTHROPIC_API_KEY", "ANTHROPIC_AUTH_TOKEN"),
                 "openai-compatible": ("OPENAI_API_KEY",)}


def key_status(provider: str) -> str:
    """Whether a key is in the environment: the names only, never the value."""
    names = KEY_VARIABLES.get(provider)
    if not names:
        return "[dim]No key needed.[/]"
    present = [n for n in names if os.environ.get(n)]
    if present:
        return f"[green]✓ {present[0]} is set[/] in the environment."
    needed = " or ".join(names)
    if provider == "openai-compatible":
        return f"[dim]{needed} is not set (a local server may not need one).[/]"
    return f"[yellow]✗ {needed} is not set.[/] Export it before starting interview."


class SettingsScreen(AppScreen[None]):
    CSS_PATH = "settings.tcss"
    BINDINGS = [
        Binding("ctrl+s", "save", "Save"),
        Binding("escape", "back", "Back"),
    ]

    def compose(self) -> ComposeResult:
        settings = self.interview.settings
        target = settings.practice.target_interview_date
        themes = sorted(self.app.available_themes)
        yield Header()
        with VerticalScroll(id="settings", classes="panel") as scroll:
            scroll.border_title = "Settings"
            scroll.border_subtitle = "ctrl+s saves"
            with Grid(id="form"):
                yield Label("LLM feedback")
                yield Select(PROVIDERS, value=settings.llm.provider, allow_blank=False, id="provider",
                             compact=True)
                yield Label("API key")
                yield Static(key_status(settings.llm.provider), id="key-status")
                yield Label("Model")
                yield Input(settings.llm.model, id="model", compact=True)
                yield Label("Base URL")
                yield Input(settings.llm.base_url, placeholder="http://localhost:8080/v1", id="base-url",
                            compact=True)
                yield Label("Daily cost cap ($)")
                yield Input(f"{settings.llm.daily_cost_cap_usd:g}", type="number", id="cost-cap",
                            compact=True)
                yield Label("Interview date")
                yield Input(target.isoformat() if target else "", placeholder="YYYY-MM-DD", id="target",
                            compact=True)
                yield Label("Theme")
                yield Select([(t, t) for t in themes], value=self.app.theme, allow_blank=False, id="theme",
                             compact=True)
            yield Button("Save", id="save", variant="primary")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.saved = self._form()
        self.query_one("#provider").focus()

    def _form(self) -> dict[str, object]:
        return {
            "provider": self.query_one("#provider", Select).value,
            "model": self.query_one("#model", Input).value.strip(),
            "base_url": self.query_one("#base-url", Input).value.strip(),
            "cost": self.query_one("#cost-cap", Input).value.strip(),
            "target": self.query_one("#target", Input).value.strip(),
            "theme": self.query_one("#theme", Select).value,
        }

    @on(Select.Changed, "#provider")
    def _provider(self, event: Select.Changed) -> None:
        self.query_one("#key-status", Static).update(key_status(str(event.value)))

    @on(Select.Changed, "#theme")
    def _theme(self, event: Select.Changed) -> None:
        self.app.theme = str(event.value)  # preview at once; saved with the rest

    @on(Button.Pressed, "#save")
    def _save_pressed(self) -> None:
        self.action_save()

    def action_save(self) -> bool:
        form = self._form()
        try:
            target = date.fromisoformat(str(form["target"])) if form["target"] else None
        except ValueError:
            self.notify(f"Interview date '{form['target']}' is not a date; write it as YYYY-MM-DD.",
                        severity="error")
            return False
        current = self.interview.settings
        try:
            settings = Settings.model_validate({
                "llm": {**current.llm.model_dump(), "provider": form["provider"], "model": form["model"],
                        "base_url": form["base_url"], "daily_cost_cap_usd": form["cost"] or 0},
                "practice": {**current.practice.model_dump(), "target_interview_date": target},
                "ui": {**current.ui.model_dump(), "theme": form["theme"]},
                "scoring": current.scoring.model_dump(),
            })
        except ValidationError as exc:
            error = exc.errors()[0]
            field = ".".join(str(p) for p in error["loc"])
            self.notify(f"{field}: {error['msg']}", severity="error")
            return False
        self.saved = form
        # Queued now, reported by the app's worker: leaving right after Save cannot cancel the write.
        saving = self.interview.service.save_settings(settings)
        self.app.run_worker(self._saved(saving), group="save-settings", exit_on_error=False)
        return True

    async def _saved(self, saving: Awaitable[None]) -> None:
        app = self.interview
        try:
            await saving
        except OSError as exc:
            app.notify(f"Settings were not saved: {exc}", severity="error")
            return
        app.notify(f"Saved to {app.context.paths.config_file}", title="Settings")
        app.changed()

    def action_back(self) -> None:
        if self._form() == self.saved:
            self.app.pop_screen()
            return

        def chosen(choice: str | None) -> None:
            if choice == "save" and self.action_save():
                self.app.pop_screen()
            elif choice == "discard":
                self.app.theme = self.interview.settings.ui.theme
                self.app.pop_screen()

        self.app.push_screen(ChoiceModal("Unsaved settings", "Save your changes before leaving?",
                                         [("stay", "Stay", "default"), ("discard", "Discard", "error"),
                                          ("save", "Save", "primary")]), chosen)
