def largest_number(nums: list[int]) -> str:
    # insertion sort with the concatenation order: O(n^2) comparisons
    parts: list[str] = []
    for text in map(str, nums):
        i = len(parts)
        while i > 0 and text + parts[i - 1] > parts[i - 1] + text:
            i -= 1
        parts.insert(i, text)
    result = "".join(parts)
    return "0" if result[0] == "0" else result
