"""Test outcomes of a code run, one line each, as the grader reported them."""

from __future__ import annotations

from rich.console import Group
from rich.text import Text

from interview.grading.models import CodeReport, TestOutcome

VERDICT_LABELS = {
    "passed": "passed",
    "wrong_answer": "wrong answer",
    "error": "error",
    "timeout": "timed out",
    "memory_limit": "memory limit",
    "crashed": "crashed",
}


def outcome_line(test: TestOutcome) -> Text:
    ok = test.verdict == "passed"
    line = Text("✓ " if ok else "✗ ", style="green" if ok else "red bold")
    line.append(test.name or "test", style="bold" if not ok else "")
    if test.duration_ms is not None:
        line.append(f"  {test.duration_ms:.1f} ms", style="dim")
    if not ok:
        line.append(f"  {VERDICT_LABELS[test.verdict]}", style="red")
        if test.input is not None:
            line.append(f"\n    input    {test.input}", style="dim")
        if test.expected is not None:
            line.append(f"\n    expected {test.expected}")
        if test.actual is not None:
            line.append(f"\n    got      {test.actual}", style="yellow")
        if test.message:  # the exception first ("OverflowError: …"), then where it was raised
            for part in test.message.strip().splitlines():
                line.append(f"\n    {part.strip()}", style="yellow")
    return line


def render_report(report: CodeReport, visible_only: bool = True) -> Group:
    """Every visible test; hidden tests only as a count (their inputs stay secret)."""
    if report.syntax_error:
        return Group(Text(f"✗ Syntax error: {report.syntax_error}", style="red bold"))
    head = Text(f"Visible tests {report.visible_passed}/{report.visible_total} passed",
                style="green bold" if report.visible_passed == report.visible_total else "yellow bold")
    if not visible_only and report.hidden_total:
        hidden_ok = report.hidden_passed == report.hidden_total
        head.append(f"   Hidden {report.hidden_passed}/{report.hidden_total}",
                    style="green bold" if hidden_ok else "red bold")
        if report.first_hidden_failure:
            head.append(f" (first failure: {VERDICT_LABELS[report.first_hidden_failure]})", style="red")
    head.append(f"   {report.runtime_ms:.0f} ms", style="dim")
    lines: list[Text] = [head]
    lines += [outcome_line(t) for t in report.tests if not t.hidden]
    lines += [Text(f"✗ constraint broken: {violation}", style="red") for violation in report.violations]
    lines += [Text(f"note: {note}", style="yellow") for note in report.notes]
    if report.stdout.strip():
        lines.append(Text("stdout: " + report.stdout.strip()[-400:], style="dim"))
    return Group(*lines)
