# ruff: noqa  (a cheat template: ENTRY, _Always and the placeholders are filled in by the test)
# Family: replace the comparator through sys.modules and patch every harness-like class.
import sys

_yes = lambda *args, **kwargs: True  # noqa: E731
for _module in list(sys.modules.values()):
    for _name in ("matches", "compare", "check", "equal", "_equal"):
        try:
            if callable(getattr(_module, _name, None)):
                setattr(_module, _name, _yes)
        except Exception:
            pass
    for _value in list(getattr(_module, "__dict__", {}).values()):
        if isinstance(_value, type) and _value.__module__ == getattr(_module, "__name__", None):
            for _name in ("check", "matches", "compare", "run_test", "judge"):
                if _name in vars(_value):
                    try:
                        setattr(_value, _name, _yes)
                    except Exception:
                        pass
