"""`bank check` asks every system-design prompt with scaled numbers for a sizing criterion of real weight
(issue 15), and the model answer to use the numbers of the important facts (issue 14)."""

from __future__ import annotations

from typing import Any

import pytest

from interview.bank.loader import Bank
from interview.bank.models import Fact, MLTheoryQuestion, SystemDesignQuestion
from interview.bank.sizing import scaled_numbers, sizing_problem
from interview.grading.bank_check import check_bank, fact_problems

NUMBERS_PROMPT = ("Rank 2,000 listings per search at 30,000 searches per second within 300 ms; "
                  "the catalogue is 2 TB and grows by 60 M items a year.")


def _criterion(dimension: str, ident: str) -> dict[str, Any]:
    return {"id": ident, "assesses": "Covers it", "dimension": dimension, "weight": 1,
            "key_points": ["a two-stage ranker scores the candidates"]}


def _design(prompt: str, *dimensions: str) -> SystemDesignQuestion:
    return SystemDesignQuestion.model_validate({
        "id": "sd.test-sizing", "title": "Test", "category": "system_design", "topics": ["search_ranking"],
        "difficulty": "medium", "minutes": 40, "prompt": prompt, "phases": ["architecture"],
        "model_answer": "A two-stage ranker scores the candidates.",
        "rubric": [_criterion(d, f"c{i}") for i, d in enumerate(dimensions)],
    })


def test_numbers_without_a_sizing_criterion_are_one_problem_naming_them() -> None:
    problem = sizing_problem(_design(NUMBERS_PROMPT, "architecture", "scaling", "cost"))
    assert problem is not None and "\n" not in problem
    for number in ('"2,000"', '"30,000 searches per second"', '"300 ms"', '"2 TB"', '"60 M items a year"'):
        assert number in problem
    assert "`sizing`" in problem


def test_a_sizing_criterion_satisfies_the_rule() -> None:
    assert sizing_problem(_design(NUMBERS_PROMPT, "architecture", "sizing")) is None


def test_a_prompt_without_scaled_numbers_needs_none() -> None:
    prompt = ("Five ML teams each build the same 3 features in notebooks; about 200 models run in "
              "production and 15% behave worse online. Design a feature store.")
    assert scaled_numbers(prompt) == []
    assert sizing_problem(_design(prompt, "architecture")) is None


def test_other_categories_are_not_asked() -> None:
    question = MLTheoryQuestion.model_validate({
        "id": "ml.test-sizing", "title": "Test", "category": "ml_theory", "topics": ["transformers"],
        "difficulty": "easy", "minutes": 5, "prompt": "How much memory do 70B parameters need in 16-bit?",
        "model_answer": "About 140 GB.", "rubric": [_criterion("fundamentals", "c0")],
    })
    assert sizing_problem(question) is None


@pytest.mark.parametrize(("text", "expected"), [
    ("1 million drafts a day", ["1 million drafts a day"]),
    ("10k QPS and $150,000 a month", ["10k", "$150,000"]),
    ("a 70B-parameter model on 256 GPUs", ["70B", "256 GPUs"]),
    ("6 pushes a day to 8 million users", ["6 pushes a day", "8 million"]),
    ("15 ML teams, 25 categories, 0.1% fraud, p99, 3-D Secure, 2nd price", []),
])
def test_scaled_numbers(text: str, expected: list[str]) -> None:
    assert scaled_numbers(text) == expected


def test_bank_check_reports_the_missing_sizing_criterion() -> None:
    question = _design(NUMBERS_PROMPT, "architecture")
    failures = check_bank(Bank(), [question])
    assert any(f.startswith("sd.test-sizing: the prompt states") for f in failures), failures


def test_a_sizing_criterion_too_light_to_move_the_grade_is_a_problem() -> None:
    question = _design(NUMBERS_PROMPT, "architecture", "sizing")
    heavy = question.rubric[0].model_copy(update={"weight": 3.0})
    light = question.model_copy(update={"rubric": [heavy, question.rubric[1]]})
    problem = sizing_problem(light)
    assert problem is not None and "rubric `c1`: weight 1" in problem and "at least 1.5" in problem
    weighty = question.rubric[1].model_copy(update={"weight": 2.0})
    fixed = light.model_copy(update={"rubric": [heavy, weighty]})
    assert sizing_problem(fixed) is None


def _with_fact(model_answer: str) -> SystemDesignQuestion:
    question = _design(NUMBERS_PROMPT, "sizing")
    fact = Fact(id="budget", about="monthly budget", answer="The budget is $80,000 a month.",
                asked_by=("what is the budget?",), important=True)
    return question.model_copy(update={"facts": (fact,), "model_answer": model_answer})


def test_bank_check_asks_the_model_answer_to_use_each_important_facts_number() -> None:
    ignored = fact_problems(_with_fact("A two-stage ranker scores 2,000 listings per search."))
    assert len(ignored) == 1 and ignored[0].startswith("facts `budget`: the model answer never uses 80000")
    assert fact_problems(_with_fact("At $80,000 a month the ranker runs on CPUs.")) == []
    failures = check_bank(Bank(), [_with_fact("A two-stage ranker.")])
    assert any(f.startswith("sd.test-sizing: facts `budget`") for f in failures), failures
