"""Reports a user would send to a mentor: the summary, trends and recent answers with feedback.

Only the user's own history goes in: no settings, no API key, no model answers
from the bank.  Markdown and HTML are rendered from the same `report_data`
dictionary that the JSON format writes, so the three never disagree.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any, Literal

from interview.progress.summary import AreaStat, Summary, json_data
from interview.words import plural

if TYPE_CHECKING:  # a type only: the attempt models cost ~70 ms that `summary` must not pay
    from interview.progress.models import Attempt

Format = Literal["md", "html", "json"]
SPARK = "▁▂▃▄▅▆▇█"
REPORT_FORMAT = "interview-report"


def sparkline(values: list[float], top: float = 100.0) -> str:
    """Scores as a row of block characters, for terminals and Markdown alike."""
    return "".join(SPARK[min(len(SPARK) - 1, max(0, int(v / top * len(SPARK))))] for v in values)


def _area(stat: AreaStat) -> dict[str, Any]:
    return {
        "kind": stat.kind, "id": stat.id, "label": stat.label, "mastery": stat.mastery,
        "uncertainty": stat.uncertainty, "status": stat.status, "attempts": stat.attempts,
        "last_practised": stat.last_practised.date().isoformat(), "trend": stat.trend,
    }


def _answer(attempt: Attempt, titles: dict[str, str]) -> dict[str, Any]:
    result = attempt.result
    feedback: dict[str, Any] = {"summary": result.summary}
    if result.llm is not None:
        feedback |= {"strengths": result.llm.strengths, "improvements": result.llm.improvements,
                     "llm": f"{result.llm.provider} {result.llm.model}"}
    tests = None
    if result.code is not None:
        code = result.code
        tests = f"{code.visible_passed + code.hidden_passed}/{code.visible_total + code.hidden_total} passed"
    return {
        "id": attempt.id,
        "question_id": attempt.question_id,
        "title": titles.get(attempt.question_id, attempt.question_id),
        "category": attempt.category,
        "mode": attempt.mode,
        "finished_at": attempt.finished_at.isoformat(),
        "score": attempt.score,
        "hints_used": attempt.hints_used,
        "minutes": round(attempt.time_taken_s / 60, 1),
        "criteria": [{"dimension": c.dimension, "assesses": c.assesses, "score": round(c.score * 100)}
                     for c in result.criteria],
        "tests": tests,
        "feedback": feedback,
        "answer": attempt.answer,
        "conversation": _conversation(attempt),
    }


def _conversation(attempt: Attempt) -> list[str]:
    """The clarifying questions and follow-ups around the answer, one line each."""
    talk = attempt.transcript
    if talk is None:
        return []
    lines = []
    if talk.clarified:
        asked = f"{talk.clarification:.0%}" if talk.clarification is not None else "–"
        repeats = sum(1 for t in talk.clarify if t.repeated and not t.fact_ids)
        again = f" ({repeats} asking again for a fact already given)" if repeats else ""
        lines.append(f"Clarify phase: {plural(len(talk.clarify), 'question')}{again}, "
                     f"{asked} of the important facts asked"
                     + (f"; never asked about {', '.join(talk.facts_missed)}" if talk.facts_missed else ""))
        lines += [f"Asked: {t.question} → {t.reply}" for t in talk.clarify]
    for turn in talk.follow_ups:
        score = f" ({turn.score:.0f}/100)" if turn.scored and turn.score is not None else ""
        lines.append(f"Follow-up: {turn.text} → {turn.answer.strip() or '(no answer)'}{score}")
    lines += [f"Against your story: {n.split(': ', 1)[-1]}" for n in talk.story_notes]
    return lines


def report_data(
    summary: Summary, recent: list[Attempt], titles: dict[str, str], mocks: list[dict[str, Any]] | None = None
) -> dict[str, Any]:
    """The report as plain data; `recent` are the attempts to show in full, newest first.

    `mocks` are digests of finished mock-interview scorecards (newest first), as plain
    data so that progress stays independent of the mock engine.
    """
    return {
        "format": REPORT_FORMAT,
        "generated_at": summary.generated_at.isoformat(),
        "category": summary.category,
        "total_attempts": summary.total_attempts,
        "streak_days": summary.streak_days,
        "practice_days": len(summary.practice_days),
        "recent_scores": summary.recent_scores,
        "weak_areas": [_area(a) for a in summary.weak_areas],
        "topics": [_area(a) for a in summary.topics],
        "dimensions": [_area(a) for a in summary.dimensions],
        "categories": [json_data(c, frozenset({"weakest_topics", "weakest_dimensions"}))
                       for c in summary.categories],
        "due": json_data(summary.due),
        "recommendations": json_data(summary.recommendations),
        "recent_answers": [_answer(a, titles) for a in recent],
        "mocks": mocks or [],
    }


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{value:.0%}"


def summary_markdown(data: dict[str, Any]) -> str:
    """The summary part of the report (also what `interview summary --markdown` prints)."""
    lines = [
        f"# Interview practice report — {data['generated_at'][:10]}",
        "",
        f"{plural(data['total_attempts'], 'attempt')} on {plural(data['practice_days'], 'day')}; "
        f"current streak {plural(data['streak_days'], 'day')}. "
        f"Recent scores: {sparkline(data['recent_scores'])}",
        "",
        "## Weakest areas",
        "",
        "| Area | Kind | Mastery | ± | Trend | Attempts | Last practised | Status |",
        "|---|---|---|---|---|---|---|---|",
    ]
    areas = sorted(data["topics"] + data["dimensions"], key=lambda a: a["mastery"])[:15]
    lines += [f"| {a['label']} | {a['kind']} | {_pct(a['mastery'])} | {_pct(a['uncertainty'])} | "
              f"{sparkline(a['trend'])} | {a['attempts']} | {a['last_practised']} | {a['status']} |"
              for a in areas] or ["| (no attempts yet) | | | | | | | |"]
    lines += ["", "## By category", "", "| Category | Attempts | Mastery | Due reviews | Readiness |",
              "|---|---|---|---|---|"]
    for c in data["categories"]:
        ready = c.get("readiness")
        readiness = (f"{_pct(ready['score'])} ({ready['verdict']}, {ready['days_left']} days left)"
                     if ready else "–")
        lines.append(f"| {c['label']} | {c['attempts']} | {_pct(c['mastery'])} | {c['due']} | {readiness} |")
    lines += ["", "## Next up", ""]
    lines += [f"- **{r['title']}** (`{r['question_id']}`) — {r['reason']}: {r['detail']}"
              for r in data["recommendations"]] or ["- nothing to recommend: the bank is empty"]
    return "\n".join(lines) + "\n"


def _fence(text: str) -> str:
    ticks = "```"
    while ticks in text:
        ticks += "`"
    return f"{ticks}\n{text}\n{ticks}"


def _mock_line(mock: dict[str, Any]) -> str:
    rounds = ", ".join(f"{r['label']} {r['score']:.0f} ({r['signal']})" for r in mock["rounds"])
    return (f"{mock['finished_at'][:10]} · {mock['template']} ({mock['mode']}) — "
            f"{mock['score']:.0f}/100, {mock['signal']}: {rounds}")


def to_markdown(data: dict[str, Any]) -> str:
    lines = [summary_markdown(data)]
    if data.get("mocks"):
        lines += ["## Mock interviews", ""]
        for mock in data["mocks"]:
            lines.append(f"- {_mock_line(mock)}")
            lines += [f"  - To improve: {item}" for item in mock["improvements"]]
        lines.append("")
    lines += ["## Recent answers", ""]
    for a in data["recent_answers"]:
        tests = f" · tests {a['tests']}" if a["tests"] else ""
        lines += [f"### {a['title']} — {a['score']:.0f}/100", "",
                  f"{a['finished_at'][:16].replace('T', ' ')} UTC · {a['category']} · {a['mode']} · "
                  f"{a['minutes']} min · {plural(a['hints_used'], 'hint')}{tests}", ""]
        lines += [f"- {c['assesses']} ({c['dimension']}): {c['score']}%" for c in a["criteria"]]
        feedback = a["feedback"]
        if feedback["summary"]:
            lines += ["", f"> {feedback['summary']}"]
        lines += [f"- {line}" for line in a.get("conversation", [])]
        lines += [f"- Strength: {s}" for s in feedback.get("strengths", [])]
        lines += [f"- To improve: {s}" for s in feedback.get("improvements", [])]
        lines += ["", _fence(a["answer"]), ""]
    return "\n".join(lines)


def to_html(data: dict[str, Any]) -> str:
    """A self-contained page: every value from the history is escaped."""
    import html  # only here: `summary` prints a sparkline from this module and needs no html

    e = html.escape
    rows = "".join(
        f"<tr><td>{e(a['label'])}</td><td>{e(a['kind'])}</td>"
        f"<td>{_pct(a['mastery'])} ± {_pct(a['uncertainty'])}</td><td>{sparkline(a['trend'])}</td>"
        f"<td>{a['attempts']}</td><td>{e(a['status'])}</td></tr>"
        for a in sorted(data["topics"] + data["dimensions"], key=lambda a: a["mastery"])[:15]
    )
    categories = "".join(
        f"<tr><td>{e(c['label'])}</td><td>{c['attempts']}</td><td>{_pct(c['mastery'])}</td><td>{c['due']}</td></tr>"
        for c in data["categories"]
    )
    nexts = "".join(f"<li><b>{e(r['title'])}</b> — {e(r['reason'])}: {e(r['detail'])}</li>"
                    for r in data["recommendations"])
    mocks = "".join(
        f"<li>{e(_mock_line(m))}<ul>" + "".join(f"<li>To improve: {e(i)}</li>" for i in m["improvements"])
        + "</ul></li>"
        for m in data.get("mocks", [])
    )
    answers = "".join(
        f"<section><h3>{e(a['title'])} — {a['score']:.0f}/100</h3><p>{e(a['finished_at'][:16])} · "
        f"{e(a['category'])} · {e(a['mode'])}</p><ul>"
        + "".join(f"<li>{e(c['assesses'])}: {c['score']}%</li>" for c in a["criteria"])
        + "".join(f"<li>{e(line)}</li>" for line in a.get("conversation", []))
        + "".join(f"<li>To improve: {e(s)}</li>" for s in a["feedback"].get("improvements", []))
        + f"</ul><blockquote>{e(a['feedback']['summary'])}</blockquote><pre>{e(a['answer'])}</pre></section>"
        for a in data["recent_answers"]
    )
    return (
        "<!doctype html><html><head><meta charset='utf-8'><title>Interview practice report</title>"
        "<style>body{font-family:sans-serif;max-width:60em;margin:auto}td,th{padding:.2em .6em}"
        "pre{background:#f4f4f4;padding:1em;white-space:pre-wrap}</style></head><body>"
        f"<h1>Interview practice report — {e(data['generated_at'][:10])}</h1>"
        f"<p>{plural(data['total_attempts'], 'attempt')} on {plural(data['practice_days'], 'day')}; "
        f"streak {plural(data['streak_days'], 'day')}. Recent scores: {sparkline(data['recent_scores'])}</p>"
        "<h2>Weakest areas</h2><table><tr><th>Area</th><th>Kind</th><th>Mastery</th><th>Trend</th>"
        f"<th>Attempts</th><th>Status</th></tr>{rows}</table>"
        "<h2>By category</h2><table><tr><th>Category</th><th>Attempts</th><th>Mastery</th><th>Due</th></tr>"
        f"{categories}</table><h2>Next up</h2><ul>{nexts}</ul>"
        + (f"<h2>Mock interviews</h2><ul>{mocks}</ul>" if mocks else "")
        + f"<h2>Recent answers</h2>{answers}</body></html>\n"
    )


def render(data: dict[str, Any], fmt: Format) -> str:
    if fmt == "json":
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    return to_html(data) if fmt == "html" else to_markdown(data)

