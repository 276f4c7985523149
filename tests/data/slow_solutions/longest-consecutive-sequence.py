def longest_consecutive(nums: list[int]) -> int:
    # walks every run from every member, not only from its start: O(n * run length)
    values = set(nums)
    best = 0
    for x in values:
        end = x
        while end + 1 in values:
            end += 1
        best = max(best, end - x + 1)
    return best
