def max_sliding_window(nums: list[int], k: int) -> list[int]:
    # re-scans every window: O(n * k)
    return [max(nums[i:i + k]) for i in range(len(nums) - k + 1)] if nums else []
