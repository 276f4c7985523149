import math


def top_k_cosine(query: list[float], vectors: list[list[float]], k: int) -> list[int]:
    # k passes of "take the best remaining": O(n * k)
    query_norm = math.sqrt(sum(x * x for x in query))
    sims = []
    for vector in vectors:
        norm = math.sqrt(sum(x * x for x in vector))
        dot = sum(a * b for a, b in zip(query, vector, strict=True))
        sims.append(0.0 if norm == 0.0 or query_norm == 0.0 else dot / (query_norm * norm))
    chosen: list[int] = []
    taken = [False] * len(sims)
    for _ in range(min(k, len(sims))):
        best = -1
        for i, s in enumerate(sims):
            if not taken[i] and (best < 0 or s > sims[best]):
                best = i
        taken[best] = True
        chosen.append(best)
    return chosen
