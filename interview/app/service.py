"""The application service: the one door from the TUI and the CLI into the core.

It owns the history store and runs every store operation on one dedicated
thread, in the order asked (a single-thread executor), so no two operations
ever share the store at once and nothing on the UI thread waits on a disk write.
The UI awaits the async methods from its workers; the CLI and thread workers use
the blocking ones.  Answers come back as typed views, never storage rows.

It also owns grading (`grade()` is the one way an answer is scored), drafts,
mock sessions and settings.  Every hook into the core is a field of `Hooks`, so
tests swap in a fake grader, a fake clock or a seeded random choice.
"""

from __future__ import annotations

import random
import threading
from collections.abc import Awaitable, Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from interview.app.views import AttemptRow, HomeView, OpenReport, Pick, UnfinishedMock
from interview.words import plural

if TYPE_CHECKING:
    import asyncio

    from interview.app.context import Context
    from interview.bank.loader import Bank
    from interview.bank.models import AnyQuestion, CodingQuestion
    from interview.config import LLMSettings, Settings
    from interview.grading.models import GradeResult, LLMFeedback
    from interview.interviewer.models import Transcript
    from interview.mock.engine import MockEngine, MockState, Mode
    from interview.mock.scorecard import Progress, Scorecard
    from interview.mock.session import MockSessions
    from interview.mock.talk import Talk
    from interview.mock.templates import MockTemplate
    from interview.paths import Paths
    from interview.progress.models import Attempt, SelfRating
    from interview.progress.store import Store
    from interview.progress.summary import Summary

T = TypeVar("T")

DRAFT_PREFIX = "practice:"  # the store key of a practice draft is this plus the question id


def draft_key(question_id: str) -> str:
    return f"{DRAFT_PREFIX}{question_id}"


class RunCode(Protocol):
    def __call__(
        self, question: CodingQuestion, code: str, *, include_hidden: bool, measure_complexity: bool
    ) -> Awaitable[GradeResult]: ...


class RequestLLM(Protocol):
    def __call__(
        self, question: AnyQuestion, answer: str, offline: GradeResult, settings: LLMSettings, paths: Paths,
        *, on_text: Callable[[str], None] | None = None,
    ) -> Awaitable[LLMFeedback]: ...


async def default_run_code(
    question: CodingQuestion, code: str, *, include_hidden: bool, measure_complexity: bool
) -> GradeResult:
    """The sandboxed code grader; cancelling the awaiting worker kills the child process."""
    from interview.grading.service import grade

    return await grade(question, code, include_hidden=include_hidden, measure_complexity=measure_complexity)


def default_score_text(question: AnyQuestion, text: str) -> GradeResult:
    from interview.grading.service import score_text

    return score_text(question, text)


async def default_request_llm(
    question: AnyQuestion, answer: str, offline: GradeResult, settings: LLMSettings, paths: Paths,
    *, on_text: Callable[[str], None] | None = None,
) -> LLMFeedback:
    """LLM feedback, imported only when asked for (the SDKs stay out of start-up)."""
    from interview.grading.llm import request_feedback

    return await request_feedback(question, answer, offline, settings, paths, on_text=on_text)


def utc_now() -> datetime:
    return datetime.now(UTC)


def default_open_store(paths: Paths) -> Store:
    """A second running instance gets the history read-only rather than an error."""
    from interview.progress.storage import StoreLockedError
    from interview.progress.store import Store

    try:
        return Store.open(paths)
    except StoreLockedError:
        return Store.open(paths, read_only=True)


@dataclass
class Hooks:
    """What the service needs from the core; every field can be replaced in tests."""

    run_code: RunCode = default_run_code
    score_text: Callable[[AnyQuestion, str], GradeResult] = default_score_text
    request_llm: RequestLLM = default_request_llm
    now: Callable[[], datetime] = utc_now
    open_store: Callable[[Paths], Store] | None = default_open_store
    rng: random.Random | None = None  # the mock's question choice; tests seed it
    # Mocks with the interviewer's clarify phase and follow-ups (older clock tests turn it off).
    mock_interviewer: bool = True


class AppService:
    """One per running app or command; `open()` once the bank is loaded, `close()` at the end."""

    def __init__(self, context: Context, hooks: Hooks | None = None) -> None:
        self.context = context
        self.hooks = hooks or Hooks()
        self.bank: Bank | None = None
        self._store: Store | None = None
        self._thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="interview-store")
        self._store_thread: threading.Thread | None = None
        self._closed = False

    # ------------------------------------------------------------ the store's thread

    def submit(self, operation: Callable[..., T], *args: Any) -> Future[T]:
        """Queue an operation for the store's thread; the queue keeps the order of calls."""
        return self._thread.submit(self._guarded, operation, *args)

    def _guarded(self, operation: Callable[..., T], *args: Any) -> T:
        self._store_thread = threading.current_thread()
        return operation(*args)

    def run(self, operation: Callable[..., T], *args: Any) -> asyncio.Future[T]:
        """Queue an operation now and await it without blocking the event loop.

        The operation is queued at the call, not when the caller's coroutine next runs, so a
        write asked for just before the app quits is never lost with a cancelled worker.
        """
        import asyncio  # not at start-up: a command that reads the history needs no event loop

        return asyncio.wrap_future(self.submit(operation, *args))

    def call(self, operation: Callable[..., T], *args: Any) -> T:
        """Run an operation on the store's thread and wait (CLI, thread workers, tests)."""
        if threading.current_thread() is self._store_thread:
            return operation(*args)  # already there: queueing behind ourselves would deadlock
        return self.submit(operation, *args).result()

    def with_store(self, operation: Callable[[Store], T]) -> T:
        """Direct access for maintenance commands and tests, still on the store's thread."""
        return self.call(lambda: operation(self._require_store()))

    def _require_store(self) -> Store:
        if self._store is None:
            from interview.errors import UserError

            raise UserError("the history is not available")
        return self._store

    # ------------------------------------------------------------ lifecycle

    def open(self, bank: Bank) -> OpenReport:
        """Open the history for this bank (blocking: call from a worker thread or the CLI)."""
        self.bank = bank
        return self.call(self._open)

    def _open(self) -> OpenReport:
        from interview.errors import UserError

        if self.hooks.open_store is None:
            return OpenReport(available=False)
        try:
            store = self.hooks.open_store(self.context.paths)
        except UserError as exc:
            return OpenReport(available=False, error=str(exc))
        except ImportError:
            return OpenReport(available=False, error="history is not available in this build")
        self._store = store
        if not store.read_only:
            self._archive_finished_mocks()
        return OpenReport(available=True, read_only=store.read_only, notices=list(store.notices))

    def warm_up(self) -> None:
        """Read what every screen needs (the attempt rows, the card cache) once, now, then move
        everything alive into the collector's permanent generation.

        With 20,000 attempts those are millions of long-lived objects; left to the cyclic
        garbage collector, each full collection walked them all while holding the GIL and
        froze the UI thread for ~0.6 s mid-typing.  Frozen, they are never walked again.
        """
        import gc

        def read() -> None:
            if self._store is not None:
                self._store.rows()
                self._store.cards()

        gc.disable()  # nor walked while they are read: they are all still alive, and it froze typing
        try:
            self.call(read)
        finally:
            gc.freeze()
            gc.enable()

    def close(self) -> None:
        """Finish every queued write, then release the store's lock for the next run."""
        if self._closed:
            return
        self._closed = True
        try:
            self.submit(self._close_store).result()
        finally:
            self._thread.shutdown(wait=True)

    def _close_store(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None

    @property
    def available(self) -> bool:
        return self._store is not None

    @property
    def read_only(self) -> bool:
        """True when another window holds the history: nothing this one does is saved."""
        return self._store is None or self._store.read_only

    @property
    def settings(self) -> Settings:
        return self.context.settings

    def now(self) -> datetime:
        return self.hooks.now()

    # ------------------------------------------------------------ grading

    async def grade(self, question: AnyQuestion, answer: str, *, visible_only: bool = False) -> GradeResult:
        """The one way an answer is scored: code runs in a sandbox, text is scored in a thread.

        `visible_only` runs just the tests the user can see (no complexity measurement).
        """
        from interview.bank.models import CodingQuestion

        if isinstance(question, CodingQuestion):
            return await self.hooks.run_code(question, answer, include_hidden=not visible_only,
                                             measure_complexity=not visible_only)
        import asyncio

        return await asyncio.to_thread(self.hooks.score_text, question, answer)

    def grade_now(self, question: AnyQuestion, answer: str) -> GradeResult:
        """`grade()` for a command line, blocking: a text answer is scored right here, with no
        event loop or thread to start; code still runs in its sandbox through `grade()`."""
        from interview.bank.models import CodingQuestion

        if isinstance(question, CodingQuestion):
            import asyncio

            return asyncio.run(self.grade(question, answer))
        return self.hooks.score_text(question, answer)

    async def request_llm(self, question: AnyQuestion, answer: str, offline: GradeResult,
                          on_text: Callable[[str], None] | None = None) -> LLMFeedback:
        return await self.hooks.request_llm(question, answer, offline, self.settings.llm,
                                            self.context.paths, on_text=on_text)

    # ------------------------------------------------------------ home, picks, summary

    async def home(self) -> HomeView:
        return await self.run(self._home)

    def _home(self) -> HomeView:
        bank = self.bank
        if bank is None:
            return HomeView()
        full = self._summary(None)
        if full is None:
            return HomeView(picks=self._recommended(None, None, 3))
        drafts = self._drafted()
        shown = {q.id for q in drafts}  # one row per question: the draft wins over a pick
        picks: list[Pick] = []
        for r in full.recommendations:
            if len(picks) == 3:
                break
            if r.question_id in bank.questions and r.question_id not in shown:
                shown.add(r.question_id)
                picks.append(Pick(bank.questions[r.question_id], r.detail))
        weak_topics = [a for a in full.weak_areas if a.kind == "topic"]
        from interview.mock.session import unreadable_mocks

        unreadable = unreadable_mocks(self._require_store())
        notices = [f"could not read {plural(unreadable, 'saved mock')}; not listed"] if unreadable else []
        return HomeView(
            picks=picks, due=len(full.due), weakest=(weak_topics or full.topics)[:3],
            streak=full.streak_days, recent=full.recent_scores[-10:], attempts=full.total_attempts,
            unfinished_mocks=self._unfinished_mocks(), drafts=drafts, notices=notices,
        )

    def recommended(self, topic: str | None = None, category: str | None = None,
                    limit: int = 3) -> list[Pick]:
        return self.call(self._recommended, topic, category, limit)

    def _recommended(self, topic: str | None, category: str | None, limit: int) -> list[Pick]:
        bank = self.bank
        if bank is None:
            return []
        if self._store is None:
            return [Pick(bank.get(q.id), "new") for q in bank.filter(category=category, topic=topic)[:limit]]
        from interview.progress.scheduling import recommend

        picks = recommend(bank, self._store, self.now(), n=limit, category=category, topic=topic)
        return [Pick(bank.questions[p.question_id], p.detail) for p in picks
                if p.question_id in bank.questions]

    async def next_question(self, topic: str | None = None, category: str | None = None,
                            exclude: str | None = None) -> AnyQuestion | None:
        picks = await self.run(self._recommended, topic, category, 3)
        chosen = [p for p in picks if p.question.id != exclude]
        return chosen[0].question if chosen else None

    async def summary(self, category: str | None = None) -> Summary | None:
        return await self.run(self._summary, category)

    def _summary(self, category: str | None) -> Summary | None:
        if self._store is None or self.bank is None:
            return None
        from interview.progress.summary import build_summary

        return build_summary(self.bank, self._store, self.now(), category=category,
                             target_date=self.settings.practice.target_interview_date)

    # ------------------------------------------------------------ attempts

    async def attempts(self, limit: int | None = None) -> list[AttemptRow]:
        return await self.run(self._attempts, limit)

    def attempt_rows(self, limit: int | None = None) -> list[AttemptRow]:
        """`attempts()` for a command line, blocking."""
        return self.call(self._attempts, limit)

    def _attempts(self, limit: int | None) -> list[AttemptRow]:
        """Newest first, from the store's compact rows (no answer bodies are read)."""
        if self._store is None:
            return []
        rows = list(reversed(self._store.rows()))
        if limit is not None:
            rows = rows[:limit]
        questions = self.bank.index if self.bank is not None else {}  # titles: no question is built
        out = []
        for row in rows:
            question = questions.get(row["q"])
            out.append(AttemptRow(
                id=row["id"], question_id=row["q"], title=question.title if question else row["q"],
                category=row["c"], mode=row["m"], score=row["s"],
                when=datetime.fromtimestamp(row["at"], UTC), seconds=row["tt"], hints=row["h"],
            ))
        return out

    def mock_ids(self, attempt_ids: list[str]) -> dict[str, str | None]:
        """The mock each of these attempts belongs to: the one field the compact rows lack, so only
        these answer bodies are read (pass only the ids of mock attempts)."""
        return self.call(self._mock_ids, attempt_ids)

    def _mock_ids(self, attempt_ids: list[str]) -> dict[str, str | None]:
        if self._store is None:
            return {}
        attempts = (self._store.get_attempt(i) for i in attempt_ids)
        return {a.id: a.mock_id for a in attempts if a is not None}

    def best_scores(self) -> dict[str, float]:
        """Each question's best score so far (blocking; Browse calls it from a thread worker)."""
        return self.call(self._best_scores)

    def _best_scores(self) -> dict[str, float]:
        best: dict[str, float] = {}
        for row in self._store.rows() if self._store is not None else []:
            best[row["q"]] = max(best.get(row["q"], 0.0), row["s"])
        return best

    async def attempt(self, attempt_id: str) -> Attempt | None:
        return await self.run(lambda: self._store.get_attempt(attempt_id) if self._store else None)

    async def record_practice(self, question: AnyQuestion, answer: str, result: GradeResult, *,
                              hints: int, seconds: float, transcript: Transcript | None = None) -> str | None:
        """Keep a practice answer and drop its draft; None when this window may not write."""
        from interview.progress.models import Attempt

        finished = self.now()
        taken = max(0.0, seconds)
        attempt = Attempt(
            question_id=question.id, question_version=question.version, category=question.category,
            topics=list(question.topics), mode="practice", answer=answer, result=result, hints_used=hints,
            time_taken_s=taken, time_limit_s=question.minutes * 60.0,
            started_at=finished - timedelta(seconds=taken), finished_at=finished, transcript=transcript,
        )

        def record() -> str | None:
            store = self._store
            if store is None or store.read_only:
                return None
            attempt_id = store.record_attempt(attempt)
            store.delete_draft(draft_key(question.id))
            return attempt_id

        return await self.run(record)

    def rate(self, attempt_id: str, rating: SelfRating | None) -> asyncio.Future[None]:
        """Queued at the call (see `run`): a rating pressed just before quitting is kept."""
        return self.run(lambda: self._writable_store().rate_attempt(attempt_id, rating))

    async def attach_llm_feedback(self, attempt_id: str, feedback: LLMFeedback) -> None:
        def attach() -> None:
            if self._store is not None and not self._store.read_only:
                self._store.attach_llm_feedback(attempt_id, feedback)

        await self.run(attach)

    async def attach_transcript(self, attempt_id: str, transcript: Transcript,
                                result: GradeResult | None = None) -> None:
        """Keep follow-ups or story notes with an attempt; raises when this window may not write."""
        await self.run(lambda: self._writable_store().attach_transcript(attempt_id, transcript, result))

    async def recent_stories(self, exclude: str | None = None, limit: int = 10) -> list[str | None]:
        """The story told in each of the last behavioural answers (None where none was named)."""
        def read() -> list[str | None]:
            if self._store is None:
                return []
            return [a.transcript.story_id if a.transcript else None
                    for a in self._store.attempts(category="behavioural", limit=limit) if a.id != exclude]

        return await self.run(read)

    def _writable_store(self) -> Store:
        store = self._require_store()
        if store.read_only:
            from interview.progress.storage import ReadOnlyError

            raise ReadOnlyError("another window holds the history: nothing was saved")
        return store

    # ------------------------------------------------------------ drafts

    def save_draft(self, key: str, text: str, *, keep: bool = True) -> Future[None]:
        """Queue a draft save (or its removal when `keep` is False); returns at once."""
        saved_at = self.now()

        def save() -> None:
            store = self._store
            if store is None or store.read_only:
                return
            if keep:
                store.save_draft(key, text, saved_at)
            else:
                store.delete_draft(key)

        return self.submit(save)

    async def load_draft(self, key: str) -> str | None:
        def load() -> str | None:
            draft = self._store.load_draft(key) if self._store is not None else None
            return draft.text if draft is not None else None

        return await self.run(load)

    def _drafted(self, limit: int = 3) -> list[AnyQuestion]:
        """Questions with a practice draft, newest first, so text left by a quit is offered back."""
        if self.bank is None or self._store is None:
            return []
        ids = [d.key.removeprefix(DRAFT_PREFIX) for d in self._store.drafts()
               if d.key.startswith(DRAFT_PREFIX)]
        return [self.bank.questions[i] for i in dict.fromkeys(ids) if i in self.bank.questions][:limit]

    # ------------------------------------------------------------ mocks

    def _sessions(self) -> MockSessions:
        from interview.mock.session import CLARIFY_S, FOLLOW_UPS, MockSessions

        store, bank = self._require_store(), self.bank
        assert bank is not None
        talks = self.hooks.mock_interviewer
        return MockSessions(store, bank, clock=self.hooks.now, persist=self._queue_mock_save,
                            follow_ups=FOLLOW_UPS if talks else 0, clarify_s=CLARIFY_S if talks else 0.0)

    def _queue_mock_save(self, data: dict[str, Any]) -> None:
        """The engine saves on every transition; the write happens on the store's thread
        (at once when already there, so it cannot land after what follows it there).

        `data` is built by the engine on the caller's thread (0.14 ms for an 11 KB state):
        that is what makes it a consistent snapshot of a state the UI keeps changing, and
        copying the state to dump it elsewhere costs more (0.6 ms).  Encoding the JSON and
        the fsync'ed write, the slow part, happen on the store's thread."""
        def save() -> None:
            if not self.read_only:
                self._writable_store().save_mock(data["id"], data)

        self.call(save) if threading.current_thread() is self._store_thread else self.submit(save)

    async def new_mock(self, template: MockTemplate, mode: Mode = "strict") -> MockEngine:
        return await self.run(lambda: self._sessions().new(template, mode, rng=self.hooks.rng))

    async def resume_mock(self, mock_id: str) -> MockEngine:
        """The mock by id, or the newest interrupted one for "latest"."""
        def resume() -> MockEngine:
            sessions = self._sessions()
            wanted = mock_id
            if wanted == "latest":
                unfinished = sessions.unfinished()
                if not unfinished:
                    from interview.errors import UserError

                    raise UserError("no interrupted mock to resume")
                wanted = unfinished[0].id
            return sessions.resume(wanted)

        return await self.run(resume)

    async def unfinished_mocks(self) -> list[MockState]:
        return await self.run(lambda: self._sessions().unfinished() if self._store else [])

    def _unfinished_mocks(self) -> list[UnfinishedMock]:
        from interview.mock.engine import Phase

        over = (Phase.finished, Phase.abandoned)  # ended before grading: only the grading is left
        return [UnfinishedMock(s.id, s.template.name, s.phase in over) for s in self._sessions().unfinished()]

    async def scorecards(self) -> list[Scorecard]:
        return await self.run(lambda: self._sessions().finished() if self._store else [])

    async def finish_mock(self, engine: MockEngine, progress: Progress | None = None,
                          talk: Talk | None = None) -> Scorecard:
        """Grade every answer (on the event loop, through `grade()`), then record it all;
        with `talk` online the LLM grades the follow-up answers."""
        from interview.mock.engine import Phase
        from interview.mock.scorecard import grade_mock
        from interview.mock.talk import grade_mock_follow_ups

        if engine.state.phase not in (Phase.finished, Phase.abandoned):
            engine.abandon()
        bank = self.bank
        assert bank is not None
        results = await grade_mock(engine.state, bank, grader=self.grade, progress=progress)
        if talk is not None:
            await grade_mock_follow_ups(talk, engine.state, bank, results)

        def record() -> Scorecard:
            scorecard = self._sessions().record(engine, results)  # saves the mock with its scorecard
            self._archive_finished_mocks()
            return scorecard

        return await self.run(record)

    def _archive_finished_mocks(self) -> None:
        """Mocks that will never be resumed leave the file every autosave rewrites."""
        store = self._store
        if store is None or store.read_only or self.bank is None:
            return
        saved = list(store.mocks())
        if not saved:
            return  # nothing to archive: the mock machinery is not even imported
        live = {s.id for s in self._sessions().unfinished()}
        store.archive_mocks(mock_id for mock_id in saved if mock_id not in live)

    # ------------------------------------------------------------ settings

    def save_settings(self, settings: Settings) -> asyncio.Future[None]:
        """Write config.toml off the UI thread (queued at the call); then the new values are current."""
        from interview.config import save_settings

        def write() -> None:
            save_settings(self.context.paths, settings)
            self.context.use_settings(settings)

        return self.run(write)

    def save_theme(self, theme: str) -> asyncio.Future[None]:
        """Keep a theme chosen anywhere (Settings or the command palette) for the next start."""
        settings = self.settings
        ui = settings.ui.model_copy(update={"theme": theme})
        return self.save_settings(settings.model_copy(update={"ui": ui}))
