import random


def minibatch_indices(n: int, batch_size: int = 32, seed: int = 0,
                      shuffle: bool = True, drop_last: bool = False) -> list[list[int]]:
    # cuts the front off a copy of the rest each time: O(n^2 / batch_size)
    order = list(range(n))
    if shuffle:
        random.Random(seed).shuffle(order)
    batches = []
    while order:
        batch, order = order[:batch_size], order[batch_size:]
        if len(batch) == batch_size or not drop_last:
            batches.append(batch)
    return batches
