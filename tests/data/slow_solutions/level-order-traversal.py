from __future__ import annotations

from collections import deque


class TreeNode:
    def __init__(self, val: int = 0, left: TreeNode | None = None, right: TreeNode | None = None) -> None:
        self.val = val
        self.left = left
        self.right = right


def level_order(root: TreeNode | None) -> list[list[int]]:
    # a list used as a queue: pop(0) shifts every waiting node, O(n * width)
    if root is None:
        return []
    levels: list[list[int]] = []
    queue = [(root, 0)]
    while queue:
        node, depth = queue.pop(0)
        if depth == len(levels):
            levels.append([])
        levels[depth].append(node.val)
        for child in (node.left, node.right):
            if child is not None:
                queue.append((child, depth + 1))
    return levels


# --- test adapter: the tests pass a level-order list; do not edit below ---
def _build(values: list) -> TreeNode | None:
    if not values or values[0] is None:
        return None
    root = TreeNode(values[0])
    queue = deque([root])
    i = 1
    while queue and i < len(values):
        node = queue.popleft()
        for side in ("left", "right"):
            if i < len(values) and values[i] is not None:
                child = TreeNode(values[i])
                setattr(node, side, child)
                queue.append(child)
            i += 1
    return root


def level_order_values(values: list) -> list[list[int]]:
    return level_order(_build(values))
