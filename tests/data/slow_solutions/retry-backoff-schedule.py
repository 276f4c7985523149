def backoff_schedule(max_retries: int = 5, base: float = 0.5, factor: float = 2.0,
                     cap: float = 30.0, jitter: list[float] | None = None) -> list[float]:
    # recomputes every delay from the base: O(n^2)
    delays = []
    for i in range(max_retries):
        delay = min(cap, base)
        for _ in range(i):
            delay = min(cap, delay * factor)
        delays.append(delay * jitter[i] if jitter is not None else delay)
    return delays
