"""The offline rubric scorer: matching, negation, synonyms, anti-gaming, STAR and the bank check."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from interview.bank.importers.qa import build_pack
from interview.bank.loader import Bank, load_roots
from interview.bank.models import (
    BehaviouralQuestion,
    Criterion,
    KeyPoint,
    MLTheoryQuestion,
)
from interview.errors import UserError
from interview.grading.rubric import score_answer, worth_llm_review
from interview.grading.rubric.check import check_text_question
from interview.grading.rubric.scorer import derive_key_points

REPO = Path(__file__).resolve().parent.parent


def ml_question(**overrides: object) -> MLTheoryQuestion:
    data: dict[str, object] = {
        "id": "t.reg", "title": "Regularisation", "category": "ml_theory", "topics": ("regularisation",),
        "difficulty": "easy", "minutes": 3,
        "prompt": "How does regularisation affect a model, and which kinds do you know?",
        "model_answer": "L2 regularisation shrinks weights and reduces variance; L1 gives sparse weights.",
        "rubric": (
            Criterion(id="effect", assesses="States the effect", dimension="fundamentals", weight=2,
                      key_points=(KeyPoint(text="regularisation reduces variance"),)),
            Criterion(id="kinds", assesses="Names kinds", dimension="application", weight=1,
                      key_points=(KeyPoint(text="L2 penalty on squared weights"),
                                  KeyPoint(text="L1 gives sparse weights", also=("lasso zeroes weights",)))),
        ),
    }
    data.update(overrides)
    return MLTheoryQuestion.model_validate(data)


@pytest.fixture(scope="module")
def bank() -> Bank:
    return load_roots([REPO / "question_bank"])


def criterion(result, cid):  # type: ignore[no-untyped-def]
    return next(c for c in result.criteria if c.criterion_id == cid)


def test_negation_does_not_earn_the_key_point() -> None:
    q = ml_question()
    said = score_answer(q, "Adding regularisation reduces variance because it keeps the weights small.")
    denied = score_answer(q, "Adding regularisation does not reduce variance, it only keeps weights small.")
    assert criterion(said, "effect").found == ["regularisation reduces variance"]
    assert criterion(denied, "effect").found == []
    assert "opposite" in criterion(denied, "effect").missing[0]


def test_negation_reaches_forward_only() -> None:
    q = ml_question()
    result = score_answer(q, "Regularisation reduces variance a lot when we do not have much data to use.")
    assert criterion(result, "effect").found == ["regularisation reduces variance"]


@pytest.mark.parametrize("phrase", ["weight decay", "ridge regression", "an L2 penalty"])
def test_synonyms_of_l2_meet(phrase: str) -> None:
    q = ml_question(rubric=(Criterion(id="l2", assesses="Names L2", dimension="fundamentals",
                                      key_points=(KeyPoint(text="L2"),)),))
    result = score_answer(q, f"I would add {phrase} to the loss so the weights stay small during training.")
    assert result.criteria[0].found == ["L2"]


def test_typos_and_british_spelling_still_match() -> None:
    q = ml_question()
    result = score_answer(q, "Regularization lowers the varience of the model, so it generalizes better.")
    assert criterion(result, "effect").score > 0.5


def test_evidence_is_the_sentence_that_earned_the_point() -> None:
    q = ml_question()
    answer = "Models can be big. Lasso zeroes weights, so it selects features. The weather is nice."
    kinds = criterion(score_answer(q, answer), "kinds")
    assert kinds.found == ["L1 gives sparse weights"]
    assert kinds.evidence == ["Lasso zeroes weights, so it selects features."]
    assert "L2 penalty" in kinds.verdict and "but not" in kinds.verdict


@pytest.mark.parametrize(("answer", "code"), [
    ("", "empty"),
    ("   \n ", "empty"),
    ("I don't know", "no-answer"),
    ("no idea, sorry", "no-answer"),
    ("asdkj qwrtzp xcvbnm lkjhg", "gibberish"),
])
def test_non_answers_score_zero_with_a_reason(answer: str, code: str) -> None:
    result = score_answer(ml_question(), answer)
    assert result.score == 0
    assert result.flags[0].startswith(code + ":")
    assert not worth_llm_review(result)


def test_copy_of_the_question_scores_about_zero(bank: Bank) -> None:
    q = bank.get("ml.bias-variance-tradeoff")
    result = score_answer(q, q.prompt)
    assert result.score <= 5
    assert any(f.startswith("copy-of-question") for f in result.flags)
    assert not worth_llm_review(result)


def test_keyword_salad_is_capped_at_30(bank: Bank) -> None:
    q = bank.get("ml.bias-variance-tradeoff")
    salad = ("bias variance underfitting overfitting irreducible noise decomposition capacity regularisation "
             "dropout early stopping bagging random forest learning curves more data features")
    result = score_answer(q, salad)
    assert result.score <= 30
    assert any(f.startswith("keyword-salad") for f in result.flags)
    assert not worth_llm_review(result)


def test_formulas_are_neither_gibberish_nor_salad() -> None:
    q = ml_question()
    result = score_answer(q, "P(B) = 0.6^3 * 0.4^3 = 0.0138\nP(C) = 20 * P(B) = 0.276")
    assert not any(f.split(":")[0] in {"gibberish", "keyword-salad"} for f in result.flags)


def test_a_real_answer_is_worth_an_llm_review(bank: Bank) -> None:
    q = bank.get("ml.bias-variance-tradeoff")
    strong = q.example("strong")
    assert strong is not None
    result = score_answer(q, strong.answer)
    assert result.grader == "rubric" and result.score >= 80
    assert worth_llm_review(result)


def test_star_structure_is_checked(bank: Bank) -> None:
    q = bank.get("beh.project-that-failed")
    assert isinstance(q, BehaviouralQuestion)
    weak = score_answer(q, "We had a project that failed because the data team gave us bad data and the "
                           "deadline was too short. It was not anyone's fault. In the end it worked out.")
    strong = score_answer(q, q.model_answer)
    assert strong.score - weak.score >= 40
    assert "STAR" in weak.summary and "what you learned" in weak.summary


def test_system_design_lists_phases_not_addressed(bank: Bank) -> None:
    q = bank.get("sd.rag-document-qa")
    result = score_answer(q, "I would embed the documents into a vector database and let the LLM answer "
                             "from the retrieved chunks with citations.")
    assert "phases not addressed" in result.summary and "cost" in result.summary


def test_sample_questions_pass_the_model_answer_and_gap_checks(bank: Bank) -> None:
    for qid in ("ml.bias-variance-tradeoff", "sd.rag-document-qa"):
        assert check_text_question(bank.get(qid), bank) == []


def test_reference_only_questions_are_scored_from_the_reference(tmp_path: Path) -> None:
    table = tmp_path / "qa.jsonl"
    table.write_text(json.dumps({
        "question": "What is the difference between L1 and L2 regularisation?",
        "reference_answer": "L1 adds the absolute weights and drives some weights to exactly zero, giving "
                            "sparse models. L2 adds squared weights and shrinks all weights smoothly.",
        "category": "ml_theory", "topics": "regularisation", "difficulty": "easy",
    }) + "\n")
    build_pack(table, tmp_path / "pack", "mine", "qa")
    imported = load_roots([tmp_path / "pack"])
    assert not imported.problems
    (q,) = list(imported)
    assert q.rubric[0].key_points == ()
    good = score_answer(q, "Lasso (L1) pushes some weights to zero so the model is sparse, while ridge "
                           "shrinks every weight a little.")
    off = score_answer(q, "Gradient descent follows the negative gradient with a learning rate.")
    assert good.score >= 70 > 20 >= off.score
    assert good.criteria[0].evidence


def test_a_reference_that_offers_alternatives_needs_fewer_of_its_ideas(tmp_path: Path) -> None:
    ideas = ("Dropout randomly zeroes units during training. Weight decay shrinks the weights toward zero. "
             "Early stopping halts training when validation loss rises. Data augmentation adds varied copies "
             "of the inputs.")
    rows = [{"question": f"Which methods reduce overfitting in a network? ({kind})", "reference_answer": ref,
             "category": "ml_theory", "topics": "regularisation", "difficulty": "easy"}
            for kind, ref in (("full", ideas), ("menu", "Possible methods: " + ideas))]
    table = tmp_path / "qa.jsonl"
    table.write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    build_pack(table, tmp_path / "pack", "mine", "qa")
    full, menu = sorted(load_roots([tmp_path / "pack"]), key=lambda q: "menu" in q.prompt)
    answer = "Dropout randomly zeroes some of the units of the network while it is training."
    assert score_answer(menu, answer).score > score_answer(full, answer).score


def test_a_references_opening_no_is_a_verdict_not_a_negation() -> None:
    reference = "No. Real traffic comes in bursts, so arrivals are not independent."
    points = derive_key_points(reference, frozenset())
    slots = [(slot[0], negated) for p in points for slot, negated in p.variants[0].slots]
    assert ("burst", False) in slots and ("independ", True) in slots


def test_qa_import_names_the_bad_row_and_column(tmp_path: Path) -> None:
    table = tmp_path / "qa.csv"
    table.write_text("question,reference answer,category,topics,difficulty\n"
                     "What is overfitting in a model?,Fitting noise.,ml_theory,overfitting,easy\n"
                     "What is dropout in a network?,Randomly zeroing units.,ml_theory,dropoutt,easy\n")
    with pytest.raises(UserError, match=r"row 3: column 'topics': unknown topic 'dropoutt'"):
        build_pack(table, tmp_path / "pack", "mine", "qa")


@pytest.mark.parametrize(("qid", "other_id"), [
    ("beh.project-that-failed", "beh.production-latency"),
    ("ml.bias-variance-tradeoff", "ml.multi-head-attention"),
    ("sd.rag-document-qa", "sd.model-drift-monitoring"),
])
def test_a_polished_answer_to_another_question_scores_at_most_30(bank: Bank, qid: str, other_id: str) -> None:
    q, other = bank.get(qid), bank.get(other_id)
    assert score_answer(other, other.model_answer).score >= 80  # well written, just not for `q`
    result = score_answer(q, other.model_answer)
    assert result.score <= 30
    assert any(f.startswith("off-topic:") for f in result.flags)
    assert "off-topic" in result.summary or "different question" in result.summary


def test_star_structure_earns_nothing_when_the_story_is_off_topic(bank: Bank) -> None:
    q = bank.get("beh.project-that-failed")
    story = ("At my last job our team ran the office coffee rota. My role was to order the beans. I compared "
             "three suppliers, I negotiated a discount and I set up a monthly delivery. As a result we saved "
             "20% on coffee. I learned that small habits add up, and since then I plan purchases ahead.")
    result = score_answer(q, story)
    assert result.score <= 15
    assert not any(f.startswith("off-topic") for f in score_answer(q, q.model_answer).flags)


def test_generic_words_weigh_less_than_distinctive_ones() -> None:
    from interview.grading.rubric.background import background, text_terms

    (learned,) = text_terms("learned")
    (mentor,) = text_terms("mentoring")
    idf = background().idf
    assert idf("behavioural", learned) < 0.2 < 0.6 < idf("behavioural", mentor)
    assert idf("coding", learned) == 1.0  # no background for a category: every term counts fully


def test_the_background_counts_terms_per_category(bank: Bank) -> None:
    from interview.grading.rubric.background import Background, build

    data = build(bank)
    sizes, frequencies = data["questions"], data["frequencies"]
    assert isinstance(sizes, dict) and isinstance(frequencies, dict)
    assert sizes["behavioural"] == sum(q.category == "behavioural" for q in bank)
    assert all(n >= 2 for counts in frequencies.values() for n in counts.values())
    rebuilt = Background(sizes, frequencies)
    assert rebuilt.idf("behavioural", "~learned") < rebuilt.idf("behavioural", "mentor")


@pytest.mark.parametrize("heading", ["Trade-offs and risks", "Tradeoffs", "trade offs"])
def test_design_phase_trade_offs_accepts_the_hyphenated_spelling(heading: str) -> None:
    from interview.grading.rubric.signals import phases_covered

    assert phases_covered(f"## {heading}\nCaching answers risks staleness.", ("trade_offs",)) == {
        "trade_offs": True}


def test_a_design_phase_shown_by_a_key_point_counts_without_its_heading_words(bank: Bank) -> None:
    """Working out the load in plain numbers addresses the requirements phase, though the answer never
    says "requirements", "QPS" or "scale": its sizing key points show it."""
    answer = ("200,000 chats a day is roughly 8,000 an hour, plenty to notice a jump in refusals within the "
              "hour. Each record is a few kilobytes, so a few gigabytes a day, cheap to keep for a month.")
    result = score_answer(bank.get("sd.llm-app-observability"), answer)
    sizing = next(c for c in result.criteria if c.criterion_id == "sizing")
    assert len(sizing.found) == 2
    assert "phases not addressed: data, architecture, evaluation, failure modes;" in result.summary
