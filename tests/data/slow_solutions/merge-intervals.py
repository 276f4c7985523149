def merge(intervals: list[list[int]]) -> list[list[int]]:
    # fold each interval into every merged one it touches: O(n * merged)
    merged: list[list[int]] = []
    for start, end in intervals:
        keep = []
        for span in merged:
            if span[1] < start or end < span[0]:
                keep.append(span)
            else:
                start, end = min(start, span[0]), max(end, span[1])
        keep.append([start, end])
        merged = keep
    return sorted(merged)
