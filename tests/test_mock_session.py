"""Mock sessions over a real store: choice of questions, scorecard, history, resume."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

import pytest

from interview.bank.cache import load_bank
from interview.bank.loader import Bank
from interview.bank.models import AnyQuestion, CodingQuestion
from interview.grading.models import CriterionScore, GradeResult
from interview.mock.engine import Phase
from interview.mock.scorecard import Grader, overall_signal, signal_for
from interview.mock.selection import choose_questions
from interview.mock.session import MockSessions
from interview.mock.templates import MockTemplate, RoundSpec, get_template, load_templates, parse_round
from interview.paths import Paths
from interview.progress.store import Store
from tests.test_mock_engine import FakeClock


@pytest.fixture
def bank(paths: Paths) -> Bank:
    return load_bank(paths)


def fake_result(question: AnyQuestion, score: float) -> GradeResult:
    dimension = question.rubric[0].dimension if question.rubric else "correctness"
    return GradeResult(
        question_id=question.id, category=question.category, score=score, summary="fake",
        criteria=[CriterionScore(criterion_id="c", dimension=dimension, assesses="Explains it",
                                 weight=1, score=score / 100, missing=["the key idea"])],
    )


def fixed_grader(score: float) -> Grader:
    """A grader that gives every answered question the same score."""

    async def grade(question: AnyQuestion, answer: str) -> GradeResult:
        return fake_result(question, score)

    return grade


def test_builtin_templates_are_valid_and_cover_the_issue(paths: Paths) -> None:
    templates = load_templates(paths)
    assert {"phone-screen", "onsite-loop", "coding-round", "system-design-round",
            "behavioural-round"} <= set(templates)
    phone = templates["phone-screen"]
    assert phone.minutes == 45
    assert [(r.category.value, r.questions) for r in phone.rounds] == [
        ("coding", 1), ("ml_theory", 2), ("behavioural", 1)]
    onsite = templates["onsite-loop"]
    assert [r.category.value for r in onsite.rounds] == [
        "coding", "ml_theory", "system_design", "behavioural"]


def test_user_template_overrides_and_bad_template_is_one_clear_line(paths: Paths) -> None:
    paths.templates_dir.mkdir(parents=True, exist_ok=True)
    (paths.templates_dir / "mine.toml").write_text(
        'id = "phone-screen"\nname = "My screen"\n'
        '[[rounds]]\ncategory = "coding"\nquestions = 1\nminutes = 30\n')
    assert get_template(paths, "phone-screen").name == "My screen"
    (paths.templates_dir / "bad.toml").write_text(
        'id = "bad"\nname = "Bad"\n[[rounds]]\ncategory = "cooking"\nquestions = 1\nminutes = 30\n')
    from interview.errors import UserError

    with pytest.raises(UserError, match=r"bad\.toml: rounds\.0\.category: Input should be"):
        load_templates(paths)


def test_parse_custom_round() -> None:
    spec = parse_round("coding:2:45:hard")
    assert (spec.category.value, spec.questions, spec.minutes, spec.difficulty) == ("coding", 2, 45, "hard")
    from interview.errors import UserError

    with pytest.raises(UserError, match="category:questions:minutes"):
        parse_round("coding-2")


def test_selection_prefers_weak_topics_fresh_questions_and_never_repeats(bank: Bank) -> None:
    ml = bank.filter(category="ml_theory")
    assert len(ml) >= 3
    now = datetime(2026, 11, 23, tzinfo=UTC)
    target = ml[-1]
    mastery = {t: 0.95 for q in ml for t in q.topics}
    mastery.update({t: 0.05 for t in target.topics})
    seen_recently = {q.id: now - timedelta(hours=1) for q in ml[:1]}
    tpl = MockTemplate(id="x", name="x", rounds=(RoundSpec(category="ml_theory", questions=2, minutes=10),
                                                  RoundSpec(category="ml_theory", questions=1, minutes=5)))
    for seed in range(5):
        rounds = choose_questions(bank, tpl, mastery=mastery, last_seen=seen_recently, now=now,
                                  rng=random.Random(seed))
        ids = [q.id for r in rounds for q in r]
        assert len(ids) == len(set(ids)) == 3
        assert set(rounds[0][0].topics) & set(target.topics), "a weak-topic question comes first"
        if len(ml) > 3:
            assert ml[0].id not in ids


def test_hire_signal_thresholds() -> None:
    assert [signal_for(s) for s in (100, 85, 84.9, 70, 69.9, 55, 54.9, 0)] == [
        "Strong hire", "Strong hire", "Hire", "Hire", "Lean no hire", "Lean no hire", "No hire", "No hire"]
    assert overall_signal(90, ["Strong hire", "Hire"]) == "Strong hire"
    assert overall_signal(90, ["Strong hire", "Lean no hire"]) == "Hire"
    assert overall_signal(75, ["Strong hire", "No hire"]) == "Lean no hire"
    assert overall_signal(40, ["No hire"]) == "No hire"


async def test_scorecard_is_recorded_and_feeds_the_history(paths: Paths, bank: Bank) -> None:
    clock = FakeClock()
    tpl = MockTemplate(id="two", name="Two rounds", rounds=(
        RoundSpec(category="ml_theory", questions=1, minutes=10),
        RoundSpec(category="behavioural", questions=1, minutes=5)))
    scores = {"ml_theory": 90.0, "behavioural": 30.0}

    async def grader(question: AnyQuestion, answer: str) -> GradeResult:
        return fake_result(question, scores[question.category] if answer else 0.0)

    with Store.open(paths) as store:
        sessions = MockSessions(store, bank, clock=clock)
        engine = sessions.new(tpl, rng=random.Random(1))
        engine.start()
        clock.advance(120)
        engine.submit("my ML answer")
        engine.start_next_round()
        engine.update_answer("a weak story")
        clock.advance(300)
        engine.tick()
        assert engine.phase == Phase.finished
        progress: list[tuple[int, int]] = []
        card = await sessions.finish(engine, grader=grader, progress=lambda d, t: progress.append((d, t)))
        assert progress[-1] == (2, 2)
        assert [r.signal for r in card.rounds] == ["Strong hire", "No hire"]
        assert card.score == pytest.approx((90 * 10 + 30 * 5) / 15, abs=0.1)
        assert card.signal == "Lean no hire"
        assert card.rounds[0].questions[0].time_used_s == 120
        assert card.improvements and card.improvements[0].topic in bank.get(
            card.rounds[1].questions[0].question_id).topics
        assert card.dimensions[0].score == 30.0
        attempts = store.attempts(mode="mock")
        assert len(attempts) == 2 and {a.mock_id for a in attempts} == {engine.state.id}
        # Finishing again (e.g. after a crash during grading) records nothing twice.
        await sessions.finish(engine, grader=grader)
        assert len(store.attempts(mode="mock")) == 2
        assert sessions.finished()[0].mock_id == engine.state.id
        assert sessions.unfinished() == []


def test_interrupted_mock_is_offered_for_resume(paths: Paths, bank: Bank) -> None:
    clock = FakeClock()
    only = RoundSpec(category="ml_theory", questions=1, minutes=10)
    tpl = MockTemplate(id="one", name="One", rounds=(only,))
    with Store.open(paths) as store:
        engine = MockSessions(store, bank, clock=clock).new(tpl)
        engine.start()
        engine.update_answer("before the crash")
        engine.save()
    clock.advance(60)
    with Store.open(paths) as store:
        sessions = MockSessions(store, bank, clock=clock)
        (state,) = sessions.unfinished()
        resumed = sessions.resume(state.id)
        resumed.resume_after_restart()
        slot = resumed.current_slot
        assert slot is not None and slot.answer == "before the crash"
        assert resumed.question_remaining_s() == 540


async def test_whole_onsite_loop_with_prepared_answers_and_real_graders(paths: Paths, bank: Bank) -> None:
    """Model answers and reference solutions, graded for real, make a hire."""
    clock = FakeClock()
    with Store.open(paths) as store:
        sessions = MockSessions(store, bank, clock=clock)
        engine = sessions.new(get_template(paths, "onsite-loop"), rng=random.Random(7))
        engine.start()
        while not engine.is_over:
            if engine.phase == Phase.between_rounds:
                engine.start_next_round()
                continue
            slot = engine.current_slot
            assert slot is not None
            question = bank.get(slot.question_id)
            clock.advance(slot.allotted_s / 2)
            answer = question.code.solution if isinstance(question, CodingQuestion) else question.model_answer
            engine.submit(answer)
        card = await sessions.finish(engine)
    assert len(card.rounds) == 4
    assert all(q.outcome == "submitted" for r in card.rounds for q in r.questions)
    assert card.signal in ("Strong hire", "Hire"), [(r.label, r.score) for r in card.rounds]
    assert all(r.signal in ("Strong hire", "Hire") for r in card.rounds)


async def test_mocks_are_listed_in_history_and_exported_in_the_report(
    paths: Paths, bank: Bank, capsys: pytest.CaptureFixture[str]
) -> None:
    from interview.cli import main

    clock = FakeClock()
    tpl = MockTemplate(id="t", name="Quick screen", rounds=(RoundSpec(category="ml_theory", questions=1,
                                                                       minutes=10),))

    with Store.open(paths) as store:
        sessions = MockSessions(store, bank, clock=clock)
        engine = sessions.new(tpl)
        engine.start()
        engine.submit("an answer")
        await sessions.finish(engine, grader=fixed_grader(60.0))
        MockSessions(store, bank, clock=clock).new(tpl).start()  # a second one, left running
    capsys.readouterr()
    assert main(["history", "--mocks"]) == 0
    rows = capsys.readouterr().out.splitlines()
    graded = next(line for line in rows if "graded" in line)
    assert "Quick" in graded and "60" in graded and "Lean no" in graded
    assert any("Quick" in line and "unfinished" in line for line in rows)
    assert main(["export", "--format", "md"]) == 0
    report = capsys.readouterr().out
    assert "## Mock interviews" in report and "Quick screen (strict) — 60/100, Lean no hire" in report
    assert "To improve: " in report
    assert main(["export", "--format", "html"]) == 0
    assert "<h2>Mock interviews</h2>" in capsys.readouterr().out


async def test_an_unanswered_question_is_advised_on_pacing(paths: Paths, bank: Bank) -> None:
    clock = FakeClock()
    tpl = MockTemplate(id="t", name="T", rounds=(RoundSpec(category="ml_theory", questions=1, minutes=1),))

    with Store.open(paths) as store:
        sessions = MockSessions(store, bank, clock=clock)
        engine = sessions.new(tpl)
        engine.start()
        clock.advance(61)
        engine.tick()
        card = await sessions.finish(engine, grader=fixed_grader(0.0))
    (improvement,) = card.improvements
    assert card.rounds[0].questions[0].outcome == "unanswered"
    assert "went unanswered — practise pacing" in improvement.advice and improvement.dimension is None


async def test_forfeited_and_unreached_questions_score_zero_and_do_not_feed_weak_topics(
        paths: Paths, bank: Bank) -> None:
    """Forfeited (even with text in it), empty and never-reached questions: zero, one kind of advice,
    never graded and never recorded as attempts, so Weak topics only hears about real answers."""
    clock = FakeClock()
    tpl = MockTemplate(id="t", name="T", rounds=(RoundSpec(category="ml_theory", questions=3, minutes=30),))
    graded: list[str] = []

    async def grader(question: AnyQuestion, answer: str) -> GradeResult:
        graded.append(answer)
        return fake_result(question, 80.0)

    with Store.open(paths) as store:
        sessions = MockSessions(store, bank, clock=clock)
        engine = sessions.new(tpl, rng=random.Random(3))
        engine.start()
        engine.submit("a real answer about variance")
        engine.update_answer("half a thought")
        engine.save()
        clock.advance(600)
        engine.resume_after_restart(forfeit=True)  # the second question is forfeited with text in it
        engine.abandon()  # the third is open but empty
        card = await sessions.finish(engine, grader=grader)
        outcomes = [q.outcome for q in card.rounds[0].questions]
        assert outcomes == ["submitted", "forfeited", "unanswered"]
        assert graded == ["a real answer about variance"]
        assert [q.score for q in card.rounds[0].questions] == [80.0, 0.0, 0.0]
        [attempt] = store.attempts(mode="mock")
        assert attempt.answer == "a real answer about variance"
    unanswered = [i for i in card.improvements if "unanswered" in i.advice]
    assert unanswered and all(i.dimension is None for i in unanswered)
