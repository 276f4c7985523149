"""Builders for hostile inputs: archive bombs, deep nesting, trickling servers.

Big items are generated at test time (never committed); the small ones live in
tests/data/hostile/.  Both the tests and benchmarks/hostile_bench.py use these.
"""

from __future__ import annotations

import io
import socket
import struct
import tarfile
import threading
import time
import zipfile
from pathlib import Path

from tests.bankfixtures import MANIFEST, ML_QUESTION

HOSTILE = Path(__file__).resolve().parent / "data" / "hostile"
REPO = Path(__file__).resolve().parent.parent
CHUNK = b"\0" * (1 << 20)


def pack_files(name: str) -> dict[str, str]:
    return {"pack.toml": MANIFEST.format(name=name), "q.toml": ML_QUESTION.format(id=f"{name}.q")}


def zip_bomb(path: Path, inflated_mb: int, *, claimed: int | None = None, name: str = "bomb") -> Path:
    """A valid pack plus one member of `inflated_mb` MB of zeros; `claimed` makes its headers lie."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        for rel, text in pack_files(name).items():
            zf.writestr(f"{name}/{rel}", text)
        with zf.open(f"{name}/zeros.toml", "w", force_zip64=True) as member:
            for _ in range(inflated_mb):
                member.write(CHUNK)
    if claimed is not None:
        _lie_about_size(path, claimed)
    return path


def _lie_about_size(path: Path, claimed: int) -> None:
    """Rewrite the zeros member's uncompressed size in both headers (and its zip64 extras)."""
    data = bytearray(path.read_bytes())
    name = b"zeros.toml"
    headers = ((b"PK\x03\x04", 22, 26, 30), (b"PK\x01\x02", 24, 28, 46))
    for signature, size_at, name_len_at, header_len in headers:
        start = 0
        while (start := data.find(signature, start)) != -1:
            name_len, extra_len = struct.unpack_from("<HH", data, start + name_len_at)
            filename = bytes(data[start + header_len:start + header_len + name_len])
            if filename.endswith(name):
                struct.pack_into("<I", data, start + size_at, min(claimed, 0xFFFFFFFE))
                extra = start + header_len + name_len
                end = extra + extra_len
                while extra + 4 <= end:
                    tag, size = struct.unpack_from("<HH", data, extra)
                    if tag == 1 and size >= 8:  # zip64: the real sizes live here
                        struct.pack_into("<Q", data, extra + 4, claimed)
                    extra += 4 + size
            start += 4
    path.write_bytes(bytes(data))


def many_entries_zip(path: Path, entries: int, name: str = "many") -> Path:
    with zipfile.ZipFile(path, "w") as zf:
        for rel, text in pack_files(name).items():
            zf.writestr(f"{name}/{rel}", text)
        for i in range(entries):
            zf.writestr(f"{name}/x/{i}.txt", "")
    return path


def tar_bomb(path: Path, inflated_mb: int, name: str = "tarbomb") -> Path:
    """A .tar.gz whose one big member inflates to `inflated_mb` MB of zeros."""

    class Zeros(io.RawIOBase):
        def __init__(self, size: int) -> None:
            self.left = size

        def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
            n = min(len(buffer), self.left)
            buffer[:n] = b"\0" * n
            self.left -= n
            return n

    with tarfile.open(path, "w:gz", compresslevel=9) as tf:
        for rel, text in pack_files(name).items():
            raw = text.encode()
            info = tarfile.TarInfo(f"{name}/{rel}")
            info.size = len(raw)
            tf.addfile(info, io.BytesIO(raw))
        info = tarfile.TarInfo(f"{name}/zeros.toml")
        info.size = inflated_mb << 20
        tf.addfile(info, Zeros(info.size))
    return path


def deep_toml(depth: int) -> str:
    """A question file whose one value nests `depth` arrays deep (line 12)."""
    return ML_QUESTION.format(id="deep.q") + "\n" * 2 + "extra = " + "[" * depth + "]" * depth + "\n"


def deep_literal_question(depth: int, question_id: str = "deep.lit") -> str:
    """A coding question from the built-in bank whose first `args_literal` nests `depth` lists deep."""
    source = (REPO / "question_bank/coding/trees/level-order-traversal.toml").read_text()
    lines = source.splitlines()
    for i, line in enumerate(lines):
        if line.startswith("id = "):
            lines[i] = f'id = "{question_id}"'
        if line.startswith("args_literal = "):
            lines[i] = f'args_literal = "({"[" * depth}{"]" * depth},)"'
            break
    return "\n".join(lines) + "\n"


class TricklingServer:
    """An HTTP server on 127.0.0.1 that answers 200 and then sends one byte every `interval` s, forever."""

    def __init__(self, interval: float = 0.05, *, status_line: bytes = b"HTTP/1.1 200 OK") -> None:
        self.interval = interval
        self.status_line = status_line
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}"
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)

    def _serve(self) -> None:
        self.sock.settimeout(0.2)
        while not self._stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            threading.Thread(target=self._trickle, args=(conn,), daemon=True).start()

    def _trickle(self, conn: socket.socket) -> None:
        with conn:
            try:
                conn.recv(65536)
                conn.sendall(self.status_line + b"\r\ncontent-type: application/zip\r\n"
                             b"transfer-encoding: chunked\r\n\r\n")
                while not self._stop.is_set():
                    conn.sendall(b"1\r\nx\r\n")
                    time.sleep(self.interval)
            except OSError:
                return

    def __enter__(self) -> TricklingServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self.sock.close()
