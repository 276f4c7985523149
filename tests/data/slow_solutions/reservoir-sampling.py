import random


def reservoir_sample(stream, k: int = 10, seed: int = 0) -> list:
    # consumes the stream from the front of a list: O(n^2)
    rng = random.Random(seed)
    reservoir: list = []
    if k <= 0:
        return reservoir
    items = list(stream)
    i = 0
    while items:
        item = items.pop(0)
        if i < k:
            reservoir.append(item)
        else:
            j = rng.randrange(i + 1)
            if j < k:
                reservoir[j] = item
        i += 1
    return reservoir
