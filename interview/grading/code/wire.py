"""Values as plain data across the sandbox boundary.

`encode` runs in the sandboxed child: it turns whatever the answer returned into
JSON text built only from the value's *plain* content — an `int` subclass becomes
its int, a `list` subclass its items, an object of any other class an opaque
`{"$obj": ...}` that equals nothing.  `decode` runs on the trusted side through
`json.loads`, so nothing the child sends can carry behaviour: a custom `__eq__`
never reaches a comparison.  JSON objects are only ever tags:

    {"$t": [...]} tuple   {"$set": [...]}   {"$d": [[k, v], ...]} dict   {"$b": "hex"} bytes
    {"$c": [re, im]}      {"$f": "nan"|"inf"|"-inf"}   {"$iter": [...]} an iterator's items
    {"$nd": [shape, kind, dtype, data]} NumPy array
    {"$obj": type name, "repr": text, "bool": truth}  anything else

Standard library only; the child imports it before any answer code runs.
"""

from __future__ import annotations

from _json import encode_basestring as _str

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

MAX_ITEMS = 1_000_000  # values larger than this are reported as too large, not sent
MAX_DEPTH = 100
_int, _float, _list, _tuple, _dict, _set, _frozenset = int, float, list, tuple, dict, set, frozenset
_type, _isinstance, _repr, _iter, _next, _hasattr = type, isinstance, repr, iter, next, hasattr
_int_value, _float_value, _str_value = int.__int__, float.__float__, str.__str__
_list_iter, _tuple_iter, _dict_items, _set_iter, _fset_iter = (
    list.__iter__, tuple.__iter__, dict.items, set.__iter__, frozenset.__iter__)


class TooLarge(Exception):
    """The value is bigger or deeper than the wire carries."""


def encode(value: Any) -> str:
    """JSON text for `value`; never raises for odd objects (they become `$obj`)."""
    budget = [MAX_ITEMS]
    return _enc(value, 0, budget)


def _enc(v: Any, depth: int, budget: list[int]) -> str:
    budget[0] -= 1
    if budget[0] < 0 or depth > MAX_DEPTH:
        raise TooLarge
    t = _type(v)
    if v is None or v is True or v is False:
        return "null" if v is None else "true" if v else "false"
    if t is _int or (_isinstance(v, _int) and t is not bool):
        return _repr(_int_value(v))
    if t is _float or _isinstance(v, _float):
        f = _float_value(v)
        if f != f:
            return '{"$f":"nan"}'
        if f in (_float("inf"), _float("-inf")):
            return '{"$f":"%s"}' % ("inf" if f > 0 else "-inf")
        return _repr(f)
    if _isinstance(v, str):
        return _str(_str_value(v))
    if _isinstance(v, _list):
        return "[" + ",".join(_enc(x, depth + 1, budget) for x in _list_iter(v)) + "]"
    if _isinstance(v, _tuple):
        return '{"$t":[' + ",".join(_enc(x, depth + 1, budget) for x in _tuple_iter(v)) + "]}"
    if _isinstance(v, _dict):
        pairs = ("[" + _enc(k, depth + 1, budget) + "," + _enc(x, depth + 1, budget) + "]"
                 for k, x in _dict_items(v))
        return '{"$d":[' + ",".join(pairs) + "]}"
    if _isinstance(v, _set | _frozenset):
        items = _set_iter(v) if _isinstance(v, _set) else _fset_iter(v)
        return '{"$set":[' + ",".join(_enc(x, depth + 1, budget) for x in items) + "]}"
    if _isinstance(v, bytes | bytearray):
        return '{"$b":"' + bytes(v).hex() + '"}'
    if _isinstance(v, complex):
        return '{"$c":[' + _enc(v.real, depth, budget) + "," + _enc(v.imag, depth, budget) + "]}"
    return _special(v, t, depth, budget)


def _special(v: Any, t: type, depth: int, budget: list[int]) -> str:
    module = getattr(t, "__module__", "")
    if module == "numpy" and t.__name__ == "ndarray":
        kind, dtype = v.dtype.kind, str(v.dtype)
        data = v.tolist() if kind in "biufc" else [_repr(x) for x in v.ravel().tolist()]
        return ('{"$nd":[' + _enc(_list(v.shape), depth, budget) + "," + _str(kind) + "," + _str(dtype)
                + "," + _enc(data, depth + 1, budget) + "]}")
    if module == "numpy" and _hasattr(v, "item"):  # a NumPy scalar
        return _enc(v.item(), depth, budget)
    if _hasattr(t, "__index__"):
        return _repr(_int_value(v.__index__()))
    if _hasattr(t, "__next__") and _hasattr(t, "__iter__"):  # generators, map, filter, zip...
        items = []
        for item in v:
            items.append(_enc(item, depth + 1, budget))
        return '{"$iter":[' + ",".join(items) + "]}"
    if module in ("decimal", "fractions") and _hasattr(t, "__float__"):
        return _enc(_float(v), depth, budget)
    try:
        text = _repr(v)[:200]
    except Exception:
        text = "<unprintable>"
    try:
        truth = "true" if v else "false"
    except Exception:
        truth = "true"
    return '{"$obj":' + _str(t.__name__) + ',"repr":' + _str(text) + ',"bool":' + truth + "}"


# ------------------------------------------------------------------ trusted side


class Opaque:
    """An object the answer returned that has no plain-data form: equal only to itself, true or
    false as the object was (so `assert f(x)` on a match object still works)."""

    __slots__ = ("text", "truth", "type_name")

    def __init__(self, type_name: str, text: str, truth: bool = True) -> None:
        self.type_name, self.text, self.truth = type_name, text, truth

    def __bool__(self) -> bool:
        return self.truth

    def __repr__(self) -> str:
        return self.text if self.text else f"<{self.type_name} object>"


class Array:
    """A NumPy array as plain data: shape, dtype kind ('f', 'i', 'b'...), dtype name, nested lists."""

    __slots__ = ("data", "dtype", "kind", "shape")

    def __init__(self, shape: list[int], kind: str, dtype: str, data: Any) -> None:
        self.shape, self.kind, self.dtype, self.data = tuple(shape), kind, dtype, data

    def __repr__(self) -> str:
        return f"array({self.data!r}, dtype={self.dtype})"


def decode(text: str | bytes, replay: bool = False) -> Any:
    """The plain value behind `encode`'s JSON; raises ValueError on anything malformed.

    With `replay` (inside the script-replay child) an iterator comes back as an iterator;
    on the trusted side it stays an opaque value, as unequal to a list as the generator was.
    """
    import json

    return rebuild(json.loads(text), replay)


def rebuild(node: Any, replay: bool = False) -> Any:
    if isinstance(node, list):
        return [rebuild(x, replay) for x in node]
    if not isinstance(node, dict):
        return node
    if len(node) == 1 or "$obj" in node:
        tag, body = next(iter(node.items()))
        if tag == "$t":
            return tuple(rebuild(x, replay) for x in body)
        if tag == "$iter":
            items = [rebuild(x, replay) for x in body]
            return iter(items) if replay else Opaque("iterator", f"<iterator over {items!r}>"[:200])
        if tag == "$set":
            return frozenset(_hashable(rebuild(x, replay)) for x in body)
        if tag == "$d":
            return {_hashable(rebuild(k, replay)): rebuild(v, replay) for k, v in body}
        if tag == "$b":
            return bytes.fromhex(body)
        if tag == "$c":
            return complex(rebuild(body[0], replay), rebuild(body[1], replay))
        if tag == "$f":
            return float(body)
        if tag == "$nd":
            shape, kind, dtype, data = body
            return Array(shape, kind, dtype, rebuild(data, replay))
        if tag == "$obj":
            return Opaque(str(body), str(node.get("repr", "")), node.get("bool") is not False)
    raise ValueError(f"malformed value on the result channel: {str(node)[:80]}")


def _hashable(value: Any) -> Any:
    if isinstance(value, list):
        return tuple(_hashable(v) for v in value)
    if isinstance(value, dict):
        return frozenset((k, _hashable(v)) for k, v in value.items())
    if isinstance(value, Array):
        return ("array", value.shape, _hashable(value.data))
    return value
