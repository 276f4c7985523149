"""The lazy bank's cache: a warm start reads the index back and validates only changed files.

The built-in root is swapped for a small pack in a temporary folder so every load here is a
few files. Files are aged (their time stamps set an hour back): a time stamp from the last
two seconds is deliberately not trusted, and the tests must not depend on the clock.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import interview.bank.cache as cache
from interview.bank.index import Bank
from interview.bank.loader import load_roots
from interview.errors import UserError
from interview.paths import Paths
from tests.bankfixtures import ML_QUESTION, write_pack

BROKEN = ML_QUESTION.format(id="core.broken").replace("minutes = 5", "minutes = 500")


def age(*paths: Path, seconds_ago: float = 3600) -> None:
    """Time stamps set back: these files and folders look untouched since then."""
    stamp = time.time() - seconds_ago
    for path in paths:
        os.utime(path, (stamp, stamp))


def age_tree(root: Path) -> None:
    age(root, *root.rglob("*"))


@pytest.fixture
def core(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A small pack in place of the built-in bank: two good files, a broken one, a duplicate."""
    root = tmp_path / "builtin"
    write_pack(root, "core", {
        "a/one.toml": ML_QUESTION.format(id="core.one"),
        "a-b/two.toml": ML_QUESTION.format(id="core.two"),
        "b/broken.toml": BROKEN,
        "c/again.toml": ML_QUESTION.format(id="core.one"),
    })
    age_tree(root)
    monkeypatch.setattr(cache, "builtin_bank_dir", lambda: root)
    return root


@pytest.fixture
def validations(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every question file validated from now on, by path."""
    seen: list[str] = []
    real: Callable[..., Any] = cache._validate_question

    def counting(path: str, *args: Any) -> Any:
        seen.append(Path(path).name)
        return real(path, *args)

    monkeypatch.setattr(cache, "_validate_question", counting)
    return seen


def _same(warm: Bank, cold: Bank) -> None:
    assert list(warm.index.items()) == list(cold.index.items())
    assert [str(p) for p in warm.problems] == [str(p) for p in cold.problems]
    assert warm.pack_names == cold.pack_names


def test_a_warm_load_matches_a_cold_one_and_validates_nothing(
        core: Path, paths: Paths, validations: list[str]) -> None:
    cold = load_roots([core / "core"])
    assert [p.field for p in cold.problems] == ["minutes", "id"]  # the broken file, the duplicate (by path)
    first = cache.load_bank(paths)
    _same(first, cold)
    assert sorted(validations) == ["again.toml", "broken.toml", "one.toml", "two.toml"]
    validations.clear()
    warm = cache.load_bank(paths)
    _same(warm, cold)
    assert validations == [], "an unchanged bank is read back, not validated"


def test_a_question_is_built_in_full_only_when_opened(core: Path, paths: Paths) -> None:
    cache.load_bank(paths)
    warm = cache.load_bank(paths)
    assert warm._built == {}, "listing needs no pydantic question"
    assert warm.get("core.two") == load_roots([core / "core"]).get("core.two")
    assert "core.two" in warm._built and len(warm._built) == 1


def test_only_a_changed_file_is_validated_again_with_the_same_errors(
        core: Path, paths: Paths, validations: list[str]) -> None:
    cache.load_bank(paths)
    validations.clear()
    two = core / "core" / "a-b" / "two.toml"
    two.write_text(ML_QUESTION.format(id="core.two").replace('difficulty = "easy"', 'difficulty = "tough"'))
    age(two, seconds_ago=1800)
    warm = cache.load_bank(paths)
    assert validations == ["two.toml"]
    assert "core.two" not in warm.index
    _same(warm, load_roots([core / "core"]))
    assert any(str(p).startswith(f"{two}:6: difficulty: ") for p in warm.problems), warm.problems


def test_added_and_removed_files_are_seen(core: Path, paths: Paths, validations: list[str]) -> None:
    cache.load_bank(paths)
    validations.clear()
    three = core / "core" / "a" / "three.toml"
    three.write_text(ML_QUESTION.format(id="core.three"))
    (core / "core" / "a-b" / "two.toml").unlink()
    age(three, three.parent, core / "core" / "a-b", seconds_ago=1800)
    warm = cache.load_bank(paths)
    assert validations == ["three.toml"]
    assert "core.three" in warm.index and "core.two" not in warm.index
    _same(warm, load_roots([core / "core"]))


@pytest.mark.parametrize("garble", [lambda data: b"", lambda data: b"not marshal data",
                                    lambda data: data[: len(data) // 2], lambda data: data[::-1]])
def test_a_garbled_cache_is_rebuilt_silently(core: Path, paths: Paths, validations: list[str],
                                             garble: Callable[[bytes], bytes]) -> None:
    cache.load_bank(paths)
    [cache_file] = paths.cache_dir.glob("bank-*.marshal")
    cache_file.write_bytes(garble(cache_file.read_bytes()))
    validations.clear()
    _same(cache.load_bank(paths), load_roots([core / "core"]))
    assert len(validations) == 4
    validations.clear()
    cache.load_bank(paths)
    assert validations == [], "the rebuilt cache is used next time"


def test_a_file_broken_after_loading_is_reported_when_opened(core: Path, paths: Paths) -> None:
    bank = cache.load_bank(paths)
    one = core / "core" / "a" / "one.toml"
    one.write_text(ML_QUESTION.format(id="core.one").replace("minutes = 5", "minutes = 0"))
    with pytest.raises(UserError, match=rf"^{one}:\d+: minutes: "):
        bank.get("core.one")


def test_a_just_written_file_is_checked_again_next_time(
        core: Path, paths: Paths, validations: list[str]) -> None:
    """Its time stamp may not change again if it is rewritten within the same clock tick."""
    one = core / "core" / "a" / "one.toml"
    one.touch()  # now: too recent to trust
    cache.load_bank(paths)
    validations.clear()
    cache.load_bank(paths)
    assert validations == ["one.toml"]
    age(one)
    cache.load_bank(paths)
    validations.clear()
    cache.load_bank(paths)
    assert validations == []


def test_bank_validate_reads_problems_and_warnings_back_without_validating_again(
        core: Path, paths: Paths, validations: list[str]) -> None:
    plain = core / "core" / "a" / "plain.toml"
    plain.write_text(ML_QUESTION.format(id="core.plain").replace(
        "\n[[rubric]]", 'follow_ups = ["And in production?"]\n\n[[rubric]]'))
    age(plain, plain.parent)
    cold = load_roots([core / "core"])
    assert [(Path(w.path).name, w.field) for w in cold.warnings] == [("plain.toml", "follow_ups")]
    cache.load_cached(paths, [core / "core"])
    validations.clear()
    warm = cache.load_cached(paths, [core / "core"])
    assert validations == []
    assert [str(w) for w in warm.warnings] == [str(w) for w in cold.warnings]
    assert [str(p) for p in warm.problems] == [str(p) for p in cold.problems]
