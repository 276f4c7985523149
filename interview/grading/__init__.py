"""Grading: the code runner, the offline rubric scorer and optional LLM feedback."""
