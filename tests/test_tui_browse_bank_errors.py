"""`--bank` problems reach the user in one line: a bad path stops the app with one clear
error, and a pack that loads with skipped files says which, instead of staying silent."""

from __future__ import annotations

from pathlib import Path

import pytest

from interview.app.context import Context
from interview.app.service import Hooks
from interview.paths import Paths
from interview.tui.app import InterviewApp
from tests.bankfixtures import ML_QUESTION, write_pack
from tests.test_tui_practice import until
from tests.tui_fakes import FakeClock


def app_with(paths: Paths, *banks: Path) -> InterviewApp:
    return InterviewApp(Context(paths, list(banks)), Hooks(now=FakeClock()))


async def test_a_missing_bank_path_is_one_line_naming_it(
        paths: Paths, tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "300")  # as wide as a terminal the long tmp path fits in
    missing = tmp_path / "no-such-pack"
    app = app_with(paths, missing)
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: app.return_code is not None)
    printed = [line for line in capsys.readouterr().err.splitlines() if line.strip()]
    assert app.return_code == 1
    assert len(printed) == 1, printed  # was a 200-line traceback
    assert printed[0].startswith("interview: error: --bank ") and str(missing) in printed[0]


async def test_skipped_files_are_listed_in_a_notice(paths: Paths, tmp_path: Path) -> None:
    broken = ML_QUESTION.format(id="ml.broken").replace('difficulty = "easy"', 'difficulty = "trivial"')
    bad_toml = 'id = "ml.half"\ntitle = "unterminated\n'
    write_pack(tmp_path / "packs", "mine", {
        "good.toml": ML_QUESTION.format(id="ml.mine-good"),
        "broken.toml": broken,
        "half.toml": bad_toml,
    })
    app = app_with(paths, tmp_path / "packs")
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: app.ready)
        await until(pilot, lambda: any("skipped" in n.message for n in app._notifications))
        notice = next(n for n in app._notifications if "skipped" in n.message)
        assert notice.severity == "warning"
        assert "2 question files skipped" in notice.message
        assert "broken.toml:" in notice.message and "difficulty" in notice.message
        assert "half.toml:" in notice.message and "toml: not valid TOML" in notice.message
        assert "interview bank validate" in notice.message  # where the full list is
        assert app.bank is not None and "ml.mine-good" in app.bank.questions  # the rest loaded
    app.close_store()


async def test_a_clean_bank_shows_no_notice(paths: Paths) -> None:
    app = app_with(paths)
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: app.ready)
        await pilot.pause(0.1)
        assert not any("skipped" in n.message for n in app._notifications)
    app.close_store()
