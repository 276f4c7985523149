"""The interviewer in a live conversation: the LLM when one is configured, offline otherwise.

`interview.interviewer.llm` holds the prompts, the cache, the cost cap and the fact
check.  What a conversation adds is time: a candidate in a mock cannot wait a minute
for a follow-up.  So every reply here has TALK_TIMEOUT_S (about 10 s); past it, or when
the server cannot be reached, the offline interviewer answers with a one-line notice and
the session's circuit breaker (`interview.interviewer.breaker`) keeps it in charge for a
few minutes, so the candidate never waits twice.  Each distinct notice is shown once.
"""

from __future__ import annotations

import asyncio
import importlib
from collections.abc import Awaitable, Callable, Sequence
from typing import TypeVar

from interview.bank.loader import Bank
from interview.bank.models import AnyQuestion, CodingQuestion, SystemDesignQuestion
from interview.config import LLMSettings
from interview.grading.llm.errors import LLMUnavailable
from interview.grading.models import CodeReport, GradeResult
from interview.interviewer.breaker import Breaker
from interview.interviewer.models import ClarifyTurn, FollowUpTurn
from interview.mock.engine import MockState
from interview.paths import Paths

TALK_TIMEOUT_S = 10.0
T = TypeVar("T")
Notify = Callable[[str], None]


class Talk:
    """A conversation's interviewer: it asks the session's breaker whether the model is worth waiting for.

    Pass the app's `breaker` so every screen shares it; without one, the Talk keeps its own.
    """

    def __init__(self, settings: LLMSettings, paths: Paths, notify: Notify | None = None,
                 timeout_s: float = TALK_TIMEOUT_S, breaker: Breaker | None = None) -> None:
        self.settings = settings
        self.paths = paths
        self._notify = notify
        self.timeout_s = min(timeout_s, settings.timeout_s)
        self.breaker = breaker if breaker is not None else Breaker()
        self._told: set[str] = set()

    @property
    def offline(self) -> bool:
        return self.settings.provider == "off" or self.breaker.is_open(self.settings)

    @property
    def online(self) -> bool:
        return not self.offline

    def notify(self, message: str) -> None:
        if message not in self._told and self._notify is not None:
            self._told.add(message)
            self._notify(message)

    def _failed(self, exc: Exception) -> None:
        """A failed call: a server that is down or not answering opens the breaker; any other
        failure (a refusal, a malformed or invented reply, the cost cap) is one bad reply."""
        unreachable = isinstance(exc, TimeoutError) or (
            isinstance(exc, LLMUnavailable) and (exc.reason == "transient" or exc.disable_session))
        if unreachable:
            self.breaker.trip(self.settings)
            self.notify(self.breaker.notice(f"could not answer ({exc})" if str(exc) else "could not answer"))
            return
        from interview.interviewer.llm import fallback_notice

        message = fallback_notice(exc)
        if message:
            self.notify(message)

    async def _within(self, call: Callable[[], Awaitable[T]], offline: Callable[[], T]) -> T:
        """The model's reply within the time limit, else the offline one (and the breaker opens)."""
        if self.offline:
            return offline()
        if self.settings.provider == "anthropic":  # ~1.4 s to import: not the server's time, nor the UI's
            await asyncio.to_thread(importlib.import_module, "anthropic")
        try:
            async with asyncio.timeout(self.timeout_s):
                return await call()
        except TimeoutError:
            self.breaker.trip(self.settings)
            self.notify(self.breaker.notice(f"took over {self.timeout_s:g} s"))
            return offline()

    async def follow_ups(self, question: AnyQuestion, answer: str, result: GradeResult,
                         count: int) -> list[FollowUpTurn]:
        """The offline choice, its first follow-up written from the answer by the model if it can."""
        from interview.interviewer import followups, llm

        return await self._within(
            lambda: llm.follow_ups(question, answer, result, self.settings, self.paths, count,
                                   failed=self._failed),
            lambda: followups.choose(question, result, count))

    async def grade(self, question: AnyQuestion, turn: FollowUpTurn, answer: str,
                    code: CodeReport | None = None) -> FollowUpTurn:
        """A follow-up answer graded by the model, or by the offline scorer."""
        from interview.interviewer import followups, llm

        return await self._within(
            lambda: llm.grade(question, turn, answer, self.settings, self.paths, code, failed=self._failed),
            lambda: followups.score(question, turn, answer, code))

    async def ask(self, question: SystemDesignQuestion, text: str,
                  earlier: Sequence[ClarifyTurn] = ()) -> ClarifyTurn:
        """A clarifying question answered from the facts only, by the model or the offline matcher;
        a fact the `earlier` turns revealed is told again as a reminder."""
        from interview.interviewer import clarify, llm

        return await self._within(
            lambda: llm.ask(question, text, self.settings, self.paths, failed=self._failed, earlier=earlier),
            lambda: clarify.ask(question, text, earlier))


def instant_grade(question: AnyQuestion, answer: str) -> GradeResult:
    """The grade follow-ups are planned from during a mock: the rubric's, at once.

    Code is not run until the mock ends, so a coding answer has no criteria yet: its
    follow-ups are the spoken ones and the question's own.
    """
    if isinstance(question, CodingQuestion):
        return GradeResult(question_id=question.id, category=question.category, score=0.0)
    from interview.grading.rubric import score_answer

    return score_answer(question, answer)


async def grade_mock_follow_ups(talk: Talk, state: MockState, bank: Bank,
                                results: dict[tuple[int, int], GradeResult]) -> int:
    """Grade a finished mock's answered follow-ups with the model; returns how many it graded.

    The model's grades are kept in the slots (the mock is saved with them), and the
    offline scorer grades whatever is left when the scorecard is built.
    """
    graded = 0
    for (k, j), result in sorted(results.items()):
        slot = state.rounds[k].slots[j]
        question = bank.questions.get(slot.question_id)
        if question is None:
            continue
        for index, turn in enumerate(slot.follow_ups):
            if talk.offline:
                return graded
            if not turn.answer.strip() or is_llm_graded(turn):
                continue
            done = await talk.grade(question, turn, turn.answer, result.code)
            if is_llm_graded(done):
                slot.follow_ups[index] = done
                graded += 1
    return graded


def is_llm_graded(turn: FollowUpTurn) -> bool:
    return turn.grader.startswith("llm")
