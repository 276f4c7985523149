"""What the operating system enforces on a sandbox job, applied in the launcher's forked children.

Standard library only (it runs inside the launcher, never in the app).  On Linux a
job gets new PID, mount and network namespaces (with a user namespace when not
root): no network, only its own processes visible, a private /tmp, the rest of
the file system read-only, and every process gone when the namespace's init
exits.  As root the answer runs as `nobody`.  Where namespaces are refused (other
kernels, macOS) the job falls back to a process group, a temp folder and rlimits;
`docs/code-grader.md` says what each platform gets.
"""

from __future__ import annotations

import contextlib
import os
import resource
import sys

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

NOBODY = 65534
CLONE_NEWNS, CLONE_NEWUSER, CLONE_NEWPID, CLONE_NEWNET = 0x20000, 0x10000000, 0x20000000, 0x40000000
MS_RDONLY, MS_NOSUID, MS_NODEV, MS_NOEXEC = 1, 2, 4, 8
MS_REMOUNT, MS_BIND, MS_REC, MS_PRIVATE = 32, 4096, 16384, 1 << 18
PR_SET_PDEATHSIG, PR_SET_CHILD_SUBREAPER = 1, 36
FLAG_OF = {"ro": MS_RDONLY, "nosuid": MS_NOSUID, "nodev": MS_NODEV, "noexec": MS_NOEXEC}

_libc: Any = None


def libc() -> Any:
    """The C library through ctypes (Python 3.11 has no os.unshare), or None off Linux."""
    global _libc
    if _libc is None and sys.platform.startswith("linux"):
        import ctypes

        _libc = ctypes.CDLL(None, use_errno=True)
    return _libc


def become_subreaper() -> bool:
    """Orphans of a job re-parent to the launcher, which kills them (Linux only)."""
    lib = libc()
    return bool(lib) and lib.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) == 0


def die_with_parent() -> None:
    lib = libc()
    if lib:
        lib.prctl(PR_SET_PDEATHSIG, 9, 0, 0, 0)


def enter_namespaces() -> bool:
    """Unshare PID, mount and network namespaces (and user, when not root); False when refused."""
    lib = libc()
    if not lib:
        return False
    flags = CLONE_NEWPID | CLONE_NEWNS | CLONE_NEWNET
    uid, gid = os.getuid(), os.getgid()
    if uid != 0:
        flags |= CLONE_NEWUSER
    if lib.unshare(flags) != 0:
        return False
    if uid != 0:
        try:
            for path, text in (("/proc/self/setgroups", "deny"), ("/proc/self/uid_map", f"0 {uid} 1"),
                               ("/proc/self/gid_map", f"0 {gid} 1")):
                with open(path, "w") as handle:
                    handle.write(text)
        except OSError:
            return False
    return True


def _mount(source: str | None, target: str, fstype: str | None, flags: int, data: str | None) -> bool:
    def enc(text: str | None) -> bytes | None:
        return text.encode() if text is not None else None

    return bool(libc().mount(enc(source), enc(target), enc(fstype), flags, enc(data)) == 0)


def private_file_system(hide: list[str], keep: list[str]) -> bool:
    """In a fresh mount namespace: everything read-only, `hide` (homes, the project, /tmp...) each
    replaced by an empty tmpfs, `keep` (the standard library, allowed packages) bound back
    read-only, and a /proc of our own.  False when the essential part failed."""
    if not _mount(None, "/", None, MS_REC | MS_PRIVATE, None):
        return False
    handles = {}
    for path in keep:  # handles first: the paths vanish under the tmpfs layers below
        with contextlib.suppress(OSError):
            handles[path] = os.open(path, os.O_PATH)
    try:
        with open("/proc/self/mountinfo") as handle:
            mounts = [line.split() for line in handle]
    except OSError:
        mounts = []
    for fields in sorted(mounts, key=lambda f: len(f[4])):
        target, options = fields[4].replace("\\040", " "), fields[5].split(",")
        kept = sum(FLAG_OF.get(o, 0) for o in options)
        _mount(None, target, None, MS_REMOUNT | MS_BIND | MS_RDONLY | kept, None)
    ok = True
    for root in hide:
        if os.path.isdir(root) and not _mount("tmpfs", root, "tmpfs", MS_NOSUID | MS_NODEV,
                                              "size=64m,mode=1777" if root == "/tmp" else "size=1m,mode=755"):
            ok = False
    for path, fd in handles.items():
        if any(path == root or path.startswith(root.rstrip("/") + "/") for root in hide):
            try:
                os.makedirs(path, 0o755, exist_ok=True)
            except OSError:
                continue
            if _mount(f"/proc/self/fd/{fd}", path, None, MS_BIND | MS_REC, None):
                _mount(None, path, None, MS_REMOUNT | MS_BIND | MS_RDONLY | MS_NOSUID | MS_NODEV, None)
        os.close(fd)
    _mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, None)
    return ok


def drop_privileges() -> None:
    """As root, run the answer as `nobody`: it can neither read the app's /proc files nor signal it."""
    if os.getuid() == 0 and os.environ.get("INTERVIEW_SANDBOX_UID") != "0":
        os.setgroups([])
        os.setgid(NOBODY)
        os.setuid(NOBODY)


def set_limits(memory_mb: int, cpu_s: int, as_nobody: bool) -> None:
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
    for res, soft, hard in (
        (resource.RLIMIT_AS, base + memory_mb * 2**20, None),
        (resource.RLIMIT_CPU, cpu_s, cpu_s + 1),
        (resource.RLIMIT_FSIZE, 16 * 2**20, None),
        (resource.RLIMIT_NOFILE, 64, None),
        (resource.RLIMIT_CORE, 0, None),
        (resource.RLIMIT_NPROC, 256 if as_nobody else threads + 64, None),
    ):
        hard = soft if hard is None else hard
        current = resource.getrlimit(res)[1]
        if current != resource.RLIM_INFINITY:
            soft, hard = min(soft, current), min(hard, current)
        try:  # noqa: SIM105 - contextlib would cost an import
            resource.setrlimit(res, (soft, hard))
        except (ValueError, OSError):
            pass
