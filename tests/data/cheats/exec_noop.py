# ruff: noqa  (a cheat template: ENTRY, _Always and the placeholders are filled in by the test)
# Family: make builtins.exec (and compile/eval) no-ops so script tests never assert anything.
import builtins

builtins.exec = lambda *args, **kwargs: None
builtins.eval = lambda *args, **kwargs: True
