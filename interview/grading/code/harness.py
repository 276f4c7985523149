"""The sandboxed child: runs one submission's tests and reports back as JSON lines.

Started by runner.py as `python -I -S -c BOOT` in a fresh temporary folder with
a scrubbed environment.  Standard library only, and only modules that are
cheap to import, because the child's start-up is most of what a grade costs.

Protocol: the parent writes one `marshal`-ed payload to stdin and closes it.
The child answers on its original stdout with one JSON object per line
("start", "loaded", one "test" per test, "tests_done", "scale", "end"); the
candidate's own output is moved to stderr, which the parent caps.
"""

from __future__ import annotations

import _signal
import builtins
import gc
import marshal
import os
import resource
import sys
import time
from _json import encode_basestring as _json_str

import comparators

TYPE_CHECKING = False
if TYPE_CHECKING:  # importing `typing` would cost the child ~10 ms
    from collections.abc import Callable
    from typing import Any

ANSWER = "<answer>"
TEST = "<test>"
MAX_SHOWN = 400
# Names removed from `os`/`posix` so an answer cannot start processes, signal
# other processes or leave its process group (RLIMIT_NPROC does not bind root).
BLOCKED = (
    "fork", "forkpty", "vfork", "system", "popen", "kill", "killpg", "setsid", "setpgid", "setpgrp",
    "posix_spawn", "posix_spawnp", "execv", "execve", "execl", "execle", "execlp", "execlpe",
    "execvp", "execvpe", "spawnv", "spawnve", "spawnl", "spawnle", "spawnlp", "spawnlpe",
    "spawnvp", "spawnvpe", "register_at_fork",
)


class Timeout(BaseException):
    """Raised by the alarm in the answer's code when the time budget is used up."""


class Harness:
    def __init__(self, out: int, payload: dict[str, Any]) -> None:
        self.out = out
        self.p = payload
        self.expired = False
        self.guard = False  # True while harness bookkeeping runs: the alarm only sets `expired`

    # ------------------------------------------------------------ plumbing

    def send(self, message: dict[str, Any]) -> None:
        self.guard = True
        data = (_dump(message) + "\n").encode("utf-8", "replace")
        while data:
            data = data[os.write(self.out, data):]
        self.guard = False

    def alarm(self, signum: int, frame: Any) -> None:
        self.expired = True
        if not self.guard:
            raise Timeout

    def arm(self, seconds: float) -> None:
        self.expired = False
        _signal.setitimer(_signal.ITIMER_REAL, max(seconds, 0.001))

    # ------------------------------------------------------------ phases

    def run(self) -> None:
        p = self.p
        self.send({"t": "start"})
        try:
            code = compile(p["code"], ANSWER, "exec", dont_inherit=True)
        except SyntaxError as exc:
            self.send({"t": "syntax", "line": exc.lineno or 0, "col": exc.offset or 0,
                       "msg": exc.msg or "invalid syntax", "text": (exc.text or "").rstrip()})
            return
        except (ValueError, MemoryError, RecursionError) as exc:
            message = f"{type(exc).__name__}: {exc}"
            self.send({"t": "syntax", "line": 0, "col": 0, "msg": message, "text": ""})
            return
        self.lines = p["code"].splitlines()
        _signal.signal(_signal.SIGALRM, self.alarm)
        self.arm(p["budget"])
        ns: dict[str, Any] = {"__name__": "solution", "__builtins__": builtins}
        failure = self.attempt(lambda: exec(code, ns))
        if failure is None and self.expired:
            failure = self.timeout_failure()
        if failure is not None:
            verdict, message = failure
            self.send({"t": "load", "v": verdict, "msg": f"while loading your code: {message}"})
            return
        self.send({"t": "loaded"})
        visible_ok = True
        for index in range(p["start"], len(p["tests"])):
            test = p["tests"][index]
            if self.expired:
                self.send({"t": "test", "i": index, "v": "timeout",
                           "msg": "not run: the time limit was used up by earlier tests"})
                continue
            result = self.run_test(test, ns)
            result["i"] = index
            visible_ok = visible_ok and (result["v"] == "passed" or test["hidden"])
            self.send(result)
        _signal.setitimer(_signal.ITIMER_REAL, 0)
        self.send({"t": "tests_done"})
        if p["scaling"] and visible_ok and not self.expired:
            self.scale(ns, p["scaling"])
        self.send({"t": "end"})

    def run_test(self, test: dict[str, Any], ns: dict[str, Any]) -> dict[str, Any]:
        shown: dict[str, Any] = {}
        started = time.perf_counter()
        try:
            if test["script"] is not None:
                ok = self.run_script(test, ns, shown)
            elif test["calls"] is not None:
                ok = self.run_calls(test, ns, shown)
            else:
                ok = self.run_call(test, ns, shown)
            failure = None if ok else ("wrong_answer", shown.pop("msg", None))
        except BaseException as exc:  # the answer's failure, whatever it is, is the verdict
            failure = self.classify(exc, test["script"] is not None)
            del exc
        elapsed = (time.perf_counter() - started) * 1000
        if self.expired:
            failure = self.timeout_failure()
        result = {"t": "test", "v": "passed", "ms": round(elapsed, 3), **shown}
        if failure is not None:
            result["v"], result["msg"] = failure
        return result

    def entry(self, ns: dict[str, Any]) -> Any:
        name = self.p["entry"]
        if not callable(ns.get(name)):
            raise LookupError(f"your code does not define `{name}`")
        return ns[name]

    def run_call(self, test: dict[str, Any], ns: dict[str, Any], shown: dict[str, Any]) -> bool:
        func = self.entry(ns)
        args, kwargs = test["args"], test["kwargs"]
        parts = [_show(a) for a in args] + [f"{k}={_show(v)}" for k, v in kwargs.items()]
        shown["in"] = _cut(f"{self.p['entry']}({', '.join(parts)})")
        result = func(*args, **kwargs)
        actual = result if test["check_arg"] is None else args[test["check_arg"]]
        return self.check(actual, test["expected"], test, shown)

    def run_calls(self, test: dict[str, Any], ns: dict[str, Any], shown: dict[str, Any]) -> bool:
        cls = self.entry(ns)
        calls = test["calls"]
        steps = [f"{self.p['entry']}({', '.join(_show(a) for a in calls[0][1])})"]
        shown["in"] = _cut(steps[0])
        obj = cls(*calls[0][1])
        for number, (method, args, expected, check) in enumerate(calls[1:], start=2):
            steps.append(f"{method}({', '.join(_show(a) for a in args)})")
            shown["in"] = _cut("; ".join(steps))
            result = getattr(obj, method)(*args)
            if check and not self.check(result, expected, test, shown):
                got = f"expected {shown['exp']}, got {shown['act']}"
                shown["msg"] = _cut(f"call {number}, {steps[-1]}: {got}")
                return False
        return True

    def check(self, actual: Any, expected: Any, test: dict[str, Any], shown: dict[str, Any]) -> bool:
        ok = comparators.matches(actual, expected, test["compare"], test["rel_tol"], test["abs_tol"])
        if not ok:
            shown["exp"] = ("any of " if test["compare"] == "any_of" else "") + _show(expected)
            shown["act"] = _show(actual)
        return ok

    def run_script(self, test: dict[str, Any], ns: dict[str, Any], shown: dict[str, Any]) -> bool:
        try:
            exec(compile(test["script"], TEST, "exec", dont_inherit=True), dict(ns))
        except AssertionError as exc:
            frames = _frames(exc.__traceback__)
            if not frames or frames[-1][0] != TEST:
                raise
            line = test["script"].splitlines()[frames[-1][1] - 1].strip()
            shown["msg"] = _cut(f"failed: {line}")
            return False
        return True

    # ------------------------------------------------------------ verdicts

    def timeout_failure(self) -> tuple[str, str]:
        return "timeout", f"time limit exceeded ({self.p['budget']:g} s for all tests)"

    def classify(self, exc: BaseException, script: bool) -> tuple[str, str]:
        if isinstance(exc, Timeout):
            return self.timeout_failure()
        if isinstance(exc, MemoryError):
            return "memory_limit", f"memory limit exceeded ({self.p['memory_mb']} MB)"
        if isinstance(exc, SystemExit):
            return "error", f"SystemExit: the code called exit({exc.code!r}); return the answer instead"
        where = [f"line {line} in {func}: {self.source(line)}"
                 for file, line, func in _frames(exc.__traceback__) if file == ANSWER][-3:]
        text = f"{type(exc).__name__}: {_cut(str(exc), 200)}"
        return "error", text + ("".join(f"\n  {w}" for w in where))

    def attempt(self, action: Callable[[], Any]) -> tuple[str, str] | None:
        try:
            action()
        except BaseException as exc:
            return self.classify(exc, False)
        return None

    def source(self, line: int) -> str:
        return self.lines[line - 1].strip() if 0 < line <= len(self.lines) else ""

    # ------------------------------------------------------------ scaling

    def scale(self, ns: dict[str, Any], spec: dict[str, Any]) -> None:
        """Time the entry point on generated inputs of growing size, within one budget."""
        sys.path.insert(0, os.path.dirname(__file__))
        try:
            import generators
        finally:
            del sys.path[0]
        sizes: list[int] = []
        seconds: list[float] = []
        note = ""
        self.arm(spec["budget"])
        try:
            func = self.entry(ns)
            for n in spec["sizes"]:
                args = generators.generate(spec["generator"], n, spec["params"])
                best, total, runs = float("inf"), 0.0, 0
                while runs < 1 or (runs < 3 and total < 0.5) or (total < 0.05 and runs < 25):
                    call_args = generators.fresh(args)
                    gc.disable()
                    started = time.perf_counter()
                    func(*call_args)
                    took = time.perf_counter() - started
                    gc.enable()
                    best, total, runs = min(best, took), total + took, runs + 1
                sizes.append(n)
                seconds.append(best)
        except Timeout:
            note = f"stopped at n={n}: over the {spec['budget']:g} s budget for timing"
        except BaseException as exc:
            note = f"stopped at n={n}: {type(exc).__name__}: {_cut(str(exc), 120)}"
        finally:
            gc.enable()
            _signal.setitimer(_signal.ITIMER_REAL, 0)
        self.send({"t": "scale", "n": sizes, "s": seconds, "note": note})


# ------------------------------------------------------------------ helpers


def _frames(tb: Any) -> list[tuple[str, int, str]]:
    frames = []
    while tb is not None:
        code = tb.tb_frame.f_code
        frames.append((code.co_filename, tb.tb_lineno, code.co_name))
        tb = tb.tb_next
    return frames


def _cut(text: str, limit: int = MAX_SHOWN) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _show(value: Any) -> str:
    """A bounded repr: huge containers are summarised, a failing __repr__ is survived."""
    try:
        if isinstance(value, list | tuple | set | frozenset | dict) and len(value) > 50:
            items = list(value.items() if isinstance(value, dict) else value)[:20]
            return _cut(f"{type(value).__name__} of {len(value)} items, starting {items!r}")
        return _cut(repr(value))
    except Exception as exc:
        return f"<unprintable {type(value).__name__}: {type(exc).__name__}>"


def _dump(value: Any) -> str:
    """JSON for the few types the protocol sends, without importing `json` (it pulls in `re`)."""
    if isinstance(value, str):
        return _json_str(value)
    if value is None or isinstance(value, bool):
        return {None: "null", True: "true", False: "false"}[value]
    if isinstance(value, int | float):
        return repr(value) if value == value and abs(value) != float("inf") else "null"
    if isinstance(value, list | tuple):
        return "[" + ",".join(_dump(v) for v in value) + "]"
    return "{" + ",".join(f"{_json_str(str(k))}:{_dump(v)}" for k, v in value.items()) + "}"


def _limit(payload: dict[str, Any]) -> None:
    """OS limits on memory, CPU, file size, open files and processes, before any answer code runs."""
    try:
        with open("/proc/self/statm", "rb") as statm:
            base = int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError):
        base = 64 * 2**20
    try:
        with open("/proc/loadavg", "rb") as loadavg:
            threads = int(loadavg.read().split()[3].split(b"/")[1])
    except (OSError, ValueError, IndexError):
        threads = 4096
    cpu = payload["cpu_s"]
    for res, soft, hard in (
        (resource.RLIMIT_AS, base + payload["memory_mb"] * 2**20, None),
        (resource.RLIMIT_CPU, cpu, cpu + 1),
        (resource.RLIMIT_FSIZE, 16 * 2**20, None),
        (resource.RLIMIT_NOFILE, 64, None),
        (resource.RLIMIT_CORE, 0, None),
        (resource.RLIMIT_NPROC, threads + 64, None),
    ):
        hard = soft if hard is None else hard
        current = resource.getrlimit(res)[1]
        if current != resource.RLIM_INFINITY:
            soft, hard = min(soft, current), min(hard, current)
        try:  # noqa: SIM105 - contextlib would cost the child an import
            resource.setrlimit(res, (soft, hard))
        except (ValueError, OSError):
            pass


def _lockdown() -> None:
    import posix

    for module in (os, posix):
        for name in BLOCKED:
            if hasattr(module, name):
                delattr(module, name)
    for name in ("_posixsubprocess", "_ctypes", "resource"):
        sys.modules[name] = None  # type: ignore[assignment]
    builtins.exit = builtins.quit = sys.exit  # type: ignore[assignment]  # `site` (-S) defines them


def main() -> None:
    out = os.dup(1)
    os.dup2(2, 1)  # the answer's prints go to the capped stream, never into the protocol
    payload = marshal.loads(sys.stdin.buffer.read())
    null = os.open(os.devnull, os.O_RDONLY)
    os.dup2(null, 0)
    os.close(null)
    _signal.signal(_signal.SIGXFSZ, _signal.SIG_IGN)  # an oversized file write fails, not kills
    _limit(payload)
    _lockdown()
    Harness(out, payload).run()
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    finally:
        os._exit(0)
