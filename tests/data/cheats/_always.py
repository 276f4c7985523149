# ruff: noqa  (a cheat template: ENTRY, _Always and the placeholders are filled in by the test)
class _Always:
    """Equal to everything, callable, with every method: the universal fake answer."""

    def __eq__(self, other):
        return True

    def __ne__(self, other):
        return False

    __hash__ = object.__hash__

    def __call__(self, *args, **kwargs):
        return self

    def __getattr__(self, name):
        return self

    def __len__(self):
        return 0

    def __iter__(self):
        return iter(())

    def __bool__(self):
        return True

    def __lt__(self, other):
        return False

    __gt__ = __le__ = __ge__ = __lt__

    def __sub__(self, other):
        return 0

    __rsub__ = __add__ = __radd__ = __sub__

    def __abs__(self):
        return 0

    def __float__(self):
        return 0.0


ENTRY = _Always()
