import math


def filter_probs(logits: list[float], temperature: float = 1.0, top_k: int = 0,
                 top_p: float = 1.0) -> list[float]:
    # ranks by repeatedly picking the largest remaining entry: O(n^2)
    n = len(logits)
    if temperature == 0:
        best = max(range(n), key=lambda i: (logits[i], -i))
        return [1.0 if i == best else 0.0 for i in range(n)]
    scaled = [x / temperature for x in logits]
    top = max(scaled)
    exps = [math.exp(x - top) for x in scaled]
    total = sum(exps)
    probs = [e / total for e in exps]
    left = list(range(n))
    order = []
    while left:
        pick = min(left, key=lambda i: (-probs[i], i))
        left.remove(pick)
        order.append(pick)
    if top_k > 0:
        order = order[:top_k]
    mass = sum(probs[i] for i in order)
    if top_p < 1.0:
        kept, running = [], 0.0
        for i in order:
            kept.append(i)
            running += probs[i] / mass
            if running >= top_p:
                break
        order = kept
    mass = sum(probs[i] for i in order)
    result = [0.0] * n
    for i in order:
        result[i] = probs[i] / mass
    return result
