def two_sum(nums: list[int], target: int) -> list[int]:
    for j in range(len(nums)):
        for i in range(j):
            if nums[i] + nums[j] == target:
                return [i, j]
    raise ValueError("no pair adds up to target")
