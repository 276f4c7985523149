"""Timed mock interviews: templates, the state machine, question choice and the scorecard."""
