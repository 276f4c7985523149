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
from typing import TYPE_CHECKING, Any, Literal

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
_RATE = math.log(2) / (HALF_LIFE_DAYS * 86400.0)  # evidence halves every HALF_LIFE_DAYS

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


def _estimate(key: str, acc: list, scale: float, now_ts: float) -> Estimate:
    """The estimate from an accumulator whose weights are relative to the origin (`scale` brings
    them to `now_ts`)."""
    weight, weighted_sum, count, last, xs, _ = acc
    weight, weighted_sum = weight * scale, weighted_sum * scale
    mastery, uncertainty = _beta(weight, weighted_sum)
    fade = math.exp((last - now_ts) * _RATE) if last < now_ts else 1.0
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


MODEL_VERSION = (1, HALF_LIFE_DAYS, HINT_FACTOR, OVERTIME_FLOOR, TREND_LENGTH, SELF_ASSESSED_WEIGHT)
"""Persisted totals were summed under these rules; totals saved under others are rebuilt."""


def _add(acc: list | None, w: float, x: float, at: float, seq: int) -> list:
    """One more piece of evidence: [Σw, Σw·x, count, last time, last xs, their sequence numbers]."""
    if acc is None:
        return [w, w * x, 1, at, [x], [seq]]
    acc[0] += w
    acc[1] += w * x
    acc[2] += 1
    acc[3] = at
    xs, seqs = acc[4], acc[5]
    xs.append(x)
    seqs.append(seq)
    if len(xs) > TREND_LENGTH:  # only the trend's tail is ever read
        del xs[0], seqs[0]
    return acc


def _merge(accs: list[list]) -> list:
    """One accumulator from several (a topic or dimension across categories); the trend stays in order."""
    if len(accs) == 1:
        return accs[0]
    tail = sorted(p for acc in accs for p in zip(acc[5], acc[4], strict=True))[-TREND_LENGTH:]
    return [sum(a[0] for a in accs), sum(a[1] for a in accs), sum(a[2] for a in accs),
            max(a[3] for a in accs), [x for _, x in tail], [i for i, _ in tail]]


class Totals:
    """The running sums behind the model, per category: added to one row at a time, oldest first.

    Weights are summed relative to the first row's time (`origin`) and scaled to `now` only
    when a model is asked for, since exp((at - now)·r) = exp((at - origin)·r) · exp((origin - now)·r):
    so the sums never need redoing as time passes, the store keeps them up to date as attempts
    are added, and `build_model` over the rows and the kept totals do the very same arithmetic.
    Each category holds [its own accumulator, {topic: acc}, {dimension: acc}].
    """

    def __init__(self, origin: float | None = None, count: int = 0, last_at: float | None = None,
                 categories: dict[str, list] | None = None) -> None:
        self.origin = origin
        self.count = count
        self.last_at = last_at
        self.categories: dict[str, list] = categories if categories is not None else {}

    @classmethod
    def from_rows(cls, rows: Iterable[Row]) -> Totals:
        totals = cls()
        for row in rows:
            totals.add(row)
        return totals

    def add(self, row: Row) -> None:
        """Count one more row; rows must come oldest first (the caller rebuilds otherwise)."""
        at = row["at"]
        if self.last_at is not None and at < self.last_at:
            raise ValueError("rows must be added oldest first")
        if self.origin is None:
            self.origin = at
        seq = self.count
        self.count += 1
        self.last_at = at
        w = math.exp((at - self.origin) * _RATE)
        hints, limit = row["h"], row["tl"]
        f = evidence_factor(hints, row["tt"], limit) if hints or (limit and row["tt"] > limit) else 1.0
        x = effective_score(row) * f / 100.0
        cat = row["c"]
        tables = self.categories.get(cat)
        if tables is None:
            tables = self.categories[cat] = [None, {}, {}]
        tables[0] = _add(tables[0], w, x, at, seq)
        topics, dims = tables[1], tables[2]
        for topic in row["t"]:
            topics[topic] = _add(topics.get(topic), w, x, at, seq)
        for dim, score in row["d"].items():
            dims[dim] = _add(dims.get(dim), w, score * f, at, seq)

    def to_json(self) -> dict[str, Any]:
        return {"origin": self.origin, "count": self.count, "last_at": self.last_at,
                "categories": self.categories}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Totals:
        """Totals as `to_json` wrote them (a KeyError, TypeError or ValueError means a damaged file)."""
        origin, last_at = data["origin"], data["last_at"]
        count, categories = data["count"], data["categories"]
        if not isinstance(count, int) or not isinstance(categories, dict):
            raise TypeError("totals of the wrong shape")
        return cls(None if origin is None else float(origin), count,
                   None if last_at is None else float(last_at), categories)

    def model(self, now_ts: float, category: str | None = None) -> Model:
        """The estimates at `now_ts`, optionally within one category.

        A clock set before the newest attempt weighs everything as of that attempt, so no
        evidence ever weighs more than fresh evidence does.
        """
        if self.origin is None or self.last_at is None:
            return Model()
        now_ts = max(now_ts, self.last_at)
        scale = math.exp((self.origin - now_ts) * _RATE)
        chosen = {c: t for c, t in self.categories.items() if category is None or c == category}
        by_topic: dict[str, list[list]] = {}
        by_dimension: dict[str, list[list]] = {}
        topic_categories: dict[str, set[str]] = {}
        for cat, (_, topics, dims) in chosen.items():
            for topic, acc in topics.items():
                by_topic.setdefault(topic, []).append(acc)
                topic_categories.setdefault(topic, set()).add(cat)
            for dim, acc in dims.items():
                by_dimension.setdefault(dim, []).append(acc)

        def estimate(key: str, acc: list) -> Estimate:
            return _estimate(key, acc, scale, now_ts)

        return Model(
            topics={k: estimate(k, _merge(a)) for k, a in by_topic.items()},
            dimensions={k: estimate(k, _merge(a)) for k, a in by_dimension.items()},
            categories={c: estimate(c, t[0]) for c, t in chosen.items()},
            category_dimensions={c: {k: estimate(k, a) for k, a in t[2].items()} for c, t in chosen.items()},
            topic_categories=topic_categories,
        )


def build_model(rows: Iterable[Row], now_ts: float, category: str | None = None) -> Model:
    """Estimate everything from the rows (oldest first), optionally within one category."""
    return Totals.from_rows(rows).model(now_ts, category)


def weakest(estimates: Iterable[Estimate]) -> list[Estimate]:
    """Weakest first: lowest mastery, then the least certain."""
    return sorted(estimates, key=lambda e: (e.mastery, -e.uncertainty, e.key))
