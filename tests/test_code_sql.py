"""SQL answers: one read-only query, run with sqlite3 in the sandbox, its rows judged on the trusted side.

The verdicts in HOSTILE and WRONG were written down before the SQL judge existed and are frozen:
a change that breaks one is a change to the method, never to the table.
"""

from __future__ import annotations

import datetime
import functools
import json
import tomllib
from pathlib import Path
from typing import Any

import pydantic
import pytest

from interview.bank.loader import load_roots
from interview.bank.models import CodingQuestion
from interview.cli import main
from interview.grading.code import grade_code
from interview.grading.code.check import check_coding_questions
from interview.grading.code.sql import check_query
from interview.paths import Paths, builtin_bank_dir
from tests.bankfixtures import write_pack

SCHEMA = """
CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT, country TEXT);
CREATE TABLE orders (id INTEGER PRIMARY KEY, user_id INTEGER, amount REAL, day TEXT);
"""
USERS = [[1, "ann", "uk"], [2, "bob", "fr"], [3, "cy", "uk"]]
ORDERS = [[10, 1, 5.0, "2024-01-01"], [11, 1, 7.5, "2024-01-02"], [12, 2, 1.25, "2024-01-02"]]
SPEND = """
SELECT u.name, SUM(o.amount) AS spend
FROM users u JOIN orders o ON o.user_id = u.id
GROUP BY u.name
ORDER BY spend DESC, u.name
"""


def sql_question(tests: list[dict[str, Any]], *, ordered: bool = False, solution: str = SPEND,
                 time_limit: float = 1.0, **sql: Any) -> CodingQuestion:
    return CodingQuestion.model_validate({
        "id": "t.sql", "title": "A SQL question", "category": "coding", "topics": ["problem_solving"],
        "difficulty": "easy", "prompt": "Total spend per user.", "minutes": 5, "model_answer": "ref",
        "code": {"language": "sql", "starter": "SELECT", "solution": solution, "time_limit_s": time_limit,
                 "memory_limit_mb": 128, "sql": {"schema": SCHEMA, "ordered": ordered, **sql},
                 "tests": tests},
    })


SPEND_TESTS: list[dict[str, Any]] = [
    {"name": "three users", "tables": {"users": USERS, "orders": ORDERS},
     "expected": [["ann", 12.5], ["bob", 1.25]]},
    {"name": "one order", "tables": {"users": USERS, "orders": ORDERS[:1]}, "expected": [["ann", 5.0]]},
    {"name": "no orders", "tables": {"users": USERS, "orders": []}, "expected": [], "hidden": True},
]
UNORDERED = sql_question(SPEND_TESTS, columns=["name", "spend"])
ORDERED = sql_question(SPEND_TESTS, ordered=True, columns=["name", "spend"])


def grade(q: CodingQuestion, query: str) -> Any:
    result = grade_code(q, query)
    assert result.code is not None
    return result


def verdicts(q: CodingQuestion, query: str) -> list[str]:
    return [t.verdict for t in grade(q, query).code.tests]


# ------------------------------------------------------------------ correct and wrong


def test_the_reference_passes_with_full_score() -> None:
    result = grade(ORDERED, SPEND)
    assert result.code.verdict == "passed" and result.score == 100
    assert result.summary == "All 3 tests passed"


def test_any_row_order_passes_when_order_does_not_matter() -> None:
    reversed_order = SPEND.replace("ORDER BY spend DESC, u.name", "ORDER BY spend ASC")
    assert verdicts(UNORDERED, reversed_order) == ["passed", "passed", "passed"]
    assert verdicts(ORDERED, reversed_order) == ["wrong_answer", "passed", "passed"]


def test_wrong_order_is_named_as_such_when_order_matters() -> None:
    test = grade(ORDERED, SPEND.replace("spend DESC", "spend ASC")).code.tests[0]
    assert test.verdict == "wrong_answer"
    assert "right rows in the wrong order" in (test.message or "")
    assert "('bob', 1.25)" in (test.message or "")


@pytest.mark.parametrize("query", [
    SPEND.replace("ORDER BY spend DESC, u.name", ""),  # SQLite's GROUP BY happens to give this order
    f"SELECT * FROM ({SPEND})",  # an ORDER BY inside a subquery guarantees nothing outside it
    "SELECT name, spend FROM (SELECT u.name, SUM(o.amount) AS spend, "
    "RANK() OVER (ORDER BY SUM(o.amount) DESC) r "
    "FROM users u JOIN orders o ON o.user_id = u.id GROUP BY u.name)",
])
def test_an_order_the_question_asks_for_needs_a_top_level_order_by(query: str) -> None:
    result = grade(ORDERED, query)
    assert [t.verdict for t in result.code.tests] == ["wrong_answer", "passed", "passed"]
    assert "ORDER BY" in (result.code.tests[0].message or "")
    assert verdicts(UNORDERED, query) == ["passed", "passed", "passed"]


WRONG = [  # (what, query, verdicts over SPEND_TESTS, words the first failure's message must hold)
    ("missing row", SPEND.replace("GROUP BY", "WHERE o.amount > 2 GROUP BY"),
     ["wrong_answer", "passed", "passed"], ["missing 1 row", "('bob', 1.25)"]),
    ("extra row", SPEND.replace("JOIN orders", "LEFT JOIN orders"),
     ["wrong_answer", "wrong_answer", "wrong_answer"], ["1 unexpected row", "('cy', None)"]),
    ("wrong value", SPEND.replace("SUM(o.amount)", "MAX(o.amount)"),
     ["wrong_answer", "passed", "passed"], ["missing 1 row", "('ann', 12.5)", "('ann', 7.5)"]),
    ("integer division", SPEND.replace("SUM(o.amount)", "CAST(SUM(o.amount) AS INTEGER)"),
     ["wrong_answer", "passed", "passed"], ["('bob', 1)"]),
    ("missing column", SPEND.replace(", SUM(o.amount) AS spend", "").replace("spend DESC, ", ""),
     ["wrong_answer", "wrong_answer", "wrong_answer"], ["expected 2 columns (name, spend), got 1"]),
    ("duplicated rows", SPEND.replace("GROUP BY u.name", "GROUP BY o.id"),
     ["wrong_answer", "passed", "passed"], ["missing 1 row", "2 unexpected rows"]),
]


@pytest.mark.parametrize(("what", "query", "expected", "words"), WRONG, ids=[w[0] for w in WRONG])
def test_wrong_answers_fail_with_the_differing_rows(what: str, query: str, expected: list[str],
                                                    words: list[str]) -> None:
    result = grade(UNORDERED, query)
    assert [t.verdict for t in result.code.tests] == expected, result.code.tests
    message = next(t.message for t in result.code.tests if t.verdict != "passed") or ""
    for word in words:
        assert word in message, message


def test_floats_are_compared_with_tolerance_and_nulls_only_match_null() -> None:
    q = sql_question([
        {"name": "thirds", "setup": "INSERT INTO orders VALUES (1, 1, 1.0, 'd'), (2, 1, 2.0, 'd'), "
                                    "(3, 1, 2.0, 'd'), (4, NULL, NULL, 'd');",
         "expected_literal": "[(1, 1.6666666666666667), (None, None)]"},
    ], solution="SELECT user_id, AVG(amount) FROM orders GROUP BY user_id")
    by_user = " FROM orders GROUP BY user_id"
    assert verdicts(q, "SELECT user_id, SUM(amount) / COUNT(amount)" + by_user) == ["passed"]
    assert verdicts(q, "SELECT user_id, ROUND(AVG(amount), 2)" + by_user) == ["wrong_answer"]
    assert verdicts(q, "SELECT user_id, COALESCE(AVG(amount), 0)" + by_user) == ["wrong_answer"]


def test_a_hidden_data_set_shows_only_its_verdict() -> None:
    result = grade(UNORDERED, "SELECT 'nobody', 0.0 FROM users LIMIT 1")
    hidden = result.code.tests[2]
    assert hidden.hidden and hidden.verdict == "wrong_answer"
    assert hidden.message is None and hidden.expected is None and hidden.actual is None
    assert result.code.first_hidden_failure == "wrong_answer"


def test_visible_failures_show_the_fixture_and_both_row_sets() -> None:
    test = grade(UNORDERED, "SELECT name, 0 FROM users").code.tests[0]
    assert test.input == ("users (3 rows): (1, 'ann', 'uk'), (2, 'bob', 'fr'), (3, 'cy', 'uk'); "
                          "orders (3 rows): (10, 1, 5.0, '2024-01-01'), (11, 1, 7.5, '2024-01-02'), "
                          "(12, 2, 1.25, '2024-01-02')")
    assert test.expected == "('ann', 12.5), ('bob', 1.25)"
    assert test.actual == "('ann', 0), ('bob', 0), ('cy', 0)"


def test_a_query_that_does_not_compile_is_reported_once_as_a_syntax_error() -> None:
    result = grade(UNORDERED, "SELEC name FROM users")
    assert result.score == 0 and result.code.syntax_error is not None
    assert 'near "SELEC"' in result.code.syntax_error
    unknown = grade(UNORDERED, "SELECT nickname FROM users")
    assert "no such column: nickname" in (unknown.code.syntax_error or "")


# ------------------------------------------------------------------ hostile answers

HOSTILE = [  # (what, query, frozen outcome: "rejected: <word in the one-line error>" or the first verdict(s))
    ("delete", "DELETE FROM orders", "rejected: DELETE"),
    ("insert", "INSERT INTO users VALUES (9, 'x', 'y')", "rejected: INSERT"),
    ("update", "UPDATE orders SET amount = 0", "rejected: UPDATE"),
    ("drop", "DROP TABLE users", "rejected: DROP"),
    ("create temp", "CREATE TEMP TABLE t AS SELECT 1", "rejected: CREATE"),
    ("cte then delete", "WITH x AS (SELECT 1) DELETE FROM users", "rejected: DELETE"),
    ("attach", "ATTACH DATABASE '/tmp/x.db' AS x", "rejected: ATTACH"),
    ("pragma", "PRAGMA writable_schema = 1", "rejected: PRAGMA"),
    ("two statements", "SELECT name, 1 FROM users; DROP TABLE users", "rejected: 2 statements"),
    ("statement after a comment", "SELECT 1 /* ; */ ; DELETE FROM users", "rejected: 2 statements"),
    ("vacuum into", "VACUUM INTO '/tmp/copy.db'", "rejected: VACUUM"),
    ("begin", "BEGIN; SELECT 1; COMMIT", "rejected: BEGIN"),
    ("empty", "", "rejected: empty"),
    ("only a comment", "-- nothing here", "rejected: empty"),
    ("load extension", "SELECT load_extension('/tmp/evil.so'), 1", "error"),
    ("endless recursive count",
     "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) SELECT 'x', COUNT(*) FROM r",
     "timeout"),
    ("endless recursive rows",
     "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) SELECT 'x', n FROM r", "error"),
    ("huge cross join", "SELECT a.name, b.amount FROM users a, orders b, orders c, orders d, orders e, "
                        "orders f, orders g, orders h, orders i, orders j", "error"),
    ("huge value", "SELECT name, randomblob(900000000) FROM users", "error"),
    ("huge values, many rows",
     "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE n < 5000) "
     "SELECT 'x', zeroblob(900000) FROM r", "error"),
]


HOSTILE += [  # added after the judge was written (found while probing it); same rules
    ("padding bomb", "SELECT printf('%.*c', 900000000, 'x'), 1", "timeout|error"),
    ("huge sort", "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE n < 30000000) "
                  "SELECT 'x', n FROM r ORDER BY random() LIMIT 1", "timeout|memory_limit|error"),
    ("doubling string", "WITH RECURSIVE r(n, s) AS (SELECT 1, 'x' UNION ALL SELECT n + 1, s || s FROM r "
                        "WHERE n < 40) SELECT 'x', length(s) FROM r ORDER BY 2 DESC LIMIT 1", "error"),
    ("read a file", "SELECT readfile('/etc/passwd'), 1", "rejected: no such function"),
    ("parser stack", "SELECT name, 1 FROM users WHERE 1 = " + "(" * 3000 + "1" + ")" * 3000,
     "rejected: parser stack overflow"),
    ("pragma function", "SELECT name, 1 FROM pragma_table_info('users')", "rejected: not authorized"),
    ("replace into", "REPLACE INTO users VALUES (1, 'x', 'y')", "rejected: REPLACE"),
    ("cte then insert", "WITH x AS (SELECT 1) INSERT INTO users SELECT 9, 'x', 'y' FROM x",
     "rejected: INSERT"),
]


@pytest.mark.parametrize(("what", "query", "outcome"), HOSTILE, ids=[h[0] for h in HOSTILE])
def test_hostile_queries_never_pass(what: str, query: str, outcome: str) -> None:
    result = grade(UNORDERED, query)
    code = result.code
    assert code.verdict != "passed" and result.score < 50
    if outcome.startswith("rejected: "):
        assert result.score == 0 and code.syntax_error is not None
        assert outcome.removeprefix("rejected: ") in code.syntax_error
        assert "\n" not in code.syntax_error and code.tests == []
    else:
        assert code.syntax_error is None
        assert code.tests[0].verdict in outcome.split("|"), code.tests[0]


def test_the_endless_query_is_stopped_by_the_time_limit() -> None:
    result = grade(sql_question(SPEND_TESTS, time_limit=0.5),
                   "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) "
                   "SELECT 'x', MAX(n) FROM r")
    assert [t.verdict for t in result.code.tests] == ["timeout"] * 3
    assert result.code.tests[0].message == "time limit exceeded"  # stopped inside SQLite, not killed
    assert result.code.runtime_ms < 3000


def test_row_and_size_caps_name_what_was_exceeded() -> None:
    rows = grade(UNORDERED, HOSTILE[16][1]).code.tests[0]
    assert "more than 10000 rows" in (rows.message or "")
    big = grade(UNORDERED, HOSTILE[19][1]).code.tests[0]
    assert "MB" in (big.message or ""), big


@pytest.mark.parametrize("query", [
    "SELECT name, 1 FROM users -- ; DROP TABLE users",
    "SELECT name, ';' FROM users /* DELETE FROM users; */",
    'SELECT "name", \'a;b\' FROM users;',
    "with spend as (select u.name, sum(o.amount) s from users u join orders o on o.user_id = u.id "
    "group by u.name) select name, s from spend",
    "SELECT replace(name, 'a', 'b'), 1 FROM users",
])
def test_harmless_text_that_looks_like_a_write_is_accepted(query: str) -> None:
    assert check_query(query) is None


def test_trailing_semicolons_and_comments_are_not_a_second_statement() -> None:
    assert verdicts(UNORDERED, SPEND + " ; ;  -- that's all\n") == ["passed", "passed", "passed"]


def test_the_database_is_fresh_for_every_test() -> None:
    q = sql_question([
        {"name": "a", "tables": {"users": [[1, "a", "x"]]}, "expected": [[1]]},
        {"name": "b", "tables": {"users": [[2, "b", "x"]]}, "expected": [[1]]},
    ], solution="SELECT COUNT(*) FROM users", columns=["n"])
    assert verdicts(q, "SELECT COUNT(*) FROM users") == ["passed", "passed"]


# ------------------------------------------------------------------ the format


@pytest.mark.parametrize(("change", "words"), [
    ({"sql": None}, "[code.sql]"),
    ({"tests": [{"args": [1], "expected": [[1]]}]}, "tables"),
    ({"tests": [{"tables": {"users": [[1, "a"], [2]]}, "expected": []}]}, "same number of values"),
    ({"tests": [{"tables": {"users; drop": [[1]]}, "expected": []}]}, "table name"),
    ({"tests": [{"tables": {}, "expected": [[1, 2], [3]]}]}, "expected"),
    ({"tests": [{"tables": {}, "expected": [[1, 2, 3]]}]}, "2 columns"),
    ({"tests": [{"tables": {}, "expected": [], "compare": "float"}]}, "compare"),
    ({"forbid": ["sorted"]}, "forbid"),
    ({"tests": [{"tables": {"users": [[1, datetime.date(2024, 1, 2)]]}, "expected": []}]},
     'quote it: "2024-01-02"'),
])
def test_malformed_sql_questions_are_refused_with_the_field(change: dict[str, Any], words: str) -> None:
    code: dict[str, Any] = {"language": "sql", "starter": "", "solution": SPEND,
                            "sql": {"schema": SCHEMA, "columns": ["name", "spend"]},
                            "tests": [{"tables": {}, "expected": []}], **change}
    code = {k: v for k, v in code.items() if v is not None}
    with pytest.raises(pydantic.ValidationError, match=None) as caught:
        CodingQuestion.model_validate({
            "id": "t.sql", "title": "A SQL question", "category": "coding", "topics": ["problem_solving"],
            "difficulty": "easy", "prompt": "Total spend per user.", "minutes": 5, "model_answer": "x",
            "code": code})
    assert words in str(caught.value)


def test_a_python_question_cannot_carry_sql_fixtures() -> None:
    with pytest.raises(pydantic.ValidationError, match="language"):
        CodingQuestion.model_validate({
            "id": "t.q", "title": "A question", "category": "coding", "topics": ["problem_solving"],
            "difficulty": "easy", "prompt": "Write the function.", "minutes": 5, "model_answer": "x",
            "code": {"entry_point": "f", "signature": "def f():", "starter": "", "solution": "",
                     "tests": [{"tables": {}, "expected": []}]}})


def test_bank_check_runs_the_reference_and_an_empty_result() -> None:
    assert check_coding_questions([ORDERED]) == []
    wrong = sql_question(SPEND_TESTS, solution="SELECT name, 1.0 FROM users")
    assert any("reference solution fails" in p for p in check_coding_questions([wrong]))
    all_empty = sql_question([{"tables": {}, "expected": []}])
    assert any("empty result" in p for p in check_coding_questions([all_empty]))


PACK_QUESTION = '''
id = "mine.spend"
title = "Spend per user"
category = "coding"
topics = ["problem_solving"]
difficulty = "easy"
minutes = 5
prompt = "Total spend per user."
model_answer = "Join and group."

[code]
language = "sql"
starter = "SELECT"
solution = "SELECT u.name, SUM(o.amount) FROM users u JOIN orders o ON o.user_id = u.id GROUP BY u.name"

[code.sql]
schema = """{schema}"""
columns = ["name", "spend"]

[[code.tests]]
name = "two users"
expected = [["ann", 12.5], ["bob", 1.25]]

[code.tests.tables]
users = [[1, "ann", "uk"], [2, "bob [/] x", "fr"]]
orders = [[10, 1, 5.0, "d"], [11, 1, 7.5, "d"], [12, 2, 1.25, "d"]]
'''


def test_interview_grade_runs_a_sql_answer_from_a_pack(tmp_path: Path,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    pack = write_pack(tmp_path, "mine", {"spend.toml": PACK_QUESTION.format(schema=SCHEMA)})
    answer = tmp_path / "answer.sql"
    answer.write_text("SELECT u.name, SUM(o.amount) FROM users u JOIN orders o ON o.user_id = u.id "
                      "GROUP BY u.name\n")
    command = ["--bank", str(pack), "grade", "--question", "mine.spend", "--answer", str(answer)]
    assert main([*command, "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["code"]["verdict"] == "wrong_answer"  # 'bob [/] x' is not 'bob'
    answer.write_text("SELECT name || '', 7 FROM users\n")
    assert main(command) == 0
    out = capsys.readouterr().out
    assert "('bob [/] x', 7)" in out  # shown verbatim: no markup is parsed from the rows


@pytest.mark.parametrize("query", [
    "DELETE FROM orders", "ATTACH DATABASE '/tmp/x.db' AS x", "PRAGMA writable_schema = 1",
    "CREATE TABLE t (x)", "SELECT 1; DELETE FROM orders",
])
def test_sqlite_itself_refuses_writes_when_the_static_check_is_fooled(
        query: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("interview.grading.code.sql.check_query", lambda _query: None)
    result = grade(UNORDERED, query)
    assert result.code.verdict != "passed" and result.score == 0
    problem = result.code.syntax_error or result.code.tests[0].message or ""
    assert "not authorized" in problem or "one query only" in problem or "one statement" in problem, problem


def test_the_editor_and_the_shown_code_use_the_question_language(capsys: pytest.CaptureFixture[str]) -> None:
    from interview.tui.widgets.answer_editor import AnswerEditor

    assert AnswerEditor(ORDERED, "SELECT 1").area.language == "sql"


@functools.cache
def built_in(question_id: str) -> CodingQuestion:
    question = load_roots([builtin_bank_dir()]).get(question_id)
    assert isinstance(question, CodingQuestion)
    return question


def test_sql_follow_ups_are_the_written_ones_not_big_o_or_streaming() -> None:
    from interview.interviewer import followups

    question = built_in("coding.sql-running-total")
    result = grade_code(question, "SELECT 1, 2, 3, 4, 5")
    refs = [turn.ref for turn in followups.choose(question, result, 3)]
    assert refs == ["bank:0", "bank:1", "spoken:edge-cases"]


WRONG_ANSWERS = Path(__file__).parent / "data" / "sql_wrong_answers.toml"


def _wrong_answers() -> list[dict[str, str]]:
    return list(tomllib.loads(WRONG_ANSWERS.read_text())["wrong"])


@pytest.mark.parametrize("wrong", _wrong_answers(), ids=lambda w: f"{w['question']}:{w['mistake']}")
def test_typical_mistakes_fail_the_built_in_sql_questions(wrong: dict[str, str]) -> None:
    result = grade(built_in(wrong["question"]), wrong["query"])
    assert result.code.verdict != "passed" and result.score < 100


async def test_practising_an_sql_question_in_the_app_runs_the_real_judge(paths: Paths) -> None:
    import random

    from interview.app.context import Context
    from interview.app.service import Hooks, default_run_code
    from interview.tui.app import InterviewApp
    from interview.tui.screens.answer import AnswerScreen
    from tests.test_tui_practice import practise, running, until
    from tests.tui_fakes import FakeClock, FakeGrader, text_of

    hooks = Hooks(run_code=default_run_code, score_text=FakeGrader().score_text, now=FakeClock(),
                  rng=random.Random(7), mock_interviewer=False)
    app = InterviewApp(Context(paths), hooks)
    async with running(app) as pilot:
        await practise(pilot, "coding.sql-users-without-orders")
        question = built_in("coding.sql-users-without-orders")
        screen = app.screen
        assert isinstance(screen, AnswerScreen)
        assert screen.editor.area.language == "sql" and "SQLite" in screen.editor.text
        screen.editor.text = "SELECT user_id, email FROM users"
        await pilot.press("ctrl+r")
        await until(pilot, lambda: "Visible tests 2/4" in text_of(screen.query_one("#results")))
        screen.editor.text = question.code.solution
        await pilot.press("ctrl+r")
        await until(pilot, lambda: "Visible tests 4/4" in text_of(screen.query_one("#results")))
