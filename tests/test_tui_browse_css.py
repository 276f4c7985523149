"""Screen CSS is scoped to its screen: one screen's `.tcss` never restyles another.

Textual keeps every stylesheet it has loaded for the rest of the run, so an
unscoped `#dialog { width: 66 }` in one modal's file restyles every later
`#dialog` once that modal has been opened.  (Named test_tui_browse_* because the
Browse work owns the stylesheets.)
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re
from pathlib import Path

from textual.app import App
from textual.screen import Screen

import interview.tui.screens as screens_package
from interview.tui.screens.confirm import ChoiceModal
from interview.tui.screens.custom_mock import CustomMockModal

SCREENS_DIR = Path(screens_package.__file__).parent


class Bare(App[None]):
    """Just the app's shared stylesheet, so the test sees only what the screens' own CSS does."""

    CSS_PATH = SCREENS_DIR.parent / "app.tcss"


def confirm() -> ChoiceModal:
    choices = [("stay", "Stay", "primary"), ("go", "Leave", "default")]
    return ChoiceModal("Leave?", "Your draft is kept.", choices)


async def open_confirm(app: App[None]) -> int:
    """Open the confirm dialog, return its width, close it."""
    await app.push_screen(confirm())
    await app.workers.wait_for_complete()
    width = app.screen.query_one("#dialog").outer_size.width
    app.pop_screen()
    return width


async def test_the_confirm_dialog_keeps_its_width_after_the_custom_mock_dialog() -> None:
    app = Bare()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        first = await open_confirm(app)
        await pilot.pause()
        await app.push_screen(CustomMockModal())
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        again = await open_confirm(app)
    assert first == 64
    assert again == first  # was 66: custom_mock.tcss's `#dialog` restyled the confirm dialog


def screen_classes() -> dict[Path, set[str]]:
    """Each screen stylesheet and the names of the screen classes that load it."""
    users: dict[Path, set[str]] = {}
    for module_info in pkgutil.iter_modules([str(SCREENS_DIR)]):
        module = importlib.import_module(f"interview.tui.screens.{module_info.name}")
        for name, cls in inspect.getmembers(module, inspect.isclass):
            css_path = cls.__dict__.get("CSS_PATH")
            if issubclass(cls, Screen) and cls.__module__ == module.__name__ and isinstance(css_path, str):
                users.setdefault(SCREENS_DIR / css_path, set()).add(name)
    return users


def top_level_selectors(css: str) -> list[str]:
    """The selectors of the rules at the outermost level of a stylesheet (nesting not entered)."""
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    selectors, depth, start = [], 0, 0
    for position, char in enumerate(css):
        if char == "{":
            if depth == 0:
                selectors += [s.strip() for s in css[start:position].split(",")]
            depth += 1
        elif char == "}":
            depth -= 1
            start = position + 1
    return selectors


def test_every_screen_stylesheet_is_scoped_by_its_screen_type() -> None:
    users = screen_classes()
    assert set(users) == set(SCREENS_DIR.glob("*.tcss"))  # no stylesheet without a screen
    for path, names in users.items():
        selectors = top_level_selectors(path.read_text("utf-8"))
        heads = set()
        for selector in selectors:
            head = re.match(r"[A-Za-z_][A-Za-z0-9_]*", selector)
            assert head and head.group() in names, f"{path.name}: `{selector}` not scoped by {sorted(names)}"
            heads.add(head.group())
        assert heads == names, path.name  # a file shared by two screens is scoped by both


def test_the_scope_check_catches_a_leak() -> None:
    assert top_level_selectors("A {\n #x { width: 1; }\n}\n#dialog { width: 2; }") == ["A", "#dialog"]
    assert top_level_selectors("/* B { } */ A, B { &.-wide #y {} }") == ["A", "B"]
