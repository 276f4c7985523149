"""Claims, not vocabulary: attack answers from issue 11 with bands frozen before the method changed.

Each answer was written, and its band chosen as a fair interviewer would score it, before the
scorer was changed.  Change the method to meet a band; never move the band to meet the method.
"""

from __future__ import annotations

import pytest

from interview.bank.loader import Bank, load_roots
from interview.bank.models import Criterion, KeyPoint, Misconception, MLTheoryQuestion
from interview.grading.rubric import score_answer
from interview.paths import builtin_bank_dir


@pytest.fixture(scope="module")
def bank() -> Bank:
    return load_roots([builtin_bank_dir()])


SWAPPED_BIAS_VARIANCE = """
Bias is the error that comes from the model being too sensitive to the particular training sample, while
variance is the error that comes from assumptions that are too simple. High bias means overfitting and high
variance means underfitting. Adding model complexity raises bias and lowers variance. To reduce bias, collect
more training data or add regularisation; to reduce variance, use a bigger model with more features.
Learning curves are not useful here.
"""

NEGATED_BIAS_VARIANCE = """
Bias is not error from overly simple assumptions, and variance is not sensitivity to the training sample.
High bias does not mean underfitting and high variance does not mean overfitting. The error is not bias
squared plus variance plus irreducible noise. More training data does not reduce variance, regularisation
never reduces variance, and averaging models with bagging does not reduce variance either; dropout, early
stopping and weight decay do nothing for it. A more expressive model does not reduce bias. Learning curves
cannot diagnose any of this.
"""

BURIED_BIAS_VARIANCE = """
Bias is error from overly simple assumptions and variance is sensitivity to the training sample. High bias
means underfitting and high variance means overfitting. The error is bias squared plus variance plus
irreducible noise, and more model complexity lowers bias and raises variance. Dropout increases variance, so
it should be avoided on large networks. More training data increases variance. Bagging increases variance
as well, because averaging many models makes the prediction less stable. A more expressive model increases
bias. Learning curves cannot tell underfitting from overfitting.
"""

PARAPHRASE_BIAS_VARIANCE = """
A model can be wrong in two ways. It can be too rigid to follow the real pattern, like a straight line
through curved data: that is bias, and it makes the model do badly on the training data and on new data,
which is underfitting. Or it can be jumpy: retrain it on another random sample and the fitted function moves
a lot. That is variance, and it shows as great training results but poor results on fresh data, which is
overfitting. The expected test error splits into the squared bias, the variance and noise nobody can remove.
A more flexible model lowers the first and raises the second. To calm a jumpy model I would gather more
examples, penalise large weights or use dropout, or average many models as bagging does. For a rigid model I
would add capacity or better features. Plotting training and validation error as the training set grows
tells me which problem I have.
"""

BASE_RATE_WRONG = """
We want P(harmful | flagged). The classifier catches 95% of harmful posts, so if a post is flagged the
probability it is actually harmful is 95 %. The flags are reliable, so they can trigger automatic removal;
precision is high because sensitivity is high.
"""

BASE_RATE_RIGHT = """
We want P(harmful | flagged). By Bayes' rule it is P(F|H)P(H) / P(F), with P(F) = 0.95 x 0.005 + 0.02 x 0.995
= 0.00475 + 0.0199 = 0.02465. So P(H|F) = 0.00475 / 0.02465, about 19 percent. Most flags are false positives
because harmful posts are rare: that is the base-rate fallacy, and 19% is the classifier's precision. Flags
should go to human review, not automatic removal.
"""

ATTENTION_SALAD = """
softmax -> QK^T / sqrt(d_k) :: V ; the of query key value && dot product, weighted sum of the values !!
variance d_k => saturate softmax ~ tiny gradients ... mask future positions -inf the before softmax ; n x n
score matrix / quadratic O(n^2) time memory -- the the of and
"""

LABELLING_TERSE = """
- Reqs: 25 classes, rare <1%, 20k label budget, clean test set, steady flow for retraining
- Guidelines per class + pilot with several labellers; merge classes people confuse
- Stratified random sample labelled first = untouched test/val set
- Active learning rounds: uncertainty (margin/entropy) + diversity (cluster embeddings, no near-dupes)
- Targeted search (keywords/embedding similarity) for rare classes
- LLM pre-labels, humans confirm/correct; some items labelled blind to check anchoring
- 10-20% double-labelled, Cohen's kappa per class, expert adjudicates disagreements,
  gold questions per labeller
- Eval: macro-F1 on fixed test set per round; stop when the learning curve flattens
- Trade-offs: AL set not representative (so random test set); pre-labels cheap but bias labellers
- Cost: cents to a dollar per label; LLM pre-labelling of 100k emails is cheap
"""


def test_swapped_definitions_score_low(bank: Bank) -> None:
    result = score_answer(bank.get("ml.bias-variance-tradeoff"), SWAPPED_BIAS_VARIANCE)
    assert result.score <= 40, (result.score, result.summary)
    assert result.contradictions, "a reversed claim must be quoted as a contradiction"


def test_negated_model_answer_scores_low(bank: Bank) -> None:
    result = score_answer(bank.get("ml.bias-variance-tradeoff"), NEGATED_BIAS_VARIANCE)
    assert result.score <= 20, (result.score, result.summary)
    remedies = next(c for c in result.criteria if c.criterion_id == "remedies")
    assert remedies.score <= 0.25, remedies.found  # "also" phrasings inside a negated clause earn nothing


def test_buried_wrong_claims_cost(bank: Bank) -> None:
    result = score_answer(bank.get("ml.bias-variance-tradeoff"), BURIED_BIAS_VARIANCE)
    assert 10 <= result.score <= 60, (result.score, result.summary)
    quoted = " ".join(c.sentence for c in result.contradictions)
    assert "Dropout increases variance" in quoted


def test_paraphrase_in_plain_words_earns_credit(bank: Bank) -> None:
    result = score_answer(bank.get("ml.bias-variance-tradeoff"), PARAPHRASE_BIAS_VARIANCE)
    assert result.score >= 60, (result.score, result.summary)


def test_base_rate_wrong_number_is_not_credited(bank: Bank) -> None:
    question = bank.get("ml.bayes-base-rate")
    wrong = score_answer(question, BASE_RATE_WRONG)
    answer = next(c for c in wrong.criteria if c.criterion_id == "answer")
    assert answer.found == [], answer.found
    assert wrong.score <= 35, (wrong.score, wrong.summary)
    right = score_answer(question, BASE_RATE_RIGHT)
    assert next(c for c in right.criteria if c.criterion_id == "answer").found
    assert right.score >= 70, (right.score, right.summary)


def test_keyword_salad_with_symbols_is_capped(bank: Bank) -> None:
    result = score_answer(bank.get("ml.scaled-dot-product-attention"), ATTENTION_SALAD)
    assert result.score <= 30, (result.score, result.summary)
    assert any(f.startswith("keyword-salad") for f in result.flags)


def test_terse_bullets_of_a_design_are_not_salad(bank: Bank) -> None:
    result = score_answer(bank.get("sd.labelling-pipeline"), LABELLING_TERSE)
    assert not any(f.startswith("keyword-salad") for f in result.flags), result.flags
    assert result.score >= 55, (result.score, result.summary)


def _toy(prompt: str, model: str, points: tuple[str, ...], **extra: object) -> MLTheoryQuestion:
    return MLTheoryQuestion.model_validate({
        "id": "t.toy", "title": "Toy question", "category": "ml_theory", "topics": ("statistics",),
        "difficulty": "easy", "minutes": 2, "prompt": prompt, "model_answer": model,
        "rubric": (Criterion(id="main", assesses="Makes the points", dimension="fundamentals",
                             key_points=tuple(KeyPoint(text=p) for p in points)),),
        **extra,
    })


@pytest.mark.parametrize("answer", [
    "Pass-by-reference means the function receives a reference to the caller's object, so changes made "
    "inside the function are visible to the caller.",
    "None, just the object reference is copied: Python passes references by value, so mutating the list "
    "inside the function changes the caller's list but rebinding the name does not.",
])
def test_pass_and_none_are_non_answers_only_alone(answer: str) -> None:
    q = _toy("How does Python pass arguments to functions: by value or by reference?",
             "Python passes object references by value: mutating the object is visible to the caller, "
             "rebinding the parameter is not.",
             ("object references are passed by value", "mutating the object is visible to the caller"))
    result = score_answer(q, answer)
    assert not any(f.startswith(("no-answer", "empty")) for f in result.flags), result.flags
    assert result.score > 0


@pytest.mark.parametrize("answer", ["Pass", "None.", "pass - no idea", "None"])
def test_standalone_pass_and_none_are_non_answers(answer: str) -> None:
    q = _toy("How does Python pass arguments to functions?", "Object references are passed by value.",
             ("object references are passed by value",))
    result = score_answer(q, answer)
    assert result.score == 0
    assert any(f.startswith("no-answer") for f in result.flags)


@pytest.mark.parametrize("answer", [
    "a[i] = *(a+i)",
    "P(X=2) = C(5,2) * 0.3^2 * 0.7^3 = 10 * 0.09 * 0.343 = 0.3087",
    "x = np.linalg.solve(A.T @ A, A.T @ y)",
])
def test_code_and_formulas_are_not_gibberish(answer: str) -> None:
    q = _toy("Write the expression or computation.", "a[i] = *(a+i)", ("a[i] equals *(a+i)",))
    result = score_answer(q, answer)
    assert not any(f.startswith("gibberish") for f in result.flags), result.flags


def test_answer_using_the_questions_words_is_not_a_copy() -> None:
    q = _toy("What is the base case of merge sort?", "The base case is a list of one element (or none), "
             "which is already sorted.", ("a list of one element is already sorted",))
    result = score_answer(q, "The base case of merge sort is one element")
    assert not any(f.startswith("copy-of-question") for f in result.flags), result.flags
    assert result.score >= 40, (result.score, result.summary)


def test_pasted_question_is_a_copy() -> None:
    q = _toy("What is the base case of merge sort?", "A list of one element, which is already sorted.",
             ("a list of one element is already sorted",))
    result = score_answer(q, "What is the base case of merge sort?")
    assert result.score <= 5


ROLE_QUESTION = dict(
    prompt="In attention, what is the softmax taken over, and what does the output mix?",
    model="The softmax is taken over the keys for each query, and the output is a weighted sum of "
          "the values.",
    points=("the softmax is taken over the keys", "the output is a weighted sum of the values"),
)


def test_roles_swapped_is_a_contradiction() -> None:
    q = _toy(ROLE_QUESTION["prompt"], ROLE_QUESTION["model"], ROLE_QUESTION["points"])  # type: ignore[arg-type]
    right = score_answer(q, "For each query the softmax is taken over the keys, and the output is a "
                            "weighted sum of the values.")
    wrong = score_answer(q, "For each key the softmax is taken over the queries, and the output is a "
                            "weighted sum of the keys.")
    assert right.score >= 80
    assert wrong.score <= 30, (wrong.score, wrong.summary)
    assert wrong.contradictions


@pytest.mark.parametrize("answer", [
    "Early stopping increases overfitting.",
    "Early stopping adds to overfitting.",
    "Early stopping makes overfitting worse.",
])
def test_antonym_direction_is_a_contradiction(answer: str) -> None:
    q = _toy("What does early stopping do to overfitting?", "Early stopping reduces overfitting.",
             ("early stopping reduces overfitting",))
    result = score_answer(q, answer)
    assert result.score <= 20, (result.score, result.summary)
    assert result.contradictions and result.contradictions[0].sentence == answer


@pytest.mark.parametrize(("answer", "made"), [
    ("The p-value threshold is usually 0.05.", True),
    ("The p-value threshold is usually 5%.", True),
    ("The p-value threshold is usually 0.5.", False),
    ("The usual threshold is 50 percent.", False),
])
def test_numeric_key_point_compares_the_number(answer: str, made: bool) -> None:
    q = MLTheoryQuestion.model_validate({
        "id": "t.num", "title": "Threshold", "category": "ml_theory", "topics": ("statistics",),
        "difficulty": "easy", "minutes": 1, "prompt": "What significance threshold is conventional?",
        "model_answer": "Usually 0.05.",
        "rubric": (Criterion(id="main", assesses="Gives the threshold", dimension="fundamentals",
                             key_points=(KeyPoint(text="the threshold is 0.05", value=0.05,
                                                  tolerance=0.001),)),),
    })
    result = score_answer(q, answer)
    assert bool(result.criteria[0].found) is made, (answer, result.criteria[0])


def _misconception_question() -> MLTheoryQuestion:
    return _toy(
        "What does high bias mean for a model?",
        "High bias means the model underfits: its assumptions are too simple, so training error is high.",
        ("high bias means underfitting", "training error is high"),
        misconceptions=(Misconception(
            claim="high bias means overfitting", also=("a biased model overfits",),
            correction="High bias is underfitting: the model is too simple.", penalty=30,
            example="High bias means the model overfits the training data."),),
    )


def test_misconception_costs_its_penalty_and_quotes_the_sentence() -> None:
    q = _misconception_question()
    clean = score_answer(q, "High bias means underfitting, and training error is high.")
    wrong = score_answer(q, "Training error is high. High bias means the model overfits the training data.")
    assert clean.score >= 80
    assert wrong.score <= 40, (wrong.score, wrong.summary)
    hit = wrong.misconceptions[0]
    assert hit.sentence == "High bias means the model overfits the training data."
    assert "underfitting" in hit.correction


def test_negated_misconception_is_not_charged() -> None:
    q = _misconception_question()
    result = score_answer(q, "High bias does not mean overfitting: high bias means underfitting, and "
                             "training error is high.")
    assert result.misconceptions == []
    assert result.score >= 70


def test_every_score_has_a_confidence(bank: Bank) -> None:
    question = bank.get("ml.bias-variance-tradeoff")
    model = score_answer(question, question.model_answer)
    conflicted = score_answer(question, BURIED_BIAS_VARIANCE)
    assert model.confidence == "high"
    assert conflicted.confidence == "low"
    assert conflicted.confidence_reason


def test_bank_check_requires_misconception_examples_to_score_low(bank: Bank) -> None:
    from interview.grading.rubric.check import check_text_question

    assert check_text_question(_misconception_question(), bank) == []
    lenient = _misconception_question().model_copy(update={"misconceptions": (Misconception(
        claim="bias is always bad", correction="Some bias is the price of lower variance.", penalty=5,
        example="High bias means underfitting and training error is high."),)})
    problems = check_text_question(lenient, bank)
    assert any(p.startswith("misconceptions[0].example scores") for p in problems), problems


@pytest.mark.parametrize(("sentence", "declined"), [
    ("We retrain weekly rather than tuning the threshold.", "tune"),
    ("I told my manager within the hour instead of waiting for the test.", "wait"),
])
def test_rather_than_and_instead_of_decline_what_follows(sentence: str, declined: str) -> None:
    """"X rather than Y" asserts X and declines Y: Y's words count as negated, X's do not."""
    from interview.grading.rubric.lexicon import lexicon
    from interview.grading.rubric.text import analyse

    polarity = {term: negated for term, negated in analyse(sentence, lexicon()).terms()}
    assert any(negated for term, negated in polarity.items() if term.startswith(declined)), polarity
    assert not any(polarity.get(t) for t in ("retrain", "told", "manag")), polarity


def test_a_sentence_that_states_the_correction_is_not_charged(bank: Bank) -> None:
    """The correction in other words ("B starts at zero, A random") is not the misconception it corrects."""
    lora = bank.get("ml.lora-qlora")
    wrong = next(m for m in lora.misconceptions if m.claim.startswith("both LoRA matrices"))
    right = score_answer(lora, "At initialisation B is all zeros and A gets small random values, so the "
                               "update BA starts at zero and the model begins exactly as the base model.")
    made = score_answer(lora, wrong.example)
    assert wrong.claim not in [m.claim for m in right.misconceptions]
    assert wrong.claim in [m.claim for m in made.misconceptions]


@pytest.mark.parametrize(("answer", "reversed_point"), [
    ("Leakage shows up as suspiciously low offline scores.", "suspiciously high scores"),
    ("Validate on earlier time periods than the training data.", "validate on later time periods"),
])
def test_a_modifier_or_time_word_reverses_a_key_point(bank: Bank, answer: str, reversed_point: str) -> None:
    """"low offline scores" directs "scores"; "earlier periods" is the opposite of "later" ones."""
    leakage = bank.get("ml.target-leakage")
    assert reversed_point in [c.claim for c in score_answer(leakage, answer).contradictions]
    right = answer.replace("low", "high").replace("earlier", "later")
    assert not score_answer(leakage, right).contradictions
