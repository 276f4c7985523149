"""A damaged store heals: indexes are rebuilt, attempts salvaged record by record, the user told once."""

from __future__ import annotations

import errno
import json
import os
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from test_progress_factory import NOW, make_attempt

from interview.cli import main
from interview.paths import Paths
from interview.progress import storage as storage_module
from interview.progress.store import SEGMENT_SIZE, Store

SEGMENTS = 3


@pytest.fixture
def ids(paths: Paths) -> list[str]:
    """Three segments of attempts (the last one partly full), oldest first."""
    count = SEGMENT_SIZE * (SEGMENTS - 1) + 44
    attempts = [make_attempt(at=NOW + timedelta(minutes=i), answer=f"answer {i}") for i in range(count)]
    with Store.open(paths) as store:
        store.record_attempts(attempts)
    return [a.id for a in attempts]


def segment(paths: Paths, kind: str, number: int = 1) -> Path:
    return paths.store_dir / "segments" / f"{kind}-{number:06d}.json"


def history_ids(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> tuple[set[str], list[str]]:
    """Every attempt id the `history export` backup holds, and the notice lines the command printed."""
    out = tmp_path / "backup.json"
    code = main(["history", "export", str(out)])
    err = capsys.readouterr().err
    assert code == 0, err
    assert "Traceback" not in err
    document = json.loads(out.read_text())
    return {a["id"] for a in document["attempts"]}, err.splitlines()


def test_a_damaged_old_index_is_rebuilt_and_the_user_told_once(
    paths: Paths, ids: list[str], capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    segment(paths, "index").write_text("{not json")
    found, notices = history_ids(capsys, tmp_path)
    assert found == set(ids)
    assert len(notices) == 1 and "index-000001.json" in notices[0] and "rebuilt" in notices[0]
    found, notices = history_ids(capsys, tmp_path)
    assert found == set(ids) and notices == []
    assert len(json.loads(segment(paths, "index").read_text())["rows"]) == SEGMENT_SIZE


def test_a_missing_index_is_rebuilt_from_its_attempts(
    paths: Paths, ids: list[str], capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    segment(paths, "index", 2).unlink()
    with Store.open(paths) as store:
        assert {r["id"] for r in store.rows()} == set(ids)
        assert len(store.notices) == 1 and "index-000002.json" in store.notices[0]
    found, notices = history_ids(capsys, tmp_path)
    assert found == set(ids) and notices == []


def test_a_damaged_attempts_segment_is_salvaged_record_by_record(
    paths: Paths, ids: list[str], capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    bodies = segment(paths, "attempts", 2)
    raw = bodies.read_bytes()
    middle = len(raw) // 2
    bodies.write_bytes(raw[:middle] + b"\x00garbage\xff" + raw[middle + 50:])  # one record is hit
    found, notices = history_ids(capsys, tmp_path)
    lost = set(ids) - found
    assert len(lost) == 1 and lost <= set(ids[SEGMENT_SIZE:SEGMENT_SIZE * 2])
    assert len(notices) == 1
    assert "attempts-000002.json" in notices[0] and f"{SEGMENT_SIZE - 1} of its" in notices[0]
    assert "1 attempt" in notices[0] and "corrupt-" in notices[0]
    (backup,) = bodies.parent.glob("attempts-000002.json.corrupt-*")
    assert backup.read_bytes().startswith(raw[:middle])
    found_again, notices = history_ids(capsys, tmp_path)
    assert found_again == found and notices == []


def test_a_truncated_newest_segment_keeps_every_whole_record(
    paths: Paths, ids: list[str], capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    bodies = segment(paths, "attempts", SEGMENTS)
    raw = bodies.read_bytes()
    bodies.write_bytes(raw[: len(raw) * 3 // 4])
    found, notices = history_ids(capsys, tmp_path)
    intact = {i for i in ids if f'"id":"{i}"'.encode() in raw[: len(raw) * 3 // 4]}
    assert found >= set(ids[: SEGMENT_SIZE * (SEGMENTS - 1)]) | (intact - {max(intact, key=ids.index)})
    assert len(notices) == 1
    with Store.open(paths) as store:  # the healed newest segment still takes new attempts
        store.record_attempt(make_attempt(at=NOW + timedelta(days=30)))
        assert len(store.rows()) == len(found) + 1


@pytest.mark.parametrize("name,shape", [
    ("segments/attempts-000001.json", "[1, 2, 3]"),
    ("segments/attempts-000001.json", '{"attempts": [1, 2]}'),
    ("segments/index-000001.json", '{"rows": {"1": [1]}}'),
    ("segments/index-000001.json", '{"rows": {"1": {"id": 5}}}'),
    ("store.json", '{"meta": {"1": "two"}}'),
    ("store.json", "[]"),
    ("mocks.json", '{"mocks": {"1": {"mock_id": 3}}}'),
    ("mocks.json", '"mocks"'),
    ("drafts.json", '{"drafts": {"1": {"key": "k"}}}'),
    ("cards.json", '{"cards": {"coding.two-sum": 7}}'),
])
def test_valid_json_of_the_wrong_shape_is_damage(
    paths: Paths, ids: list[str], capsys: pytest.CaptureFixture[str], tmp_path: Path, name: str, shape: str
) -> None:
    with Store.open(paths) as store:
        store.save_mock("m1", {"template": "loop"})
        store.save_draft("k", "draft")
    (paths.store_dir / name).write_text(shape)
    found, notices = history_ids(capsys, tmp_path)
    expected = set(ids[SEGMENT_SIZE:]) if name.startswith("segments/attempts") else set(ids)
    assert found == expected
    assert len(notices) <= 1
    code = main(["summary", "--json"])
    captured = capsys.readouterr()
    assert code == 0 and "Traceback" not in captured.err
    assert json.loads(captured.out)["total_attempts"] == len(expected)


def _no_space(*args: object, **kwargs: object) -> int:
    raise OSError(errno.ENOSPC, "No space left on device")


def test_a_full_disk_is_one_line_leaves_no_temporary_and_reads_still_work(
    paths: Paths, ids: list[str], capsys: pytest.CaptureFixture[str], tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    export = tmp_path / "other.json"
    with Store.open(Paths(tmp_path / "other")) as other:
        other.record_attempt(make_attempt(at=NOW + timedelta(days=9)))
        other.export_history(export)
    monkeypatch.setattr(storage_module.os, "write", _no_space)
    code = main(["history", "import", str(export)])
    err = capsys.readouterr().err
    assert code == 1 and len(err.splitlines()) == 1 and "disk is full" in err
    assert not [p for p in paths.home.rglob("*") if p.name.endswith(".tmp")]
    assert history_ids_readonly(capsys)[0] == len(ids)


def history_ids_readonly(capsys: pytest.CaptureFixture[str]) -> tuple[int, list[str]]:
    code = main(["history", "--limit", "100000"])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    return sum(1 for line in captured.out.splitlines() if "coding.two-sum" in line), captured.err.splitlines()


def test_a_read_only_data_folder_shows_the_history_without_saving(
    paths: Paths, ids: list[str], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    real_open = os.open

    def read_only_open(path: object, flags: int, *args: object, **kwargs: object) -> int:
        if flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT):
            raise OSError(errno.EROFS, "Read-only file system", str(path))
        return real_open(path, flags, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(storage_module.os, "open", read_only_open)
    count, notices = history_ids_readonly(capsys)
    assert count == len(ids)
    assert notices == ["interview: note: the data folder is read-only: showing your history without saving"]
    assert main(["summary", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["total_attempts"] == len(ids)


def test_interview_home_that_is_a_file_is_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    home = tmp_path / "not-a-folder"
    home.write_text("x")
    monkeypatch.setenv("INTERVIEW_HOME", str(home))
    for argv in (["history"], ["summary"], ["bank", "list"]):
        assert main(argv) == 1
        err = capsys.readouterr().err
        assert len(err.splitlines()) == 1 and "INTERVIEW_HOME" in err and "not a folder" in err


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A real 4 MB tmpfs (root only); skipped where mounting is not allowed."""
    import subprocess

    mount = tmp_path / "disk"
    mount.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(mount)],
                      capture_output=True).returncode != 0:
        pytest.skip("cannot mount a tmpfs here")
    try:
        yield mount
    finally:
        subprocess.run(["umount", str(mount)], capture_output=True)


def test_a_really_read_only_folder_still_shows_summary_and_export(
    small_disk: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import subprocess

    home = small_disk / "home"
    with Store.open(Paths(home)) as store:
        store.record_attempts([make_attempt(at=NOW + timedelta(minutes=i)) for i in range(5)])
    subprocess.run(["mount", "-o", "remount,ro", str(small_disk)], check=True)
    monkeypatch.setenv("INTERVIEW_HOME", str(home))
    for argv in (["summary", "--json"], ["export", "--format", "json"], ["history"]):
        code = main(argv)
        captured = capsys.readouterr()
        assert code == 0, captured.err
        assert captured.err.splitlines() == [
            "interview: note: the data folder is read-only: showing your history without saving"]
