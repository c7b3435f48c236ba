"""The settings module in production mode, run in a subprocess with a clean environment."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
RODTRAD = str(Path(sys.executable).parent / "rodtrad")


def _run(args, **env):
    base = {"PATH": os.environ["PATH"], "HOME": os.environ.get("HOME", "/tmp")}
    return subprocess.run(
        [RODTRAD, *args], cwd=ROOT, env={**base, **env}, capture_output=True, text=True
    )


def test_check_deploy_reports_no_warnings_with_production_settings(tmp_path):
    result = _run(
        ["check", "--deploy", "--fail-level", "WARNING"],
        SECRET_KEY="x" * 20 + "production-secret-with-enough-entropy-0123456789",
        ALLOWED_HOSTS="rodtrad.ekdala.se",
        RODTRAD_VAR_DIR=str(tmp_path),
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_missing_secret_key_stops_the_start_when_not_debugging(tmp_path):
    result = _run(["check"], RODTRAD_VAR_DIR=str(tmp_path))
    assert result.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is off" in result.stderr


def test_a_bad_boolean_stops_the_start(tmp_path):
    result = _run(["check"], DEBUG="maybe", RODTRAD_VAR_DIR=str(tmp_path))
    assert result.returncode != 0
    assert "DEBUG='maybe' is not a boolean" in result.stderr


def test_time_zone_defaults_to_stockholm(settings):
    assert settings.TIME_ZONE == "Europe/Stockholm"
    assert settings.LANGUAGE_CODE == "sv"


def test_a_database_cache_shares_rate_limits_between_processes(tmp_path):
    """Scaling out: with CACHE_BACKEND=database a limit counts across processes (and servers),
    where the default local-memory cache would let each process count on its own."""
    env = {"DEBUG": "1", "RODTRAD_VAR_DIR": str(tmp_path), "CACHE_BACKEND": "database"}
    created = _run(["createcachetable"], **env)
    assert created.returncode == 0, created.stderr
    count = (
        "from rodtrad.common import ratelimit; "
        "print(ratelimit.hit('login:someone', limit=1, window=3600))"
    )
    answers = [_run(["shell", "--no-imports", "-c", count], **env).stdout.strip() for _ in range(2)]
    assert answers == ["True", "False"]
    local = {**env, "CACHE_BACKEND": "local"}
    answers = [
        _run(["shell", "--no-imports", "-c", count], **local).stdout.strip() for _ in range(2)
    ]
    assert answers == ["True", "True"]


def test_an_unknown_cache_backend_stops_the_start(tmp_path):
    result = _run(["check"], DEBUG="1", CACHE_BACKEND="redis", RODTRAD_VAR_DIR=str(tmp_path))
    assert result.returncode != 0
    assert "CACHE_BACKEND='redis' must be one of: local, database" in result.stderr
