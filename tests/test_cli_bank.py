"""The `interview` CLI: bank commands, exit codes and one-line errors."""

from __future__ import annotations

import io
import json
import subprocess
import sys
import zipfile
from pathlib import Path

import httpx
import pytest

from interview.bank.importing import import_source
from interview.cli import main
from interview.errors import UserError
from interview.paths import Paths
from tests.bankfixtures import ML_QUESTION, write_pack


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_version_and_help(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--version"])
    assert exit_info.value.code == 0
    assert capsys.readouterr().out.startswith("interview ")
    for argv in (["--help"], ["bank", "--help"], ["bank", "list", "--help"], ["grade", "--help"]):
        with pytest.raises(SystemExit) as exit_info:
            main(argv)
        assert exit_info.value.code == 0


def test_usage_error_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["bank", "list", "--difficulty", "impossible"])
    assert exit_info.value.code == 2


def test_list_filters_and_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "bank", "list", "--category", "coding", "--json")
    rows = json.loads(out)
    assert code == 0 and rows and all(r["category"] == "coding" for r in rows)
    code, out, _ = run(capsys, "bank", "list", "--topic", "bias_variance")
    assert code == 0 and "ml.bias-variance-tradeoff" in out


def test_unknown_topic_is_one_line_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "bank", "list", "--topic", "bias_varianse")
    assert code == 2  # a wrong option value is wrong usage, as for --difficulty
    assert err == ("interview bank list: error: --topic: unknown topic 'bias_varianse'; did you mean "
                   "'bias_variance'? (see `interview bank list --help`)\n")


def test_show_hides_hidden_tests_and_solution(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "bank", "show", "coding.two-sum", "--json")
    data = json.loads(out)
    assert code == 0 and "solution" not in data["code"] and "model_answer" not in data
    assert all(not t["hidden"] for t in data["code"]["tests"])
    code, out, _ = run(capsys, "bank", "show", "ml.bias-variance-tradeoff", "--answer")
    assert code == 0 and "Model answer" in out and "irreducible" in out


def test_show_unknown_id(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "bank", "show", "nope.nothing")
    assert code == 1 and err.startswith("interview: error: no question with id 'nope.nothing'")


def test_stats_counts_match_list(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "bank", "stats", "--json")
    stats = json.loads(out)
    _, listed, _ = run(capsys, "bank", "list", "--json")
    assert stats["total"] == len(json.loads(listed)) == sum(stats["by_category"].values())
    assert sum(stats["by_difficulty"].values()) == stats["total"]


def test_validate_reports_every_problem_and_exits_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_pack(tmp_path, "p", {
        "good.toml": ML_QUESTION.format(id="p.good"),
        "bad1.toml": ML_QUESTION.format(id="p.bad1").replace('"easy"', '"trivial"'),
        "bad2.toml": "id = ",
    })
    code, out, _ = run(capsys, "bank", "validate", str(tmp_path / "p"))
    assert code == 1
    assert f"{tmp_path}/p/bad1.toml:6: difficulty:" in out
    assert f"{tmp_path}/p/bad2.toml:1: toml: not valid TOML" in out
    assert out.strip().endswith("1 valid question in 1 pack; 2 problems")


def test_validate_builtin_bank_passes(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "bank", "validate")
    assert code == 0, out
    assert out.strip().endswith("no problems")


def test_import_folder_then_listed_and_clash_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], paths: Paths
) -> None:
    pack = write_pack(tmp_path, "extra", {"q.toml": ML_QUESTION.format(id="extra.q")})
    code, out, _ = run(capsys, "bank", "import", str(pack))
    assert code == 0 and "imported 1 question as pack 'extra'" in out
    assert (paths.packs_dir / "extra" / "q.toml").is_file()
    _, listed, _ = run(capsys, "bank", "list", "--json")
    assert "extra.q" in {r["id"] for r in json.loads(listed)}
    code, _, err = run(capsys, "bank", "import", str(pack))
    assert code == 1 and "already installed; use --force" in err
    taken = ML_QUESTION.format(id="ml.bias-variance-tradeoff")
    clash = write_pack(tmp_path / "c", "clash", {"q.toml": taken})
    code, _, err = run(capsys, "bank", "import", str(clash))
    assert code == 1 and "question id 'ml.bias-variance-tradeoff' is already in the bank" in err


def test_import_refuses_a_broken_pack_and_keeps_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], paths: Paths
) -> None:
    pack = write_pack(tmp_path, "broken", {"q.toml": ML_QUESTION.format(id="b.q").replace("minutes = 5", "")})
    code, _, err = run(capsys, "bank", "import", str(pack))
    assert code == 1 and "<pack>/q.toml:1: minutes: required field is missing" in err
    assert not (paths.packs_dir / "broken").exists()


def _zip_of(pack: Path, prefix: str = "") -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        for file in pack.rglob("*"):
            if file.is_file():
                zf.write(file, prefix + str(file.relative_to(pack.parent)))
    return buffer.getvalue()


def test_import_from_url_is_validated_and_size_capped(tmp_path: Path, paths: Paths) -> None:
    pack = write_pack(tmp_path, "remote", {"q.toml": ML_QUESTION.format(id="remote.q")})
    body = _zip_of(pack)

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/big.zip":
            return httpx.Response(200, content=b"x" * (21 * 1024 * 1024))
        return httpx.Response(200, content=body)

    transport = httpx.MockTransport(handler)
    name, count = import_source(paths, "https://example.test/remote.zip", transport=transport)
    assert (name, count) == ("remote", 1)
    with pytest.raises(UserError, match="larger than 20 MB"):
        import_source(paths, "https://example.test/big.zip", transport=transport)
    with pytest.raises(UserError, match="only https://"):
        import_source(paths, "http://example.test/remote.zip", transport=transport)


def test_import_refuses_path_traversal_in_archive(tmp_path: Path, paths: Paths) -> None:
    pack = write_pack(tmp_path, "evil", {"q.toml": ML_QUESTION.format(id="evil.q")})
    archive = tmp_path / "evil.zip"
    archive.write_bytes(_zip_of(pack, prefix="../../"))
    with pytest.raises(UserError, match="points outside the pack"):
        import_source(paths, str(archive))


def test_bad_config_names_key_and_allowed_values(
    capsys: pytest.CaptureFixture[str], paths: Paths
) -> None:
    paths.config_file.write_text('[llm]\nprovider = "openai"\n')
    from interview.app.context import Context

    with pytest.raises(UserError) as info:
        _ = Context(paths).settings
    assert str(info.value).endswith(
        "config.toml: llm.provider: 'openai' is not allowed; "
        "use one of 'off', 'anthropic' or 'openai-compatible'"
    )


def test_core_never_imports_textual_or_anthropic() -> None:
    """The domain core and the non-TUI CLI paths must start fast and headless."""
    code = (
        "import sys\n"
        "from interview.cli import main\n"
        "import interview.bank.cache, interview.bank.importing, interview.grading.service\n"
        "main(['bank', 'stats', '--json'])\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'anthropic'))\n"
        "assert not bad, bad\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_python_dash_m_entry_point() -> None:
    result = subprocess.run([sys.executable, "-m", "interview", "--version"], capture_output=True, text=True)
    assert result.returncode == 0 and result.stdout.startswith("interview ")
