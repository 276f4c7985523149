"""Shared fixtures: every test runs with its own INTERVIEW_HOME, never the user's."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from interview.paths import Paths
from tests.fake_llm import FakeServer

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"


@pytest.fixture(autouse=True)
def interview_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "home"
    monkeypatch.setenv("INTERVIEW_HOME", str(home))
    for key in ("ANTHROPIC_API_KEY", "ANTHROPIC_AUTH_TOKEN", "ANTHROPIC_BASE_URL", "OPENAI_API_KEY"):
        monkeypatch.delenv(key, raising=False)
    return home


@pytest.fixture
def paths(interview_home: Path) -> Paths:
    return Paths(interview_home).ensure()


@pytest.fixture
def server() -> Iterator[FakeServer]:
    """A fake LLM server on 127.0.0.1 (both providers' APIs), scripted per test."""
    with FakeServer() as fake:
        yield fake
