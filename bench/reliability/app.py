"""The application under test: its environment, the Django set-up of the harness process itself
(for building data and checking invariants directly in the database) and gunicorn instances."""

from __future__ import annotations

import atexit
import contextlib
import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
VENV_BIN = ROOT / ".venv" / "bin"
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def app_env(database_url: str, var_dir: str, **extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        {
            "DEBUG": "0",
            "SECRET_KEY": "reliability-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "HTTPS": "0",
            "TWO_FACTOR_ENFORCED": "0",
            "REAUTHENTICATION_MAX_AGE": str(10**9),
            "API_RATE_LIMIT_PER_MINUTE": str(10**9),
            "AXES_FAILURE_LIMIT": "1000",
            "TASKS_BACKEND": "immediate",
            "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
            "DATABASE_URL": database_url,
            "RODTRAD_VAR_DIR": var_dir,
            "DJANGO_SETTINGS_MODULE": "rodtrad.settings",
            "LOG_LEVEL": "CRITICAL",
        }
    )
    env.update(extra)
    return env


def setup_django(database_url: str, var_dir: str) -> None:
    """Configure Django in this process against the throwaway cluster and migrate it."""
    os.environ.update(app_env(database_url, var_dir))
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)


def close_connections() -> None:
    """Before forking client processes and before stopping the cluster."""
    from django.db import connections

    connections.close_all()


class Gunicorn:
    """One gunicorn master with `workers` sync workers on 127.0.0.1:port."""

    def __init__(self, env: dict[str, str], port: int, workers: int = 2) -> None:
        self.env = env
        self.port = port
        self.workers = workers
        # in the run's own directory, removed with it
        self.log = Path(env["RODTRAD_VAR_DIR"]) / f"gunicorn-{port}.log"
        self.process: subprocess.Popen | None = None
        atexit.register(self.stop)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 60) -> Gunicorn:
        command = [
            str(VENV_BIN / "gunicorn"), "rodtrad.wsgi",
            "-w", str(self.workers), "-b", f"127.0.0.1:{self.port}",
            "--timeout", "30", "--graceful-timeout", "5",
        ]  # fmt: skip
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(
                command, env=self.env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT
            )
        self.wait_ready(timeout)
        return self

    def wait_ready(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with (
                contextlib.suppress(OSError),
                urllib.request.urlopen(self.base + "/healthz", timeout=2) as answer,
            ):
                if answer.status == 200:
                    return
            time.sleep(0.3)
        raise TimeoutError(f"gunicorn on {self.port} did not answer; see {self.log}")

    def worker_pids(self) -> list[int]:
        """The workers are the master's children (pgrep -P), never the master itself."""
        if self.process is None:
            return []
        found = subprocess.run(
            ["pgrep", "-P", str(self.process.pid)], capture_output=True, text=True
        ).stdout
        return [int(pid) for pid in found.split()]

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
