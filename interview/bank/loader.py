"""Load question packs from disk into a validated `Bank`.

A pack is a folder with a `pack.toml` manifest and one `*.toml` file per
question (in any sub-folders).  Loading never executes anything from a pack,
and one broken file never stops the rest: it is reported as
`path:line: field: problem` and skipped.
"""

from __future__ import annotations

import contextlib
import tomllib
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter, ValidationError

from interview.bank.files import MANIFEST, VOCABULARY, pack_dirs, question_files
from interview.bank.index import Bank, LoadProblem
from interview.bank.models import AnyQuestion, Category, PackManifest, Question
from interview.bank.vocabulary import Vocabulary, builtin_vocabulary
from interview.nesting import MAX_NESTING, first_too_deep_line
from interview.words import plural

__all__ = ["MANIFEST", "VOCABULARY", "Bank", "LoadProblem", "load_question_file", "load_roots",
           "pack_dirs", "question_files", "question_warning"]

_QUESTION_ADAPTER: TypeAdapter[AnyQuestion] = TypeAdapter(Question)
_CATEGORIES = ", ".join(c.value for c in Category)


# --------------------------------------------------------------- loading


def load_roots(roots: Sequence[Path], vocabulary: Vocabulary | None = None) -> Bank:
    """Load every pack under `roots`, in order; later duplicates are reported and skipped."""
    vocabulary = vocabulary or builtin_vocabulary()
    bank = Bank()
    for root in roots:
        packs = pack_dirs(root)
        if not packs:
            bank.problems.append(
                LoadProblem(str(root), 1, "pack.toml", "no pack here: a pack folder needs a pack.toml")
            )
        for pack in packs:
            manifest = load_manifest(pack, bank.problems)
            if manifest is None:
                continue
            if manifest.name in bank.pack_names:
                bank.problems.append(
                    LoadProblem(str(pack / MANIFEST), 1, "name",
                                f"pack '{manifest.name}' is already loaded; rename one of them")
                )
                continue
            bank.add_pack(manifest)
            for path in question_files(pack):
                question = load_question_file(path, vocabulary, bank.problems, pack=manifest.name)
                if question is None:
                    continue
                if question.id in bank.index:
                    bank.problems.append(duplicate_id(path, question.id, bank.index[question.id].source))
                    continue
                bank.add(question)
                warning = question_warning(question)
                if warning is not None:
                    bank.warnings.append(warning)
    bank.problems.sort()
    bank.warnings.sort()
    return bank


def _read_toml(path: Path, problems: list[LoadProblem]) -> tuple[str, dict[str, Any]] | None:
    try:
        text = path.read_text("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        problems.append(LoadProblem(str(path), 1, "file", f"cannot read: {exc}"))
        return None
    deep = first_too_deep_line(text)
    if deep is not None:
        problems.append(LoadProblem(str(path), deep, "toml", f"nests deeper than {MAX_NESTING} levels; "
                                    "flatten it"))
        return None
    try:
        return text, tomllib.loads(text)
    except RecursionError:
        problems.append(LoadProblem(str(path), 1, "toml", "nests too deeply to read; flatten it"))
        return None
    except tomllib.TOMLDecodeError as exc:
        line = getattr(exc, "lineno", None) or _toml_error_line(str(exc))
        problems.append(LoadProblem(str(path), line, "toml", f"not valid TOML: {_toml_msg(exc)}"))
        return None


def question_warning(question: AnyQuestion) -> LoadProblem | None:
    """What `bank validate` warns about without failing: follow-ups written as plain strings,
    asked but never scored.  Found as the file is validated (and cached with its record), so
    a warm `bank validate` repeats it without building every question again."""
    plain = [f for f in question.follow_ups if not f.scored]
    if not plain:
        return None
    line = 1
    if question.source:
        with contextlib.suppress(OSError, UnicodeDecodeError):
            line = _line_of(Path(question.source).read_text("utf-8"), ("follow_ups",))
    return LoadProblem(
        question.source or question.id, line, "follow_ups",
        f"{plural(len(plain), 'follow-up')} without key points (asked, never scored); write each as a "
        "[[follow_ups]] table with `probes` and `key_points` (see docs/question-format.md)")


def duplicate_id(path: Path, question_id: str, origin: str) -> LoadProblem:
    """The problem of a file whose id an earlier file already has (the earlier one is kept)."""
    try:
        line = _line_of(path.read_text("utf-8"), ("id",))
    except (OSError, UnicodeDecodeError):
        line = 1
    return LoadProblem(str(path), line, "id", f"duplicate id '{question_id}', also in {origin}")


def load_manifest(pack: Path, problems: list[LoadProblem]) -> PackManifest | None:
    path = pack / MANIFEST
    read = _read_toml(path, problems)
    if read is None:
        return None
    text, data = read
    try:
        return PackManifest.model_validate(data)
    except ValidationError as exc:
        problems.extend(_problems_from(path, text, exc))
        return None


def load_question_file(
    path: Path, vocabulary: Vocabulary, problems: list[LoadProblem], pack: str = ""
) -> AnyQuestion | None:
    """Validate one question file; on failure append its problems and return None."""
    read = _read_toml(path, problems)
    if read is None:
        return None
    text, data = read
    data["source"] = str(path)
    data["pack"] = pack
    try:
        return _QUESTION_ADAPTER.validate_python(data, context={"vocabulary": vocabulary})
    except ValidationError as exc:
        problems.extend(_problems_from(path, text, exc))
        return None


# ----------------------------------------------------- error reporting


def _problems_from(path: Path, text: str, exc: ValidationError) -> list[LoadProblem]:
    out = []
    for error in exc.errors(include_url=False):
        loc = tuple(error["loc"])
        if error["type"] == "union_tag_invalid" or error["type"] == "union_tag_not_found":
            out.append(LoadProblem(str(path), _line_of(text, ("category",)), "category",
                                   f"missing or not one of {_CATEGORIES}"))
            continue
        if loc and loc[0] in Category.__members__:
            loc = loc[1:]  # drop the discriminator tag pydantic puts first
        message = str(error["msg"]).removeprefix("Value error, ")
        if error["type"] == "extra_forbidden":
            message = "unknown field; check its spelling against docs/question-format.md"
        elif error["type"] == "missing":
            message = "required field is missing"
        elif error["type"] not in ("value_error", "assertion_error"):
            value = error.get("input")
            if isinstance(value, str | int | float | bool) and len(repr(value)) <= 60:
                message += f" (got {value!r})"
        out.append(LoadProblem(str(path), _line_of(text, loc), _field_name(loc), message))
    return out


def _field_name(loc: tuple[Any, ...]) -> str:
    name = ""
    for part in loc:
        if isinstance(part, int):
            name += f"[{part}]"
        elif not str(part).startswith(("function-", "tagged-union")):
            name += ("." if name else "") + str(part)
    return name or "file"


def _line_of(text: str, loc: tuple[Any, ...]) -> int:
    """Best line for a pydantic error location, from the file's tables and keys."""
    index = _key_lines(text)
    path = tuple(p for p in loc if not str(p).startswith(("function-", "tagged-union")))
    while path:
        if path in index:
            return index[path]
        path = path[:-1]
    return 1


def _key_lines(text: str) -> dict[tuple[Any, ...], int]:
    """Map each table and key path (e.g. ('code', 'tests', 2, 'expected')) to its line."""
    index: dict[tuple[Any, ...], int] = {}
    counts: dict[tuple[str, ...], int] = {}
    section: tuple[Any, ...] = ()
    in_string: str | None = None
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if in_string:
            if line.count(in_string) % 2 == 1:
                in_string = None
            continue
        if line.startswith("[[") and line.endswith("]]"):
            name = tuple(line[2:-2].strip().split("."))
            counts[name] = counts.get(name, -1) + 1
            section = (*_with_indices(name[:-1], counts), name[-1], counts[name])
            index.setdefault(section[:-1], number)
            index.setdefault(section, number)
        elif line.startswith("[") and line.endswith("]"):
            section = _with_indices(tuple(line[1:-1].strip().split(".")), counts)
            index.setdefault(section, number)
        elif "=" in line and not line.startswith("#"):
            key = line.split("=", 1)[0].strip().strip('"')
            index.setdefault((*section, *key.split(".")), number)
            rest = line.split("=", 1)[1]
            for quote in ('"""', "'''"):
                if rest.count(quote) % 2 == 1:
                    in_string = quote
    return index


def _with_indices(name: tuple[str, ...], counts: dict[tuple[str, ...], int]) -> tuple[Any, ...]:
    """Insert the current array-of-tables index after each prefix that is one."""
    out: list[Any] = []
    for i, part in enumerate(name):
        out.append(part)
        if name[: i + 1] in counts:
            out.append(counts[name[: i + 1]])
    return tuple(out)


def _toml_error_line(message: str) -> int:
    marker = "(at line "
    if marker in message:
        digits = message.split(marker, 1)[1].split(",", 1)[0].rstrip(")")
        if digits.isdigit():
            return int(digits)
    return 1


def _toml_msg(exc: tomllib.TOMLDecodeError) -> str:
    return str(getattr(exc, "msg", None) or str(exc).split(" (at line")[0])
