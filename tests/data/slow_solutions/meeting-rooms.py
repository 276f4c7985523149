def min_rooms(meetings: list[list[int]]) -> int:
    # count the meetings running at every start time: O(n^2)
    best = 0
    for start, _ in meetings:
        best = max(best, sum(1 for s, e in meetings if s <= start < e))
    return best
