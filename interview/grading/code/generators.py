"""Built-in input generators for measured complexity checks (see models.ScalingGenerator).

Runs inside the sandboxed child, imported only when a scaling check runs.  A
pack names a generator and may override its numeric defaults through
`params`; it can never supply generator code.  Every generator is seeded, so
the same sizes always give the same inputs.  The argument tuples are a
contract: question authors write entry points to match them.

Random inputs are often an easy case (a random string has no deep nesting, a
random list no long waits), so a question names the generator that is the
*worst case* for the slow-but-correct answers it must expose: nested brackets,
all-distinct characters, windows that exist, decreasing temperatures, long
runs, many layers.  tests/data/slow_solutions/ holds one such answer per timed
question and benchmarks/complexity_bench.py checks that they are caught.
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
    "k_fraction": 0.0,  # vectors_and_query: k grows with n when > 0 (a large k is the worst case)
    "target_run": 0.0,  # sorted_int_list_and_target: the fraction of the list equal to the target
    "runs": 4,  # consecutive_runs: how many runs of consecutive integers
    "layer_width": 100,  # layered_dag: nodes per layer (n // layer_width layers)
    "pattern_extra": 3,  # string_and_window: common letters added to the pattern
    "letters": 26,  # string: alphabet size (1 gives "aaaa…", the worst case for palindrome expansion)
    "window_fraction": 0.25,  # int_list_and_window: k as a fraction of n (a wide window is the worst case)
}
# Characters for all-distinct strings: from U+0100 on, so there are far more than 26.
_FIRST_CHAR = 0x100
_SURROGATES = range(0xD800, 0xE000)


def _ints(rng: random.Random, n: int, p: dict[str, Any]) -> list[int]:
    return [rng.randint(p["low"], p["high"]) for _ in range(n)]


def _text(rng: random.Random, n: int, letters: str = string.ascii_lowercase) -> str:
    return "".join(rng.choices(letters, k=n))


def _pair_target(rng: random.Random, n: int, p: dict[str, Any]) -> tuple[Any, ...]:
    """Exactly one pair sums to the target, at positions n//2 and n-1, so no answer stops early.

    The pair's values lie just above `high`, so no other pair can reach their sum.
    """
    nums = _ints(rng, max(n, 2), p)
    i, j = len(nums) // 2 - (len(nums) == 2), len(nums) - 1
    nums[i], nums[j] = p["high"] + rng.randint(1, 1000), p["high"] + rng.randint(1, 1000)
    return nums, nums[i] + nums[j]


def _sorted_target(rng: random.Random, n: int, p: dict[str, Any]) -> tuple[Any, ...]:
    """A sorted list and a value in it; with `target_run` > 0 that value fills that fraction of
    the list, so finding one copy and walking outwards is linear."""
    nums = sorted(_ints(rng, max(n, 1), p))
    target = rng.choice(nums)
    run = int(len(nums) * p["target_run"])
    if run > 1:
        middle = (len(nums) - run) // 2
        target = nums[middle]
        nums[middle:middle + run] = [target] * run
    return nums, target


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
    """A query, n vectors and k; with `k_fraction`, k = k_fraction·n so k passes of a scan are quadratic."""
    dim = p["dim"]
    query = [rng.uniform(-1.0, 1.0) for _ in range(dim)]
    vectors = [[rng.uniform(-1.0, 1.0) for _ in range(dim)] for _ in range(n)]
    k = max(1, int(n * p["k_fraction"])) if p["k_fraction"] > 0 else p["k"]
    return query, vectors, k


def _brackets(rng: random.Random, n: int, p: dict[str, Any]) -> tuple[Any, ...]:
    """A balanced string nested n/2 deep, bracket kinds mixed: deleting "()" pairs needs n/2 passes."""
    opens = rng.choices("([{", k=n // 2)
    closer = {"(": ")", "[": "]", "{": "}"}
    return ("".join(opens) + "".join(closer[c] for c in reversed(opens)),)


def _distinct_chars(count: int) -> list[str]:
    chars: list[str] = []
    code = _FIRST_CHAR
    while len(chars) < count:
        if code not in _SURROGATES:
            chars.append(chr(code))
        code += 1
    return chars


def _distinct_string(rng: random.Random, n: int, p: dict[str, Any]) -> tuple[Any, ...]:
    """Two copies of n/2 distinct characters: every window of n/2 has no repeat, so growing a
    window from each start costs n/2 steps (a 26-letter alphabet would cap it at 26)."""
    block = _distinct_chars(max(n // 2, 1))
    rng.shuffle(block)
    text = "".join(block)
    return ((text + text)[:n],)


def _string_and_window(rng: random.Random, n: int, p: dict[str, Any]) -> tuple[Any, ...]:
    """Lower-case text in which a pattern's window exists and is about n/4 long.

    The pattern is "A", "B" and a few common letters; "A" and "B" alternate at
    n/8, 3n/8, 5n/8 and 7n/8, so a scan from every start covers n/4 characters.
    """
    chars = rng.choices(string.ascii_lowercase, k=max(n, 8))
    for j, letter in enumerate("ABAB"):
        chars[(2 * j + 1) * len(chars) // 8] = letter
    extra = "".join(rng.choices(string.ascii_lowercase, k=p["pattern_extra"]))
    return "".join(chars), "A" + extra + "B"


def _decreasing(rng: random.Random, n: int, p: dict[str, Any]) -> tuple[Any, ...]:
    """Strictly falling values, then one above them all: every element waits until the end.

    Built in list order (not sampled, then sorted) so the int objects lie in memory in the order
    they are read: a scattered layout makes even a linear pass look superlinear on large n.
    """
    values, value = [], p["high"]
    for _ in range(n - 1):
        values.append(value)
        value -= rng.randint(1, 3)
    values.append(p["high"] + 1)
    return (values,)


def _consecutive_runs(rng: random.Random, n: int, p: dict[str, Any]) -> tuple[Any, ...]:
    """`runs` disjoint runs of consecutive integers, shuffled.

    Walking each run from every member (not only from its start) then costs n²/runs.
    """
    runs = max(1, min(p["runs"], n))
    length = -(-n // runs)
    gaps = [0]
    for _ in range(runs):
        gaps.append(gaps[-1] + rng.randint(2, 1000))
    keys = list(range(n))
    rng.shuffle(keys)
    low = p["low"]
    values = [low + k + gaps[k // length] for k in keys]  # new ints, laid out in list order
    return (values,)


def _int_list_and_window(rng: random.Random, n: int, p: dict[str, Any]) -> tuple[Any, ...]:
    """Ints and a window width k = window_fraction·n: re-scanning every window costs n·k."""
    return _ints(rng, n, p), max(1, int(n * p["window_fraction"]))


def _palindrome(rng: random.Random, n: int, p: dict[str, Any]) -> tuple[Any, ...]:
    """A sentence that is a palindrome once cleaned (mixed case, digits, punctuation between):
    an answer must scan all of it, where random text is rejected at the first mismatch."""
    half = rng.choices(string.ascii_lowercase + string.digits, k=n // 4)
    middle = rng.choice(string.ascii_lowercase)
    chars = [*half, middle, *reversed(half)]
    out = []
    for ch in chars:
        out.append(ch.upper() if rng.random() < 0.3 else ch)
        if rng.random() < 0.5:
            out.append(rng.choice(" ,.:;!?-'"))
    return ("".join(out),)


def _layered_dag(rng: random.Random, n: int, p: dict[str, Any]) -> tuple[Any, ...]:
    """An acyclic graph of n // layer_width layers, each node depending on one node of the layer
    before (so it needs exactly that many rounds), plus random forward edges.  Layers stay few
    enough (400 at n = 40,000 by default) for a recursive answer to stay under the recursion limit.
    Node order[i] sits in layer i // layer_width."""
    width = max(1, p["layer_width"])
    order = list(range(n))
    rng.shuffle(order)
    pick = rng.random
    edges = [[order[i - i % width - width + int(pick() * width)], order[i]] for i in range(width, n)]
    if n > width:
        for _ in range(max(p["edges_per_node"] * n - len(edges), 0)):
            a, b = sorted((int(pick() * n), int(pick() * n)))
            if a // width != b // width:
                edges.append([order[a], order[b]])
    return n, edges


GENERATORS: dict[str, Callable[[random.Random, int, dict[str, Any]], tuple[Any, ...]]] = {
    "int": lambda rng, n, p: (n,),
    "int_list": lambda rng, n, p: (_ints(rng, n, p),),
    "sorted_int_list": lambda rng, n, p: (sorted(_ints(rng, n, p)),),
    "int_list_and_target": _pair_target,
    "sorted_int_list_and_target": _sorted_target,
    "float_list": lambda rng, n, p: ([rng.uniform(p["float_low"], p["float_high"]) for _ in range(n)],),
    "string": lambda rng, n, p: (_text(rng, n, string.ascii_lowercase[: max(1, p["letters"])]),),
    "string_pair": lambda rng, n, p: (_text(rng, n), _text(rng, n)),
    "words": lambda rng, n, p: (
        [_text(rng, rng.randint(p["word_min"], p["word_max"])) for _ in range(n)],),
    "intervals": _intervals,
    "dag": _dag,
    "graph_edges": _graph,
    "vectors_and_query": _vectors,
    "brackets": _brackets,
    "distinct_string": _distinct_string,
    "string_and_window": _string_and_window,
    "decreasing_int_list": _decreasing,
    "consecutive_runs": _consecutive_runs,
    "layered_dag": _layered_dag,
    "int_list_and_window": _int_list_and_window,
    "palindrome": _palindrome,
}


def generate(name: str, n: int, params: dict[str, Any] | None = None) -> tuple[Any, ...]:
    """The argument tuple of generator `name` at size `n` (seeded by size and `seed`)."""
    merged = {**DEFAULTS, **(params or {})}
    rng = random.Random(merged["seed"] * 1_000_003 + n)
    return GENERATORS[name](rng, n, merged)


_CONTAINERS = frozenset({list, tuple})


def fresh(value: Any) -> Any:
    """A copy of generated arguments, so an answer that mutates its input cannot skew later runs.

    A flat list is copied with one slice (C speed); only lists holding lists are copied deeper.
    """
    if isinstance(value, tuple):
        return tuple(fresh(v) for v in value)
    if isinstance(value, list):
        if _CONTAINERS.isdisjoint(map(type, value)):
            return value[:]
        return [fresh(v) for v in value]
    return value
