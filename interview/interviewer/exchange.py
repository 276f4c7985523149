"""One interview exchange from start to end, the same in practice, mocks and the CLI.

`begin` plans the follow-ups from the main answer's grade; `finish` applies what the
clarify phase and the story bank say about the answer, and records the main score.
"""

from __future__ import annotations

from interview.bank.models import AnyQuestion
from interview.grading.models import GradeResult
from interview.interviewer import clarify, followups
from interview.interviewer.models import Transcript
from interview.interviewer.stories import Story, check_telling


def begin(question: AnyQuestion, result: GradeResult, count: int = followups.DEFAULT_COUNT,
          transcript: Transcript | None = None) -> Transcript:
    """The transcript so far (clarify turns, if any) with the follow-ups to ask next."""
    transcript = transcript or Transcript()
    return transcript.model_copy(update={"follow_ups": followups.choose(question, result, count)})


def finish(question: AnyQuestion, result: GradeResult, transcript: Transcript, answer: str,
           story: Story | None = None) -> tuple[GradeResult, Transcript]:
    """The main answer's grade with the clarify phase and the story check applied."""
    result, transcript = clarify.apply(question, result, transcript, answer)
    if story is not None:
        notes = check_telling(story, answer)
        transcript = transcript.model_copy(update={"story_id": story.id, "story_notes": notes})
        result = result.model_copy(update={"flags": [*result.flags, *notes]})
    return result, transcript.model_copy(update={"main_score": result.score})
