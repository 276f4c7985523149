def daily_temperatures(temps: list[int]) -> list[int]:
    # scans forward from every day: O(n * wait)
    wait = [0] * len(temps)
    for i, t in enumerate(temps):
        for j in range(i + 1, len(temps)):
            if temps[j] > t:
                wait[i] = j - i
                break
    return wait
