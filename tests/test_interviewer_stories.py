"""The story bank: one-line errors, never overwriting a bad file, suggestions, overuse, checks, pitches."""

from __future__ import annotations

from pathlib import Path

import pytest

from interview.bank.loader import load_roots
from interview.grading.rubric import score_answer
from interview.interviewer import stories
from interview.paths import builtin_bank_dir

GOOD = '''[[story]]
id = "churn-model"
title = "The churn model nobody used"
competencies = ["ownership", "influence"]
situation = "Our retention team ignored the churn model I had spent three months building."
task = "I had to get it used on renewal calls or admit it was not useful."
action = """I sat with two account managers for a week, learned they needed reasons rather than
scores, and added the top three drivers to each prediction."""
result = "Within a quarter the team used it on every renewal call and churn fell from 9% to 7%."

[[story]]
id = "pipeline-outage"
title = "The feature pipeline I broke"
competencies = ["failure", "ownership", "learning"]
situation = "A schema change I shipped silently nulled a feature used by the pricing model."
task = "Stop the damage and make sure it could not happen again."
action = """I rolled back within the hour, told my manager and the pricing team, and added a schema
contract test to the pipeline."""
result = "Prices were wrong for 40 minutes; the contract test has since caught 3 breaking changes."
'''


def test_stories_load_and_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "stories.toml"
    path.write_text(GOOD)
    bank = stories.load(path)
    assert not bank.problems and [s.id for s in bank.stories] == ["churn-model", "pipeline-outage"]
    stories.save(bank, list(reversed(bank.stories)))
    again = stories.load(path)
    assert [s.id for s in again.stories] == ["pipeline-outage", "churn-model"]
    assert again.stories[1] == bank.stories[1]


@pytest.mark.parametrize(("text", "expected"), [
    ("[[story]]\nid = 'x'\n", "stories.toml:1: story[0].title: required field is missing"),
    (GOOD + '\n[[story]]\nid = "Bad Id"\ntitle = "ok title"\ncompetencies = ["x"]\n'
     'situation = "long enough here"\ntask = "task!"\naction = "did things well"\nresult = "done"\n',
     "stories.toml:21: story[2].id: use lowercase letters"),
    (GOOD.replace("result = \"Within", "outcome = \"Within", 1), "story[0].outcome: unknown field"),
    (GOOD + GOOD.split("\n\n")[0], "story[2].id: 'churn-model' is used twice"),
    ("[[story]\n", "stories.toml:1: toml: not valid TOML"),
])
def test_problems_are_one_line_each_with_file_line_and_field(tmp_path: Path, text: str,
                                                             expected: str) -> None:
    path = tmp_path / "stories.toml"
    path.write_text(text)
    bank = stories.load(path)
    assert any(expected in p for p in bank.problems), bank.problems
    assert all("\n" not in p for p in bank.problems)


def test_a_file_with_problems_is_never_overwritten(tmp_path: Path) -> None:
    path = tmp_path / "stories.toml"
    path.write_text(GOOD + "[[story]]\nid = 'half-written'\n")
    bank = stories.load(path)
    with pytest.raises(ValueError, match="fix the file by hand"):
        stories.save(bank, bank.stories)
    assert "half-written" in path.read_text()


def test_behavioural_questions_suggest_the_fitting_story(tmp_path: Path) -> None:
    path = tmp_path / "stories.toml"
    path.write_text(GOOD)
    mine = stories.load(path).stories
    bank = load_roots([builtin_bank_dir()])
    failure = stories.suggest(bank.get("beh.mistake-you-made"), mine)
    assert failure and failure[0].story.id == "pipeline-outage"


def test_one_story_for_everything_is_warned_about() -> None:
    assert stories.overuse_warning("a", ["b", "c", "a"]) is None
    warning = stories.overuse_warning("a", ["a", "a", "b"])
    assert warning is not None and "3 of your last 4" in warning


def test_a_telling_that_drops_the_numbers_and_the_result_is_flagged(tmp_path: Path) -> None:
    path = tmp_path / "stories.toml"
    path.write_text(GOOD)
    churn = stories.load(path).stories[0]
    vague = ("Our retention team ignored my churn model, so I sat with the account managers and added the "
             "drivers to each prediction. It went well.")
    notes = stories.check_telling(churn, vague)
    assert any(n.startswith("story-number-missing") and "9, 7" in n for n in notes)
    assert any(n.startswith("story-result-missing") for n in notes)
    full = ("The retention team ignored my churn model after 3 months of work. I sat with two account "
            "managers, then added the top three drivers. Within a quarter the team used it on every renewal "
            "call and churn fell from 9% to 7%.")
    assert stories.check_telling(churn, full) == []


def test_tell_me_about_yourself_is_scored_on_the_stories(tmp_path: Path) -> None:
    path = tmp_path / "stories.toml"
    path.write_text(GOOD)
    mine = stories.load(path).stories
    question = stories.pitch_question("about-you", mine)
    strong = ("I'm a data analyst moving into ML engineering. I take ownership: when a schema change I "
              "shipped broke pricing for 40 minutes, I added a contract test that has since caught 3 "
              "breaking changes. And I influence people: my churn model was ignored until I added reasons, "
              "and within "
              "a quarter churn fell from 9% to 7%. I learn fast and want to do this full time.")
    weak = "I'm a hard worker and a team player, and I like data."
    assert score_answer(question, strong).score >= 70
    assert score_answer(question, weak).score <= 30
    role = "You will own churn and pricing models end to end. You will work with account managers."
    why = stories.pitch_question("why-role", mine, role)
    assert [c.id for c in why.rubric] == ["evidence", "strengths", "fit"]
    with pytest.raises(ValueError, match="at least one story"):
        stories.pitch_question("about-you", [])
