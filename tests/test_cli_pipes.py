"""The CLI in a pipe: tables as tab-separated rows (never cut), `--json` with stable fields,
readable history dates with whole ids, and words that read as sentences."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from test_progress_factory import make_attempt

from interview.cli import main
from interview.paths import Paths
from interview.progress.store import Store
from interview.words import a_or_an, described, plural, sentence


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def tsv(out: str) -> list[list[str]]:
    return [line.split("\t") for line in out.splitlines()]


def test_bank_list_in_a_pipe_is_tab_separated_with_whole_titles(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "bank", "list")
    rows = tsv(out)
    assert code == 0 and rows[0] == ["id", "category", "difficulty", "min", "title"]
    assert all(len(row) == 5 for row in rows)  # no footer, no wrapped continuation lines
    _, listed, _ = run(capsys, "bank", "list", "--json")
    by_id = {q["id"]: q for q in json.loads(listed)}
    assert len(rows) - 1 == len(by_id)
    for qid, category, difficulty, minutes, title in rows[1:]:
        assert by_id[qid]["title"] == title and "…" not in title  # never truncated
        assert (by_id[qid]["category"], by_id[qid]["difficulty"], by_id[qid]["minutes"]) == (
            category, difficulty, int(minutes))


def test_bank_stats_pipe_and_json_agree(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "bank", "stats")
    categories, topics = out.split("\n\n")
    rows = tsv(categories)
    assert rows[0] == ["category", "easy", "medium", "hard", "total"]
    _, data, _ = run(capsys, "bank", "stats", "--json")
    stats = json.loads(data)
    assert sum(int(row[4]) for row in rows[1:]) == stats["total"]
    assert {row[0]: int(row[1]) for row in tsv(topics)[1:]} == stats["by_topic"]


def test_history_shows_local_dates_and_whole_ids_and_json(
    capsys: pytest.CaptureFixture[str], paths: Paths
) -> None:
    at = datetime(2026, 12, 5, 14, 3, tzinfo=UTC)
    with Store.open(paths) as store:
        attempt_id = store.record_attempt(make_attempt("coding.two-sum", at=at, hints=1))
    code, out, err = run(capsys, "history")
    header, row = tsv(out)
    assert not err  # a healthy history is read without any "rebuilt" note
    assert code == 0 and header == ["when", "question", "mode", "score", "hints", "min", "id"]
    assert row[0] == at.astimezone().strftime("%Y-%m-%d %H:%M") and row[1] == "coding.two-sum"
    assert row[-1] == attempt_id and len(attempt_id) == 32  # the whole id, to copy
    _, out, _ = run(capsys, "history", "--json")
    (item,) = json.loads(out)
    assert set(item) == {"id", "finished_at", "question_id", "category", "mode", "score", "hints_used",
                         "time_taken_s", "mock_id"}
    assert item["id"] == attempt_id and item["hints_used"] == 1
    assert datetime.fromisoformat(item["finished_at"]) == at


def test_history_of_mocks_and_mock_list_have_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "history", "--mocks", "--json")[1].strip() == "[]"
    code, out, _ = run(capsys, "mock", "--list", "--json")
    templates = json.loads(out)
    assert code == 0 and templates and {"id", "name", "rounds"} <= set(templates[0])
    _, out, _ = run(capsys, "mock", "--list")
    rows = tsv(out)
    assert rows[0][0] == "template" and {row[0] for row in rows[1:]} == {t["id"] for t in templates}


def test_summary_tables_pipe_as_rows(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "summary")
    assert code == 0
    header = next(line for line in out.splitlines() if line.startswith("category\t"))
    assert header.split("\t") == ["category", "attempts", "mastery", "due", "readiness"]


@pytest.mark.parametrize("argv", [
    ["grade", "--answer", "x.md"],
    ["grade", "--question", "ml.bias-variance-tradeoff"],
    ["grade", "--batch", "b.jsonl", "--question", "coding.two-sum"],
    ["grade", "--batch", "b.jsonl", "--llm"],
    ["grade", "--question", "ml.bias-variance-tradeoff", "--answer", "-", "--self-assess"],
    ["mock"],
    ["mock", "--list", "--template", "coding-round"],
    ["mock", "--template", "coding-round", "--json"],
    ["mock", "--round", "coding:two:45"],
    ["history", "--limit", "0"],
    ["bank", "list", "--topic", "no_such_topic"],
    ["bank", "check", "--all"],
    ["bank", "import", "x.jsonl", "--map", "map.tsv"],
])
def test_wrong_usage_exits_2_with_one_line(capsys: pytest.CaptureFixture[str], argv: list[str]) -> None:
    code, out, err = run(capsys, *argv)
    assert code == 2 and not out
    assert len(err.strip().splitlines()) == 1 and "--help" in err and "Traceback" not in err


def test_words() -> None:
    assert [plural(n, "word") for n in (0, 1, 2)] == ["0 words", "1 word", "2 words"]
    assert plural(1, "day") == "1 day" and plural(3, "story") == "3 stories"
    assert [a_or_an(f"{n}-minute") for n in (8, 11, 18, 80, 12, 1, 5, 110, 800, 1800)] == [
        "an 8-minute", "an 11-minute", "an 18-minute", "an 80-minute", "a 12-minute", "a 1-minute",
        "a 5-minute", "a 110-minute", "an 800-minute", "a 1800-minute"]
    assert a_or_an("hour") == "an hour" and a_or_an("unit test") == "a unit test"
    assert a_or_an("easy question") == "an easy question" and a_or_an("one") == "a one"
    assert described(None) == "missing" and described("") == "empty" and described(3) == "3"
    assert sentence("could not reach Anthropic (offline?)") == "Could not reach Anthropic (offline?)."
    assert sentence("Cancelled.") == "Cancelled."


def test_a_short_answer_flag_counts_one_word(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    answer = tmp_path / "a.md"
    answer.write_text("overfitting")
    code, out, _ = run(capsys, "grade", "--question", "ml.bias-variance-tradeoff", "--answer", str(answer),
                       "--json")
    flags = " ".join(json.loads(out)["flags"])
    assert code == 0 and "1 word is short for a 6-minute question" in flags and "1 words" not in flags


def test_a_history_import_of_a_file_without_format_says_so(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    export = tmp_path / "x.json"
    export.write_text('{"schema": 1}')
    code, _, err = run(capsys, "history", "import", str(export))
    assert code == 1 and "format is missing" in err and "None" not in err


def test_a_narrow_terminal_gives_titles_the_room_and_keeps_ids_whole(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, paths: Paths
) -> None:
    _, listed, _ = run(capsys, "bank", "list", "--json")
    questions = json.loads(listed)
    for module in ("interview.cli.output", "interview.cli.bank"):
        monkeypatch.setattr(f"{module}.to_terminal", lambda: True)
    monkeypatch.setenv("COLUMNS", "80")
    _, out, _ = run(capsys, "bank", "list")
    lines = out.splitlines()
    assert max(len(line) for line in lines) <= 80 and "…" not in out
    id_lines = [i for i, line in enumerate(lines) if line.strip() in {q["id"] for q in questions}]
    assert len(id_lines) == len(questions)  # each id alone on its line, whole, to copy
    start = 0
    for question, end in zip(questions, id_lines, strict=True):
        block = " ".join(lines[start:end])
        assert all(word in block for word in question["title"].split()), question["title"]
        start = end + 1

    with Store.open(paths) as store:
        attempt_id = store.record_attempt(make_attempt("coding.longest-consecutive-sequence"))
    _, out, _ = run(capsys, "history")
    assert max(len(line) for line in out.splitlines()) <= 80
    assert attempt_id in out.split() and "coding.longest-consecutive-sequence" in out.split()


def test_history_reads_rows_and_only_the_bodies_of_mock_attempts_for_their_ids(
    capsys: pytest.CaptureFixture[str], paths: Paths, monkeypatch: pytest.MonkeyPatch
) -> None:
    with Store.open(paths) as store:
        store.record_attempts([make_attempt("coding.two-sum") for _ in range(30)])
        mock = make_attempt("coding.two-sum").model_copy(update={"mode": "mock", "mock_id": "m1"})
        store.record_attempt(mock)
    read: list[str] = []
    real = Store._load_bodies
    monkeypatch.setattr(Store, "_load_bodies", lambda self, rows: read.extend(r["id"] for r in rows)
                        or real(self, rows))
    code, out, _ = run(capsys, "history", "--limit", "5")
    assert code == 0 and len(tsv(out)) == 6 and read == []  # the table needs no answer body
    items = json.loads(run(capsys, "history", "--limit", "5", "--json")[1])
    assert read == [mock.id] and items[0]["mock_id"] == "m1" and items[1]["mock_id"] is None
