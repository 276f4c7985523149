"""Nothing is ever lost: atomic writes, kill -9, a second instance, damaged files, old schemas."""

from __future__ import annotations

import json
import os
import random
import signal
import time
from datetime import timedelta
from pathlib import Path

import pytest
from test_progress_factory import NOW, make_attempt
from tinydb import TinyDB

from interview.errors import UserError
from interview.paths import Paths
from interview.progress import storage as storage_module
from interview.progress import store as store_module
from interview.progress.storage import ReadOnlyError, StoreLockedError
from interview.progress.store import LEGACY_FILE, SCHEMA_VERSION, Store


def _record(paths: Paths, count: int) -> list[str]:
    with Store.open(paths) as store:
        return [store.record_attempt(make_attempt(at=NOW + timedelta(minutes=i))) for i in range(count)]


def test_writes_replace_files_atomically_and_leave_no_temporaries(paths: Paths) -> None:
    _record(paths, 3)
    files = sorted(p.name for p in (paths.store_dir / "segments").iterdir())
    assert files == ["attempts-000001.json", "index-000001.json"]
    assert not list(paths.store_dir.rglob("*.tmp"))


def test_a_write_that_fails_before_the_rename_keeps_the_old_file(
    paths: Paths, monkeypatch: pytest.MonkeyPatch
) -> None:
    ids = _record(paths, 2)
    body = paths.store_dir / "segments" / "attempts-000001.json"
    before = body.read_bytes()

    def crash(src: object, dst: object) -> None:
        raise OSError("disk full")

    with Store.open(paths) as store:
        monkeypatch.setattr(storage_module.os, "replace", crash)
        with pytest.raises(OSError, match="disk full"):
            store.record_attempt(make_attempt())
        monkeypatch.undo()
    assert body.read_bytes() == before
    with Store.open(paths) as store:
        assert [a.id for a in store.attempts()] == ids[::-1]


def _writer(home: Path, ack_fd: int) -> None:
    """Child process: record attempts forever, acknowledging each id once record_attempt returns."""
    with Store.open(Paths(home)) as store:
        for i in range(100_000):
            attempt = make_attempt(at=NOW + timedelta(seconds=i), answer=f"answer {i} " + "x" * 300)
            store.record_attempt(attempt)
            os.write(ack_fd, (attempt.id + "\n").encode())


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork and SIGKILL")
def test_sigkill_during_a_stream_of_writes_never_loses_an_acknowledged_attempt(
    paths: Paths, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(store_module, "SEGMENT_SIZE", 8)  # so that kills also land on segment boundaries
    rng = random.Random(5)
    acknowledged: list[str] = []
    for _round in range(25):
        read_fd, write_fd = os.pipe()
        pid = os.fork()
        if pid == 0:  # pragma: no cover - the child is killed
            os.close(read_fd)
            try:
                _writer(paths.home, write_fd)
            finally:
                os._exit(0)
        os.close(write_fd)
        time.sleep(rng.uniform(0.02, 0.25))
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        with os.fdopen(read_fd) as pipe:
            acknowledged += [line.strip() for line in pipe.read().splitlines() if len(line.strip()) == 32]
        with Store.open(paths) as store:
            assert store.notices == []
            kept = {a.id: a for a in store.attempts()}
            assert [i for i in acknowledged if i not in kept] == []
    assert len(acknowledged) > 5 * store_module.SEGMENT_SIZE
    assert all(a.answer.startswith("answer ") for a in kept.values())


def test_a_second_instance_is_refused_with_a_clear_message_and_can_read(paths: Paths) -> None:
    ids = _record(paths, 1)
    with Store.open(paths) as first:
        with pytest.raises(StoreLockedError, match=rf"another running interview \(pid {os.getpid()}\)"):
            Store.open(paths)
        with Store.open(paths, read_only=True) as reader:
            assert [a.id for a in reader.attempts()] == ids
            with pytest.raises(ReadOnlyError):
                reader.record_attempt(make_attempt())
            with pytest.raises(ReadOnlyError):
                reader.save_draft("k", "text")
        first.record_attempt(make_attempt())
    with Store.open(paths) as again:  # the lock is released on close
        assert len(again.rows()) == 2


def test_a_damaged_index_is_moved_aside_and_rebuilt_from_the_attempts(paths: Paths) -> None:
    ids = _record(paths, 4)
    index = paths.store_dir / "segments" / "index-000001.json"
    index.write_text('{"rows": {"1": {"id": ')  # torn by something outside the app
    with Store.open(paths, read_only=True) as reader:
        assert {a.id for a in reader.attempts()} == set(ids)
        assert "open interview normally" in reader.notices[0]
    assert index.read_text().startswith('{"rows": {"1": {"id": ')  # a reader never moves files
    with Store.open(paths) as store:
        backups = list(index.parent.glob("index-000001.json.corrupt-*"))
        assert len(backups) == 1 and backups[0].read_text() == '{"rows": {"1": {"id": '
        assert str(backups[0]) in store.notices[0]
        assert {a.id for a in store.attempts()} == set(ids)
    assert json.loads(index.read_text())["rows"]


def test_a_damaged_drafts_file_is_kept_and_the_user_told_where(paths: Paths) -> None:
    with Store.open(paths) as store:
        store.save_draft("coding.two-sum", "my half-written answer")
    drafts = paths.store_dir / "drafts.json"
    drafts.write_bytes(b"\x00\xff not json")
    with Store.open(paths) as store:
        assert store.load_draft("coding.two-sum") is None
        (backup,) = paths.store_dir.glob("drafts.json.corrupt-*")
        assert backup.read_bytes() == b"\x00\xff not json"
        assert any(str(backup) in n for n in store.notices)


def test_an_attempt_whose_row_was_not_written_is_repaired_on_open(paths: Paths) -> None:
    ids = _record(paths, 3)
    index = paths.store_dir / "segments" / "index-000001.json"
    data = json.loads(index.read_text())
    del data["rows"]["3"]  # as if killed between the attempt file and its index
    index.write_text(json.dumps(data))
    with Store.open(paths) as store:
        assert {r["id"] for r in store.rows()} == set(ids)
    assert len(json.loads(index.read_text())["rows"]) == 3


def test_schema_1_single_file_history_is_migrated_and_the_original_kept(paths: Paths) -> None:
    paths.store_dir.mkdir(parents=True)
    legacy = TinyDB(paths.store_dir / LEGACY_FILE)
    old = [make_attempt(at=NOW - timedelta(days=d)) for d in range(3)]
    legacy.table("attempts").insert_multiple(a.model_dump(mode="json") for a in old)
    legacy.table("mocks").insert({"mock_id": "m1", "data": {"template": "loop"}})
    legacy.table("drafts").insert({"key": "k", "text": "draft", "saved_at": NOW.isoformat()})
    legacy.close()
    with Store.open(paths) as store:
        assert {a.id for a in store.attempts()} == {a.id for a in old}
        assert store.load_mock("m1") == {"template": "loop"}
        assert store.load_draft("k").text == "draft"
        assert "schema 2" in store.notices[0]
    assert (paths.store_dir / f"{LEGACY_FILE}.schema1-migrated").is_file()
    meta = json.loads((paths.store_dir / "store.json").read_text())
    assert meta["meta"]["1"]["schema"] == SCHEMA_VERSION
    with Store.open(paths) as store:  # migrating twice adds nothing
        assert len(store.rows()) == 3


def test_a_history_from_a_newer_version_is_refused(paths: Paths) -> None:
    paths.store_dir.mkdir(parents=True)
    (paths.store_dir / "store.json").write_text(json.dumps({"meta": {"1": {"schema": SCHEMA_VERSION + 1}}}))
    with pytest.raises(UserError, match="newer interview"):
        Store.open(paths)
    with pytest.raises(UserError, match="newer interview"):
        Store.open(paths, read_only=True)
