"""Built-in input generators for measured complexity checks (see models.ScalingGenerator).

Runs inside the sandboxed child, imported only when a scaling check runs.  A
pack names a generator and may override its numeric defaults through
`params`; it can never supply generator code.  Every generator is seeded, so
the same sizes always give the same inputs.  The argument tuples are a
contract: question authors write entry points to match them.
"""

from __future__ import annotations

import random
import string

TYPE_CHECKING = False
if TYPE_CHECKING:  # importing `typing` would cost the child ~10 ms
    from collections.abc import Callable
    from typing import Any

DEFAULTS: dict[str, Any] = {
    "seed": 12345,
    "low": -10**6,
    "high": 10**6,
    "float_low": -10.0,
    "float_high": 10.0,
    "word_min": 3,
    "word_max": 8,
    "max_length": 100,
    "edges_per_node": 2,
    "dim": 16,
    "k": 5,
}


def _ints(rng: random.Random, n: int, p: dict[str, Any]) -> list[int]:
    return [rng.randint(p["low"], p["high"]) for _ in range(n)]


def _text(rng: random.Random, n: int) -> str:
    return "".join(rng.choices(string.ascii_lowercase, k=n))


def _pair_target(rng: random.Random, n: int, p: dict[str, Any]) -> tuple[Any, ...]:
    """Exactly one pair sums to the target, at positions n//2 and n-1, so no answer stops early.

    The pair's values lie just above `high`, so no other pair can reach their sum.
    """
    nums = _ints(rng, max(n, 2), p)
    i, j = len(nums) // 2 - (len(nums) == 2), len(nums) - 1
    nums[i], nums[j] = p["high"] + rng.randint(1, 1000), p["high"] + rng.randint(1, 1000)
    return nums, nums[i] + nums[j]


def _sorted_target(rng: random.Random, n: int, p: dict[str, Any]) -> tuple[Any, ...]:
    nums = sorted(_ints(rng, max(n, 1), p))
    return nums, rng.choice(nums)


def _intervals(rng: random.Random, n: int, p: dict[str, Any]) -> tuple[Any, ...]:
    spans = []
    for _ in range(n):
        start = rng.randint(0, 10 * n)
        spans.append([start, start + rng.randint(0, p["max_length"])])
    return (spans,)


def _dag(rng: random.Random, n: int, p: dict[str, Any]) -> tuple[Any, ...]:
    """Edges always go from a lower to a higher position of a random order: acyclic."""
    order = list(range(n))
    rng.shuffle(order)
    edges = []
    for _ in range(p["edges_per_node"] * n if n > 1 else 0):
        a, b = sorted(rng.sample(range(n), 2))
        edges.append([order[a], order[b]])
    return n, edges


def _graph(rng: random.Random, n: int, p: dict[str, Any]) -> tuple[Any, ...]:
    edges = [rng.sample(range(n), 2) for _ in range(p["edges_per_node"] * n if n > 1 else 0)]
    return n, edges


def _vectors(rng: random.Random, n: int, p: dict[str, Any]) -> tuple[Any, ...]:
    dim = p["dim"]
    query = [rng.uniform(-1.0, 1.0) for _ in range(dim)]
    vectors = [[rng.uniform(-1.0, 1.0) for _ in range(dim)] for _ in range(n)]
    return query, vectors, p["k"]


GENERATORS: dict[str, Callable[[random.Random, int, dict[str, Any]], tuple[Any, ...]]] = {
    "int": lambda rng, n, p: (n,),
    "int_list": lambda rng, n, p: (_ints(rng, n, p),),
    "sorted_int_list": lambda rng, n, p: (sorted(_ints(rng, n, p)),),
    "int_list_and_target": _pair_target,
    "sorted_int_list_and_target": _sorted_target,
    "float_list": lambda rng, n, p: ([rng.uniform(p["float_low"], p["float_high"]) for _ in range(n)],),
    "string": lambda rng, n, p: (_text(rng, n),),
    "string_pair": lambda rng, n, p: (_text(rng, n), _text(rng, n)),
    "words": lambda rng, n, p: (
        [_text(rng, rng.randint(p["word_min"], p["word_max"])) for _ in range(n)],),
    "intervals": _intervals,
    "dag": _dag,
    "graph_edges": _graph,
    "vectors_and_query": _vectors,
}


def generate(name: str, n: int, params: dict[str, Any] | None = None) -> tuple[Any, ...]:
    """The argument tuple of generator `name` at size `n` (seeded by size and `seed`)."""
    merged = {**DEFAULTS, **(params or {})}
    rng = random.Random(merged["seed"] * 1_000_003 + n)
    return GENERATORS[name](rng, n, merged)


def fresh(value: Any) -> Any:
    """A copy of generated arguments, so an answer that mutates its input cannot skew later runs."""
    if isinstance(value, list):
        return [fresh(v) for v in value]
    if isinstance(value, tuple):
        return tuple(fresh(v) for v in value)
    return value
