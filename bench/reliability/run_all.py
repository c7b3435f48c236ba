"""`make reliability`: concurrency, crash and outage (and backup_roundtrip.py when present), each
in its own process with its own throwaway cluster; the figures go to bench/results/
reliability.json and a Markdown table in bench/results/reliability.md.

    .venv/bin/python bench/reliability/run_all.py [--seconds 60]   (--seconds: concurrency load;
    the crash run gets 1.5 times as long)
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(ROOT))

from bench.reliability.app import app_env  # noqa: E402
from bench.reliability.cluster import Cluster  # noqa: E402

RESULTS = ROOT / "bench" / "results"
PYTHON = ROOT / ".venv" / "bin" / "python"


def run_script(name: str, *options: str) -> dict[str, Any]:
    """One script in a child process; its JSON result (or what it printed, if it has none)."""
    script = HERE / f"{name}.py"
    with tempfile.NamedTemporaryFile(suffix=".json") as out:
        started = time.monotonic()
        done = subprocess.run(
            [str(PYTHON), str(script), *options, "--json", out.name],
            cwd=ROOT,
            capture_output=True,
            text=True,
        )
        text = Path(out.name).read_text()
    result: dict[str, Any] = json.loads(text) if text.strip() else {}
    result.setdefault("passed", done.returncode == 0)
    result["exit_code"] = done.returncode
    result["wall_seconds"] = round(time.monotonic() - started, 1)
    if done.returncode != 0:
        result["output_tail"] = (done.stdout + done.stderr)[-2000:]
    return result


def run_backup_roundtrip() -> dict[str, Any] | None:
    """A colleague's script, run as it is against an installation of its own: a throwaway
    cluster with `rodtrad migrate` and `rodtrad demo`. Its JSON, exit code and seconds."""
    script = HERE / "backup_roundtrip.py"
    if not script.exists():
        return None
    started = time.monotonic()
    with Cluster() as cluster, tempfile.TemporaryDirectory() as var_dir:
        env = app_env(cluster.url, var_dir)
        for command in (["migrate", "-v0"], ["demo"]):
            subprocess.run(
                [str(PYTHON), "-m", "rodtrad", *command],
                cwd=ROOT,
                env=env,
                check=True,
                stdout=subprocess.DEVNULL,
            )
        done = subprocess.run(
            [str(PYTHON), str(script)], cwd=ROOT, env=env, capture_output=True, text=True
        )
    try:
        result: dict[str, Any] = json.loads(done.stdout)
    except ValueError:
        result = {"output_tail": (done.stdout + done.stderr)[-2000:]}
    result.update(passed=done.returncode == 0, exit_code=done.returncode)
    result["wall_seconds"] = round(time.monotonic() - started, 1)
    return result


def _slash(*values: object) -> str:
    return " / ".join(str(value) for value in values)


def _concurrency_rows(c: dict[str, Any]) -> list[tuple[str, str]]:
    scores, consensus, http = c["scores"], c["consensus"], c["http"]
    return [
        ("Concurrency: clients / servers", _slash(c["clients"], c["servers"])),
        ("Concurrency: requests / 5xx", _slash(http["requests"], http.get("5xx", 0))),
        ("Concurrency: score saves acknowledged", str(scores["saves_acknowledged"])),
        ("Concurrency: consensus saves acknowledged", str(consensus["saves_acknowledged"])),
        ("Concurrency: consensus conflicts (409)", str(consensus["conflicts_409"])),
        ("Concurrency: lost updates", str(scores["lost_updates"] + consensus["lost_updates"])),
        (
            "Concurrency: refused yet saved, or acknowledged yet not saved",
            str(consensus["silently_dropped_or_applied"]),
        ),
    ]


def _crash_rows(k: dict[str, Any]) -> list[tuple[str, str]]:
    t, http = k["tenders"], k["http"]
    return [
        ("Crash: workers killed (kill -9)", str(k["kills"])),
        (
            "Crash: requests / no answer (killed mid-request) / 5xx",
            _slash(http["requests"], http.get("no_answer", 0), http.get("5xx", 0)),
        ),
        (
            "Crash: tenders submitted / not submitted / inconsistent",
            _slash(t["tenders_submitted"], t["tenders_not_submitted"], t["tenders_inconsistent"]),
        ),
        (
            "Crash: submissions / acknowledged / bad receipt",
            _slash(
                t["submissions"], t["submissions_acknowledged"], t["submissions_with_bad_receipt"]
            ),
        ),
        (
            "Crash: attachments / without content / orphan files",
            _slash(t["attachments"], t["attachments_without_content"], t["orphan_files"]),
        ),
        ("Crash: lost score updates", str(k["scores"]["lost_updates"])),
    ]


def _outage_rows(o: dict[str, Any]) -> list[tuple[str, str]]:
    d, a = o["during_outage"], o["after_restart"]
    return [
        ("Outage: database stopped (s)", str(o["outage_seconds"])),
        (
            "Outage: requests during / answered 503 as specified",
            _slash(d["requests"], d["pages_and_api_503_as_specified"] + d["healthz_503"]),
        ),
        (
            "Outage: 500s / no answer or timeout",
            _slash(o["http_500_or_other_5xx"], o["no_answer_or_timeout"]),
        ),
        ("Outage: slowest answer during the outage (s)", str(d["slowest_answer_seconds"])),
        (
            "Outage: requests until the first 200 after restart",
            str(a.get("requests_until_first_200", "never")),
        ),
        ("Outage: seconds to recover after restart", str(a.get("seconds_to_first_200", "never"))),
    ]


def _backup_rows(b: dict[str, Any]) -> list[tuple[str, str]]:
    return [
        ("Backup round trip: rows / files", _slash(b["rows"], b["files"])),
        (
            "Backup round trip: digest equal / files equal / audit log intact",
            _slash(b["digest_equal"], b["files_equal"], b["audit_log_intact"]),
        ),
    ]


def _rows(runs: dict[str, Any]) -> list[tuple[str, str]]:
    rows = []
    if "http" in runs["concurrency"]:
        rows += _concurrency_rows(runs["concurrency"])
    if "tenders" in runs["crash"]:
        rows += _crash_rows(runs["crash"])
    if "during_outage" in runs["outage"]:
        rows += _outage_rows(runs["outage"])
    if "digest_equal" in runs.get("backup_roundtrip", {}):
        rows += _backup_rows(runs["backup_roundtrip"])
    return rows


def markdown(results: dict[str, Any]) -> str:
    lines = ["| Run | Passed | Seconds |", "|---|---|---|"]
    for name, result in results["runs"].items():
        verdict = "yes" if result["passed"] else "NO"
        lines.append(f"| {name} | {verdict} | {result['wall_seconds']} |")
    lines += ["", "| Figure | Value |", "|---|---|"]
    lines += [f"| {label} | {value} |" for label, value in _rows(results["runs"])]
    lines += ["", f"Total runtime: {results['total_seconds']} s", ""]
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=60)
    options = parser.parse_args()
    started = time.monotonic()
    runs = {
        "concurrency": run_script("concurrency", "--seconds", str(options.seconds)),
        "crash": run_script("crash", "--seconds", str(options.seconds * 1.5)),
        "outage": run_script("outage", "--seconds", "10"),
    }
    backup = run_backup_roundtrip()
    if backup is not None:
        runs["backup_roundtrip"] = backup
    results = {"runs": runs, "total_seconds": round(time.monotonic() - started, 1)}
    results["passed"] = all(run["passed"] for run in runs.values())
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "reliability.json").write_text(json.dumps(results, indent=2, sort_keys=True) + "\n")
    (RESULTS / "reliability.md").write_text(markdown(results))
    print(markdown(results))
    print(f"Total time: {results['total_seconds']} s")
    return 0 if results["passed"] else 1


if __name__ == "__main__":
    sys.exit(main())
