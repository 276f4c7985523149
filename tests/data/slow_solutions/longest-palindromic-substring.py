def longest_palindrome(s: str) -> str:
    # tests every substring character by character: O(n^3)
    best = ""
    for i in range(len(s)):
        for j in range(i + 1, len(s) + 1):
            piece = s[i:j]
            if all(piece[k] == piece[-1 - k] for k in range(len(piece) // 2)) and len(piece) > len(best):
                best = piece
    return best
