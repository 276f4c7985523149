"""The interviewer with a language model: adaptive follow-ups, clarify replies, follow-up grading.

Optional and never in charge: every call goes through the existing provider layer
(`interview.grading.llm.providers`), is cached on disk, respects the daily cost cap,
and any failure — no key, a refusal, a malformed reply, a reply that names an unknown
criterion, or a clarify reply stating a number the facts do not hold — falls back to
the offline interviewer.  The fact check is the point: the model may rephrase the
facts, never invent one.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import os
import re
from collections.abc import Awaitable, Callable, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field, ValidationError

from interview.bank.models import AnyQuestion, SystemDesignQuestion
from interview.config import LLMSettings
from interview.grading.llm.errors import LLMUnavailable
from interview.grading.models import CodeReport, GradeResult
from interview.interviewer import clarify, followups
from interview.interviewer.models import ClarifyTurn, FollowUpTurn
from interview.paths import Paths

PROMPT_VERSION = "interviewer-2026-12-1"


class FactCheckFailed(LLMUnavailable):
    """The model's clarify reply stated something the facts do not say."""

    def __init__(self, message: str) -> None:
        super().__init__("malformed", message)


# ------------------------------------------------------------- structured replies


class WrittenFollowUp(BaseModel):
    text: str = Field(min_length=5)
    probes: str | None
    why: str
    key_points: list[str] = Field(min_length=1, max_length=5)


class ClarifyReply(BaseModel):
    fact_ids: list[str]
    reply: str


class FollowUpGrade(BaseModel):
    score: float
    found: list[str]
    missing: list[str]
    verdict: str


def _schema(model: type[BaseModel]) -> dict[str, Any]:
    """A strict JSON schema: every property required, no extra keys, no numeric bounds."""
    schema = model.model_json_schema()
    props = {}
    for name, prop in schema["properties"].items():
        prop = {k: v for k, v in prop.items() if k not in ("title", "minLength", "maxLength", "minItems",
                                                          "maxItems", "default")}
        if "anyOf" in prop:
            prop = {"type": ["string", "null"]}
        if prop.get("type") == "array":
            prop["items"] = {"type": "string"}
        props[name] = prop
    return {"type": "object", "properties": props, "required": list(props), "additionalProperties": False}


# ------------------------------------------------------------------- the call


class _Cache:
    """Replies by request hash in the cache folder, so an identical request is never paid twice."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def get(self, key: str) -> str | None:
        try:
            return (self.folder / f"{key}.json").read_text("utf-8")
        except OSError:
            return None

    def put(self, key: str, text: str) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        tmp = self.folder / f".{key}.{os.getpid()}.tmp"
        tmp.write_text(text, "utf-8")
        os.replace(tmp, self.folder / f"{key}.json")


# About four characters a token in English prose: enough to charge a cut-off prompt to the cap.
CHARS_PER_TOKEN = 4


async def _ask(settings: LLMSettings, paths: Paths, system: str, user: str, reply: type[BaseModel],
               today: date | None = None) -> Any:
    """One structured call through the provider layer, cached and within the daily cap."""
    from interview.grading.llm.pricing import cost_usd, price_for
    from interview.grading.llm.providers import call_anthropic, call_openai_compatible
    from interview.grading.llm.usage import SpendLedger

    if settings.provider == "off":
        raise LLMUnavailable("off", "the LLM interviewer is off")
    cache = _Cache(paths.cache_dir / "llm-interviewer")
    key = hashlib.sha256(json.dumps([PROMPT_VERSION, settings.provider, settings.model, settings.base_url,
                                     system, user]).encode()).hexdigest()
    hit = cache.get(key)
    if hit is not None:
        try:
            return reply.model_validate_json(hit)
        except ValidationError:
            pass
    today = today or date.today()
    ledger = SpendLedger(paths.home / "llm-spend.json")
    if settings.provider == "anthropic" and ledger.spent(today) >= settings.daily_cost_cap_usd:
        raise LLMUnavailable("cap", "today's LLM spending cap is reached; the offline interviewer asks")
    call = call_anthropic if settings.provider == "anthropic" else call_openai_compatible
    try:
        answer = await call(settings, system, user, _schema(reply), None)
    except (asyncio.CancelledError, TimeoutError):
        # Cut off by the interviewer's own limit after the request went out: the provider still
        # bills the prompt, so an estimate of it is counted and the daily cap keeps holding.
        estimate = cost_usd(price_for(settings.provider, settings.model),
                            (len(system) + len(user)) // CHARS_PER_TOKEN + 1, 0, 0, 0)
        if estimate:
            ledger.add(today, estimate)
        raise
    cost = cost_usd(price_for(settings.provider, settings.model), answer.input_tokens, answer.output_tokens,
                    answer.cache_write_tokens, answer.cache_read_tokens)
    if cost:
        ledger.add(today, cost)
    if answer.stop_reason == "refusal":
        raise LLMUnavailable("refusal", "the model declined; the offline interviewer asks")
    try:
        parsed = reply.model_validate_json(answer.text)
    except ValidationError:
        raise LLMUnavailable("malformed", "the model's reply did not match the format") from None
    cache.put(key, answer.text)
    return parsed


def _rubric(question: AnyQuestion, result: GradeResult) -> str:
    lines = []
    scores = {c.criterion_id: c for c in result.criteria}
    for criterion in question.rubric:
        got = scores.get(criterion.id)
        state = f"scored {got.score:.0%}; missing: {'; '.join(got.missing[:3]) or 'nothing'}" if got else ""
        lines.append(f"- `{criterion.id}` ({criterion.assesses}): {state}")
    return "\n".join(lines) or "- (no rubric: a coding question; probe complexity, edge cases, scale)"


# ----------------------------------------------------------------- follow-ups


async def write_follow_up(question: AnyQuestion, answer: str, result: GradeResult, settings: LLMSettings,
                          paths: Paths) -> FollowUpTurn:
    """A follow-up written from the actual answer and its rubric gaps, naming the criterion it probes."""
    system = (
        "You are a demanding but fair interviewer for AI/ML engineering roles. Write ONE follow-up "
        "question to the candidate's answer. Prefer to probe the weakest criterion (the one with the "
        "lowest score or most missing points); if every criterion is met, go deeper on the strongest. "
        "Ask about something specific the candidate said or failed to say; never reveal the answer. "
        "Reply with JSON: text (the question), probes (the criterion id it probes, or null), why (one "
        "line), key_points (2-4 short claims a good answer to the follow-up makes).\n\n"
        f"## Question\n{question.prompt.strip()}\n\n"
        f"## Rubric and how the answer did\n{_rubric(question, result)}"
    )
    written: WrittenFollowUp = await _ask(settings, paths, system, f"<answer>\n{answer.strip()}\n</answer>",
                                          WrittenFollowUp)
    criteria = {c.id: c for c in question.rubric}
    if written.probes is not None and written.probes not in criteria:
        raise LLMUnavailable("malformed", f"the model probed an unknown criterion '{written.probes}'")
    dimension = criteria[written.probes].dimension if written.probes else followups.DEPTH
    return FollowUpTurn(text=written.text.strip(), ref="llm", kind="llm", probes=written.probes,
                        dimension=dimension, why=written.why.strip(),
                        key_points=[k.strip() for k in written.key_points if k.strip()][:5])


async def grade_follow_up(question: AnyQuestion, turn: FollowUpTurn, answer: str, settings: LLMSettings,
                          paths: Paths) -> FollowUpTurn:
    """The model's grade of a follow-up answer against its key points (clamped to 0-100)."""
    points = "\n".join(f"- {p}" for p in (turn.key_points or [k.text for k in
                                                               followups.key_points_of(question, turn)]))
    system = (
        "You grade one answer to an interview follow-up question, strictly against the key points. Credit "
        "only what the answer says. Reply with JSON: score (0-100), found (key points made), missing (key "
        "points not made), verdict (one sentence).\n\n"
        f"## Original question\n{question.prompt.strip()}\n\n## Follow-up\n{turn.text}\n\n"
        f"## Key points\n{points}"
    )
    grade: FollowUpGrade = await _ask(settings, paths, system, f"<answer>\n{answer.strip()}\n</answer>",
                                      FollowUpGrade)
    return turn.model_copy(update={
        "answer": answer, "answered": bool(answer.strip()), "scored": True,
        "score": round(min(100.0, max(0.0, grade.score)), 1), "found": grade.found[:6],
        "missing": grade.missing[:6], "verdict": grade.verdict.strip(), "grader": f"llm ({settings.model})",
    })


# ------------------------------------------------------------------- clarify


async def answer_clarifying(question: SystemDesignQuestion, text: str, settings: LLMSettings,
                            paths: Paths, earlier: Sequence[ClarifyTurn] = ()) -> ClarifyTurn:
    """The model's reply to a clarifying question, checked against the facts before anyone sees it."""
    facts = "\n".join(f"- id `{f.id}` ({f.about}): {f.answer}" for f in question.facts)
    told = sorted(clarify.told_before(earlier))
    repeat = (f"\n\nAlready told earlier in this phase: {', '.join(f'`{i}`' for i in told)}. If the question "
              "asks for one of these again, still list its id and start the reply with \"As I said,\"."
              if told else "")
    system = (
        "You are the interviewer in a system-design interview. The candidate asks a clarifying question. "
        "Answer ONLY from the facts below: pick the ids of the facts the question asks for and reply in "
        "one or two natural sentences using only what those facts say — never add a number, a name or a "
        "constraint they do not state. If no fact answers the question, reply with an empty fact_ids list "
        f"and tell the candidate it is up to them to assume.\n\n## Question\n{question.prompt.strip()}\n\n"
        f"## Facts\n{facts}{repeat}"
    )
    reply: ClarifyReply = await _ask(settings, paths, system, text, ClarifyReply)
    return fact_checked(question, text, reply, earlier)


# A name with digits in it (H100, p99, GPT-4o): changing one is inventing a fact, as a number is.
_NAMED = re.compile(r"\b[A-Za-z]+-?\d(?:[\w-]*\w)?")


def fact_checked(question: SystemDesignQuestion, text: str, reply: ClarifyReply,
                 earlier: Sequence[ClarifyTurn] = ()) -> ClarifyTurn:
    """Refuse a reply that names an unknown fact, states a number none of its facts holds,
    or a name with digits (H100, p99) that neither they nor the question hold.

    Facts the `earlier` turns revealed are marked as told again, and a reply that only
    repeats them opens with "As I said", whatever the model wrote.
    """
    by_id = {f.id: f for f in question.facts}
    unknown = [i for i in reply.fact_ids if i not in by_id]
    if unknown:
        raise FactCheckFailed(f"the model cited an unknown fact '{unknown[0]}'")
    allowed: set[float] = set()
    for fact_id in reply.fact_ids:
        allowed |= clarify.numbers(by_id[fact_id].answer)
    invented = [n for n in clarify.numbers(reply.reply)
                if not any(abs(n - a) <= 1e-6 * max(abs(a), 1.0) for a in allowed)]
    if invented:
        raise FactCheckFailed(f"the model's reply states {invented[0]:g}, which no revealed fact holds")
    known = {n.lower() for source in [question.prompt, *(by_id[i].answer for i in reply.fact_ids)]
             for n in _NAMED.findall(source)}
    renamed = [n for n in _NAMED.findall(reply.reply) if n.lower() not in known]
    if renamed:
        raise FactCheckFailed(f"the model's reply names {renamed[0]}, which neither the question nor a "
                              "revealed fact holds")
    if not reply.fact_ids:
        return ClarifyTurn(question=text, reply=clarify.UP_TO_YOU, source="llm")
    told = clarify.told_before(earlier)
    cited = list(dict.fromkeys(reply.fact_ids))
    new = [i for i in cited if i not in told]
    again = [i for i in cited if i in told]
    said = reply.reply.strip() if new else clarify.as_i_said(reply.reply)
    return ClarifyTurn(question=text, reply=said, fact_ids=new, repeated=again, source="llm")


# ---------------------------------------------------------- with the fallback


Notify = Callable[[str], None]
# Told of each failure instead of `notify`, by a caller that decides what the failure means
# for the rest of the session (interview.mock.talk's circuit breaker).
Failed = Callable[[Exception], None]


def fallback_notice(exc: Exception) -> str | None:
    """The one line a failed call shows; None for "off", which is a choice, not a failure."""
    if isinstance(exc, LLMUnavailable) and exc.reason == "off":
        return None
    return f"LLM interviewer unavailable ({exc}); the offline interviewer answered."


async def _or_offline(call: Awaitable[Any], offline: Callable[[], Any], notify: Notify | None,
                      failed: Failed | None = None) -> Any:
    try:
        return await call
    except Exception as exc:  # any failure: the offline interviewer answers instead
        if failed is not None:
            failed(exc)
        elif notify is not None and (message := fallback_notice(exc)):
            notify(message)
        return offline()


async def follow_ups(question: AnyQuestion, answer: str, result: GradeResult, settings: LLMSettings,
                     paths: Paths, count: int = followups.DEFAULT_COUNT,
                     notify: Notify | None = None, failed: Failed | None = None) -> list[FollowUpTurn]:
    """The offline choice, with its first follow-up rewritten by the model when one is configured."""
    offline = followups.choose(question, result, count)
    if settings.provider == "off" or not offline:
        return offline
    written = await _or_offline(write_follow_up(question, answer, result, settings, paths),
                                lambda: None, notify, failed)
    if written is None:
        return offline
    if offline[0].kind == "spoken":  # the complexity question stays first after code
        return [offline[0], written, *offline[2:]][:count]
    return [written, *offline[1:]]


async def grade(question: AnyQuestion, turn: FollowUpTurn, answer: str, settings: LLMSettings, paths: Paths,
                code: CodeReport | None = None, notify: Notify | None = None,
                failed: Failed | None = None) -> FollowUpTurn:
    """A follow-up answer graded by the model when one is configured, else offline.

    The complexity answer is always checked offline, against the growth measured on the code;
    a follow-up with no key points stays unscored.
    """
    offline_only = turn.ref == "spoken:complexity" or not (turn.key_points or followups.key_points_of(
        question, turn))
    if settings.provider == "off" or offline_only:
        return followups.score(question, turn, answer, code)
    return await _or_offline(grade_follow_up(question, turn, answer, settings, paths),
                             lambda: followups.score(question, turn, answer, code), notify, failed)


async def ask(question: SystemDesignQuestion, text: str, settings: LLMSettings, paths: Paths,
              notify: Notify | None = None, failed: Failed | None = None,
              earlier: Sequence[ClarifyTurn] = ()) -> ClarifyTurn:
    """A clarifying question answered by the model from the facts, else by the offline matcher;
    `earlier` turns of the phase make a repeated question a reminder, not a second reveal."""
    if settings.provider == "off":
        return clarify.ask(question, text, earlier)
    return await _or_offline(answer_clarifying(question, text, settings, paths, earlier),
                             lambda: clarify.ask(question, text, earlier), notify, failed)
