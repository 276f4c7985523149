"""Loading packs: valid questions load, and every broken file is reported precisely."""

from __future__ import annotations

from pathlib import Path

import pytest

from interview.bank.cache import load_bank
from interview.bank.loader import load_roots
from interview.bank.models import CodingQuestion, MLTheoryQuestion
from interview.errors import UserError
from interview.paths import Paths, builtin_bank_dir
from tests.bankfixtures import ML_QUESTION, write_pack


def test_builtin_bank_loads_without_problems() -> None:
    bank = load_roots([builtin_bank_dir()])
    assert bank.problems == []
    assert {q.category for q in bank} == {"coding", "ml_theory", "system_design", "behavioural"}
    two_sum = bank.get("coding.two-sum")
    assert isinstance(two_sum, CodingQuestion)
    assert len(two_sum.code.hidden_tests) >= 3
    assert two_sum.pack == "core-coding"


def test_valid_pack_loads_with_key_point_shorthand(tmp_path: Path) -> None:
    write_pack(tmp_path, "mine", {"q.toml": ML_QUESTION.format(id="mine.overfit")})
    bank = load_roots([tmp_path])
    assert bank.problems == []
    question = bank.get("mine.overfit")
    assert isinstance(question, MLTheoryQuestion)
    points = question.rubric[0].key_points
    assert [p.text for p in points] == ["fits noise in the training data", "validation error rises"]
    assert points[1].also == ("gap",)


def _problems(tmp_path: Path, text: str) -> list[str]:
    write_pack(tmp_path, "broken", {"sub/q.toml": text, "ok.toml": ML_QUESTION.format(id="b.ok")})
    bank = load_roots([tmp_path])
    assert "b.ok" in bank.questions, "one broken file must not stop the rest"
    return [str(p).replace(str(tmp_path), "") for p in bank.problems]


def test_toml_syntax_error_names_the_line(tmp_path: Path) -> None:
    text = ML_QUESTION.format(id="b.bad").replace('minutes = 5', 'minutes = = 5')
    (problem,) = _problems(tmp_path, text)
    assert problem.startswith("/broken/sub/q.toml:7: toml: not valid TOML")


def test_bad_enum_value_names_field_line_and_value(tmp_path: Path) -> None:
    text = ML_QUESTION.format(id="b.bad").replace('"easy"', '"meduim"')
    (problem,) = _problems(tmp_path, text)
    assert problem.startswith("/broken/sub/q.toml:6: difficulty: Input should be")
    assert "(got 'meduim')" in problem


def test_unknown_topic_suggests_the_closest(tmp_path: Path) -> None:
    text = ML_QUESTION.format(id="b.bad").replace('["overfitting"]', '["overfiting"]')
    (problem,) = _problems(tmp_path, text)
    assert problem == "/broken/sub/q.toml:5: topics: unknown topic 'overfiting'; did you mean 'overfitting'?"


def test_nested_field_error_points_inside_the_table(tmp_path: Path) -> None:
    text = ML_QUESTION.format(id="b.bad").replace('dimension = "fundamentals"', 'dimension = "fundamental"')
    (problem,) = _problems(tmp_path, text)
    assert problem.startswith("/broken/sub/q.toml:16: rubric[0].dimension: unknown dimension 'fundamental'")


def test_missing_field_and_unknown_field(tmp_path: Path) -> None:
    text = ML_QUESTION.format(id="b.bad").replace("minutes = 5", "minuts = 5")
    problems = _problems(tmp_path, text)
    assert "/broken/sub/q.toml:1: minutes: required field is missing" in problems
    assert any(p.startswith("/broken/sub/q.toml:7: minuts: unknown field") for p in problems)


def test_missing_category_lists_the_choices(tmp_path: Path) -> None:
    text = ML_QUESTION.format(id="b.bad").replace('category = "ml_theory"', 'category = "maths"')
    (problem,) = _problems(tmp_path, text)
    assert problem == (
        "/broken/sub/q.toml:4: category: missing or not one of coding, ml_theory, system_design, behavioural"
    )


def test_duplicate_ids_name_both_files(tmp_path: Path) -> None:
    write_pack(tmp_path, "one", {"a.toml": ML_QUESTION.format(id="dup.q")})
    write_pack(tmp_path, "two", {"b.toml": ML_QUESTION.format(id="dup.q")})
    bank = load_roots([tmp_path])
    (problem,) = bank.problems
    assert problem.path.endswith("two/b.toml") and problem.field == "id"
    assert "duplicate id 'dup.q', also in" in problem.message and "one/a.toml" in problem.message


def test_code_test_needs_exactly_one_shape(tmp_path: Path) -> None:
    two_sum = (builtin_bank_dir() / "coding/arrays_hashing/two-sum.toml").read_text()
    text = two_sum.replace('name = "example"\nargs', 'name = "example"\nscript = "assert True"\nargs', 1)
    text = text.replace('id = "coding.two-sum"', 'id = "b.two"')
    write_pack(tmp_path, "code", {"t.toml": text})
    (problem,) = load_roots([tmp_path]).problems
    assert problem.field == "code.tests[0]"
    assert "exactly one of `args`, `calls` or `script`" in problem.message
    assert problem.line == text.splitlines().index("[[code.tests]]") + 1


def test_literal_values_are_parsed_not_executed(tmp_path: Path) -> None:
    two_sum = (builtin_bank_dir() / "coding/arrays_hashing/two-sum.toml").read_text()
    text = two_sum.replace('id = "coding.two-sum"', 'id = "b.two"').replace(
        'args = [[2, 7, 11, 15], 9]', 'args_literal = "__import__(\'os\').system(\'touch pwned\')"', 1
    )
    write_pack(tmp_path, "code", {"t.toml": text})
    (problem,) = load_roots([tmp_path]).problems
    assert "args_literal is not a Python literal" in problem.message
    assert not Path("pwned").exists()


def test_cache_is_reused_and_invalidated_by_a_change(tmp_path: Path, paths: Paths) -> None:
    pack = write_pack(paths.packs_dir, "mine", {"q.toml": ML_QUESTION.format(id="mine.q")})
    first = load_bank(paths)
    assert "mine.q" in first.questions
    assert list(paths.cache_dir.glob("bank-*.marshal"))
    assert load_bank(paths).questions.keys() == first.questions.keys()
    (pack / "q.toml").write_text(ML_QUESTION.format(id="mine.renamed"))
    again = load_bank(paths)
    assert "mine.renamed" in again.questions and "mine.q" not in again.questions


def test_corrupt_cache_is_ignored(paths: Paths) -> None:
    load_bank(paths)
    for cache_file in paths.cache_dir.glob("bank-*.marshal"):
        cache_file.write_bytes(b"not marshal data")
    assert len(load_bank(paths)) == len(load_roots([builtin_bank_dir()]))


def test_unknown_id_suggests_the_closest() -> None:
    bank = load_roots([builtin_bank_dir()])
    with pytest.raises(UserError, match=r"did you mean 'coding\.two-sum'"):
        bank.get("coding.two-summ")
