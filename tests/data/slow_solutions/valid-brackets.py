def is_balanced(s: str) -> bool:
    # deletes adjacent pairs until none are left: O(n * depth)
    s = "".join(ch for ch in s if ch in "()[]{}")
    while True:
        shorter = s.replace("()", "").replace("[]", "").replace("{}", "")
        if shorter == s:
            return not s
        s = shorter
