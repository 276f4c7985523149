"""Pack import with bounded resources: names are not paths, bombs and slow servers are cut short."""

from __future__ import annotations

import time
from pathlib import Path

import httpx
import pytest
from test_progress_factory import make_attempt

from interview.bank import importing
from interview.bank.importing import import_source
from interview.cli import main
from interview.errors import UserError
from interview.paths import Paths
from interview.progress.store import Store
from tests.bankfixtures import ML_QUESTION, write_pack
from tests.hostile_corpus import (
    TricklingServer,
    deep_literal_question,
    deep_toml,
    many_entries_zip,
    tar_bomb,
    zip_bomb,
)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def one_line(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in err, err
    return lines[0]


@pytest.fixture
def good_pack(tmp_path: Path) -> Path:
    return write_pack(tmp_path / "src", "good", {"q.toml": ML_QUESTION.format(id="good.q")})


@pytest.mark.parametrize("name", ["../history", "/ABS", "a/b", "..", "Good", ".hidden", "x" * 200])
def test_name_is_a_pack_name_never_a_path(
    paths: Paths, good_pack: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path, name: str
) -> None:
    with Store.open(paths) as store:
        store.record_attempt(make_attempt())
    victim = tmp_path / "victim"
    victim.mkdir()
    (victim / "keep.txt").write_text("mine")
    name = str(victim) if name == "/ABS" else name
    code, _, err = run(capsys, "bank", "import", str(good_pack), "--name", name, "--force")
    assert code == 1 and "--name" in one_line(err) and "pack name" in err
    assert (victim / "keep.txt").read_text() == "mine"
    with Store.open(paths) as store:
        assert len(store.rows()) == 1


def test_force_replaces_only_the_pack_and_keeps_a_backup(
    paths: Paths, good_pack: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(capsys, "bank", "import", str(good_pack))[0] == 0
    installed = paths.packs_dir / "good"
    (installed / "note.txt").write_text("my own note")
    code, _, err = run(capsys, "bank", "import", str(good_pack), "--force")
    assert code == 0 and "interview: note: the old pack 'good' was backed up to" in err  # notes go to stderr
    assert not (installed / "note.txt").exists()
    (backup,) = (paths.home / "backups" / "packs").glob("good-*")
    assert (backup / "note.txt").read_text() == "my own note"


def test_force_never_follows_a_symlinked_pack_out_of_packs(
    paths: Paths, good_pack: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "keep.txt").write_text("mine")
    (paths.packs_dir / "good").symlink_to(outside, target_is_directory=True)
    code, _, err = run(capsys, "bank", "import", str(good_pack), "--force")
    assert code == 1 and "symlink" in one_line(err)
    assert (outside / "keep.txt").read_text() == "mine"


def test_zip_bomb_is_cut_off_by_the_bytes_actually_inflated(
    paths: Paths, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(importing, "MAX_UNPACKED_BYTES", 2 << 20)
    honest = zip_bomb(tmp_path / "honest.zip", 8)
    with pytest.raises(UserError, match="unpacks to more than"):
        import_source(paths, str(honest))
    liar = zip_bomb(tmp_path / "liar.zip", 8, claimed=100)
    with pytest.raises(UserError, match=r"liar\.zip: (unpacks to more than|damaged archive)"):
        import_source(paths, str(liar))
    big_claim = zip_bomb(tmp_path / "claim.zip", 1, claimed=1 << 40)
    with pytest.raises(UserError):  # a claim of 1 TB changes nothing: 1 MB is read, then refused as TOML
        import_source(paths, str(big_claim))
    assert not (paths.packs_dir / "bomb").exists()


def test_zip_with_too_many_entries_is_refused(
    paths: Paths, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(importing, "MAX_ENTRIES", 50)
    with pytest.raises(UserError, match="more than 50 files"):
        import_source(paths, str(many_entries_zip(tmp_path / "many.zip", 60)))


def test_tar_gz_bomb_is_cut_off(paths: Paths, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(importing, "MAX_UNPACKED_BYTES", 2 << 20)
    with pytest.raises(UserError, match="unpacks to more than"):
        import_source(paths, str(tar_bomb(tmp_path / "bomb.tar.gz", 16)))


def test_deep_toml_is_one_problem_with_file_and_line(
    paths: Paths, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pack = write_pack(tmp_path, "deep", {"q.toml": deep_toml(600)})
    code, _, err = run(capsys, "bank", "import", str(pack))
    line = one_line(err)
    assert code == 1 and "q.toml:" in line and "nest" in line
    write_pack(paths.packs_dir, "deep", {"q.toml": deep_toml(600)})  # dropped in by hand
    code, out, err = run(capsys, "bank", "list", "--json")
    assert code == 0 and "ml.bias-variance-tradeoff" in out and len(err.splitlines()) <= 1


def test_deep_literal_is_one_problem_with_file_and_line(
    paths: Paths, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pack = write_pack(tmp_path, "deep", {"q.toml": deep_literal_question(600, "deep.lit")})
    code, _, err = run(capsys, "bank", "import", str(pack))
    line = one_line(err)
    assert code == 1 and "q.toml:" in line and "nest" in line
    write_pack(paths.packs_dir, "deep", {"q.toml": deep_literal_question(600, "deep.lit")})
    code, out, err = run(capsys, "bank", "list", "--json")
    assert code == 0 and "ml.bias-variance-tradeoff" in out and len(err.splitlines()) <= 1


def _redirecting(good_zip: bytes) -> httpx.MockTransport:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/pack.zip":
            return httpx.Response(200, content=good_zip)
        if request.url.path == "/down":
            return httpx.Response(302, headers={"location": "http://evil.test/pack.zip"})
        if request.url.path == "/hop":
            return httpx.Response(302, headers={"location": "https://mirror.test/pack.zip"})
        if request.url.path == "/loop":
            return httpx.Response(302, headers={"location": "/loop"})
        return httpx.Response(404)

    return httpx.MockTransport(handler)


def test_every_redirect_hop_is_checked_like_the_first_url(
    paths: Paths, good_pack: Path, tmp_path: Path
) -> None:
    import shutil

    archive = Path(shutil.make_archive(str(tmp_path / "good"), "zip", good_pack.parent, "good"))
    transport = _redirecting(archive.read_bytes())
    with pytest.raises(UserError, match="only https://"):
        import_source(paths, "https://ok.test/down", transport=transport)
    assert not (paths.packs_dir / "good").exists()
    with pytest.raises(UserError, match="too many redirects"):
        import_source(paths, "https://ok.test/loop", transport=transport)
    assert import_source(paths, "https://ok.test/hop", transport=transport) == ("good", 1)


def test_plain_http_to_this_machine_is_refused_without_the_test_seam(paths: Paths) -> None:
    with pytest.raises(UserError, match="only https://"):
        import_source(paths, "http://127.0.0.1:9/pack.zip")


def test_a_trickling_download_stops_at_the_deadline(
    paths: Paths, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(importing, "PLAIN_HTTP_HOSTS", frozenset({"127.0.0.1"}))  # the test seam
    monkeypatch.setattr(importing, "DOWNLOAD_DEADLINE_S", 1.0)
    with TricklingServer() as server:
        start = time.monotonic()
        with pytest.raises(UserError, match="took longer than 1 s"):
            import_source(paths, server.url + "/pack.zip")
        assert time.monotonic() - start < 4


def test_a_qa_table_nested_too_deep_is_one_line(paths: Paths, tmp_path: Path) -> None:
    table = tmp_path / "deep.jsonl"
    table.write_text("[" * 100_000 + "]" * 100_000 + "\n")
    with pytest.raises(UserError, match=r"deep\.jsonl: line 1: nests too deeply"):
        import_source(paths, str(table), fmt="qa")


def test_a_huge_qa_table_is_refused_before_reading(
    paths: Paths, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from interview.bank.importers import qa

    monkeypatch.setattr(qa, "MAX_TABLE_BYTES", 1000)
    table = tmp_path / "big.csv"
    table.write_text("question,reference answer\n" + "x,y\n" * 1000)
    with pytest.raises(UserError, match="larger than"):
        import_source(paths, str(table), fmt="qa")
