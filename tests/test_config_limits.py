"""A broken config.toml and oversized answers are one line each, and reading an answer is bounded."""

from __future__ import annotations

import io
import os
import time
from pathlib import Path

import pytest

from interview.cli import main
from interview.paths import Paths

QUESTION = "ml.bias-variance-tradeoff"


def one_line_error(capsys: pytest.CaptureFixture[str], argv: list[str]) -> str:
    code = main(argv)
    err = capsys.readouterr().err.strip()
    assert code == 1 and len(err.splitlines()) == 1 and "Traceback" not in err, err
    return err


def _directory(config: Path) -> None:
    config.mkdir()


def _loop(config: Path) -> None:
    os.symlink(config.name, config)


def _not_utf8(config: Path) -> None:
    config.write_bytes(b'[llm]\nmodel = "\xff\xfe"\n')


def _deep(config: Path) -> None:
    config.write_text("[llm]\nmodel = " + "[" * 600 + "]" * 600 + "\n")


@pytest.mark.parametrize("damage,says", [(_directory, "folder"), (_loop, "symlink"), (_not_utf8, "UTF-8"),
                                         (_deep, "line 2")])
def test_a_broken_config_is_one_line(
    paths: Paths, capsys: pytest.CaptureFixture[str], damage: object, says: str
) -> None:
    damage(paths.config_file)  # type: ignore[operator]
    err = one_line_error(capsys, ["summary"])
    assert "config.toml" in err and says in err


def test_an_answer_over_the_limit_is_refused(
    paths: Paths, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    big = tmp_path / "answer.md"
    big.write_text("word " * 50_000)  # 250 KB
    err = one_line_error(capsys, ["grade", "--question", QUESTION, "--answer", str(big)])
    assert "200 KB" in err


def test_dev_zero_is_read_no_further_than_the_limit(capsys: pytest.CaptureFixture[str]) -> None:
    start = time.monotonic()
    err = one_line_error(capsys, ["grade", "--question", QUESTION, "--answer", "/dev/zero"])
    assert "200 KB" in err and time.monotonic() - start < 10


class Endless(io.TextIOBase):
    def read(self, size: int | None = -1) -> str:
        if size is None or size < 0:
            raise AssertionError("an unbounded read of standard input")
        return "a" * size


def test_standard_input_is_bounded(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("sys.stdin", Endless())
    err = one_line_error(capsys, ["grade", "--question", QUESTION, "--answer", "-"])
    assert "200 KB" in err


def test_a_batch_answer_over_the_limit_names_its_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    import json

    batch = tmp_path / "batch.jsonl"
    batch.write_text(json.dumps({"question": QUESTION, "answer": "x" * 300_000}) + "\n")
    err = one_line_error(capsys, ["grade", "--batch", str(batch)])
    assert "batch.jsonl: line 1:" in err and "200 KB" in err


def test_a_batch_from_dev_zero_is_bounded(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from interview.cli import grade

    monkeypatch.setattr(grade, "MAX_BATCH_BYTES", 1 << 20)
    err = one_line_error(capsys, ["grade", "--batch", "/dev/zero"])
    assert "larger than 1 MB" in err
