"""Every dependency the project declares is locked: uv.lock was made from this pyproject.toml
(`uv sync --frozen` installs the lock as it is and would not notice a stale one)."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _name(requirement: str) -> str:
    return re.split(r"[\[<>=!~;\s]", requirement, maxsplit=1)[0].lower().replace("_", "-")


def _specifier(requirement: str) -> str:
    return re.sub(r"^[A-Za-z0-9_.\-]+(\[[^\]]*\])?", "", requirement).strip()


def test_the_lock_file_matches_the_declared_dependencies():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())
    lock = tomllib.loads((ROOT / "uv.lock").read_text())
    ours = next(p for p in lock["package"] if p["name"] == project["project"]["name"])
    locked_runtime = {r["name"]: r.get("specifier", "") for r in ours["metadata"]["requires-dist"]}
    declared_runtime = {_name(r): _specifier(r) for r in project["project"]["dependencies"]}
    assert locked_runtime == declared_runtime
    for group, requirements in project["dependency-groups"].items():
        locked = {
            r["name"]: r.get("specifier", "") for r in ours["metadata"]["requires-dev"][group]
        }
        assert locked == {_name(r): _specifier(r) for r in requirements}, group


def test_every_package_in_the_lock_is_pinned_with_hashes():
    lock = tomllib.loads((ROOT / "uv.lock").read_text())
    versions = {p["name"]: p.get("version") for p in lock["package"]}
    assert all(versions.values()), [n for n, v in versions.items() if not v]
    for package in lock["package"]:
        if package["source"].get("registry"):
            files = package.get("wheels", []) + ([package["sdist"]] if "sdist" in package else [])
            assert files and all(f["hash"].startswith("sha256:") for f in files), package["name"]
