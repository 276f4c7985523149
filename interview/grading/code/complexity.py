"""Fit measured timings to a growth class and say honestly how sure the fit is.

Each candidate class f(n) is fitted as t = c·f(n) in log space (least squares
gives log c = mean(log t − log f)); the class with the smallest residual wins.
O(n) and O(n log n) differ by a factor of only ~1.3 over the usual 8× range of
sizes (as do O(1) and O(log n)), so such twins count as meeting each other's
target and the report says so.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

from interview.grading.models import ComplexityReport

# log f(n) for every class, so that 2^n never overflows.
CLASSES: dict[str, Callable[[float], float]] = {
    "O(1)": lambda n: 0.0,
    "O(log n)": lambda n: math.log(math.log(n + 1) + 1),
    "O(n)": lambda n: math.log(n),
    "O(n log n)": lambda n: math.log(n) + math.log(math.log(n + 1)),
    "O(n^2)": lambda n: 2 * math.log(n),
    "O(n^3)": lambda n: 3 * math.log(n),
    "O(2^n)": lambda n: n * math.log(2),
}
RANK = {name: rank for rank, name in enumerate(CLASSES)}
TWINS = {"O(n)": "O(n log n)", "O(n log n)": "O(n)", "O(1)": "O(log n)", "O(log n)": "O(1)"}
TOO_SMALL_S = 20e-6  # below this, timer noise and call overhead dominate
NOISY_RMS = 0.25  # log-space misfit of the best class above which the fit is called uncertain


def residuals(sizes: Sequence[int], seconds: Sequence[float]) -> dict[str, float]:
    """Root-mean-square log-space misfit of every class."""
    logs = [math.log(max(s, 1e-9)) for s in seconds]
    out = {}
    for name, log_f in CLASSES.items():
        diffs = [lt - log_f(n) for lt, n in zip(logs, sizes, strict=True)]
        mean = sum(diffs) / len(diffs)
        out[name] = math.sqrt(sum((d - mean) ** 2 for d in diffs) / len(diffs))
    return out


def slope(sizes: Sequence[int], seconds: Sequence[float]) -> float:
    """The log-log slope: ~0 constant, ~1 linear, ~2 quadratic."""
    xs = [math.log(n) for n in sizes]
    ys = [math.log(max(s, 1e-9)) for s in seconds]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    var = sum((x - mx) ** 2 for x in xs)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / var if var else 0.0


def fit(sizes: Sequence[int], seconds: Sequence[float], target: str | None, note: str = "",
        too_slow: bool = False) -> ComplexityReport:
    """The measured class, whether it meets `target`, the timings and an honest note."""
    report = ComplexityReport(
        target=target, timings_ms={n: round(s * 1000, 4) for n, s in zip(sizes, seconds, strict=True)})
    notes = [note] if note else []
    if len(sizes) < 2:
        report.note = "; ".join([*notes, "too few sizes were timed to fit a growth rate"])
        if target and too_slow:
            report.fits = False  # too slow to time even at the smallest sizes
        return report
    misfit = residuals(sizes, seconds)
    best = min(misfit, key=lambda name: (round(misfit[name], 3), RANK[name]))
    report.measured = best
    notes.append(f"log-log slope {slope(sizes, seconds):.2f}")
    if max(seconds) < TOO_SMALL_S:
        notes.append("timings are too small to tell growth apart reliably")
    elif misfit[best] > NOISY_RMS:
        notes.append("timings are noisy; the fit is uncertain")
    if len(sizes) < 3:
        notes.append(f"only {len(sizes)} sizes timed")
    twin = TWINS.get(best)
    if target:
        report.fits = RANK[best] <= RANK[target] or target == twin
        if target == twin:
            notes.append(f"{best} and {target} are hard to tell apart at these sizes")
    elif twin and misfit[twin] <= misfit[best] + 0.05:
        notes.append(f"{twin} fits almost as well")
    report.note = "; ".join(notes)
    return report
