"""`interview doctor` reports what is wrong and, with --repair, heals it after a backup."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from test_progress_factory import NOW, make_attempt

from interview.cli import main
from interview.paths import Paths
from interview.progress.store import SEGMENT_SIZE, Store


def test_doctor_finds_then_repairs_every_damaged_file(
    paths: Paths, capsys: pytest.CaptureFixture[str]
) -> None:
    count = SEGMENT_SIZE * 2 + 10
    with Store.open(paths) as store:
        store.record_attempts([make_attempt(at=NOW + timedelta(minutes=i)) for i in range(count)])
        store.save_draft("k", "my draft")
    segments = paths.store_dir / "segments"
    (segments / "index-000001.json").write_text("{not json")
    raw = (segments / "attempts-000002.json").read_bytes()
    (segments / "attempts-000002.json").write_bytes(raw[: len(raw) // 2])
    (paths.store_dir / "mocks.json").write_text("[1, 2]")
    (paths.cache_dir / "bank-x.7.tmp").write_bytes(b"x" * 1000)
    (paths.cache_dir / "llm").mkdir()
    (paths.cache_dir / "llm" / "abc.json").write_text("{torn")
    before = (segments / "attempts-000001.json").read_bytes()

    assert main(["doctor"]) == 1
    out = capsys.readouterr().out
    for name in ("index-000001.json", "attempts-000002.json", "mocks.json", "bank-x.7.tmp", "abc.json"):
        assert name in out
    assert (segments / "index-000001.json").read_text() == "{not json"  # a check changes nothing

    assert main(["doctor", "--repair"]) == 0
    out = capsys.readouterr().out
    assert "backed up the history to" in out and "0 problems left" in out
    (backup,) = (paths.home / "backups").glob("history-*")
    assert (backup / "segments" / "attempts-000002.json").read_bytes() == raw[: len(raw) // 2]
    assert (segments / "attempts-000001.json").read_bytes() == before
    with Store.open(paths) as store:
        assert store.notices == []
        kept = len(store.rows())
        assert SEGMENT_SIZE + 10 + SEGMENT_SIZE // 2 - 5 <= kept < count
        assert store.load_draft("k") is not None
    assert not (paths.cache_dir / "bank-x.7.tmp").exists()
    assert main(["doctor"]) == 0
    assert f"history: {kept} attempts" in capsys.readouterr().out
    assert json.loads((segments / "index-000001.json").read_text())["rows"]


def test_repair_that_cannot_back_up_changes_nothing_and_says_so_in_one_line(
    paths: Paths, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import errno
    import shutil

    with Store.open(paths) as store:
        store.record_attempt(make_attempt())
    index = paths.store_dir / "segments" / "index-000001.json"
    index.write_text("{torn")

    def full(*args: object, **kwargs: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(shutil, "copytree", full)
    capsys.readouterr()
    assert main(["doctor", "--repair"]) == 1
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and "nothing was repaired" in err
    assert index.read_text() == "{torn"
