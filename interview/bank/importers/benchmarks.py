"""Convert HumanEval (.jsonl) and MBPP (sanitized .json or full .jsonl) problem sets into a question pack.

The benchmarks ship their tests as assertion code.  It is copied into
`script` tests verbatim and only ever runs inside the code grader's sandboxed
child, never in the app's process; here it is only read as text.  HumanEval+
(EvalPlus) is converted to data tests instead, in evalplus.py.
"""

from __future__ import annotations

import ast
import gzip
import json
import re
import warnings
from pathlib import Path
from typing import Any

import tomli_w

from interview.errors import UserError

TIME_LIMIT_S = 10.0  # generous: a few canonical MBPP solutions take ~3 s on their own
MANIFESTS = {
    "humaneval": ("HumanEval (OpenAI, 2021): 164 hand-written Python problems.", "MIT"),
    "mbpp": ("MBPP (Austin et al., 2021, Google Research): entry-level Python problems.",
             "CC-BY-4.0"),
}
JSON_LINES = {"humaneval", "evalplus"}  # MBPP comes either way: sanitized JSON list or full JSONL
STRING_HINTS = re.compile(r"\b(str|string|strings|word|words|sentence|character|characters|vowels?)\b", re.I)


def build_pack(source: Path, dest: Path, name: str, fmt: str) -> None:
    """Write `pack.toml` and one question file per problem of `source` under `dest`."""
    if fmt not in MANIFESTS:
        raise UserError(f"--format {fmt}: expected one of {' or '.join(MANIFESTS)}")
    records = read_records(source, fmt)
    description, licence = MANIFESTS[fmt]
    dest.mkdir(parents=True, exist_ok=True)
    write_toml(dest / "pack.toml", {"name": name, "version": "1.0.0", "description": description,
                                "author": "converted by `interview bank import`", "licence": licence})
    convert = _humaneval if fmt == "humaneval" else _mbpp
    for number, record in enumerate(records, start=1):
        try:
            question = convert(record, name)
        except (KeyError, TypeError, ValueError, SyntaxError) as exc:
            raise UserError(f"{source}: problem {number}: not a record in {fmt} format "
                            f"({exc.__class__.__name__}: {exc})") from None
        write_toml(dest / f"{question['id'].split('.', 1)[1]}.toml", question)


def read_records(source: Path, fmt: str) -> list[dict[str, Any]]:
    """The problems of a JSON list or JSON-lines file, gzipped or not."""
    try:
        data = source.read_bytes()
        if data[:2] == b"\x1f\x8b":
            data = gzip.decompress(data)
        text = data.decode("utf-8")
        if fmt in JSON_LINES or not text.lstrip().startswith("["):
            records = [json.loads(line) for line in text.splitlines() if line.strip()]
        else:
            records = json.loads(text)
    except (OSError, EOFError, gzip.BadGzipFile, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise UserError(f"{source}: cannot read it as {fmt} ({exc.__class__.__name__}: {exc})") from None
    if not isinstance(records, list) or not all(isinstance(r, dict) for r in records):
        raise UserError(f"{source}: expected a list of {fmt} problems")
    return records


def write_toml(path: Path, data: dict[str, Any]) -> None:
    path.write_text(tomli_w.dumps(data, multiline_strings=True), "utf-8")


def _parse(code: str) -> ast.Module:
    """Parse without the invalid-escape warnings old benchmark code is full of."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return ast.parse(code)


def _signature(code: str, entry_point: str) -> str:
    """The `def` line of `entry_point` as written (annotations included)."""
    for node in _parse(code).body:
        if isinstance(node, ast.FunctionDef) and node.name == entry_point:
            node.body, node.decorator_list = [ast.Pass()], []
            return ast.unparse(node).splitlines()[0]
    raise ValueError(f"no function `{entry_point}` in the code")


def _topics(*texts: str) -> list[str]:
    strings = any(STRING_HINTS.search(t) for t in texts)
    return ["problem_solving", "strings"] if strings else ["problem_solving"]


def question_dict(qid: str, title: str, prompt: str, starter: str, solution: str, entry: str,
              tests: list[dict[str, Any]]) -> dict[str, Any]:
    signature = _signature(solution, entry)
    return {
        "id": qid, "title": title[:120], "category": "coding", "topics": _topics(signature, prompt),
        "difficulty": "easy", "minutes": 15, "prompt": prompt,
        "model_answer": f"A reference solution:\n\n```python\n{solution.strip()}\n```\n",
        "code": {"entry_point": entry, "signature": signature, "starter": starter, "solution": solution,
                 "time_limit_s": TIME_LIMIT_S, "tests": tests},
    }


def _humaneval(record: dict[str, Any], pack: str) -> dict[str, Any]:
    number = str(record["task_id"]).rsplit("/", 1)[-1]
    entry, prompt = str(record["entry_point"]), str(record["prompt"])
    solution = prompt + str(record["canonical_solution"])
    script = f"{record['test']}\n\ncheck({entry})\n"
    text = (f"Complete `{entry}` so that it does what its docstring says.\n\n"
            f"```python\n{prompt.strip()}\n```\n")
    return question_dict(f"{pack}.{number}", f"HumanEval {number}: {entry}", text, prompt, solution, entry,
                     [{"name": "check", "hidden": True, "script": script}])


def _mbpp(record: dict[str, Any], pack: str) -> dict[str, Any]:
    """A sanitized record (`prompt`, `test_imports`) or a full one (`text`, `test_setup_code`)."""
    number, code = str(record["task_id"]), str(record["code"]).replace("\r\n", "\n").expandtabs(4)
    asserts = [str(a) for a in record["test_list"]]
    defined = [n.name for n in _parse(code).body if isinstance(n, ast.FunctionDef)]
    entry = next((d for d in defined if re.search(rf"\b{re.escape(d)}\s*\(", asserts[0])), None)
    if entry is None:
        raise ValueError("the tests call no function the code defines")
    signature = _signature(code, entry)
    imports = "".join(f"{line}\n" for line in record.get("test_imports") or [])
    setup = str(record.get("test_setup_code") or "").replace("\r\n", "\n").strip()
    imports += f"{setup}\n" if setup else ""
    description = record["prompt"] if "prompt" in record else record["text"]
    text = (f"{str(description).strip()}\n\nWrite it as:\n\n```python\n{signature}\n```\n\n"
            f"For example, this must hold:\n\n```python\n{asserts[0]}\n```\n")
    tests = [{"name": f"assert {i}", "hidden": i > 1, "script": imports + line}
             for i, line in enumerate(asserts, start=1)]
    return question_dict(f"{pack}.{number}", f"MBPP {number}: {entry}", text, f"{signature}\n    pass\n",
                     code, entry, tests)
