# ruff: noqa  (a cheat template: ENTRY, _Always and the placeholders are filled in by the test)
# Own: make every serializer in the child report "passed"/True whatever it is given.
import sys

for _name in ("json", "_json", "marshal", "pickle"):
    _mod = sys.modules.get(_name)
    if _mod is None:
        continue
    for _attr in ("dumps", "loads", "encode_basestring", "encode_basestring_ascii"):
        try:
            setattr(_mod, _attr, lambda *args, **kwargs: '"passed"')
        except Exception:
            pass
