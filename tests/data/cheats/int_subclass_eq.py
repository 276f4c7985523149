# ruff: noqa  (a cheat template: ENTRY, _Always and the placeholders are filled in by the test)
# Own: a subclass of a plain type (int, list, str) whose __eq__ lies; the judge must use the plain value.
class Liar(int):
    def __eq__(self, other):
        return True

    __hash__ = int.__hash__


class LiarList(list):
    def __eq__(self, other):
        return True


def ENTRY(*args, **kwargs):
    return LiarList([Liar(7)])
