# ruff: noqa  (a cheat template: ENTRY, _Always and the placeholders are filled in by the test)
# Family: read the expected values from the call stack (sys._getframe) and the heap (gc),
# or from the constant an `assert f(x) == CONST` is about to compare with.
import dis
import gc
import sys


def _from_frames(args):
    frame = sys._getframe(2)
    while frame is not None:
        for name, value in frame.f_locals.items():
            if name == "expected":
                return True, value
            if isinstance(value, dict) and "expected" in value:
                return True, value["expected"]
        code = frame.f_code
        after = [i for i in dis.get_instructions(code) if i.offset > frame.f_lasti]
        for ins in after[:6]:
            if ins.opname == "LOAD_CONST" and ins.argval is not None:
                return True, ins.argval
        frame = frame.f_back
    return False, None


def _from_heap(args):
    for obj in gc.get_objects():
        if isinstance(obj, dict) and "expected" in obj and obj.get("args") in (args, list(args)):
            return True, obj["expected"]
    return False, None


def ENTRY(*args, **kwargs):
    for finder in (_from_frames, _from_heap):
        try:
            found, value = finder(args)
        except Exception:
            found = False
        if found:
            return value
    return _Always()
