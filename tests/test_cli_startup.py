"""Commands that print no table for a person never import rich, Textual, the Anthropic SDK or asyncio.

Those imports cost a short command a large share of its run (benchmarks/cli_bench.py prints
the figures); this pins where they may not appear. The commands run in one fresh child process
with stdout piped, and the heavy modules are looked for after each one.
"""

from __future__ import annotations

import json
import os
import pickle
import subprocess
import sys
from pathlib import Path

from test_progress_factory import make_attempt

from interview.paths import Paths
from interview.progress.store import Store

HEAVY = ("rich", "textual", "anthropic", "asyncio")  # asyncio: only code grading and the app need a loop

CHILD = """
import contextlib, io, json, sys
from interview.cli import main

seen = {}
for argv in json.loads(sys.argv[1]):
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        try:
            code = main(argv)
        except SystemExit as exit:
            code = exit.code
    seen[" ".join(argv)] = [code, [m for m in json.loads(sys.argv[2]) if m in sys.modules]]
print(json.dumps(seen))
"""


def test_non_table_commands_import_no_rich_textual_anthropic_or_asyncio(
        tmp_path: Path, interview_home: Path) -> None:
    answer = tmp_path / "answer.md"
    answer.write_text("Bias is error from simple assumptions; variance is sensitivity to the sample.")
    batch = tmp_path / "batch.jsonl"
    line = {"question": "ml.bias-variance-tradeoff", "answer": answer.read_text()}
    batch.write_text(json.dumps(line) + "\n")
    commands = [
        ["--version"],
        ["grade", "--question", "ml.bias-variance-tradeoff", "--answer", str(answer)],
        ["grade", "--question", "ml.bias-variance-tradeoff", "--answer", str(answer), "--json"],
        ["grade", "--batch", str(batch), "--json"],
        ["bank", "validate"],
        ["bank", "list"],  # a table, but piped: tab-separated rows need no rich
        ["bank", "show", "ml.bias-variance-tradeoff", "--answer"],  # piped: plain Markdown
        ["bank", "stats", "--json"],
        ["history", "--json"],
        ["history"],  # empty: one plain line, no table
        ["summary", "--json"],
        ["summary"],  # piped: plain lines and tab-separated rows
        ["mock", "--list", "--json"],
        ["doctor"],
    ]
    env = {**os.environ, "INTERVIEW_HOME": str(interview_home)}
    child = subprocess.run([sys.executable, "-c", CHILD, json.dumps(commands), json.dumps(HEAVY)],
                           capture_output=True, text=True, env=env, timeout=300, check=False)
    assert child.returncode == 0, child.stderr
    seen = json.loads(child.stdout)
    assert {command: result[0] for command, result in seen.items()} == {
        " ".join(argv): 0 for argv in commands}
    assert {command: result[1] for command, result in seen.items() if result[1]} == {}


# Each command, and what it must not import; in an order where no earlier command imports them.
LIGHT_PATHS = (
    # A warm template cache: no template models (nor any pydantic model class) to list them.
    (["mock", "--list", "--json"], ["interview.bank.models", "interview.mock.templates",
                                    "pydantic._internal._model_construction"]),
    (["mock", "--list"], ["interview.mock.templates"]),
    # Plain dataclasses out, and no config file: no pydantic model class is built at all.
    (["summary", "--json"], ["interview.progress.models", "interview.grading.models", "interview.config",
                             "pydantic._internal._model_construction"]),
    (["summary"], ["interview.progress.models", "interview.grading.models"]),
    (["history"], ["interview.progress.models", "interview.grading.models"]),  # the table: rows only
    (["grade", "--question", "ml.bias-variance-tradeoff", "--answer", "{answer}"],
     ["snowballstemmer.french_stemmer"]),  # English only: not the package's thirty languages
)


def test_summary_history_mock_list_and_text_grading_skip_the_models_they_do_not_need(
        tmp_path: Path, interview_home: Path) -> None:
    with Store.open(Paths(interview_home).ensure()) as store:  # one attempt: rows to read
        store.record_attempt(make_attempt("coding.two-sum"))
    answer = tmp_path / "answer.md"
    answer.write_text("Bias is error from simple assumptions; variance is sensitivity to the sample.")
    env = {**os.environ, "INTERVIEW_HOME": str(interview_home)}
    # Warm the bank and template caches first: cold ones validate every file with the models.
    for warm in (["bank", "stats"], ["mock", "--list"]):
        subprocess.run([sys.executable, "-m", "interview", *warm], env=env, capture_output=True,
                       timeout=300, check=True)
    commands = [[part.format(answer=answer) for part in argv] for argv, _ in LIGHT_PATHS]
    banned = sorted({module for _, modules in LIGHT_PATHS for module in modules})
    child = subprocess.run([sys.executable, "-c", CHILD, json.dumps(commands), json.dumps(banned)],
                           capture_output=True, text=True, env=env, timeout=300, check=False)
    assert child.returncode == 0, child.stderr
    seen = json.loads(child.stdout)
    assert {" ".join(argv): sorted(set(modules) & set(seen[" ".join(argv)][1]))
            for argv, (_, modules) in zip(commands, LIGHT_PATHS, strict=True)} == {
        " ".join(argv): [] for argv in commands}
    assert all(code == 0 for code, _ in seen.values())


def test_doctor_without_a_config_file_builds_no_settings_models(interview_home: Path) -> None:
    Paths(interview_home).ensure()
    env = {**os.environ, "INTERVIEW_HOME": str(interview_home)}
    argv = [sys.executable, "-c", CHILD, json.dumps([["doctor"]]), json.dumps(["interview.config"])]
    child = subprocess.run(argv, capture_output=True, text=True, env=env, timeout=300, check=False)
    assert child.returncode == 0, child.stderr
    assert json.loads(child.stdout) == {"doctor": [0, []]}


def test_the_lexicon_is_read_from_its_cache_and_rebuilt_when_the_cache_is_stale_or_damaged(
        tmp_path: Path) -> None:
    from interview.grading.rubric import lexicon as module
    from interview.grading.rubric.text import Lexicon

    def shape(compiled: tuple[Lexicon, dict[str, int]]) -> tuple[object, ...]:
        lexicon, rivals = compiled
        return lexicon.phrases, lexicon.starts, lexicon.longest, rivals

    source = module.LEXICON_FILE.read_bytes()
    built = shape(module._build(source))
    cache_file = tmp_path / module.CACHE_NAME
    planted = (Lexicon({"planted": ["planted phrase"]}), {"planted": 0})
    module.use_cache_dir(tmp_path)
    try:
        module._compiled.cache_clear()
        assert shape(module._compiled()) == built and cache_file.exists()  # built, then written
        cache_file.write_bytes(pickle.dumps((module._cache_key(source), planted)))
        module._compiled.cache_clear()
        assert shape(module._compiled()) == shape(planted)  # a matching key is trusted: read, not built
        for stale in (pickle.dumps(("another key", planted)), b"not a pickle"):
            cache_file.write_bytes(stale)
            module._compiled.cache_clear()
            assert shape(module._compiled()) == built
            assert pickle.loads(cache_file.read_bytes())[0] == module._cache_key(source)  # rewritten
    finally:
        module.use_cache_dir(None)
        module._compiled.cache_clear()
