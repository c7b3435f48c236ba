"""Benchmarks: run with `make bench`. Prints figures and writes bench/results/latest.json.

Each scenario builds its data in a fresh SQLite database, times the operation several times and
reports the median (and peak memory where it matters). These are measurements for the closing
notes and for spotting regressions, not pass/fail tests.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import bench.scenarios_assessments
import bench.scenarios_award
import bench.scenarios_exports
import bench.scenarios_foundation
import bench.scenarios_tenders  # noqa: F401
from bench.harness import ROOT, SCENARIOS


def main() -> int:
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    only = sys.argv[1:]
    results = {}
    for name, function in SCENARIOS:
        if only and not any(word in name for word in only):
            continue
        results[name] = function()
        print(f"{name}: {json.dumps(results[name])}", flush=True)
    out = ROOT / "bench" / "results"
    out.mkdir(exist_ok=True)
    (out / "latest.json").write_text(json.dumps(results, indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
