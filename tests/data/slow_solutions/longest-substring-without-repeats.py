def length_of_longest_substring(s: str) -> int:
    # grows a window from every start: O(n * longest window)
    best = 0
    for i in range(len(s)):
        seen = set()
        for ch in s[i:]:
            if ch in seen:
                break
            seen.add(ch)
        best = max(best, len(seen))
    return best
