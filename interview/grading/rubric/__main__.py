"""`python -m interview.grading.rubric`: rebuild the term background from the built-in bank."""

from interview.grading.rubric.background import main

main()
