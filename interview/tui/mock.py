"""Glue between the mock engine and the app's services (clock, graders, store)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from interview.bank.models import AnyQuestion, CodingQuestion

if TYPE_CHECKING:
    from interview.grading.models import GradeResult
    from interview.mock.session import MockSessions
    from interview.tui.app import InterviewApp


def sessions(app: InterviewApp) -> MockSessions:
    from interview.mock.session import CLARIFY_S, FOLLOW_UPS, MockSessions

    assert app.store is not None and app.bank is not None
    talks = app.services.mock_interviewer
    return MockSessions(app.store, app.bank, clock=app.services.now, follow_ups=FOLLOW_UPS if talks else 0,
                        clarify_s=CLARIFY_S if talks else 0.0)


def grader(app: InterviewApp):  # type: ignore[no-untyped-def]
    """The mock's end-of-loop grader, through the same services as practice (fakes in tests)."""
    services = app.services

    async def grade(question: AnyQuestion, answer: str) -> GradeResult:
        if isinstance(question, CodingQuestion):
            return await services.run_code(question, answer, include_hidden=True, measure_complexity=True)
        return services.score_text(question, answer)

    return grade
