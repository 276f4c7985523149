"""Reports and the progress CLI: correct on a seeded history, nothing but the user's own data."""

from __future__ import annotations

import json
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from test_progress_factory import make_attempt

from interview.cli import main
from interview.paths import Paths
from interview.progress.store import Store

SECRET = "sk-ant-test-secret-key-123"


@pytest.fixture
def history(paths: Paths, monkeypatch: pytest.MonkeyPatch) -> Paths:
    """A week of real question ids: calibration is weak, two-sum is strong."""
    monkeypatch.setenv("ANTHROPIC_API_KEY", SECRET)
    monkeypatch.setenv("COLUMNS", "200")  # rich wraps tables at 80 columns when not on a terminal
    paths.config_file.write_text('[llm]\nprovider = "anthropic"\n\n[practice]\ntarget_interview_date = '
                                 f'"{(datetime.now(UTC) + timedelta(days=30)).date()}"\n')
    now = datetime.now(UTC)
    attempts = []
    for day in range(1, 8):
        attempts.append(make_attempt("coding.two-sum", score=95, at=now - timedelta(days=day),
                                     dimensions={"correctness": 0.95, "edge_cases": 0.9}))
        attempts.append(make_attempt("ml.calibration-basics", category="ml_theory", topics=("calibration",),
                                     score=25, dimensions={"fundamentals": 0.25},
                                     at=now - timedelta(days=day),
                                     answer="<script>alert(1)</script> calibration is accuracy",
                                     feedback="Define a reliability diagram."))
    with Store.open(paths) as store:
        store.record_attempts(attempts)
    return paths


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    assert main(list(argv)) == 0
    return capsys.readouterr().out


def test_summary_json_puts_the_weak_topic_first(history: Paths, capsys: pytest.CaptureFixture[str]) -> None:
    data = json.loads(_run(capsys, "summary", "--json"))
    assert data["topics"][0]["id"] == "calibration" and data["topics"][0]["status"] == "weak"
    assert data["total_attempts"] == 14
    ml = next(c for c in data["categories"] if c["category"] == "ml_theory")
    assert ml["readiness"]["days_left"] in (29, 30)


def test_summary_table_and_markdown(history: Paths, capsys: pytest.CaptureFixture[str]) -> None:
    table = _run(capsys, "summary")
    assert "area\tkind\tmastery" in table  # piped: the table's rows under its header
    assert table.index("Calibration") < table.index("Arrays and hashing")
    markdown = _run(capsys, "summary", "--markdown", "--category", "ml_theory")
    assert markdown.startswith("# Interview practice report") and "| Calibration | topic | 3" in markdown
    assert "Arrays and hashing" not in markdown


def test_history_lists_newest_first(history: Paths, capsys: pytest.CaptureFixture[str]) -> None:
    out = _run(capsys, "history", "--limit", "3")
    assert out.count("coding.two-sum") + out.count("ml.calibration-basics") == 3
    assert "No mock interviews yet." in _run(capsys, "history", "--mocks")


@pytest.mark.parametrize("fmt", ["md", "html", "json"])
def test_exported_reports_hold_scores_and_feedback_but_never_the_api_key(
    history: Paths, tmp_path: Path, capsys: pytest.CaptureFixture[str], fmt: str
) -> None:
    target = tmp_path / f"report.{fmt}"
    _run(capsys, "export", "--format", fmt, "--output", str(target))
    text = target.read_text("utf-8")
    assert SECRET not in text and "anthropic" not in text.lower().replace("provider", "")
    assert str(history.home) not in text
    assert "Calibration" in text and "Define a reliability diagram." in text
    if fmt == "html":
        assert "<script>alert" not in text and "&lt;script&gt;" in text
    if fmt == "json":
        data = json.loads(text)
        assert data["weak_areas"][0]["id"] == "calibration"
        assert len(data["recent_answers"]) == 10 and data["recent_answers"][0]["score"] in (25, 95)


def test_history_export_and_import_round_trip(
    history: Paths, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    backup = tmp_path / "backup.json"
    assert "wrote 14 attempts" in _run(capsys, "history", "export", str(backup))
    assert SECRET not in backup.read_text()
    monkeypatch.setenv("INTERVIEW_HOME", str(tmp_path / "new-laptop"))
    assert "imported 14 attempts (0 already here)" in _run(capsys, "history", "import", str(backup))
    assert "imported 0 attempts (14 already here)" in _run(capsys, "history", "import", str(backup))


def test_import_while_the_app_runs_is_refused_and_reading_still_works(
    history: Paths, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with Store.open(history):
        assert main(["history", "import", str(tmp_path / "x.json")]) == 1
        assert "in use by another running interview" in capsys.readouterr().err
        assert "calibration" in _run(capsys, "summary", "--json")


def test_progress_commands_do_not_import_textual(history: Paths) -> None:
    import subprocess

    code = ("import sys; from interview.cli import main; main(['summary', '--json']); "
            "sys.exit(int('textual' in sys.modules))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
