"""The hostile-input corpus: each item is a command run against a prepared data folder.

Small items are files in tests/data/hostile/; bombs and endless streams are
generated when the item is prepared.  Every item has a deadline, an expected
exit code (1: refused with one line; 0: LLM trouble, where the offline score
must survive with one notice line) and, in benchmarks/hostile_bench.py, a
measured peak RSS.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tests.bankfixtures import ML_QUESTION, write_pack
from tests.fake_llm import Scripted, anthropic_keepalive, anthropic_stream
from tests.hostile_corpus import HOSTILE, many_entries_zip, tar_bomb, zip_bomb

QUESTION = "ml.bias-variance-tradeoff"
ANSWER = ("Bias is error from overly simple assumptions, so the model underfits; variance is error from "
          "sensitivity to the training sample, so it overfits. More data and regularisation cut variance; "
          "richer features cut bias. Learning curves show which one dominates.")
BOMB_MB = 150  # over the 100 MB unpack cap


@dataclass
class Setup:
    argv: list[str]
    env: dict[str, str] = field(default_factory=dict)
    replies: list[Scripted] = field(default_factory=list)
    seams: dict[str, Any] = field(default_factory=dict)  # module attribute -> value, for test-only seams


@dataclass
class Item:
    name: str
    kind: str
    prepare: Callable[[Path, Path, dict[str, str]], Setup]  # (home, scratch, server urls) -> Setup
    deadline_s: float = 20.0
    exit_code: int = 1
    notice_lines: int = 1


def _good_pack(scratch: Path) -> Path:
    return write_pack(scratch / "src", "good", {"q.toml": ML_QUESTION.format(id="good.q")})


def _llm(home: Path, url: str, provider: str = "openai-compatible", timeout: float = 5) -> None:
    base = f"{url}/v1" if provider == "openai-compatible" else url
    home.mkdir(parents=True, exist_ok=True)
    (home / "config.toml").write_text(f'[llm]\nprovider = "{provider}"\nbase_url = "{base}"\n'
                                      f"timeout_s = {timeout}\n")


def _grade(scratch: Path) -> list[str]:
    answer = scratch / "answer.md"
    answer.write_text(ANSWER)
    return ["grade", "--question", QUESTION, "--answer", str(answer), "--llm"]


def _huge_stream() -> Any:
    piece = {"object": "chat.completion.chunk", "choices": [{"index": 0, "delta": {"content": "x" * 4000}}]}
    line = f"data: {json.dumps(piece)}\n\n".encode()
    return (line for _ in range(50 * 1024 * 1024 // len(line)))


def _nested_export(scratch: Path) -> Path:
    path = scratch / "nested.json"
    deep = "[" * 100_000 + "]" * 100_000
    path.write_text('{"format": "interview-history", "schema": 2, "attempts": ' + deep + "}")
    return path


def _config(name: str) -> Callable[[Path, Path, dict[str, str]], Setup]:
    def prepare(home: Path, scratch: Path, urls: dict[str, str]) -> Setup:
        home.mkdir(parents=True, exist_ok=True)
        shutil.copy(HOSTILE / "configs" / name, home / "config.toml")
        return Setup(["summary"])

    return prepare


def _config_dir(home: Path, scratch: Path, urls: dict[str, str]) -> Setup:
    (home / "config.toml").mkdir(parents=True)
    return Setup(["summary"])


def _config_loop(home: Path, scratch: Path, urls: dict[str, str]) -> Setup:
    home.mkdir(parents=True, exist_ok=True)
    (home / "config.toml").symlink_to("config.toml")
    return Setup(["summary"])


ITEMS = [
    Item("pack --name ../history --force", "pack", lambda h, s, u: Setup(
        ["bank", "import", str(_good_pack(s)), "--name", "../history", "--force"])),
    Item("pack --name /absolute --force", "pack", lambda h, s, u: Setup(
        ["bank", "import", str(_good_pack(s)), "--name", str(s), "--force"])),
    Item("pack nested 600 deep (TOML)", "pack", lambda h, s, u: Setup(
        ["bank", "import", str(HOSTILE / "packs" / "deep-toml")])),
    Item("pack nested 600 deep (*_literal)", "pack", lambda h, s, u: Setup(
        ["bank", "import", str(HOSTILE / "packs" / "deep-literal")])),
    Item(f"zip bomb ({BOMB_MB} MB inflated)", "archive", lambda h, s, u: Setup(
        ["bank", "import", str(zip_bomb(s / "bomb.zip", BOMB_MB))]), deadline_s=30),
    Item("zip bomb, header claims 100 bytes", "archive", lambda h, s, u: Setup(
        ["bank", "import", str(zip_bomb(s / "liar.zip", BOMB_MB, claimed=100))]), deadline_s=30),
    Item("zip with 6000 entries", "archive", lambda h, s, u: Setup(
        ["bank", "import", str(many_entries_zip(s / "many.zip", 6000))])),
    Item(f"tar.gz bomb ({BOMB_MB} MB inflated)", "archive", lambda h, s, u: Setup(
        ["bank", "import", str(tar_bomb(s / "bomb.tar.gz", BOMB_MB))]), deadline_s=30),
    Item("trickling download (1 byte / 50 ms)", "archive", lambda h, s, u: Setup(
        ["bank", "import", u["trickle"] + "/pack.zip"],
        seams={"interview.bank.importing.PLAIN_HTTP_HOSTS": frozenset({"127.0.0.1"}),
               "interview.bank.importing.DOWNLOAD_DEADLINE_S": 3.0}), deadline_s=10),
    Item("config.toml is a folder", "config", _config_dir),
    Item("config.toml is a symlink loop", "config", _config_loop),
    Item("config.toml not UTF-8", "config", _config("not-utf8.toml")),
    Item("config.toml nested 600 deep", "config", _config("deep.toml")),
    Item("answer of 250 KB", "answer", lambda h, s, u: Setup(
        ["grade", "--question", QUESTION, "--answer", str(_write(s / "big.md", "word " * 50_000))])),
    Item("answer from /dev/zero", "answer", lambda h, s, u: Setup(
        ["grade", "--question", QUESTION, "--answer", "/dev/zero"])),
    Item("history import nested 100,000 deep", "answer", lambda h, s, u: Setup(
        ["history", "import", str(_nested_export(s))])),
    Item("LLM chunk data: [1,2,3]", "llm", lambda h, s, u: (_llm(h, u["llm"]), Setup(
        _grade(s), replies=[Scripted(raw=lambda: [(HOSTILE / "llm" / "openai-malformed.sse").read_bytes()])
                            for _ in range(2)]))[1], exit_code=0),
    Item("LLM reply with ESC/OSC 52/markup", "llm", lambda h, s, u: (_llm(h, u["llm"], "anthropic"), Setup(
        _grade(s), env={"ANTHROPIC_API_KEY": "sk-test"}, replies=[Scripted(events=anthropic_stream(
            (HOSTILE / "llm" / "escapes-reply.json").read_text()))]))[1], exit_code=0, notice_lines=0),
    Item("LLM reply of 50 MB", "llm", lambda h, s, u: (_llm(h, u["llm"], timeout=30), Setup(
        _grade(s), replies=[Scripted(raw=_huge_stream) for _ in range(2)]))[1], exit_code=0),
    Item("LLM SSE keep-alives forever", "llm", lambda h, s, u: (_llm(h, u["llm"], "anthropic", 3), Setup(
        _grade(s), env={"ANTHROPIC_API_KEY": "sk-test"},
        replies=[Scripted(keepalive=anthropic_keepalive()) for _ in range(3)]))[1],
        exit_code=0, deadline_s=8),
    Item("LLM never answers", "llm", lambda h, s, u: (_llm(h, u["llm"], timeout=3), Setup(
        _grade(s), replies=[Scripted(hang=True) for _ in range(3)]))[1], exit_code=0, deadline_s=8),
    Item("LLM 429 retry-after: 3600", "llm", lambda h, s, u: (_llm(h, u["llm"], "anthropic", 5), Setup(
        _grade(s), env={"ANTHROPIC_API_KEY": "sk-test"}, replies=[Scripted(
            429, {"type": "error", "error": {"type": "rate_limit_error", "message": "later"}},
            headers={"retry-after": "3600"})]))[1], exit_code=0, deadline_s=8),
]


def _write(path: Path, text: str) -> Path:
    path.write_text(text)
    return path


def apply_seams(seams: dict[str, Any]) -> None:
    import importlib

    for target, value in seams.items():
        module, attribute = target.rsplit(".", 1)
        setattr(importlib.import_module(module), attribute, value)


def judge(item: Item, code: int, out: str, err: str, took: float) -> list[str]:
    """What is wrong with how the item ended (empty: it held)."""
    wrong = []
    lines = [line for line in err.strip().splitlines() if line]
    if code != item.exit_code:
        wrong.append(f"exit {code}, expected {item.exit_code}")
    if len(lines) != item.notice_lines or "Traceback" in err:
        wrong.append(f"{len(lines)} stderr lines, expected {item.notice_lines}: {err[-200:]!r}")
    if any(len(line) > 400 for line in lines):
        wrong.append("a notice line longer than 400 characters")
    if "\x1b" in out + err or "\x07" in out + err:
        wrong.append("a terminal escape reached the output")
    if took > item.deadline_s:
        wrong.append(f"took {took:.1f} s, deadline {item.deadline_s:g} s")
    return wrong
