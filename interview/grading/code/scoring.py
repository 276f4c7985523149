"""Turn a run's verdicts and timings into a GradeResult with its evidence.

Correctness (the pass rate over visible and hidden tests) carries weight 4;
where the question declares a target complexity and it was measured,
efficiency carries 1; where it forbids calls or imports, respecting that
carries 2 (a violation, found on the syntax tree with its line, scores 0).
Constraint credit is earned in proportion to the tests passed: an empty body
"respects" every rule, so respecting them is only worth what the answer does.
Tests the question's starter passes too (`free`, see starter.py) earn nothing:
correctness is the pass rate over the others, and an answer that passes none of
them scores 0 on every criterion, however fast it runs.
"""

from __future__ import annotations

from collections.abc import Sequence

from interview.bank.models import CodingQuestion, TestCase
from interview.grading.code.complexity import RANK, fit
from interview.grading.code.runner import RunResult
from interview.grading.models import CodeReport, ComplexityReport, CriterionScore, GradeResult, TestOutcome
from interview.words import plural

CORRECTNESS_WEIGHT = 4.0
EFFICIENCY_WEIGHT = 1.0
CONSTRAINTS_WEIGHT = 2.0
LABELS = {"passed": "passed", "wrong_answer": "wrong answer", "error": "error", "timeout": "timeout",
          "memory_limit": "memory limit", "crashed": "crashed"}


def build_result(question: CodingQuestion, tests: Sequence[TestCase], run: RunResult, *,
                 include_hidden: bool, measured: bool, violations: Sequence[str] = (),
                 free: frozenset[int] = frozenset(), unchanged: bool = False) -> GradeResult:
    spec = question.code
    outcomes = run.outcomes
    visible = [o for o in outcomes if not o.hidden]
    hidden = [o for o in outcomes if o.hidden]
    first_failure = next((o for o in outcomes if o.verdict != "passed"), None)
    first_hidden = next((o for o in hidden if o.verdict != "passed"), None)
    report = CodeReport(
        syntax_error=run.syntax_error,
        verdict=None if run.syntax_error else first_failure.verdict if first_failure else "passed",
        tests=outcomes,
        visible_total=sum(not t.hidden for t in tests),
        hidden_total=sum(t.hidden for t in tests),
        visible_passed=sum(o.verdict == "passed" for o in visible),
        hidden_passed=sum(o.verdict == "passed" for o in hidden),
        first_hidden_failure=first_hidden.verdict if first_hidden and include_hidden else None,
        runtime_ms=round(run.runtime_ms, 1),
        stdout=run.output,
        violations=list(violations),
        notes=sorted(set(run.notes)),
    )
    if measured and spec.scaling is not None:
        report.complexity = _complexity(question, run, report)
    correctness = _correctness(report, first_failure, free)
    criteria = [correctness]
    if spec.forbid:
        criteria.append(_constraints(spec.forbid, report.violations, correctness.score))
    if report.complexity is not None and spec.complexity is not None:
        criteria.append(_efficiency(report.complexity, correctness.score))
    total_weight = sum(c.weight for c in criteria)
    score = 0.0 if run.syntax_error else 100 * sum(c.weight * c.score for c in criteria) / total_weight
    summary = _summary(report, first_failure)
    if unchanged:
        score = 0.0
        summary = f"Score 0: this is the starter code, unchanged; write your solution in it ({summary})"
    elif correctness.score == 0 and free:
        summary = f"Score 0: every test it passes, the starter passes too ({summary})"
    return GradeResult(
        question_id=question.id, question_version=question.version, category="coding",
        score=round(score, 1), summary=summary,
        criteria=[c.model_copy(update={"score": 0.0}) for c in criteria] if unchanged else criteria,
        code=report, grader="code-runner",
    )


def _complexity(question: CodingQuestion, run: RunResult, report: CodeReport) -> ComplexityReport:
    spec = question.code
    target = spec.complexity
    if spec.kind != "function":
        return ComplexityReport(target=target, note="timing checks apply to function questions only")
    if run.scaling is None:
        why = "fix the syntax error" if report.syntax_error else "the visible tests must pass"
        return ComplexityReport(target=target, note=f"not measured: {why} first")
    sizes = [int(n) for n in run.scaling.get("n", [])]
    seconds = [float(s) for s in run.scaling.get("s", [])][: len(sizes)]
    note = str(run.scaling.get("note", ""))
    return fit(sizes[: len(seconds)], seconds, target, note, too_slow="over the" in note)


def _correctness(report: CodeReport, first_failure: TestOutcome | None,
                 free: frozenset[int] = frozenset()) -> CriterionScore:
    total = report.visible_total + report.hidden_total
    passed = report.visible_passed + report.hidden_passed
    evidence = [f"{report.visible_passed}/{report.visible_total} visible and "
                f"{report.hidden_passed}/{report.hidden_total} hidden tests passed"]
    if free and len(free) < total == len(report.tests):
        # Only tests the starter fails tell answers apart (a starter passing all of them tells
        # nothing; `bank check` refuses such a question).
        total -= len(free)
        passed -= sum(report.tests[i].verdict == "passed" for i in free)
        named = [f"'{report.tests[i].name}'" for i in sorted(free) if not report.tests[i].hidden]
        hidden = len(free) - len(named)
        which = ", ".join(named + ([plural(hidden, "hidden test")] if hidden else []))
        verb = "earns" if len(free) == 1 else "earn"
        evidence.append(f"{plural(len(free), 'test')} the starter passes too {verb} nothing: {which}")
    if report.syntax_error:
        evidence = [f"syntax error: {report.syntax_error.splitlines()[0]}"]
    evidence += [f"failed: {o.name} ({LABELS[o.verdict]})" if not o.hidden
                 else f"failed: a hidden test ({LABELS[o.verdict]})"
                 for o in report.tests if o.verdict != "passed"][:8]
    verdict = "all tests pass" if first_failure is None and not report.syntax_error else (
        f"first failure: {LABELS[report.verdict or 'error']}" if report.verdict else "the code did not run")
    return CriterionScore(
        criterion_id="tests", dimension="correctness", assesses="Passes the visible and hidden tests",
        weight=CORRECTNESS_WEIGHT, score=0.0 if report.syntax_error or not total else passed / total,
        evidence=evidence, verdict=verdict,
    )


def _constraints(forbid: Sequence[str], violations: list[str], pass_rate: float) -> CriterionScore:
    """The question's stated constraints (`forbid`), checked on the answer's syntax tree; credit
    scales with the pass rate, so an empty or starter body cannot score on its rules alone."""
    rules = ", ".join(f"`{rule}`" for rule in forbid)
    if violations:
        score, verdict = 0.0, f"breaks a constraint: {violations[0]}"
    elif pass_rate <= 0:
        score, verdict = 0.0, ("no credit: no test passes that the starter fails (constraint credit "
                               "follows the tests passed)")
    else:
        score = pass_rate
        verdict = "respects every constraint" + ("" if pass_rate >= 1 else
                                                  f" (credit {pass_rate:.0%}, as for the tests passed)")
    return CriterionScore(
        criterion_id="constraints", dimension="correctness",
        assesses=f"Respects the constraints (no {rules})",
        weight=CONSTRAINTS_WEIGHT, score=score, evidence=violations[:8], verdict=verdict,
    )


def _efficiency(cx: ComplexityReport, pass_rate: float) -> CriterionScore:
    if pass_rate <= 0:
        score, verdict = 0.0, "no credit: no test beyond the starter's passes, so speed shows nothing"
    elif cx.fits:
        score, verdict = 1.0, f"measured ≈ {cx.measured}, meets the target {cx.target}"
    elif cx.measured and cx.target:
        gap = RANK[cx.measured] - RANK[cx.target]
        score = max(0.0, 1.0 - 0.5 * gap)
        verdict = f"measured ≈ {cx.measured}, slower than the target {cx.target}"
    elif cx.fits is False:
        score, verdict = 0.0, f"too slow to time against the target {cx.target}"
    else:
        score, verdict = 0.0, f"not measured (target {cx.target})"
    timings = ", ".join(f"n={n}: {ms:g} ms" for n, ms in cx.timings_ms.items())
    return CriterionScore(
        criterion_id="complexity", dimension="efficiency", assesses="Meets the target time complexity",
        weight=EFFICIENCY_WEIGHT, score=score, evidence=[e for e in (timings, cx.note) if e], verdict=verdict,
    )


def _summary(report: CodeReport, first_failure: TestOutcome | None) -> str:
    if report.syntax_error:
        return f"Syntax error: {report.syntax_error.splitlines()[0]}"
    total = report.visible_total + report.hidden_total
    passed = report.visible_passed + report.hidden_passed
    if first_failure is None:
        text = f"All {total} tests passed"
    else:
        name = "a hidden test" if first_failure.hidden else f"'{first_failure.name}'"
        text = f"{passed}/{total} tests passed; first failure: {name} ({LABELS[first_failure.verdict]})"
    if report.violations:
        text += f"; breaks a constraint ({report.violations[0]})"
    cx = report.complexity
    if cx is not None and cx.measured:
        text += f"; growth ≈ {cx.measured}" + (f" (target {cx.target})" if cx.target else "")
    return text
