"""`grade --batch`, `bank import --format qa`, `bank check --bank` and an empty packs folder."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from interview.cli import main
from interview.paths import Paths
from tests.bankfixtures import ML_QUESTION, write_pack

QUESTION = "ml.bias-variance-tradeoff"
ANSWER = ("Bias is error from overly simple assumptions; variance is sensitivity to the training sample. "
          "High bias underfits, high variance overfits.")


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_a_batch_keeps_going_and_names_each_bad_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    batch = tmp_path / "answers.jsonl"
    lines = [
        json.dumps({"question": QUESTION, "answer": ANSWER}),
        "",
        json.dumps({"question": "x", "answer": "a"}),
        json.dumps({"question": QUESTION, "answer": None}),
        "{not json",
        json.dumps([QUESTION, ANSWER]),
        json.dumps({"question": QUESTION}),
        json.dumps({"question": QUESTION, "answer": 42}),
        json.dumps({"question": QUESTION, "answer": ANSWER + " Regularisation trades them."}),
    ]
    batch.write_text("\n".join(lines) + "\n")
    code, out, err = run(capsys, "grade", "--batch", str(batch))
    assert code == 1  # something was not graded
    errors = err.strip().splitlines()
    assert [e.split(": line ")[1].split(":")[0] for e in errors] == ["3", "4", "5", "6", "7", "8"]
    assert errors[0] == (f"interview: error: {batch}: line 3: unknown question id 'x'; "
                         "list ids with `interview bank list`")
    assert '"answer" is null' in errors[1] and "None" not in err
    rows = [line.split("\t") for line in out.splitlines()]
    assert rows[0] == ["line", "question", "score", "summary"] and [r[0] for r in rows[1:]] == ["1", "9"]

    code, out, _ = run(capsys, "grade", "--batch", str(batch), "--json")
    report = json.loads(out)
    assert code == 1 and (report["graded"], report["failed"]) == (2, 6)
    assert [r["line"] for r in report["results"]] == [1, 9]
    assert report["results"][0]["question_id"] == QUESTION and "criteria" in report["results"][0]
    assert [f["line"] for f in report["failures"]] == [3, 4, 5, 6, 7, 8]
    assert report["failures"][0]["error"].startswith("unknown question id 'x'")
    assert report["mean_score"] == round(sum(r["score"] for r in report["results"]) / 2, 1)


def test_a_clean_batch_exits_0_and_an_empty_one_exits_1(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    batch = tmp_path / "answers.jsonl"
    batch.write_text(json.dumps({"question": QUESTION, "answer": ANSWER}) + "\n")
    code, out, err = run(capsys, "grade", "--batch", str(batch), "--json")
    assert code == 0 and not err and json.loads(out)["failures"] == []
    for text in ("", "\n  \n"):
        batch.write_text(text)
        code, out, err = run(capsys, "grade", "--batch", str(batch))
        assert code == 1 and not out and "no answers in it" in err and len(err.splitlines()) == 1


QA_ROWS = [
    ("What is overfitting in a model?", "Fitting noise in the training data instead of the signal."),
    ("What is dropout in a neural network?", "Randomly zeroing units while training, to regularise."),
    ("What is overfitting in a model?", "The model memorises the training set and fails on new data."),
    ("What is overfitting in a model, and how do you spot it?", "A gap between training and validation."),
]


def _qa_table(tmp_path: Path) -> Path:
    table = tmp_path / "my-qa.csv"
    table.write_text("Question,Reference Answer,category,topics,difficulty\n" + "".join(
        f'"{q}","{a}",ml_theory,overfitting;regularisation,easy\n' for q, a in QA_ROWS))
    return table


def test_qa_import_says_which_row_became_which_id(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, paths: Paths
) -> None:
    table = _qa_table(tmp_path)
    code, out, err = run(capsys, "bank", "import", str(table), "--format", "qa", "--name", "mine")
    assert code == 0, err
    rows = [line.split("\t") for line in out.splitlines()]
    assert rows[0] == ["row", "id", "note"]
    assert [r[:2] for r in rows[1:]] == [
        ["2", "mine.what-is-overfitting-in-a-model"], ["3", "mine.what-is-dropout-in-a-neural-network"],
        ["4", "mine.what-is-overfitting-in-a-model-2"], ["5", "mine.what-is-overfitting-in-a-model-and-how"]]
    assert rows[3][2] == "same prompt as row 2; '-2' added to keep the id unique"
    assert rows[1][2] == rows[2][2] == rows[4][2] == ""
    assert "imported 4 questions as pack 'mine'" in err  # a pipe gets only the rows on stdout
    _, listed, _ = run(capsys, "bank", "list", "--json")
    assert {r[1] for r in rows[1:]} <= {q["id"] for q in json.loads(listed)}


def test_qa_import_writes_the_map_to_a_file(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, paths: Paths
) -> None:
    target = tmp_path / "map.tsv"
    table = _qa_table(tmp_path)
    code, out, _ = run(capsys, "bank", "import", str(table), "--format", "qa", "--map", str(target))
    lines = target.read_text().splitlines()
    assert code == 0 and lines[0] == "row\tid\ttitle\tnote" and len(lines) == 5
    assert lines[1].split("\t")[:3] == ["2", "my-qa.what-is-overfitting-in-a-model",
                                       "What is overfitting in a model?"]
    assert out.strip().endswith(f"which row became which id is in {target}")


def test_qa_import_prints_its_rows_as_json(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, paths: Paths
) -> None:
    code, out, err = run(capsys, "bank", "import", str(_qa_table(tmp_path)), "--format", "qa", "--json")
    assert code == 0, err
    data = json.loads(out)
    assert (data["pack"], data["imported"]) == ("my-qa", 4)
    assert [r["row"] for r in data["rows"]] == [2, 3, 4, 5]
    assert data["rows"][2]["id"] == "my-qa.what-is-overfitting-in-a-model-2"
    assert data["rows"][2]["note"] == "same prompt as row 2; '-2' added to keep the id unique"


def test_qa_columns_are_documented_in_help(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["bank", "import", "--help"])
    text = capsys.readouterr().out
    for column in ("question", "reference answer", "category", "topics", "difficulty", "--map"):
        assert column in text
    doc = (Path(__file__).parent.parent / "docs" / "question-format.md").read_text()
    assert "--format qa" in doc and "reference answer" in doc and "--map" in doc


def test_check_with_bank_checks_only_that_pack_unless_all(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    pack = write_pack(tmp_path, "extra", {"q.toml": ML_QUESTION.format(id="extra.q")})
    _, out, err = run(capsys, "bank", "check", "--bank", str(pack))
    before = out.strip().splitlines()  # the tiny fixture's own findings, then the count
    assert before[-1].startswith("checked 1 question:")
    assert "\rchecking" not in err  # the progress line is for a terminal only
    (pack / "broken.toml").write_text(ML_QUESTION.format(id="extra.broken").replace('"easy"', '"trivial"'))
    code, out, _ = run(capsys, "bank", "check", "--bank", str(pack))
    after = out.strip().splitlines()
    assert code == 1 and after[0].startswith(f"{pack}/broken.toml:6: difficulty:")  # it fails the gate
    assert after[1:-1] == before[:-1] and after[-1] == f"checked 1 question: {len(after) - 1} failures"
    (pack / "broken.toml").unlink()
    _, listed, _ = run(capsys, "bank", "list", "--category", "behavioural", "--json")
    _, out, _ = run(capsys, "bank", "check", "--bank", str(pack), "--all", "--category", "behavioural")
    assert out.strip().splitlines()[-1].startswith(f"checked {len(json.loads(listed))} questions:")


def test_an_empty_packs_folder_is_no_problem(capsys: pytest.CaptureFixture[str], paths: Paths) -> None:
    (paths.packs_dir / "empty" / "deeper").mkdir(parents=True)
    (paths.packs_dir / ".DS_Store").write_text("")
    code, out, err = run(capsys, "bank", "validate")
    assert code == 0 and out.strip().endswith("; no problems") and not err
    code, _, err = run(capsys, "bank", "stats", "--json")
    assert code == 0 and not err
    (paths.packs_dir / "stray.toml").write_text("id = 1")  # a real file still gets reported
    code, out, _ = run(capsys, "bank", "validate")
    assert code == 1 and "no pack here" in out
