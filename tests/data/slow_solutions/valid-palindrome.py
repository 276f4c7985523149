def is_palindrome(s: str) -> bool:
    # trims the ends by slicing, copying the rest each time: O(n^2)
    while len(s) > 1:
        if not s[0].isalnum():
            s = s[1:]
        elif not s[-1].isalnum():
            s = s[:-1]
        elif s[0].lower() != s[-1].lower():
            return False
        else:
            s = s[1:-1]
    return True
