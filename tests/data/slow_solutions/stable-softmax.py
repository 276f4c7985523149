import math


def softmax(logits: list[float]) -> list[float]:
    # the normaliser is recomputed for every entry: O(n^2)
    return [math.exp(x - max(logits)) / sum(math.exp(y - max(logits)) for y in logits) for x in logits]
