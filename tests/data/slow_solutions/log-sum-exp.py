import math


def logsumexp(xs: list[float]) -> float:
    # max() inside the sum: O(n^2)
    if not xs or max(xs) == -math.inf:
        return -math.inf
    return max(xs) + math.log(sum(math.exp(x - max(xs)) for x in xs))
