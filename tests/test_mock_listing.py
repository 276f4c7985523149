"""`mock --list` reads the templates from a cache keyed by file stamps, and still reports bad files."""

from __future__ import annotations

import os

import pytest

from interview.errors import UserError
from interview.mock.listing import list_templates
from interview.mock.templates import load_templates
from interview.paths import Paths

MINE = 'id = "mine"\nname = "Mine"\n[[rounds]]\ncategory = "coding"\nquestions = {n}\nminutes = 30\n'


def _write(paths: Paths, text: str, age_s: int = 60) -> None:
    """A user template, dated `age_s` in the past (a file changed just now is not cached)."""
    paths.templates_dir.mkdir(parents=True, exist_ok=True)
    path = paths.templates_dir / "mine.toml"
    path.write_text(text)
    stamp = path.stat().st_mtime - age_s
    os.utime(path, (stamp, stamp))


def _validated(paths: Paths) -> list[dict[str, object]]:
    return [t.model_dump(mode="json", exclude={"source"}) for t in load_templates(paths).values()]


def test_the_cached_listing_is_what_the_models_give(paths: Paths) -> None:
    _write(paths, MINE.format(n=2))
    cold = [t.data for t in list_templates(paths)]
    assert (paths.cache_dir / "templates.marshal").exists()
    warm = list_templates(paths)
    assert [t.data for t in warm] == cold == _validated(paths)
    mine = next(t for t in warm if t.id == "mine")
    assert (mine.minutes, mine.rounds_text) == (30, "2 × Coding (30)")


def test_a_changed_file_is_read_again_and_a_bad_one_is_one_clear_line(paths: Paths) -> None:
    _write(paths, MINE.format(n=2))
    list_templates(paths)
    _write(paths, MINE.format(n=3), age_s=30)
    assert next(t for t in list_templates(paths) if t.id == "mine").data["rounds"][0]["questions"] == 3
    _write(paths, MINE.format(n=0), age_s=20)
    for _ in range(2):  # a bad file is never cached: the error comes every time
        with pytest.raises(UserError, match=r"mine\.toml: rounds\.0\.questions: Input should be greater"):
            list_templates(paths)


def test_a_garbled_cache_is_rebuilt(paths: Paths) -> None:
    paths.cache_dir.mkdir(parents=True, exist_ok=True)
    (paths.cache_dir / "templates.marshal").write_bytes(b"\x00garbled")
    assert [t.data for t in list_templates(paths)] == _validated(paths)
