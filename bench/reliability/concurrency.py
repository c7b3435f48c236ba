"""Two gunicorn instances on one database; 20 client processes alternate between them saving
individual scores and editing the consensus through the API. Afterwards: no 5xx, no lost
update (checks.check_scores, checks.check_consensus), every refusal answered as a conflict.

    .venv/bin/python bench/reliability/concurrency.py [--seconds 60] [--clients 20]
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from bench.reliability import checks
from bench.reliability.stack import Timer, arguments, report, run_clients, running_stack

CLIENTS = 20


def run(seconds: float, clients: int = CLIENTS) -> dict:
    timer = Timer()
    with running_stack(servers=2, workers=2) as stack:
        records = run_clients(stack, clients, ["save_score", "edit_consensus"], seconds)
        result = {
            "clients": clients,
            "servers": len(stack.servers),
            "load_seconds": seconds,
            "http": checks.status_counts(records),
            "scores": checks.check_scores(records, stack.data["individual"]["assessment_id"]),
            "consensus": checks.check_consensus(records, stack.data["consensus"]["assessment_id"]),
            **checks.check_structure(),
        }
    result["seconds"] = timer.seconds()
    result["passed"] = passed(result)
    return result


def passed(result: dict) -> bool:
    http = result["http"]
    return (
        http.get("5xx", 0) == 0
        and http.get("no_answer", 0) == 0
        and result["scores"]["lost_updates"] == 0
        and result["scores"]["saves_refused"] == 0
        and result["consensus"]["lost_updates"] == 0
        and result["consensus"]["refused_otherwise"] == 0
        and result["consensus"]["silently_dropped_or_applied"] == 0
        and result["audit_chain"] == "intact"
    )


if __name__ == "__main__":
    options = arguments(__doc__ or "", 60, clients=CLIENTS)
    outcome = run(options.seconds, options.clients)
    report(outcome, options.json)
    sys.exit(0 if outcome["passed"] else 1)
