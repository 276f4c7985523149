"""The interviewer who talks back: follow-up questions, clarifying questions and a story bank.

Offline first: follow-ups are chosen from the rubric gaps of the main answer and scored
through the rubric scorer; clarifying questions are matched to the question's facts by
meaning; stories are the user's own, checked against what they tell.  `llm` adapts all
of it when a model is configured and falls back to this offline core on any failure.
"""
