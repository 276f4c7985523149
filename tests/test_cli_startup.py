"""Commands that print no table for a person never import rich, Textual, the Anthropic SDK or asyncio.

Those imports cost a short command a large share of its run (benchmarks/cli_bench.py prints
the figures); this pins where they may not appear. The commands run in one fresh child process
with stdout piped, and the heavy modules are looked for after each one.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

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
