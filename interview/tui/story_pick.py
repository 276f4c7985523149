"""Which of the user's stories a behavioural answer told, and what the telling left out.

Shared by Feedback (after the score) and the answer screen (suggestions before writing):
the story bank is read from the data folder each time, so edits made by hand count.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from interview.bank.models import AnyQuestion, BehaviouralQuestion
from interview.interviewer import stories
from interview.interviewer.models import Transcript
from interview.words import plural

if TYPE_CHECKING:
    from interview.grading.models import GradeResult
    from interview.tui.app import InterviewApp


def story_bank(app: InterviewApp) -> stories.StoryBank:
    return stories.load(stories.stories_path(app.context.paths.home))


def suggestions_line(app: InterviewApp, question: AnyQuestion) -> str:
    """One line for the answer screen: the stories that fit, or how to start a story bank."""
    if not isinstance(question, BehaviouralQuestion):
        return ""
    fits = stories.suggest(question, story_bank(app).stories)
    if not fits:
        return "[dim]Tip: write your stories once in the Story bank (ctrl+p → Story bank).[/]"
    shown = "; ".join(f"[b]{s.story.title}[/] ({s.why})" for s in fits[:2])
    return f"Stories that fit: {shown}"


def pick(app: InterviewApp, question: AnyQuestion, answer: str, result: GradeResult,
         transcript: Transcript | None, attempt_id: str | None,
         done: Callable[[GradeResult, Transcript], None]) -> None:
    """Ask which story was told, check the telling against it, keep the notes with the attempt."""
    from interview.tui.screens.confirm import ChoiceModal

    bank = story_bank(app)
    if not bank.stories:
        app.notify("Your story bank is empty: open it from the command palette (ctrl+p → Story bank).",
                   severity="warning")
        return
    ranked = [s.story for s in stories.suggest(question, bank.stories, limit=3)]
    ranked += [s for s in bank.stories if s not in ranked][: max(0, 3 - len(ranked))]
    choices = [(s.id, s.title[:28], "primary" if i == 0 else "default") for i, s in enumerate(ranked)]

    async def chosen(story_id: str | None) -> None:
        story = bank.get(story_id or "")
        if story is None:
            return
        recent = await app.service.recent_stories(exclude=attempt_id)
        warning = stories.overuse_warning(story.id, recent)
        if warning:
            app.notify(warning, title="Story bank", severity="warning", timeout=12)
        notes = stories.check_telling(story, answer)
        updated = (transcript or Transcript()).model_copy(update={"story_id": story.id, "story_notes": notes})
        flagged = result.model_copy(update={"flags": [f for f in result.flags if not f.startswith("story-")]
                                            + notes})
        if attempt_id is not None and not app.service.read_only:
            try:
                await app.service.attach_transcript(attempt_id, updated, flagged)
            except Exception as exc:  # the notes are still shown; say why they were not kept
                app.notify(f"The story notes could not be saved: {exc}", severity="error")
        app.notify("The telling has everything your story has." if not notes else
                   f"Missing from the telling: {plural(len(notes), 'thing')} from your story.", timeout=5)
        done(flagged, updated)

    app.push_screen(ChoiceModal("Which story did you tell?",
                                "Your answer is checked against it: a result or a number the story has "
                                "and the telling left out is flagged.", choices), chosen)
