"""The code runner's verdicts, each provoked by a real answer run in the real sandbox."""

from __future__ import annotations

import asyncio
import json
import os
import time
from pathlib import Path
from typing import Any

import pytest

from interview.bank.models import CodingQuestion
from interview.cli import main
from interview.grading.code import grade_code, run_code
from interview.grading.code.runner import MAX_OUTPUT


def question(tests: list[dict[str, Any]], *, kind: str = "function", entry: str = "f",
             time_limit: float = 1.0, memory_mb: int = 64, solution: str = "", **code: Any) -> CodingQuestion:
    return CodingQuestion.model_validate({
        "id": "t.q", "title": "A test question", "category": "coding", "topics": ["problem_solving"],
        "difficulty": "easy", "prompt": "Write the function described.", "minutes": 5,
        "model_answer": "the reference",
        "code": {"kind": kind, "entry_point": entry, "signature": "def f(x):", "starter": "",
                 "solution": solution, "tests": tests, "time_limit_s": time_limit,
                 "memory_limit_mb": memory_mb, **code},
    })


DOUBLE = question([
    {"name": "one", "args": [1], "expected": 2},
    {"name": "two", "args": [2], "expected": 4},
    {"name": "secret", "args": [5], "expected": 10, "hidden": True},
])


def verdicts(code: str, q: CodingQuestion = DOUBLE, **kwargs: Any) -> list[str]:
    result = grade_code(q, code, **kwargs)
    assert result.code is not None
    return [t.verdict for t in result.code.tests]


def test_correct_answer_passes_with_full_score() -> None:
    result = grade_code(DOUBLE, "def f(x):\n    return 2 * x\n")
    assert result.code and result.code.verdict == "passed"
    assert [t.verdict for t in result.code.tests] == ["passed"] * 3
    assert result.score == 100 and result.grader == "code-runner"
    assert result.summary == "All 3 tests passed"
    assert result.criteria[0].dimension == "correctness" and result.criteria[0].score == 1


def test_wrong_answer_shows_expected_and_actual_only_for_visible_tests() -> None:
    result = grade_code(DOUBLE, "def f(x):\n    return x + 1\n")
    assert result.code is not None
    one, two, secret = result.code.tests
    assert one.verdict == "passed" and two.verdict == "wrong_answer"
    assert (two.input, two.expected, two.actual) == ("f(2)", "4", "3")
    assert secret.verdict == "wrong_answer" and secret.hidden
    assert secret.input is secret.expected is secret.actual is secret.message is None
    assert result.code.first_hidden_failure == "wrong_answer"
    assert (result.code.visible_passed, result.code.hidden_passed) == (1, 0)
    assert result.score == pytest.approx(100 / 3, abs=0.1)
    assert "failed: two (wrong answer)" in result.criteria[0].evidence


def test_quick_run_skips_hidden_tests() -> None:
    result = grade_code(DOUBLE, "def f(x):\n    return x + 1 if x > 2 else 2 * x\n", include_hidden=False)
    assert result.code is not None
    assert [t.name for t in result.code.tests] == ["one", "two"]
    assert result.code.hidden_total == 0 and result.code.first_hidden_failure is None


def test_syntax_error_is_reported_with_line_and_column_before_anything_runs(tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    code = f"open({str(marker)!r}, 'w').close()\ndef f(x:\n    return x\n"
    result = grade_code(DOUBLE, code)
    assert result.code is not None and result.code.syntax_error is not None
    assert result.code.syntax_error.startswith("line 2, column ")
    assert result.code.tests == [] and result.score == 0
    assert result.summary.startswith("Syntax error: line 2")
    assert not marker.exists()


def test_exception_gives_error_with_a_traceback_trimmed_to_the_answer() -> None:
    code = "def helper(x):\n    return x / 0\n\ndef f(x):\n    return helper(x)\n"
    result = grade_code(DOUBLE, code)
    assert result.code is not None
    first = result.code.tests[0]
    assert first.verdict == "error"
    assert first.message is not None and first.message.startswith("ZeroDivisionError: division by zero")
    assert "line 5 in f: return helper(x)" in first.message
    assert "line 2 in helper: return x / 0" in first.message
    assert "harness" not in first.message
    assert result.code.tests[2].message == "ZeroDivisionError"  # a hidden test shows only the type


def test_error_while_loading_the_answer_fails_every_test() -> None:
    result = grade_code(DOUBLE, "import no_such_module\ndef f(x):\n    return 2 * x\n")
    assert result.code is not None
    assert {t.verdict for t in result.code.tests} == {"error"}
    assert "while loading your code: ModuleNotFoundError" in (result.code.tests[0].message or "")


def test_infinite_loop_times_out_within_the_limit_plus_one_second() -> None:
    q = question([{"name": "a", "args": [1], "expected": 2}, {"name": "b", "args": [2], "expected": 4}],
                 time_limit=0.5)
    started = time.perf_counter()
    result = grade_code(q, "def f(x):\n    while True:\n        pass\n")
    assert time.perf_counter() - started < 0.5 + 1
    assert result.code is not None
    assert [t.verdict for t in result.code.tests] == ["timeout", "timeout"]
    assert "time limit exceeded" in (result.code.tests[0].message or "")
    assert "not run" in (result.code.tests[1].message or "")


def test_loop_that_swallows_the_alarm_is_killed_by_the_parent() -> None:
    q = question([{"name": "a", "args": [1], "expected": 2}], time_limit=0.3)
    code = "def f(x):\n    while True:\n        try:\n            while True:\n                pass\n" \
           "        except BaseException:\n            pass\n"
    started = time.perf_counter()
    assert verdicts(code, q) == ["timeout"]
    assert time.perf_counter() - started < 0.3 + 1


@pytest.mark.parametrize("body", [
    "    return len(bytearray(10 * 1024 ** 3))",
    "    hoard = []\n    while True:\n        hoard.append(' ' * 10 ** 6)",
])
def test_memory_bomb_hits_the_memory_limit(body: str) -> None:
    assert verdicts(f"def f(x):\n{body}\n")[0] == "memory_limit"


def test_fork_bomb_is_stopped_and_leaves_no_process_behind() -> None:
    code = "import os\ndef f(x):\n    while True:\n        os.fork()\n"
    started = time.perf_counter()
    assert set(verdicts(code)) == {"error"}
    assert time.perf_counter() - started < 1 + 1


def test_sys_exit_is_an_error_and_the_other_tests_still_run() -> None:
    code = "import sys\ndef f(x):\n    if x == 1:\n        sys.exit(0)\n    return 2 * x\n"
    result = grade_code(DOUBLE, code)
    assert result.code is not None
    assert [t.verdict for t in result.code.tests] == ["error", "passed", "passed"]
    assert "SystemExit" in (result.code.tests[0].message or "")


def test_os_exit_kills_the_child_yet_every_other_test_gets_its_verdict() -> None:
    code = "import os\ndef f(x):\n    if x == 1:\n        os._exit(0)\n    return 2 * x\n"
    result = grade_code(DOUBLE, code)
    assert result.code is not None
    assert [t.verdict for t in result.code.tests] == ["error", "passed", "passed"]
    assert "exited with status 0" in (result.code.tests[0].message or "")


def test_crash_by_signal_is_crashed() -> None:
    code = ("import faulthandler\ndef f(x):\n"
            "    if x == 2:\n        faulthandler._sigsegv()\n    return 2 * x\n")
    result = grade_code(DOUBLE, code)
    assert result.code is not None
    assert [t.verdict for t in result.code.tests] == ["passed", "crashed", "passed"]
    assert "SIGSEGV" in (result.code.tests[1].message or "")


def test_megabytes_of_output_are_capped_and_do_not_change_the_verdict() -> None:
    code = "def f(x):\n    print('y' * 5_000_000)\n    return 2 * x\n"
    result = grade_code(DOUBLE, code)
    assert result.code is not None and result.code.verdict == "passed"
    assert len(result.code.stdout) < MAX_OUTPUT + 100
    assert result.code.stdout.endswith("output cut at 32 KB")


def test_deleting_files_in_the_working_directory_harms_nothing(tmp_path: Path) -> None:
    code = ("import os, shutil\ndef f(x):\n    open('junk', 'w').close()\n"
            "    for name in os.listdir('.'):\n        os.remove(name)\n"
            "    if x == 5:\n        shutil.rmtree(os.getcwd())\n    return 2 * x\n")
    assert verdicts(code) == ["passed"] * 3
    assert verdicts("def f(x):\n    return 2 * x\n") == ["passed"] * 3


def test_the_child_never_sees_the_parents_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ANTHROPIC_API_KEY", "sk-secret")
    q = question([{"args": [1], "expected": []}])
    code = ("import os\ndef f(x):\n"
            "    return [k for k, v in os.environ.items() if 'secret' in v or 'API' in k]\n")
    assert verdicts(code, q) == ["passed"]


async def test_cancelling_kills_the_child_at_once() -> None:
    from interview.grading.code.sandbox import launcher

    q = question([{"args": [1], "expected": 0}], time_limit=30)
    task = asyncio.create_task(run_code(q, "def f(x):\n    while True:\n        pass\n"))
    children = Path(f"/proc/{launcher().proc.pid}/task/{launcher().proc.pid}/children")
    for _ in range(200):
        if children.read_text().split():
            break
        await asyncio.sleep(0.02)
    assert children.read_text().split(), "the child never started"
    await asyncio.sleep(0.2)
    started = time.perf_counter()
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    while children.read_text().split() and time.perf_counter() - started < 1:
        await asyncio.sleep(0.02)
    assert not children.read_text().split()


def test_script_tests_are_judged_as_data_and_the_answer_never_runs_them() -> None:
    q = question([
        {"name": "child", "script": f"import os\nassert os.getpid() != {os.getpid()}\nassert f(2) == 4\n"},
        {"name": "wrong", "script": "assert f(3) == 7, 'three'\n"},
    ], solution="def f(x):\n    return 2 * x + (x == 3)\n")
    result = grade_code(q, "def f(x):\n    return 2 * x\n")
    assert result.code is not None
    assert [t.verdict for t in result.code.tests] == ["passed", "wrong_answer"]
    assert result.code.tests[1].message == "failed: assert f(3) == 7, 'three'\n  f(3) returned 6; expected 7"
    assert result.code.notes == []


def test_a_script_that_cannot_be_data_runs_the_old_way_and_says_so() -> None:
    q = question([{"name": "opaque", "script": "assert f(object) is not None\n"}],
                 solution="def f(x):\n    return x\n")
    result = grade_code(q, "def f(x):\n    return x\n")
    assert result.code is not None and result.code.verdict == "passed"
    assert result.code.notes == ["script test: not tamper-proof"]
    assert result.code.tests[0].message == "script test: not tamper-proof"


def test_grade_cli_prints_the_full_result_as_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    answer = tmp_path / "answer.py"
    answer.write_text("def two_sum(nums, target):\n    return [0, 1]\n")
    assert main(["grade", "--question", "coding.two-sum", "--answer", str(answer), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["grader"] == "code-runner" and data["category"] == "coding"
    assert data["code"]["tests"][0] == {**data["code"]["tests"][0], "name": "example", "verdict": "passed"}
    assert data["code"]["verdict"] == "wrong_answer"
    assert data["code"]["complexity"]["note"].startswith("not measured")
