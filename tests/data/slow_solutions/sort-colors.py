def sort_colors(nums: list[int]) -> None:
    # insertion sort: correct, no sort() call, but O(n^2) moves
    for i in range(1, len(nums)):
        value, j = nums[i], i - 1
        while j >= 0 and nums[j] > value:
            nums[j + 1] = nums[j]
            j -= 1
        nums[j + 1] = value
