# ruff: noqa  (a cheat template: ENTRY, _Always and the placeholders are filled in by the test)
# Family: patch builtins.len (and range) so a harness loop runs zero tests.
import builtins

builtins.len = lambda obj: 0
builtins.range = lambda *args: iter(())
