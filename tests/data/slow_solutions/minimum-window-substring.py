from collections import Counter


def min_window(s: str, t: str) -> str:
    # from every start, extend until the window covers t: O(n * window length)
    if not t:
        return ""
    need = Counter(t)
    best = ""
    for i in range(len(s)):
        if s[i] not in need:
            continue
        missing = dict(need)
        left = len(t)
        for j in range(i, len(s)):
            if missing.get(s[j], 0) > 0:
                left -= 1
            if s[j] in missing:
                missing[s[j]] -= 1
            if left == 0:
                if not best or j - i + 1 < len(best):
                    best = s[i:j + 1]
                break
    return best
