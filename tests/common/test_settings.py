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
