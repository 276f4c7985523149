"""Self-assessment: the user's own marks give a second score, kept beside the offline one."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from interview.bank.loader import Bank, load_roots
from interview.errors import UserError
from interview.grading.rubric import score_answer
from interview.grading.rubric.self_assess import key_points, self_assess
from interview.paths import builtin_bank_dir
from interview.progress.mastery import SELF_ASSESSED_WEIGHT, build_model, effective_score
from interview.progress.models import Attempt, attempt_row

ANSWER = ("Bias is error from overly simple assumptions, so the model underfits. Variance is how much the "
          "fit changes with the training sample; it shows as overfitting.")


@pytest.fixture(scope="module")
def bank() -> Bank:
    return load_roots([builtin_bank_dir()])


def test_marks_give_a_weighted_score(bank: Bank) -> None:
    result = score_answer(bank.get("ml.bias-variance-tradeoff"), ANSWER)
    points = key_points(result)
    assert len(points) == 11
    nothing = self_assess(result, {})
    everything: dict[str, list[str]] = {}
    for cid, text, _ in points:
        everything.setdefault(cid, []).append(text)
    assert nothing.score == 0 and self_assess(result, everything).score == 100
    # Both definitions (criterion weight 3 of 10) marked covered: 30.
    definitions = [t for cid, t, _ in points if cid == "definitions"]
    mine = self_assess(result, {"definitions": definitions})
    assert mine.score == 30.0
    assert mine.missed["fitting"] and mine.covered["definitions"] == definitions


def test_an_unknown_key_point_is_a_clear_error(bank: Bank) -> None:
    result = score_answer(bank.get("ml.bias-variance-tradeoff"), ANSWER)
    with pytest.raises(UserError, match="'made up' is not a key point of criterion 'definitions'"):
        self_assess(result, {"definitions": ["made up"]})


def test_mastery_counts_the_self_assessed_score_at_a_lower_weight(bank: Bank) -> None:
    question = bank.get("ml.bias-variance-tradeoff")
    result = score_answer(question, ANSWER)
    now = datetime(2026, 1, 1, tzinfo=UTC)
    attempt = Attempt(question_id=question.id, category=question.category, topics=list(question.topics),
                      answer=ANSWER, result=result, started_at=now, finished_at=now,
                      self_assessment=self_assess(result, {}))
    row = attempt_row(attempt, 0)
    assert row["s"] == result.score and row["sa"] == 0
    assert effective_score(row) == pytest.approx(result.score / (1 + SELF_ASSESSED_WEIGHT))
    plain = attempt_row(attempt.model_copy(update={"self_assessment": None}), 0)
    assert effective_score(plain) == result.score
    lower = build_model([row], now.timestamp()).categories["ml_theory"].mastery
    higher = build_model([plain], now.timestamp()).categories["ml_theory"].mastery
    assert lower < higher


def test_cli_self_assessment_prints_both_scores(tmp_path, monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    import io
    import json

    from interview.cli import main

    answer = tmp_path / "answer.txt"
    answer.write_text(ANSWER, "utf-8")
    monkeypatch.setattr("sys.stdin", io.StringIO("1,2,3,4\n"))
    code = main(["grade", "--question", "ml.bias-variance-tradeoff", "--answer", str(answer),
                 "--self-assess", "--json"])
    out, err = capsys.readouterr()
    data = json.loads(out)
    assert code == 0 and "Key points" in err
    assert data["self_assessment"]["score"] == 50.0  # definitions (3) and fitting (2) of 10
    monkeypatch.setattr("sys.stdin", io.StringIO("99\n"))
    assert main(["grade", "--question", "ml.bias-variance-tradeoff", "--answer", str(answer),
                 "--self-assess"]) != 0
    assert "there is no key point 99 (1-11)" in capsys.readouterr().err


async def test_tui_widget_scores_the_ticked_key_points(bank: Bank) -> None:
    from textual.app import App, ComposeResult
    from textual.widgets import Checkbox, Static

    from interview.grading.models import SelfAssessment
    from interview.tui.widgets.self_assessment import SelfAssessmentPanel

    result = score_answer(bank.get("ml.bias-variance-tradeoff"), ANSWER)
    got: list[SelfAssessment] = []

    class Host(App[None]):
        def compose(self) -> ComposeResult:
            yield SelfAssessmentPanel(result)

        def on_self_assessment_panel_assessed(self, event: SelfAssessmentPanel.Assessed) -> None:
            got.append(event.assessment)

    async with Host().run_test(size=(100, 60)) as pilot:
        panel = pilot.app.query_one(SelfAssessmentPanel)
        boxes = list(panel.query(Checkbox).results(Checkbox))
        assert [b.value for b in boxes] == [found for _, _, found in key_points(result)]
        for box in boxes[4:]:
            box.value = True  # the user says they made every other point too
        await pilot.click("#self-assess")
        await pilot.pause()
        assert got and got[0].score == 100.0
        assert "yours 100" in str(panel.query_one("#self-score", Static).render())
