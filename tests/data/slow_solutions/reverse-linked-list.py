from __future__ import annotations


class ListNode:
    def __init__(self, val: int = 0, next: ListNode | None = None) -> None:
        self.val = val
        self.next = next


def reverse_list(head: ListNode | None) -> ListNode | None:
    # detach the tail again and again, walking from the head each time: O(n^2)
    if head is None or head.next is None:
        return head
    new_head = tail = None
    while head is not None:
        if head.next is None:
            node, head = head, None
        else:
            before = head
            while before.next.next is not None:
                before = before.next
            node = before.next
            before.next = None
        if new_head is None:
            new_head = tail = node
        else:
            tail.next = node
            tail = node
    return new_head


def _build(values: list[int]) -> ListNode | None:
    head = None
    for value in reversed(values):
        head = ListNode(value, head)
    return head


def _to_values(head: ListNode | None, limit: int = 100_000) -> list[int]:
    out = []
    while head is not None and len(out) < limit:
        out.append(head.val)
        head = head.next
    return out


def reverse_list_values(values: list[int]) -> list[int]:
    return _to_values(reverse_list(_build(values)))
