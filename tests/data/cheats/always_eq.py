# ruff: noqa  (a cheat template: ENTRY, _Always and the placeholders are filled in by the test)
# Family: an object whose __eq__ always returns True, for functions and classes alike.
