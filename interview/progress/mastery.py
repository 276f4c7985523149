"""How well the user knows each topic and rubric dimension, with how sure we are.

The model (explained for users in docs/progress-model.md):

* every attempt is evidence `x` in [0, 1] — the score for its topics, the
  criterion scores for its dimensions — reduced for hints (x 0.85 per hint) and
  for running over the time limit (down to x 0.7);
* where the user marked the key points themselves (a self-assessment), the
  score is (offline + SELF_ASSESSED_WEIGHT x self-assessed) / (1 + SELF_ASSESSED_WEIGHT):
  the user's own marks count, at half the weight of the offline score, because
  people tend to credit themselves for what they meant rather than what they said;
* evidence loses half its weight every HALF_LIFE_DAYS, so recent attempts count
  most and a topic left alone drifts back towards "unknown";
* the estimate is the mean of a Beta distribution that starts from a neutral
  prior worth two attempts at 50 %: mastery = (1 + Σ w·x) / (2 + Σ w), and its
  standard deviation is the uncertainty.  Two good attempts give about
  0.75 ± 0.2 — not yet evidence of mastery.

One pass over the compact rows, oldest first; it must stay cheap for 20,000 rows.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:  # Row only: the attempt models cost ~70 ms the summary must not pay
    from interview.progress.models import Row

HALF_LIFE_DAYS = 45.0
HINT_FACTOR = 0.85
OVERTIME_FLOOR = 0.7
TREND_LENGTH = 8
WEAK_BELOW = 0.65  # weak when even the optimistic estimate (mastery + uncertainty) is below this
FADING_DROP = 0.1  # fading when mastery has fallen this far below its level at the last practice
UNCERTAIN_ABOVE = 0.18
STRONG_FROM = 0.8
SELF_ASSESSED_WEIGHT = 0.5  # a self-assessed score counts half as much as the offline one

Status = Literal["weak", "fading", "uncertain", "ok", "strong"]


def effective_score(row: Row) -> float:
    """The attempt's score as evidence: the offline score, blended with a self-assessment if any."""
    own = row.get("sa")
    if own is None:
        return row["s"]
    return (row["s"] + SELF_ASSESSED_WEIGHT * own) / (1 + SELF_ASSESSED_WEIGHT)


def evidence_factor(hints: int, taken_s: float, limit_s: float | None) -> float:
    """How much of a score counts as evidence: hints and running over time count against it."""
    factor = HINT_FACTOR**hints if hints else 1.0
    if limit_s and taken_s > limit_s:
        factor *= max(OVERTIME_FLOOR, 1.0 - 0.5 * (taken_s / limit_s - 1.0))
    return factor


@dataclass(frozen=True)
class Estimate:
    """Mastery of one topic, dimension or category at `now`."""

    key: str
    mastery: float
    uncertainty: float
    peak: float  # the estimate as it stood right after the last practice
    attempts: int
    last_practised: float  # POSIX seconds
    trend: tuple[float, ...]  # the last effective scores, 0-100, oldest first
    status: Status


@dataclass
class Model:
    """Estimates per topic, per dimension, per category and per (category, dimension)."""

    topics: dict[str, Estimate] = field(default_factory=dict)
    dimensions: dict[str, Estimate] = field(default_factory=dict)
    categories: dict[str, Estimate] = field(default_factory=dict)
    category_dimensions: dict[str, dict[str, Estimate]] = field(default_factory=dict)
    topic_categories: dict[str, set[str]] = field(default_factory=dict)


def _beta(weight: float, weighted_sum: float) -> tuple[float, float]:
    a = 1.0 + weighted_sum
    b = 1.0 + weight - weighted_sum
    total = a + b
    return a / total, math.sqrt(a * b / (total * total * (total + 1.0)))


def _estimate(key: str, acc: list, now_ts: float, rate: float) -> Estimate:
    weight, weighted_sum, count, last, xs, _ = acc
    mastery, uncertainty = _beta(weight, weighted_sum)
    fade = math.exp((last - now_ts) * rate) if last < now_ts else 1.0
    peak = _beta(weight / fade, weighted_sum / fade)[0] if fade > 0 else mastery
    if mastery + uncertainty < WEAK_BELOW:
        status: Status = "weak"
    elif peak - mastery >= FADING_DROP:
        status = "fading"
    elif uncertainty > UNCERTAIN_ABOVE:
        status = "uncertain"
    elif mastery >= STRONG_FROM:
        status = "strong"
    else:
        status = "ok"
    trend = tuple(round(x * 100, 1) for x in xs[-TREND_LENGTH:])
    return Estimate(key, round(mastery, 4), round(uncertainty, 4), round(peak, 4), count, last, trend, status)


def _add(table: dict[str, list], key: str, w: float, x: float, at: float, seq: int) -> None:
    """Accumulate one piece of evidence: [Σw, Σw·x, count, last time, xs, sequence numbers]."""
    acc = table.get(key)
    if acc is None:
        table[key] = [w, w * x, 1, at, [x], [seq]]
    else:
        acc[0] += w
        acc[1] += w * x
        acc[2] += 1
        acc[3] = at
        acc[4].append(x)
        acc[5].append(seq)


def _merge(accs: list[list]) -> list:
    """One accumulator from several (a dimension across categories); the trend stays in order."""
    if len(accs) == 1:
        return accs[0]
    tail = sorted(p for acc in accs for p in zip(acc[5][-TREND_LENGTH:], acc[4][-TREND_LENGTH:],
                                                    strict=True))[-TREND_LENGTH:]
    return [sum(a[0] for a in accs), sum(a[1] for a in accs), sum(a[2] for a in accs),
            max(a[3] for a in accs), [x for _, x in tail], [i for i, _ in tail]]


def build_model(rows: Iterable[Row], now_ts: float, category: str | None = None) -> Model:
    """Estimate everything from the rows (oldest first), optionally within one category."""
    rate = math.log(2) / (HALF_LIFE_DAYS * 86400.0)
    topics: dict[str, list] = {}
    categories: dict[str, list] = {}
    per_category: dict[str, dict[str, list]] = {}
    topic_categories: dict[str, set[str]] = {}
    exp = math.exp
    for seq, row in enumerate(rows):
        cat = row["c"]
        if category is not None and cat != category:
            continue
        at = row["at"]
        w = exp((at - now_ts) * rate) if at < now_ts else 1.0
        hints, limit = row["h"], row["tl"]
        f = evidence_factor(hints, row["tt"], limit) if hints or (limit and row["tt"] > limit) else 1.0
        x = effective_score(row) * f / 100.0
        _add(categories, cat, w, x, at, seq)
        for topic in row["t"]:
            _add(topics, topic, w, x, at, seq)
            cats = topic_categories.get(topic)
            if cats is None:
                topic_categories[topic] = {cat}
            else:
                cats.add(cat)
        cat_dims = per_category.get(cat)
        if cat_dims is None:
            cat_dims = per_category[cat] = {}
        for dim, score in row["d"].items():
            _add(cat_dims, dim, w, score * f, at, seq)
    by_dimension: dict[str, list[list]] = {}
    for dims in per_category.values():
        for dim, acc in dims.items():
            by_dimension.setdefault(dim, []).append(acc)
    dimensions = {dim: _merge(accs) for dim, accs in by_dimension.items()}
    return Model(
        topics={k: _estimate(k, a, now_ts, rate) for k, a in topics.items()},
        dimensions={k: _estimate(k, a, now_ts, rate) for k, a in dimensions.items()},
        categories={k: _estimate(k, a, now_ts, rate) for k, a in categories.items()},
        category_dimensions={
            c: {k: _estimate(k, a, now_ts, rate) for k, a in dims.items()} for c, dims in per_category.items()
        },
        topic_categories=topic_categories,
    )


def weakest(estimates: Iterable[Estimate]) -> list[Estimate]:
    """Weakest first: lowest mastery, then the least certain."""
    return sorted(estimates, key=lambda e: (e.mastery, -e.uncertainty, e.key))
