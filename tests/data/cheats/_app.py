"""The app under attack: grade one answer against chosen targets and print one JSON line per target.

Run as a separate process (its argv carries the marker `interview-cheat-app`) so that a cheat
that kills "the app" kills this process, not pytest.

    python _app.py interview-cheat-app ANSWERS.json
ANSWERS.json: {"time_limit": s, "jobs": [[target_name, answer_code], ...]}
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from targets import targets  # noqa: E402

from interview.grading.code import grade_code  # noqa: E402


def main() -> None:
    spec = json.loads(Path(sys.argv[2]).read_text())
    found = targets(spec["time_limit"])
    print(json.dumps({"app": "started"}), flush=True)
    for name, code in spec["jobs"]:
        started = time.perf_counter()
        result = grade_code(found[name], code, measure_complexity=spec.get("measure", False))
        assert result.code is not None
        print(json.dumps({"target": name, "verdict": result.code.verdict, "score": result.score,
                          "seconds": round(time.perf_counter() - started, 2),
                          "flags": [t.message for t in result.code.tests if t.message],
                          "dump": result.model_dump_json()}), flush=True)
    print(json.dumps({"app": "done"}), flush=True)


if __name__ == "__main__":
    main()
