def ema(values: list[float], alpha: float = 0.1, bias_correction: bool = False) -> list[float]:
    # recomputes each average from the start: O(n^2)
    out: list[float] = []
    for end in range(len(values)):
        if bias_correction:
            m, decay = 0.0, 1.0
            for x in values[:end + 1]:
                m = alpha * x + (1 - alpha) * m
                decay *= 1 - alpha
            out.append(m / (1 - decay))
        else:
            s = values[0]
            for x in values[1:end + 1]:
                s = alpha * x + (1 - alpha) * s
            out.append(s)
    return out
