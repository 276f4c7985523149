def search_range(nums: list[int], target: int) -> list[int]:
    # binary search for one hit, then walk outwards: O(log n + run length)
    lo, hi = 0, len(nums) - 1
    while lo <= hi:
        mid = (lo + hi) // 2
        if nums[mid] < target:
            lo = mid + 1
        elif nums[mid] > target:
            hi = mid - 1
        else:
            first = last = mid
            while first > 0 and nums[first - 1] == target:
                first -= 1
            while last + 1 < len(nums) and nums[last + 1] == target:
                last += 1
            return [first, last]
    return [-1, -1]
