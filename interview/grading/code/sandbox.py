"""The app's side of the sandbox: one launcher per app process, and one job per child run.

`run_job` hands the launcher a job, feeds it its payload, reads its result
channel and its prints concurrently (each with a byte cap), and kills it at a
deadline the trusted side alone keeps.  Safe from any thread and event loop.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import itertools
import json
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

LAUNCHER = Path(__file__).resolve().parent / "launcher.py"
MAX_RESULTS = 8 * 2**20  # the result channel: a flood past this is cut and the job killed
MAX_OUTPUT = 32 * 1024  # the answer's prints kept for the report


Reply = concurrent.futures.Future[dict[str, Any]]


class SandboxUnavailable(RuntimeError):
    """The launcher could not be started or died."""


@dataclass
class Job:
    """What one child said and did."""

    lines: list[bytes] = field(default_factory=list)
    output: bytes = b""
    output_total: int = 0
    code: int | None = None  # exit code; negative: killed by that signal
    cpu_s: float | None = None  # user + system CPU of the whole job, measured by the launcher
    timed_out: bool = False
    flooded: bool = False
    elapsed: float = 0.0


class Launcher:
    """The launcher process and its control socket; replies are matched to jobs by a reader thread.

    `preload`: (package names, the folders they import from) that the launcher imports once."""

    def __init__(self, preload: tuple[tuple[str, ...], list[str]] = ((), [])) -> None:
        started = time.perf_counter()
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        theirs.set_inheritable(True)
        env = {"PATH": os.defpath, "LANG": "C.UTF-8"}  # nothing of the user's, API keys above all
        names, paths = preload
        self.proc = subprocess.Popen(
            [sys.executable, "-I", "-S", str(LAUNCHER), tempfile.gettempdir(), str(theirs.fileno()),
             json.dumps({**places(), "preload": list(names), "paths": paths})],
            env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            pass_fds=(theirs.fileno(),), cwd="/", start_new_session=True,
        )
        theirs.close()
        self.sock = ours
        self.lock = threading.Lock()
        self.waiting: dict[int, concurrent.futures.Future[dict[str, Any]]] = {}
        self.ids = itertools.count(1)
        ready = json.loads(self.sock.recv(65536) or b"{}")
        if "ready" not in ready:
            raise SandboxUnavailable("the sandbox launcher did not start")
        self.isolation: dict[str, Any] = ready["ready"]
        self.startup_s = time.perf_counter() - started
        self.alive = True
        threading.Thread(target=self._read, name="sandbox-launcher", daemon=True).start()

    def _read(self) -> None:
        while True:
            try:
                data = self.sock.recv(65536)
            except OSError:
                data = b""
            if not data:
                break
            message = json.loads(data)
            with self.lock:
                future = self.waiting.pop(message.get("id"), None)
            if future is not None:
                future.set_result(message)
        self.alive = False
        with self.lock:
            waiting, self.waiting = self.waiting, {}
        for future in waiting.values():
            future.set_exception(SandboxUnavailable("the sandbox launcher died"))

    def start(self, header: dict[str, Any], fds: list[int]) -> tuple[int, Reply]:
        job_id = next(self.ids)
        future: concurrent.futures.Future[dict[str, Any]] = concurrent.futures.Future()
        with self.lock:
            if not self.alive:
                raise SandboxUnavailable("the sandbox launcher died")
            self.waiting[job_id] = future
            socket.send_fds(self.sock, [json.dumps({"op": "run", "id": job_id, **header}).encode()], fds)
        return job_id, future

    def kill(self, job_id: int) -> None:
        with self.lock, contextlib.suppress(OSError):
            self.sock.send(json.dumps({"op": "kill", "id": job_id}).encode())


SYSTEM = {"/", "/usr", "/lib", "/lib64", "/bin", "/sbin", "/etc", "/dev", "/proc", "/sys", "/var", "/opt",
          "/usr/local", "/nix", "/gnu", "/run"}


def places() -> dict[str, list[str]]:
    """What a job must not see: homes, the project, the app's folders, temp (the launcher binds
    back the standard library it runs on)."""
    project = Path(__file__).resolve().parents[3]
    wanted = {"/home", "/root", "/mnt", "/media", "/srv", "/tmp", "/var/tmp", "/dev/shm", "/run/user",
              str(Path.home()), str(project), os.getcwd(), tempfile.gettempdir()}
    real = sorted({os.path.realpath(p) for p in wanted if os.path.isdir(p)} - SYSTEM)
    return {"hide": [p for p in real if not any(p.startswith(other + "/") for other in real)]}


_launchers: dict[tuple[str, ...], Launcher] = {}
_launcher_lock = threading.Lock()


def launcher(packages: tuple[str, ...] = ()) -> Launcher:
    """The app's launcher for questions allowing `packages` (sorted), started on first use and again
    if it died.  One per set, so what one set preloads is never in a job of another."""
    with _launcher_lock:
        found = _launchers.get(packages)
        if found is None or not found.alive:
            paths = list(_package_paths(packages)) if packages else []
            found = _launchers[packages] = Launcher((packages, paths))
        return found


def _package_paths(packages: tuple[str, ...]) -> list[str]:
    from interview.grading.code.scripts import package_paths

    return package_paths(packages)


def _forget_after_fork() -> None:
    _launchers.clear()


os.register_at_fork(after_in_child=_forget_after_fork)


async def run_job(payload: bytes, *, memory_mb: int, cpu_s: int, deadline: float,
                  keep: list[str] | None = None, packages: tuple[str, ...] = ()) -> Job:
    """Run one child to its end or to `deadline` (loop.time()), whichever comes first, on the
    launcher that has `packages` (the question's allowed imports) already imported."""
    loop = asyncio.get_running_loop()
    job = Job()
    started = time.perf_counter()
    (in_r, in_w), (res_r, res_w), (out_r, out_w) = os.pipe(), os.pipe(), os.pipe()
    try:
        owner = launcher(packages)
        job_id, done = owner.start({"memory_mb": memory_mb, "cpu_s": cpu_s, "keep": keep or []},
                                   [in_r, res_w, out_w])
    except BaseException:
        for fd in (in_w, res_r, out_r):
            os.close(fd)
        raise
    finally:
        for fd in (in_r, res_w, out_w):
            os.close(fd)
    feeder = loop.run_in_executor(None, _feed, in_w, payload)
    transports: list[asyncio.BaseTransport] = []
    kill = lambda: owner.kill(job_id)  # noqa: E731
    readers = [asyncio.ensure_future(_read_results(res_r, job, transports, kill)),
               asyncio.ensure_future(_read_output(out_r, job, transports))]
    exited = asyncio.wrap_future(done)
    try:
        finished, _ = await asyncio.wait([exited], timeout=max(deadline - loop.time(), 0))
        if exited not in finished:
            job.timed_out = True
            kill()
        message = await exited
        job.code, job.cpu_s = int(message["code"]), float(message["cpu"])
        await asyncio.wait(readers, timeout=1.0)
    except asyncio.CancelledError:
        kill()
        raise
    finally:
        for task in readers:
            task.cancel()
        for transport in transports:
            transport.close()
        with contextlib.suppress(BaseException):
            await feeder
        job.elapsed = time.perf_counter() - started
    return job


def _feed(fd: int, payload: bytes) -> None:
    try:
        with contextlib.suppress(OSError):
            view = memoryview(payload)
            while view:
                view = view[os.write(fd, view):]
    finally:
        os.close(fd)


async def _open(fd: int, transports: list[asyncio.BaseTransport]) -> asyncio.StreamReader:
    loop = asyncio.get_running_loop()
    reader = asyncio.StreamReader(limit=2**20)
    transport, _ = await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader),
                                                os.fdopen(fd, "rb", 0))
    transports.append(transport)
    return reader


async def _read_results(fd: int, job: Job, transports: list[asyncio.BaseTransport],
                        kill: Any) -> None:
    """Lines of the result channel, read as they come; a flood past MAX_RESULTS kills the job."""
    reader = await _open(fd, transports)
    buffer, total = b"", 0
    while chunk := await reader.read(65536):
        total += len(chunk)
        if total > MAX_RESULTS:
            job.flooded = True
            kill()
            return
        *lines, buffer = (buffer + chunk).split(b"\n")
        job.lines.extend(lines)


async def _read_output(fd: int, job: Job, transports: list[asyncio.BaseTransport]) -> None:
    reader = await _open(fd, transports)
    kept: list[bytes] = []
    while chunk := await reader.read(65536):
        if job.output_total < MAX_OUTPUT:
            kept.append(chunk[: MAX_OUTPUT - job.output_total])
            job.output = b"".join(kept)
        job.output_total += len(chunk)
