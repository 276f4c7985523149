"""The sandboxed child: runs the answer on inputs and sends back what came out, as plain data.

It holds no expected value, no comparator and no verdict logic: whatever it
says, the trusted side (runner.py) decides.  Forked by the launcher with the
payload (one `marshal`-ed dict) on fd 0, the result channel on fd 3 and the
answer's prints on fds 1 and 2.  Modes:

- calls:  call the entry point (or a class's methods) on each test's inputs;
- script: run assertion scripts with the code in place (the reference, to record
          the calls a script makes; or, for a script that cannot be turned into
          data, the answer itself, reported as not tamper-proof);
- replay: run scripts against the reference's helpers with the entry point
          replaced by the answer's recorded outputs (no answer code at all);
- time:   call the entry point `repeat` times on a generated input, for CPU
          time measured from outside by the launcher;
- sql:    run the answer's query on each test's data set (sqlchild.py).
"""

# ruff: noqa: UP031  - %-formatting keeps the JSON braces of the protocol readable
from __future__ import annotations

import _signal
import builtins
import gc
import marshal
import os
import sys
import time
from _json import encode_basestring as _str

import generators
import sqlchild
import wire

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any

ANSWER = "<answer>"
TEST = "<test>"
RESULT_FD = 3
NOT_RUN = '{"t":"out","i":%d,"kind":"timeout","err":"not run: the time limit was used up"}'
_write, _perf = os.write, time.perf_counter


class Timeout(BaseException):
    """Raised by the alarm in the answer's code when the time budget is used up."""


class Diverged(BaseException):
    """A replayed script asked for a call the recording does not hold."""


class Child:
    def __init__(self, payload: dict[str, Any]) -> None:
        self.p = payload
        self.expired = False
        self.guard = False  # while the child writes a message, the alarm only sets `expired`
        self.lines: list[str] = []

    # ------------------------------------------------------------ plumbing

    def send(self, text: str) -> None:
        self.guard = True
        data = (text + "\n").encode("utf-8", "replace")
        while data:
            data = data[_write(RESULT_FD, data):]
        self.guard = False

    def alarm(self, signum: int, frame: Any) -> None:
        self.expired = True
        if not self.guard:
            raise Timeout

    def arm(self, seconds: float) -> None:
        self.expired = False
        _signal.signal(_signal.SIGALRM, self.alarm)
        _signal.setitimer(_signal.ITIMER_REAL, max(seconds, 0.001))

    def load(self, source: str, ns: dict[str, Any]) -> bool:
        """Compile and run `source` in `ns`; report a syntax or load failure and return False."""
        try:
            code = compile(source, ANSWER, "exec", dont_inherit=True)
        except SyntaxError as exc:
            self.send('{"t":"syntax","line":%d,"col":%d,"msg":%s,"text":%s}' % (
                exc.lineno or 0, exc.offset or 0, _str(exc.msg or "invalid syntax"),
                _str((exc.text or "").rstrip())))
            return False
        except (ValueError, MemoryError, RecursionError) as exc:
            text = _str(f"{type(exc).__name__}: {exc}")
            self.send('{"t":"syntax","line":0,"col":0,"msg":%s,"text":""}' % text)
            return False
        self.lines = source.splitlines()
        try:
            exec(code, ns)
        except BaseException as exc:
            kind, text = self.classify(exc)
            self.send('{"t":"load","kind":%s,"err":%s}' % (_str(kind), _str(text)))
            return False
        return True

    # ------------------------------------------------------------ modes

    def run(self) -> None:
        p = self.p
        ns: dict[str, Any] = {"__name__": "solution", "__builtins__": builtins}
        self.arm(p["budget"])
        if p["mode"] == "replay":
            self.replay(ns)
        elif p["mode"] == "sql":  # the answer is a query: no Python of the answer's runs at all
            sqlchild.run(self)
        elif self.load(p["code"], ns):
            if self.expired:
                self.send('{"t":"load","kind":"timeout","err":"while loading your code"}')
            else:
                self.send('{"t":"loaded"}')
                {"calls": self.calls, "script": self.scripts, "time": self.time}[p["mode"]](ns)
        _signal.setitimer(_signal.ITIMER_REAL, 0)
        self.send('{"t":"done"}')

    def entry(self, ns: dict[str, Any]) -> Any:
        name = self.p["entry"]
        if not callable(ns.get(name)):
            raise LookupError(f"your code does not define `{name}`")
        return ns[name]

    def calls(self, ns: dict[str, Any]) -> None:
        for index in range(self.p["start"], len(self.p["tests"])):
            test = self.p["tests"][index]
            if self.expired:
                self.send(NOT_RUN % index)
                continue
            started = _perf()
            values: list[str] = []
            try:
                if test.get("calls") is not None:
                    obj = None
                    for number, (method, args) in enumerate(test["calls"]):
                        if number == 0:
                            obj = self.entry(ns)(*args)
                            values.append("null")
                        else:
                            values.append(wire.encode(getattr(obj, method)(*args)))
                    body = '"vs":[' + ",".join(values) + "]"
                else:
                    args, kwargs = test["args"], test["kwargs"]
                    if test.get("wire"):
                        args, kwargs = wire.decode(args, True), wire.decode(kwargs, True)
                    result = self.entry(ns)(*args, **kwargs)
                    body = '"v":' + wire.encode(result)
                    if test.get("arg") is not None:
                        body += ',"arg":' + wire.encode(args[test["arg"]])
                    if test.get("wire"):
                        body += ',"after":' + wire.encode(args)
            except BaseException as exc:
                kind, text = self.classify(exc)
                del exc
                body = '"kind":%s,"err":%s,"at":%d,"vs":[%s]' % (_str(kind), _str(text), len(values),
                                                                  ",".join(values))
            if self.expired:
                body = '"kind":"timeout","err":"time limit exceeded"'
            self.send('{"t":"out","i":%d,"ms":%.3f,%s}' % (index, (_perf() - started) * 1000, body))

    def scripts(self, ns: dict[str, Any]) -> None:
        """Run each assertion script; with `record`, log every call it makes to the entry point."""
        record = self.p.get("record", False)
        real = ns.get(self.p["entry"])
        for index in range(self.p["start"], len(self.p["tests"])):
            if self.expired:
                self.send(NOT_RUN % index)
                continue
            log: list[str] = []
            local = dict(ns)
            if record and callable(real):
                local[self.p["entry"]] = _recorder(real, log)
            elif callable(real):  # not tamper-proof, but what the script compares is still plain data
                local[self.p["entry"]] = _plain(real)
            body = self.script(self.p["tests"][index], local)
            if record:
                body += ',"calls":[' + ",".join(log) + "]"
            self.send('{"t":"out","i":%d,%s}' % (index, body))

    def script(self, source: str, ns: dict[str, Any]) -> str:
        import random

        random.seed(1234)  # a script that draws random inputs draws the same ones in every child
        try:
            exec(compile(source, TEST, "exec", dont_inherit=True), ns)
        except AssertionError as exc:
            frames = _frames(exc.__traceback__)
            if frames and frames[-1][0] == TEST:
                line = source.splitlines()[frames[-1][1] - 1].strip()
                return '"ok":false,"kind":"wrong","err":%s' % _str(f"failed: {line}"[:400])
            kind, text = self.classify(exc)
            return '"ok":false,"kind":%s,"err":%s' % (_str(kind), _str(text))
        except Diverged:
            return '"ok":false,"kind":"diverged","err":"the script asked for calls the recording lacks"'
        except BaseException as exc:
            kind, text = self.classify(exc)
            return '"ok":false,"kind":%s,"err":%s' % (_str(kind), _str(text))
        if self.expired:
            return '"ok":false,"kind":"timeout","err":"time limit exceeded"'
        return '"ok":true'

    def replay(self, ns: dict[str, Any]) -> None:
        """Scripts against the answer's recorded outputs; the reference supplies any helper they use."""
        if not self.load(self.p["code"], ns):
            return
        self.send('{"t":"loaded"}')
        for index, (source, recorded) in enumerate(self.p["tests"]):
            local = dict(ns)
            local[self.p["entry"]] = _replayer(recorded)
            self.send('{"t":"out","i":%d,%s}' % (index, self.script(source, local)))

    def time(self, ns: dict[str, Any]) -> None:
        """Call the entry point `repeat` times on copies of one generated input (`call` false: the
        same work without the calls, the baseline the launcher's CPU figure is compared with)."""
        p = self.p
        args = p["input"]  # generated once on the trusted side, for every child of this size
        count = min(p["repeat"], max(1, 1_000_000 // _items(args)))  # memory stays bounded
        try:  # the alarm may fire while copying too: it must still be reported as a timeout
            copies = [generators.fresh(args) for _ in range(count)]
            func = self.entry(ns) if p["call"] else None
            gc.collect()
            gc.disable()
            for number in range(p["repeat"]):
                if func is not None:
                    func(*copies[number % len(copies)])
        except BaseException as exc:
            kind, text = self.classify(exc)
            self.send('{"t":"timed","kind":%s,"err":%s}' % (_str(kind), _str(text[:200])))
            return
        self.send('{"t":"timed","kind":"ok"}')

    # ------------------------------------------------------------ verdicts

    def classify(self, exc: BaseException) -> tuple[str, str]:
        if isinstance(exc, Timeout):
            return "timeout", f"time limit exceeded ({self.p['budget']:g} s for all tests)"
        if isinstance(exc, MemoryError):
            return "memory", f"memory limit exceeded ({self.p['memory_mb']} MB)"
        if isinstance(exc, SystemExit):
            return "error", f"SystemExit: the code called exit({exc.code!r}); return the answer instead"
        if isinstance(exc, wire.TooLarge):
            return "error", "the returned value is too large or too deeply nested to check"
        where = [f"line {line} in {func}: {self.source(line)}"
                 for file, line, func in _frames(exc.__traceback__) if file == ANSWER][-3:]
        try:
            text = f"{type(exc).__name__}: {str(exc)[:200]}"
        except BaseException:
            text = f"{type(exc).__name__}: <unprintable>"
        return "error", text + "".join(f"\n  {w}" for w in where)

    def source(self, line: int) -> str:
        return self.lines[line - 1].strip() if 0 < line <= len(self.lines) else ""


def _recorder(real: Callable[..., Any], log: list[str]) -> Callable[..., Any]:
    def entry(*args: Any, **kwargs: Any) -> Any:
        given = wire.encode(args), wire.encode(kwargs)
        out = real(*args, **kwargs)
        if hasattr(type(out), "__next__"):  # a generator: record its items, hand back a fresh iterator
            items = list(out)
            text, out = wire.encode(iter(items)), iter(items)
        else:
            text = wire.encode(out)
        log.append("[%s,%s,%s,%s]" % (_str(given[0]), _str(given[1]), _str(text), _str(wire.encode(args))))
        return out

    return entry


def _plain(real: Callable[..., Any]) -> Callable[..., Any]:
    def entry(*args: Any, **kwargs: Any) -> Any:
        return wire.decode(wire.encode(real(*args, **kwargs)), True)

    return entry


def _replayer(recorded: list[list[str]]) -> Callable[..., Any]:
    """Answer each call with the recorded output, as long as the script asks what was recorded
    (in order, or again with the inputs of a call already answered, as a failure message does)."""
    queue = list(recorded)
    seen = {(call[0], call[1]): call for call in recorded}

    def entry(*args: Any, **kwargs: Any) -> Any:
        key = (wire.encode(args), wire.encode(kwargs))
        if queue and key == (queue[0][0], queue[0][1]):
            _, _, out, after = queue.pop(0)
        elif key in seen:
            _, _, out, after = seen[key]
        else:
            raise Diverged
        for arg, new in zip(args, wire.decode(after, True), strict=False):
            if isinstance(arg, list) and isinstance(new, list):
                arg[:] = new
            elif isinstance(arg, dict) and isinstance(new, dict):
                arg.clear()
                arg.update(new)
        return wire.decode(out, True)

    return entry


def _items(value: Any) -> int:
    """How many objects a generated input holds (containers count their items, recursively)."""
    if isinstance(value, list | tuple):
        return 1 + sum(_items(v) for v in value)
    return 1


def _frames(tb: Any) -> list[tuple[str, int, str]]:
    frames = []
    while tb is not None:
        code = tb.tb_frame.f_code
        frames.append((code.co_filename, tb.tb_lineno, code.co_name))
        tb = tb.tb_next
    return frames


def main(as_nobody: bool) -> None:
    """The child's life after fork: read the payload, take on the limits, run, leave."""
    import confine

    payload = marshal.loads(_read_all(0))
    null = os.open(os.devnull, os.O_RDONLY)
    os.dup2(null, 0)
    os.close(null)
    for path in payload.get("paths", ()):
        sys.path.append(path)
    _signal.signal(_signal.SIGXFSZ, _signal.SIG_IGN)  # an oversized file write fails, not kills
    confine.set_limits(payload["memory_mb"], payload["cpu_s"], as_nobody)
    if as_nobody:
        confine.drop_privileges()
    builtins.exit = builtins.quit = sys.exit  # type: ignore[assignment]  # `site` (-S) defines them
    try:
        Child(payload).run()
    finally:
        try:
            sys.stdout.flush()
            sys.stderr.flush()
        finally:
            os._exit(0)


def _read_all(fd: int) -> bytes:
    chunks = []
    while chunk := os.read(fd, 1 << 20):
        chunks.append(chunk)
    return b"".join(chunks)
