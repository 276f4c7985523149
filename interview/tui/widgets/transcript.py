"""The conversation around an answer, for Feedback and History: clarifying questions, follow-ups."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.text import Text

from interview.interviewer.models import FollowUpTurn, Transcript
from interview.tui.widgets.charts import score_style
from interview.tui.widgets.criteria import indented


def follow_up_block(turn: FollowUpTurn, number: int) -> Group:
    head = Text(f"Q{number}. ", style="bold")
    head.append(turn.text, style="bold")
    lines: list[RenderableType] = [head]
    if turn.why:
        lines.append(indented(Text(f"asked because {turn.why}", style="dim italic")))
    answer = turn.answer.strip() or "(no answer)"
    lines.append(indented(Text(f"A. {answer}", style="" if turn.answer.strip() else "dim")))
    if turn.scored and turn.score is not None:
        score = Text(f"{turn.score:.0f}/100", style=f"bold {score_style(turn.score / 100)}")
        score.append(f"  {turn.dimension.replace('_', ' ')}", style="dim italic")
        if turn.verdict:
            score.append(f" · {turn.verdict}", style="dim")
        lines.append(indented(score))
        lines += [indented(Text(f"✓ {p}", style="green")) for p in turn.found]
        lines += [indented(Text(f"✗ {p}", style="red")) for p in turn.missing]
    elif turn.answered or turn.answer:
        lines.append(indented(Text("not scored: this follow-up has no key points yet", style="dim")))
    return Group(*lines)


def render_transcript(transcript: Transcript) -> Group:
    """Clarify turns, what they revealed and missed, then every follow-up with its score."""
    parts: list[RenderableType] = []
    if transcript.clarified:
        head = Text("Clarifying questions", style="bold underline")
        if transcript.clarification is not None:
            head.append(f"  asked for {transcript.clarification:.0%} of the important facts",
                        style=score_style(transcript.clarification))
        parts.append(head)
        for turn in transcript.clarify:
            parts.append(indented(Text(f"You: {turn.question}")))
            style = "cyan" if turn.from_facts else "dim"
            parts.append(indented(Text(f"Interviewer: {turn.reply}", style=style)))
        if not transcript.clarify:
            parts.append(indented(Text("You asked nothing before designing.", style="yellow")))
        parts += [indented(Text(f"✗ never asked about {m}", style="red")) for m in transcript.facts_missed]
        parts += [indented(Text(f"✗ told about {u}, but the design never uses it", style="red"))
                  for u in transcript.facts_unused]
        parts.append(Text(""))
    if transcript.follow_ups:
        depth = transcript.depth()
        head = Text("Follow-up questions", style="bold underline")
        if depth is not None:
            head.append(f"  depth {depth:.0f}/100", style=score_style(depth / 100))
        parts.append(head)
        parts += [follow_up_block(t, i + 1) for i, t in enumerate(transcript.follow_ups)]
    if transcript.story_notes:
        parts.append(Text("Against your story", style="bold underline"))
        parts += [indented(Text(f"⚑ {n.split(': ', 1)[-1]}", style="yellow")) for n in transcript.story_notes]
    return Group(*parts)
