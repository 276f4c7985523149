def min_semesters(n: int, prereqs: list[list[int]]) -> int:
    # every semester scans every course: O(n * semesters)
    indegree = [0] * n
    successors: list[list[int]] = [[] for _ in range(n)]
    for a, b in prereqs:
        successors[a].append(b)
        indegree[b] += 1
    taken = [False] * n
    semesters = done = 0
    while done < n:
        level = [c for c in range(n) if not taken[c] and indegree[c] == 0]
        if not level:
            return -1
        semesters += 1
        for course in level:
            taken[course] = True
            done += 1
            for nxt in successors[course]:
                indegree[nxt] -= 1
    return semesters
