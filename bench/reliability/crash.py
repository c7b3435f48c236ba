"""kill -9 gunicorn workers (never the master) again and again while providers attach files,
change drafts and submit tenders and evaluators save scores. Afterwards every tender is either
submitted with valid receipts or not submitted, every attachment row has its sealed file, every
acknowledged receipt is stored, no score sits outside its assessment, the audit chain holds.

    .venv/bin/python bench/reliability/crash.py [--seconds 90] [--kills 30]
"""

from __future__ import annotations

import os
import random
import signal
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from bench.reliability import checks
from bench.reliability.stack import (
    Stack,
    Timer,
    arguments,
    report,
    run_clients,
    running_stack,
)

CLIENTS = 10  # two more than tenders: two tenders get two writers at once
ACTIONS = ["tender_step", "tender_step", "save_score"]


def kill_workers(stack: Stack, kills: int, seconds: float, done: list[int]) -> None:
    """Spread `kills` SIGKILLs over `seconds`, each to a random worker of a random server."""
    rng = random.Random(7)
    interval = seconds / (kills + 1)
    for _ in range(kills):
        time.sleep(interval)
        pids = [pid for server in stack.servers for pid in server.worker_pids()]
        if not pids:
            continue
        try:
            os.kill(rng.choice(pids), signal.SIGKILL)
        except ProcessLookupError:
            continue
        done.append(1)


def run(seconds: float, kills: int = 30) -> dict:
    timer = Timer()
    with running_stack(servers=2, workers=2) as stack:
        killed: list[int] = []
        killer = threading.Thread(target=kill_workers, args=(stack, kills, seconds, killed))
        killer.start()
        try:
            records = run_clients(stack, CLIENTS, ACTIONS, seconds)
        finally:
            killer.join()
        result = {
            "clients": CLIENTS,
            "load_seconds": seconds,
            "kills": len(killed),
            "http": checks.status_counts(records),
            "tenders": checks.check_tenders(records, stack.data["tendering"]["procurement_id"]),
            "scores": checks.check_scores(records, stack.data["individual"]["assessment_id"]),
            **checks.check_structure(),
        }
    result["seconds"] = timer.seconds()
    result["passed"] = passed(result)
    return result


def passed(result: dict) -> bool:
    tenders = result["tenders"]
    return (
        result["http"].get("5xx", 0) == 0
        and tenders["tenders_inconsistent"] == 0
        and tenders["submissions_with_bad_receipt"] == 0
        and tenders["acknowledged_receipts_missing"] == 0
        and tenders["attachments_without_content"] == 0
        and result["scores"]["lost_updates"] == 0
        and result["scores_outside_their_assessment"] == 0
        and result["audit_chain"] == "intact"
    )


if __name__ == "__main__":
    options = arguments(__doc__ or "", 90, kills=30)
    outcome = run(options.seconds, options.kills)
    report(outcome, options.json)
    sys.exit(0 if outcome["passed"] else 1)
