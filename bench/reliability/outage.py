"""Stop the database for 10 s under load and start it again. During the outage pages and the API
answer 503 with Retry-After and the message (the API in its error format), /healthz says 503,
nothing answers 500 or hangs past the client timeout; afterwards the service recovers by itself
(persistent connections, DATABASE_CONN_MAX_AGE=60, are dropped by the health check).

    .venv/bin/python bench/reliability/outage.py [--seconds 10]
"""

from __future__ import annotations

import sys
import threading
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from bench.reliability.stack import (
    Stack,
    Timer,
    arguments,
    report,
    run_clients,
    running_stack,
)
from bench.reliability.workload import Record

CLIENTS = 4
WARM_UP = 5.0
AFTER = 20.0


def take_database_away(stack: Stack, outage: float, moments: dict[str, float]) -> None:
    time.sleep(WARM_UP)
    moments["stopping"] = time.monotonic()
    stack.cluster.stop("fast")
    moments["down"] = time.monotonic()
    time.sleep(outage)
    moments["starting"] = time.monotonic()
    stack.cluster.start()
    moments["up"] = time.monotonic()


def _outage_answers(records: list[Record], moments: dict[str, float]) -> dict:
    during = [
        r for r in records if r["t_send"] >= moments["down"] and r["t_ack"] <= moments["starting"]
    ]
    reads = [r for r in during if r["kind"] != "healthz"]
    health = [r for r in during if r["kind"] == "healthz"]
    return {
        "requests": len(during),
        "statuses": dict(Counter(str(r["status"]) for r in during)),
        "pages_and_api_503_as_specified": sum(1 for r in reads if r["valid_503"]),
        "pages_and_api_other": sum(1 for r in reads if not r["valid_503"]),
        "healthz_503": sum(1 for r in health if r["status"] == 503),
        "healthz_other": sum(1 for r in health if r["status"] != 503),
        "slowest_answer_seconds": round(
            max((r["t_ack"] - r["t_send"] for r in during), default=0), 2
        ),
    }


def _recovery(records: list[Record], moments: dict[str, float]) -> dict:
    after = sorted(
        (r for r in records if r["t_send"] >= moments["up"] and r["kind"] != "healthz"),
        key=lambda r: r["t_ack"],
    )
    first = next((n for n, r in enumerate(after) if r["status"] == 200), None)
    if first is None:
        return {"recovered": False}
    settled = after[first]["t_ack"] + 1.0
    return {
        "recovered": True,
        "requests_until_first_200": first + 1,
        "seconds_to_first_200": round(after[first]["t_ack"] - moments["up"], 2),
        "failures_after_recovery": sum(
            1 for r in after if r["t_send"] > settled and r["status"] != 200
        ),
    }


def run(outage: float) -> dict:
    timer = Timer()
    with running_stack(servers=1, workers=2, extra_env={"DATABASE_CONN_MAX_AGE": "60"}) as stack:
        moments: dict[str, float] = {}
        controller = threading.Thread(target=take_database_away, args=(stack, outage, moments))
        controller.start()
        try:
            records = run_clients(stack, CLIENTS, ["browse"], WARM_UP + outage + AFTER)
        finally:
            controller.join()
    all_statuses = Counter(r["status"] for r in records)
    result = {
        "clients": CLIENTS,
        "outage_seconds": round(moments["up"] - moments["stopping"], 1),
        "requests": len(records),
        "http_500_or_other_5xx": sum(
            n for s, n in all_statuses.items() if s and s >= 500 and s != 503
        ),
        "no_answer_or_timeout": all_statuses.get(None, 0),
        "during_outage": _outage_answers(records, moments),
        "after_restart": _recovery(records, moments),
    }
    result["seconds"] = timer.seconds()
    result["passed"] = passed(result)
    return result


def passed(result: dict) -> bool:
    during, after = result["during_outage"], result["after_restart"]
    return (
        result["http_500_or_other_5xx"] == 0
        and result["no_answer_or_timeout"] == 0
        and during["pages_and_api_other"] == 0
        and during["healthz_other"] == 0
        and during["pages_and_api_503_as_specified"] > 0
        and after["recovered"]
        and after["failures_after_recovery"] == 0
    )


if __name__ == "__main__":
    options = arguments(__doc__ or "", 10)
    outcome = run(options.seconds)
    report(outcome, options.json)
    sys.exit(0 if outcome["passed"] else 1)
