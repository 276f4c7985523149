"""The cheat suite: wrong answers that attack the judge instead of solving the problem.

Written before the judge was rebuilt and frozen since: the method changes, these bands never do.
Each cheat (tests/data/cheats/*.py, `ENTRY` standing for the entry point) is graded by a separate
"app" process (tests/data/cheats/_app.py, argv marked `interview-cheat-app`, with a fake
ANTHROPIC_API_KEY in its environment) against built-in questions of every shape, HumanEval- and
MBPP-style script questions and, when ../shared/data is present, real imported ones.

For every cheat and target: the verdict is never `passed`; the app survives and answers in
bounded time; the key never appears in the result; no process outlives the grade; no temporary
folder is left; nothing is written outside the sandbox; nothing reaches the network.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from interview.bank.models import CodingQuestion

CHEATS = Path(__file__).resolve().parent / "data" / "cheats"
APP = CHEATS / "_app.py"
KEY = "sk-ant-cheat-0123456789abcdef"
ESCAPEE = b"interview-cheat-escapee"
LOOPING = ["coding.two-sum", "coding.lru-cache", "mbpp-style"]
TIME_LIMIT = 1.0


@dataclass(frozen=True)
class Band:
    """What must hold for one cheat; `targets` None means every target."""

    targets: tuple[str, ...] | None = None
    max_seconds_per_target: float = TIME_LIMIT + 4.0


# Frozen expectations: every cheat gets a verdict other than `passed` on every target, plus
# the app-level guarantees checked for all of them.
BANDS: dict[str, Band] = {
    "always_eq": Band(),
    "int_subclass_eq": Band(),
    "frames": Band(),
    "patch_harness": Band(),
    "exec_noop": Band(),
    "len_patch": Band(),
    "forge_channel": Band(),
    "forge_then_compute": Band(),
    "patch_json": Band(),
    "close_channel": Band(),
    "steal_key": Band(),
    "posix_fork": Band(),
    "setsid_daemon": Band(),
    "kill_app": Band(),
    "write_outside": Band(),
    "network": Band(),
    "flood": Band(targets=tuple(LOOPING)),
    "fake_start": Band(targets=tuple(LOOPING)),
    "swallow_alarm": Band(targets=tuple(LOOPING)),
}

# Legit answers: the reference solution with something unusual around it, and its right verdict.
LEGIT: dict[str, tuple[str, str, str]] = {  # name -> (code before, code after, verdict)
    "prints": ("print('before [/] [bold]x', flush=False)\n", "\nprint('after ' * 5000)\n", "passed"),
    "signal_handlers": ("import signal\nsignal.signal(signal.SIGALRM, signal.SIG_IGN)\n"
                        "signal.signal(signal.SIGTERM, lambda *a: None)\n"
                        "signal.signal(signal.SIGINT, signal.SIG_IGN)\n", "", "passed"),
    "raises_base_exception": ("", "\nclass Stop(BaseException):\n    pass\n\nraise Stop('no')\n", "error"),
    "exits_early": ("", "\nimport sys\nsys.exit(0)\n", "error"),
    "os_exit_early": ("", "\nimport os\nos._exit(0)\n", "error"),
}


def cheat_code(name: str, entry: str, *, marker: Path, port: int) -> str:
    body = (CHEATS / "_always.py").read_text() + "\n" + (CHEATS / f"{name}.py").read_text()
    body = body.replace("MARKER_PATH", str(marker)).replace("PORT_NUMBER", str(port))
    return body.replace("ENTRY", entry)


def escapees() -> list[int]:
    found = []
    for pid in os.listdir("/proc"):
        if pid.isdigit():
            try:
                if (Path("/proc") / pid / "cmdline").read_bytes().startswith(ESCAPEE):
                    found.append(int(pid))
            except OSError:
                pass
    return found


@pytest.fixture(scope="module")
def target_entries() -> dict[str, tuple[str, str]]:
    sys.path.insert(0, str(CHEATS))
    try:
        from targets import targets
    finally:
        sys.path.remove(str(CHEATS))
    found: dict[str, CodingQuestion] = targets(TIME_LIMIT)
    return {name: (q.code.entry_point, q.code.solution) for name, q in found.items()}


@pytest.fixture
def listener() -> Iterator[tuple[int, list[bytes]]]:
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()
    server.settimeout(0.2)
    received: list[bytes] = []
    stop = threading.Event()

    def serve() -> None:
        while not stop.is_set():
            try:
                conn, _ = server.accept()
            except OSError:
                continue
            with conn:
                received.append(conn.recv(100) or b"connected")

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield server.getsockname()[1], received
    stop.set()
    thread.join()
    server.close()


@dataclass
class AppRun:
    lines: list[dict[str, Any]]
    returncode: int | None
    stdout: str
    stderr: str


def start_app(tmp_path: Path, jobs: list[tuple[str, str]], *, measure: bool = False,
              time_limit: float = TIME_LIMIT) -> tuple[subprocess.Popen[str], Path]:
    spec = tmp_path / "jobs.json"
    spec.write_text(json.dumps({"time_limit": time_limit, "jobs": jobs, "measure": measure}))
    temp = tmp_path / "tmp"
    temp.mkdir(exist_ok=True)
    env = {**os.environ, "ANTHROPIC_API_KEY": KEY, "TMPDIR": str(temp)}
    proc = subprocess.Popen([sys.executable, str(APP), "interview-cheat-app", str(spec)], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True)
    return proc, temp


def run_app(tmp_path: Path, jobs: list[tuple[str, str]], timeout: float, **kwargs: Any) -> AppRun:
    proc, _ = start_app(tmp_path, jobs, **kwargs)
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        out, err = proc.communicate()
        err += f"\n(the app was still grading after {timeout:g} s)"
    lines = [json.loads(line) for line in out.splitlines() if line.startswith("{")]
    return AppRun(lines, proc.returncode, out, err)


def assert_nothing_left(tmp_path: Path) -> None:
    deadline = time.monotonic() + 2.0
    while escapees() and time.monotonic() < deadline:
        time.sleep(0.05)
    left = escapees()
    for pid in left:
        os.kill(pid, signal.SIGKILL)
    assert not left, "a process started by the answer outlived the grade"
    leftovers = list((tmp_path / "tmp").iterdir())
    assert not leftovers, f"temporary folders left behind: {leftovers}"


@pytest.mark.parametrize("name", sorted(BANDS))
def test_cheat_never_passes(name: str, tmp_path: Path, target_entries: dict[str, tuple[str, str]],
                            listener: tuple[int, list[bytes]]) -> None:
    band = BANDS[name]
    port, received = listener
    marker = tmp_path / "outside-marker"
    for stale in ("/tmp/interview-cheat-marker", "/dev/shm/interview-cheat-marker"):
        Path(stale).unlink(missing_ok=True)
    names = [t for t in target_entries if band.targets is None or t in band.targets]
    jobs = [(t, cheat_code(name, target_entries[t][0], marker=marker, port=port)) for t in names]
    run = run_app(tmp_path, jobs, timeout=len(jobs) * band.max_seconds_per_target + 15)
    graded = {line["target"]: line for line in run.lines if "target" in line}
    assert {"app": "done"} in run.lines, f"the app did not finish: rc={run.returncode} {run.stderr[-800:]}"
    assert sorted(graded) == sorted(names)
    passed = [t for t, line in graded.items() if line["verdict"] == "passed"]
    assert not passed, f"{name} got `passed` on {passed}"
    slow = [t for t, line in graded.items() if line["seconds"] > band.max_seconds_per_target]
    assert not slow, f"{name}: grading took too long on {slow}"
    assert KEY not in run.stdout and "sk-ant-cheat" not in run.stdout, "the API key leaked into the result"
    assert not marker.exists() and not Path("/tmp/interview-cheat-marker").exists()
    assert not Path("/dev/shm/interview-cheat-marker").exists()
    assert not received, "the answer reached the network"
    assert_nothing_left(tmp_path)


@pytest.mark.parametrize("name", sorted(LEGIT))
def test_legit_answers_get_the_right_verdict(name: str, tmp_path: Path,
                                             target_entries: dict[str, tuple[str, str]]) -> None:
    before, after, verdict = LEGIT[name]
    jobs = [(t, before + solution + after) for t, (_, solution) in target_entries.items()]
    run = run_app(tmp_path, jobs, timeout=len(jobs) * 6 + 15)
    assert {"app": "done"} in run.lines, run.stderr[-800:]
    got = {line["target"]: line["verdict"] for line in run.lines if "target" in line}
    assert got == {t: verdict for t in target_entries}
    assert_nothing_left(tmp_path)


def test_a_faked_clock_does_not_make_a_quadratic_answer_linear(tmp_path: Path) -> None:
    clock = (CHEATS / "perf_counter.py").read_text()
    quadratic = ("def two_sum(nums, target):\n    for i in range(len(nums)):\n"
                 "        for j in range(i + 1, len(nums)):\n            if nums[i] + nums[j] == target:\n"
                 "                return [i, j]\n    return []\n")
    run = run_app(tmp_path, [("coding.two-sum", clock + quadratic)], timeout=60, measure=True, time_limit=2.0)
    (line,) = [line for line in run.lines if "target" in line]
    result = json.loads(line["dump"])
    complexity = result["code"]["complexity"]
    assert complexity["fits"] is not True, complexity
    assert result["score"] < 100


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGHUP])
def test_killing_the_app_mid_grade_leaves_nothing_behind(sig: signal.Signals, tmp_path: Path) -> None:
    code = ((CHEATS / "setsid_daemon.py").read_text() + "\n" + (CHEATS / "posix_fork.py").read_text()
            + "\n" + (CHEATS / "swallow_alarm.py").read_text().replace("ENTRY", "two_sum"))
    proc, _ = start_app(tmp_path, [("coding.two-sum", code)], time_limit=30.0)
    try:
        deadline = time.monotonic() + 20
        while not escapees() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert escapees(), "the escapee never started"
        proc.send_signal(sig)
        proc.wait(timeout=10)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
    assert_nothing_left(tmp_path)


def test_a_pack_with_120000_tests_is_refused_at_load_time() -> None:
    from pydantic import ValidationError

    tests = [{"args": [i], "expected": i} for i in range(120_000)]
    with pytest.raises(ValidationError) as caught:
        CodingQuestion.model_validate({
            "id": "t.huge", "title": "Huge", "category": "coding", "topics": ["problem_solving"],
            "difficulty": "easy", "prompt": "Return the argument.", "minutes": 5, "model_answer": "x",
            "code": {"entry_point": "f", "signature": "def f(x):", "starter": "", "solution": "",
                     "tests": tests},
        })
    assert "tests" in str(caught.value) and "at most" in str(caught.value)


def test_an_oversized_test_input_is_refused_at_load_time() -> None:
    from pydantic import ValidationError

    with pytest.raises(ValidationError) as caught:
        CodingQuestion.model_validate({
            "id": "t.big", "title": "Big input", "category": "coding", "topics": ["problem_solving"],
            "difficulty": "easy", "prompt": "Return the argument.", "minutes": 5, "model_answer": "x",
            "code": {"entry_point": "f", "signature": "def f(x):", "starter": "", "solution": "",
                     "tests": [{"args": ["x" * 20_000_000], "expected": 1}]},
        })
    assert "input" in str(caught.value) and "MB" in str(caught.value)


def test_a_packs_script_test_cannot_steal_the_key_either(monkeypatch: pytest.MonkeyPatch) -> None:
    """The script runs in the reference's child, the replay child and maybe the answer's: none has it."""
    from interview.grading.code import grade_code
    from tests.test_code_runner import question

    monkeypatch.setenv("ANTHROPIC_API_KEY", KEY)
    thief = (CHEATS / "steal_key.py").read_text().replace("ENTRY", "_unused")
    q = question([{"name": "looks innocent", "script": thief + "\nassert f(2) == 4, LOOT\n"}],
                 solution="def f(x):\n    return 2 * x\n")
    for answer in ("def f(x):\n    return 2 * x\n", "def f(x):\n    return 5\n"):
        result = grade_code(q, answer)
        assert "sk-ant-cheat" not in result.model_dump_json()
