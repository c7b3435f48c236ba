"""The whole system under test for one run: a throwaway cluster with the data set, N gunicorn
instances on it, and client processes. Everything is stopped and removed on the way out, also
when the run fails (try/finally here, atexit in Cluster and Gunicorn)."""

from __future__ import annotations

import argparse
import contextlib
import json
import multiprocessing
import shutil
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench.reliability import app, dataset
from bench.reliability.cluster import Cluster, free_port
from bench.reliability.workload import Record, read_logs, run_worker


@dataclass
class Stack:
    cluster: Cluster
    servers: list[app.Gunicorn]
    data: dict[str, Any]
    var_dir: Path
    env: dict[str, str] = field(default_factory=dict)

    @property
    def bases(self) -> list[str]:
        return [server.base for server in self.servers]


@contextlib.contextmanager
def running_stack(
    servers: int = 2, workers: int = 2, extra_env: dict[str, str] | None = None
) -> Iterator[Stack]:
    cluster = Cluster()
    var_dir = Path(tempfile.mkdtemp(prefix="rodtrad-reliability-"))
    started: list[app.Gunicorn] = []
    try:
        cluster.init()
        cluster.start()
        app.setup_django(cluster.url, str(var_dir))
        data = dataset.build()
        app.close_connections()
        env = app.app_env(cluster.url, str(var_dir), **(extra_env or {}))
        for _ in range(servers):
            started.append(app.Gunicorn(env, free_port(), workers).start())
        yield Stack(cluster, started, data, var_dir, env)
    finally:
        for server in started:
            server.stop()
        with contextlib.suppress(Exception):
            app.close_connections()
        cluster.cleanup()
        shutil.rmtree(var_dir, ignore_errors=True)


def run_clients(stack: Stack, count: int, actions: list[str], seconds: float) -> list[Record]:
    """`count` client processes (fork: the data set is inherited) for `seconds`; their logs."""
    app.close_connections()  # never share a database connection with a child
    logs = [str(stack.var_dir / f"client-{n}.jsonl") for n in range(count)]
    context = multiprocessing.get_context("fork")
    processes = [
        context.Process(
            target=run_worker, args=(n, stack.bases, stack.data, actions, seconds, logs[n])
        )
        for n in range(count)
    ]
    for process in processes:
        process.start()
    try:
        for process in processes:
            process.join(timeout=seconds + 120)
    finally:
        for process in processes:
            if process.is_alive():
                process.terminate()
    return read_logs([log for log in logs if Path(log).exists()])


def arguments(description: str, seconds: float, **numbers: int) -> argparse.Namespace:
    """--seconds, --json and one --name per keyword (an int with that default)."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--seconds", type=float, default=seconds)
    for name, default in numbers.items():
        parser.add_argument(f"--{name}", type=int, default=default)
    parser.add_argument("--json", help="also write the result to this file")
    return parser.parse_args()


def report(result: dict[str, Any], path: str | None) -> None:
    text = json.dumps(result, indent=2, sort_keys=True)
    print(text)
    if path:
        Path(path).write_text(text + "\n")


class Timer:
    def __init__(self) -> None:
        self.started = time.monotonic()

    def seconds(self) -> float:
        return round(time.monotonic() - self.started, 1)


def bootstrap() -> None:
    """Let the scripts run as files (python bench/reliability/x.py) as well as modules."""
    root = str(Path(__file__).resolve().parents[2])
    if root not in sys.path:
        sys.path.insert(0, root)
