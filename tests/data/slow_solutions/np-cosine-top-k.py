"""Correct but O(n·k): k passes of a Python scan for the best remaining index (quadratic with k = 0.05·n)."""

import numpy as np


def cosine_top_k(query, corpus, k):
    q = np.asarray(query, dtype=float)
    x = np.asarray(corpus, dtype=float).reshape(-1, q.size)
    q_norm = np.linalg.norm(q)
    norms = np.linalg.norm(x, axis=1)
    scores = (x @ q) / (np.where(norms > 0, norms, 1.0) * (q_norm if q_norm > 0 else 1.0))
    taken = [False] * scores.size
    order = []
    for _ in range(min(k, scores.size)):
        best = -1
        for i in range(scores.size):
            if not taken[i] and (best < 0 or scores[i] > scores[best]):
                best = i
        taken[best] = True
        order.append(best)
    return np.array(order, dtype=np.int64)
