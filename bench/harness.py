"""Shared set-up for the benchmarks: a fresh SQLite database, a scenario registry and timers."""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
_tmp = tempfile.mkdtemp(prefix="rodtrad-bench-")
os.makedirs(os.path.join(_tmp, "static"), exist_ok=True)
os.environ.update(
    {
        "DEBUG": "0",
        "SECRET_KEY": "bench-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
        "HTTPS": "0",
        "ALLOWED_HOSTS": "testserver",
        "TASKS_BACKEND": "immediate",
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "RODTRAD_VAR_DIR": _tmp,
        "DATABASE_URL": f"sqlite:///{_tmp}/bench.sqlite3",
        "DJANGO_SETTINGS_MODULE": "rodtrad.settings",
    }
)

import django  # noqa: E402

django.setup()

from django.test import Client  # noqa: E402

SCENARIOS: list[tuple[str, Callable[[], dict]]] = []


def scenario(name: str):
    def register(function: Callable[[], dict]) -> Callable[[], dict]:
        SCENARIOS.append((name, function))
        return function

    return register


def timed(function: Callable[[], object], repeat: int = 7) -> dict:
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        samples.append(time.perf_counter() - started)
    return {"median_ms": round(statistics.median(samples) * 1000, 2), "runs": repeat}


def peak_memory(function: Callable[[], object]) -> float:
    tracemalloc.start()
    function()
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return round(peak / 1024 / 1024, 2)


__all__ = ["ROOT", "SCENARIOS", "Client", "peak_memory", "scenario", "timed"]
