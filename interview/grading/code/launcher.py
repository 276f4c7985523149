"""The launcher: a small process, started by the app with an empty environment, that forks every sandbox job.

    python -I -S launcher.py TMP_ROOT CONTROL_FD '{"hide": [...], "preload": [...], "paths": [...]}'

`hide`: folders a job must not see (homes, the project, temp); the standard library the
launcher runs on is bound back, and so are a job's allowed packages (`keep` of a run).
`preload`: packages to import once, from `paths` (the app runs one launcher per set of allowed
packages, so a job of a question that does not allow NumPy never finds it loaded); a NumPy
job then costs a fork instead of a ~0.15 s import inside its time budget.

No API key ever enters it, so no job forked from it can find one: not in its
environment, not in its parent's /proc files, not in memory.  It pre-imports the
child's modules once, so a job costs a fork, not an interpreter start.

Control: a SOCK_SEQPACKET socket on CONTROL_FD, one JSON packet per message.
  app -> {"op": "run", "id": N, "memory_mb": M, "cpu_s": S} + fds [payload in, results out, prints out]
  app -> {"op": "kill", "id": N}
  launcher -> {"ready": {...isolation...}} once; {"id": N, "code": C, "signal": S, "cpu": seconds} per job
When the app goes away (the socket closes: exit, SIGTERM, SIGHUP, SIGKILL), every job is killed.
"""

from __future__ import annotations

import contextlib
import json
import os
import selectors
import shutil
import signal
import socket
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
STDLIB = [os.path.realpath(p) for p in sys.path if os.path.exists(p)]  # -I -S: the standard library only
sys.path.insert(0, HERE)
import confine  # noqa: E402
import harness  # noqa: E402  (pre-imported: every job gets it for free through fork)

del sys.path[0]  # the jobs see the standard library only, never the project
import json.decoder  # noqa: E402
import random  # noqa: E402, F401

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any


class Launcher:
    def __init__(self, control: socket.socket, tmp_root: str, hide: list[str]) -> None:
        self.control = control
        self.tmp_root = tmp_root
        self.hide, self.keep = hide, STDLIB
        self.jobs: dict[int, tuple[int, str | None]] = {}  # keeper pid -> (job id, fallback temp dir)
        self.by_id: dict[int, int] = {}
        self.as_nobody = os.getuid() == 0
        self.subreaper = confine.become_subreaper()
        self.namespaces = self.probe()

    def probe(self) -> bool:
        """Can a job get its own namespaces and file-system view here?"""
        pid = os.fork()
        if pid == 0:
            ok = confine.enter_namespaces()
            if ok:
                inner = os.fork()
                if inner == 0:
                    os._exit(0 if confine.private_file_system(self.hide, self.keep) else 1)
                ok = os.waitpid(inner, 0)[1] == 0
            os._exit(0 if ok else 1)
        return os.waitpid(pid, 0)[1] == 0

    def send(self, message: dict[str, Any]) -> None:
        with contextlib.suppress(OSError):
            self.control.send(json.dumps(message).encode())

    # ------------------------------------------------------------ jobs

    def start(self, request: dict[str, Any], fds: list[int]) -> None:
        workdir = None
        if not self.namespaces:
            workdir = tempfile.mkdtemp(prefix="interview-run-", dir=self.tmp_root)
            if self.as_nobody:
                os.chown(workdir, confine.NOBODY, confine.NOBODY)
        pid = os.fork()
        if pid == 0:
            try:
                self.keeper(request, fds, workdir)
            except BaseException:
                import traceback

                traceback.print_exc()  # onto the job's prints, where the app shows it
            finally:
                os._exit(70)
        for fd in fds:
            os.close(fd)
        self.jobs[pid] = (request["id"], workdir)
        self.by_id[request["id"]] = pid

    def keeper(self, request: dict[str, Any], fds: list[int], workdir: str | None) -> None:
        """In the forked keeper: own session, namespaces, then init and the child proper."""
        os.setsid()
        signal.set_wakeup_fd(-1)
        for sig in (signal.SIGCHLD, signal.SIGTERM, signal.SIGHUP):
            signal.signal(sig, signal.SIG_DFL)
        stdin, results, prints = fds
        os.dup2(stdin, 0)
        os.dup2(prints, 1)
        os.dup2(prints, 2)
        os.dup2(results, harness.RESULT_FD)
        os.closerange(harness.RESULT_FD + 1, 1 << 16)
        env = {"PATH": os.defpath, "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8", "HOME": workdir or "/tmp/work",
               "TMPDIR": workdir or "/tmp", "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1",
               "MKL_NUM_THREADS": "1"}
        os.environ.clear()
        os.environ.update(env)
        if self.namespaces and confine.enter_namespaces():
            init = os.fork()
            if init == 0:
                confine.die_with_parent()
                confine.private_file_system(self.hide, self.keep + list(request.get("keep", ())))
                os.mkdir("/tmp/work", 0o755)
                if self.as_nobody:
                    os.chown("/tmp/work", confine.NOBODY, confine.NOBODY)
                os.chdir("/tmp/work")
                os._exit(self.run_child(request))
            os._exit(_code(os.waitpid(init, 0)[1]))
        if workdir:
            os.chdir(workdir)
        os._exit(self.run_child(request))

    def run_child(self, request: dict[str, Any]) -> int:
        """Fork the child that runs the answer, reap everything, return its encoded status."""
        child = os.fork()
        if child == 0:
            harness.main(self.as_nobody)
        while True:
            try:
                pid, status = os.waitpid(-1, 0)
            except ChildProcessError:
                return 70
            if pid == child:
                return _code(status)

    def reap(self) -> None:
        while True:
            try:
                pid, status, usage = os.wait4(-1, os.WNOHANG)
            except ChildProcessError:
                return
            if pid == 0:
                return
            job = self.jobs.pop(pid, None)
            if job is None:
                continue  # an orphan some job left behind, re-parented to us and already killed
            job_id, workdir = job
            self.by_id.pop(job_id, None)
            if workdir:
                shutil.rmtree(workdir, ignore_errors=True)
            code = os.waitstatus_to_exitcode(status)
            self.send({"id": job_id, "code": code, "cpu": usage.ru_utime + usage.ru_stime})

    def sweep(self) -> None:
        """Kill any process re-parented to the launcher that is not a live keeper (a setsid escapee)."""
        try:
            with open(f"/proc/self/task/{os.getpid()}/children") as handle:
                pids = [int(p) for p in handle.read().split()]
        except (OSError, ValueError):
            return
        for pid in pids:
            if pid not in self.jobs:
                _kill(pid, group=False)

    def kill(self, job_id: int) -> None:
        pid = self.by_id.get(job_id)
        if pid is not None:
            _kill(pid, group=True)

    def shutdown(self) -> None:
        for pid in list(self.jobs):
            _kill(pid, group=True)
        self.sweep()
        for pid, (_, workdir) in list(self.jobs.items()):
            with contextlib.suppress(ChildProcessError):
                os.waitpid(pid, 0)
            if workdir:
                shutil.rmtree(workdir, ignore_errors=True)
        self.sweep()

    # ------------------------------------------------------------ loop

    def serve(self) -> None:
        wake_r, wake_w = os.pipe()
        os.set_blocking(wake_w, False)
        signal.set_wakeup_fd(wake_w)
        signal.signal(signal.SIGCHLD, lambda *_: None)
        for sig in (signal.SIGTERM, signal.SIGHUP, signal.SIGINT):
            signal.signal(sig, signal.SIG_IGN)  # the app's own death (socket EOF) is what ends us
        select = selectors.DefaultSelector()
        select.register(self.control, selectors.EVENT_READ)
        select.register(wake_r, selectors.EVENT_READ)
        self.send({"ready": {"namespaces": self.namespaces, "nobody": self.as_nobody,
                             "subreaper": self.subreaper, "platform": sys.platform}})
        while True:
            for key, _ in select.select(timeout=0.5):
                if key.fileobj is self.control:
                    if not self.handle():
                        self.shutdown()
                        return
                else:
                    os.read(wake_r, 4096)
            self.reap()
            if self.subreaper:
                self.sweep()

    def handle(self) -> bool:
        try:
            data, fds, _, _ = socket.recv_fds(self.control, 65536, 8)
        except OSError:
            return False
        if not data:
            return False
        try:
            request = json.loads(data)
        except ValueError:
            request = {}
        if request.get("op") == "run" and len(fds) == 3:
            self.start(request, fds)
        else:
            for fd in fds:
                os.close(fd)
            if request.get("op") == "kill":
                self.kill(request["id"])
        return True


def preload(names: list[str], paths: list[str]) -> None:
    """Import the allowed packages once, single-threaded (forking a process with BLAS threads is unsafe)."""
    os.environ.update({"OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"})
    sys.path.extend(paths)
    for name in names:
        with contextlib.suppress(Exception):  # a failure is reported by the job's own import
            __import__(name)
    del sys.path[len(sys.path) - len(paths):]  # a job puts them back from its payload


def _code(status: int) -> int:
    """An exit status as one byte, passed up through init and keeper: the code, or 128 + signal."""
    code = os.waitstatus_to_exitcode(status)
    return code if code >= 0 else 128 + (-code & 0x7F)


def _kill(pid: int, group: bool) -> None:
    try:
        if group:
            os.killpg(pid, signal.SIGKILL)
        else:
            os.kill(pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


if __name__ == "__main__":
    places = json.loads(sys.argv[3])
    preload(places.get("preload", []), places.get("paths", []))
    Launcher(socket.socket(fileno=int(sys.argv[2])), sys.argv[1], places["hide"]).serve()
