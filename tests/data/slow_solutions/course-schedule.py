def can_finish(n: int, prereqs: list[list[int]]) -> bool:
    # looks for a course with no open prerequisite by scanning them all, every round: O(n^2)
    indegree = [0] * n
    successors: list[list[int]] = [[] for _ in range(n)]
    for a, b in prereqs:
        successors[a].append(b)
        indegree[b] += 1
    taken = [False] * n
    for _ in range(n):
        course = next((c for c in range(n) if not taken[c] and indegree[c] == 0), None)
        if course is None:
            return False
        taken[course] = True
        for nxt in successors[course]:
            indegree[nxt] -= 1
    return True
