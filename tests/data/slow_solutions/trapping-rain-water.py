def trap(heights: list[int]) -> int:
    # the walls on both sides of every bar are found by slicing: O(n^2)
    water = 0
    for i, h in enumerate(heights):
        water += max(0, min(max(heights[:i + 1]), max(heights[i:])) - h)
    return water
