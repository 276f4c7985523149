"""Progress tracking: the durable history of attempts and what it says about the user.

`store` keeps every attempt (TinyDB, atomic writes, a lock), `mastery` turns the
history into per-topic and per-dimension estimates, `scheduling` decides what to
practise next (FSRS), `summary` assembles the weak-topic summary and `report`
renders it for a mentor.
"""
