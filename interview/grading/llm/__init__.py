"""Optional LLM feedback, shown beside (never instead of) the offline score.

`request_feedback` checks everything that makes a paid call pointless or
unwanted *before* making it — feedback switched off, no key, an answer not
worth reviewing, the daily cap reached, an identical request already answered —
then asks the configured provider, streaming text to `on_text`, validates the
structured reply (one retry if it is malformed) and records the cost.
"""

from __future__ import annotations

import asyncio
from datetime import date

from pydantic import ValidationError

from interview.bank.models import AnyQuestion, CodingQuestion
from interview.config import LLMSettings
from interview.grading.llm.errors import LLMUnavailable
from interview.grading.llm.limits import Deadline, notice, shown
from interview.grading.llm.pricing import cost_usd, price_for
from interview.grading.llm.prompt import PROMPT_VERSION, LLMGrade, output_schema, system_prompt, user_prompt
from interview.grading.llm.providers import OnText, Reply, call_anthropic, call_openai_compatible
from interview.grading.llm.usage import FeedbackCache, SpendLedger
from interview.grading.models import CriterionJudgement, GradeResult, LLMFeedback
from interview.paths import Paths

MAX_ITEM_CHARS = 1000  # one strength, improvement or justification; a paragraph at most


async def request_feedback(
    question: AnyQuestion,
    answer: str,
    offline: GradeResult,
    settings: LLMSettings,
    paths: Paths,
    *,
    on_text: OnText | None = None,
    today: date | None = None,
) -> LLMFeedback:
    """LLM feedback for one answer, or LLMUnavailable saying why not (the offline score stands)."""
    if settings.provider == "off":
        raise LLMUnavailable("off", "LLM feedback is off; turn it on in Settings or config.toml "
                             "([llm] provider = \"anthropic\" or \"openai-compatible\")")
    if not isinstance(question, CodingQuestion):
        from interview.grading.rubric import worth_llm_review

        if not worth_llm_review(offline):
            raise LLMUnavailable("not_worth", "this answer has nothing for an LLM to review "
                                 f"({offline.summary}); no call was made")
    cache = FeedbackCache(paths.cache_dir / "llm")
    key = cache.key(PROMPT_VERSION, question.id, question.version, answer, settings.provider,
                    settings.model, settings.base_url)
    hit = cache.get(key)
    if hit is not None:
        return hit.model_copy(update={"cached": True, "cost_usd": 0.0})
    today = today or date.today()
    ledger = SpendLedger(paths.home / "llm-spend.json")
    if settings.provider == "anthropic" and ledger.spent(today) >= settings.daily_cost_cap_usd:
        raise LLMUnavailable("cap", f"today's LLM spending cap (${settings.daily_cost_cap_usd:.2f}) is "
                             "reached; raise llm.daily_cost_cap_usd in Settings to continue")
    system, user, schema = system_prompt(question), user_prompt(answer), output_schema()
    totals = Reply(text="")
    if settings.provider == "anthropic":
        import anthropic  # noqa: F401  - imported (~1.4 s) before the deadline starts: it is not the server's time
    try:
        async with asyncio.timeout(settings.timeout_s):
            deadline = Deadline(settings.timeout_s)
            grade = await _ask(settings, system, user, schema, on_text, deadline, totals)
    except TimeoutError:
        raise Deadline(settings.timeout_s).expired(_provider_name(settings)) from None
    except (LLMUnavailable, asyncio.CancelledError):
        raise
    except Exception as exc:  # a reply of a shape nobody foresaw must never cost the offline score
        raise LLMUnavailable("malformed", f"{_provider_name(settings)} sent a reply this app cannot read "
                             f"({exc.__class__.__name__})") from None
    finally:
        cost = _record_spend(ledger, today, settings, totals)
    feedback = _to_feedback(grade, question, settings, totals, cost)
    cache.put(key, feedback)
    return feedback


async def _ask(settings: LLMSettings, system: str, user: str, schema: dict[str, object],
               on_text: OnText | None, deadline: Deadline, totals: Reply) -> LLMGrade:
    """The structured grade, asking once more when the reply does not match the schema."""
    for _ in range(2):
        reply = await _call(settings, system, user, schema, on_text, deadline)
        _add_usage(totals, reply)
        if reply.stop_reason == "refusal":
            raise LLMUnavailable("refusal", "the model declined to grade this answer")
        try:
            return LLMGrade.model_validate_json(reply.text)
        except ValidationError:
            continue
    raise LLMUnavailable("malformed", "the model's reply did not match the grading format twice")


def _provider_name(settings: LLMSettings) -> str:
    return "Anthropic" if settings.provider == "anthropic" else notice(settings.base_url or "the server")


async def _call(settings: LLMSettings, system: str, user: str, schema: dict[str, object],
                on_text: OnText | None, deadline: Deadline) -> Reply:
    if settings.provider == "anthropic":
        return await call_anthropic(settings, system, user, schema, on_text, deadline)
    return await call_openai_compatible(settings, system, user, schema, on_text, deadline=deadline)


def _add_usage(totals: Reply, reply: Reply) -> None:
    totals.input_tokens += reply.input_tokens
    totals.output_tokens += reply.output_tokens
    totals.cache_write_tokens += reply.cache_write_tokens
    totals.cache_read_tokens += reply.cache_read_tokens


def _record_spend(ledger: SpendLedger, today: date, settings: LLMSettings, usage: Reply) -> float:
    cost = cost_usd(price_for(settings.provider, settings.model), usage.input_tokens, usage.output_tokens,
                    usage.cache_write_tokens, usage.cache_read_tokens)
    if cost:
        ledger.add(today, cost)
    return cost


def _to_feedback(grade: LLMGrade, question: AnyQuestion, settings: LLMSettings, usage: Reply,
                 cost: float) -> LLMFeedback:
    """Keep only judgements on the question's own criteria, scores clamped, text escaped and capped."""
    known = {c.id for c in question.rubric} or {"correctness", "code_quality"}
    judged: dict[str, CriterionJudgement] = {}
    for c in grade.criteria:
        if c.criterion_id in known and c.criterion_id not in judged:
            judged[c.criterion_id] = CriterionJudgement(
                criterion_id=c.criterion_id, score=min(1.0, max(0.0, c.score)),
                justification=_text(c.justification))
    return LLMFeedback(
        provider=settings.provider, model=settings.model, overall=min(100.0, max(0.0, grade.overall)),
        criteria=list(judged.values()), strengths=[_text(s) for s in grade.strengths if s.strip()][:3],
        improvements=[_text(s) for s in grade.improvements if s.strip()][:3],
        follow_up=_text(grade.follow_up),
        input_tokens=usage.input_tokens, output_tokens=usage.output_tokens,
        cache_read_tokens=usage.cache_read_tokens, cache_write_tokens=usage.cache_write_tokens,
        cost_usd=cost,
    )


def _text(text: str, limit: int = MAX_ITEM_CHARS) -> str:
    """One item of feedback as it may be shown: control characters escaped, at most `limit` characters."""
    clean = shown(text.strip())
    return clean if len(clean) <= limit else clean[: limit - 1] + "…"


__all__ = ["LLMUnavailable", "request_feedback"]
