"""Throughput of a few pages under load: gunicorn (2 workers) against a seeded database, loaded
with wrk (scripts/install-bench-deps.sh installs it).

    .venv/bin/python bench/throughput.py --scenario national --database-url postgres://…

For each page: wrk -t2 -c16 -d30s with a logged-in session cookie; requests/s, latency p50/p99,
non-2xx answers and the ratio to the floor (a light logged-in page). Run it with the SECRET_KEY
(or TENDER_KEY) the database was seeded with: sealed tender content depends on it. Writes
bench/results/throughput-<scenario>.json and .md and prints the table.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# Tender content is sealed with a key derived from SECRET_KEY (unless TENDER_KEY is set), so
# the server must run with the SECRET_KEY the database was seeded with: taken from the
# environment, this default otherwise.
SECRET_KEY = os.environ.get("SECRET_KEY", "bench-scale-secret-key-0123456789-abcdef")
PAGES = ("floor: profile page", "contract page", "evaluation overview")


def server_env(database_url: str, var_dir: str) -> dict[str, str]:
    return {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": SECRET_KEY,
        "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "HTTPS": "0",
        "TWO_FACTOR_ENFORCED": "0",
        "STATIC_MANIFEST": "0",
        "DATABASE_URL": database_url,
        "RODTRAD_VAR_DIR": var_dir,
        "TASKS_BACKEND": "immediate",
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "DJANGO_SETTINGS_MODULE": "rodtrad.settings",
    }


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def sessions_and_urls() -> list[tuple[str, str, str]]:
    """(page name, URL path, session id) for each page, logged in as the page's user."""
    from bench import scenarios_scale

    found = []
    for page in scenarios_scale.pages():
        if page.name in PAGES:
            client = scenarios_scale.client_for(page.user_email)
            found.append((page.name, page.url, client.cookies["sessionid"].value))
    return sorted(found, key=lambda row: PAGES.index(row[0]))


def start_gunicorn(env: dict[str, str], port: int, workers: int) -> subprocess.Popen:
    command = [
        str(ROOT / ".venv" / "bin" / "gunicorn"),
        "rodtrad.wsgi",
        "-w",
        str(workers),
        "-b",
        f"127.0.0.1:{port}",
        "--log-level",
        "warning",
    ]
    return subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True)


def wait_until_up(base: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(base + "/healthz", timeout=2)
            return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError("gunicorn did not come up")


def check_page(base: str, path: str, session: str) -> int:
    request = urllib.request.Request(base + path, headers={"Cookie": f"sessionid={session}"})
    opener = urllib.request.build_opener(NoRedirect)
    try:
        return opener.open(request, timeout=30).status
    except urllib.error.HTTPError as error:
        return error.code


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def _ms(text: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return round(float(number) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[unit], 2)


def parse_wrk(output: str) -> dict:
    percentiles = dict(re.findall(r"^\s+(50|99)%\s+(\S+)", output, re.MULTILINE))
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    errors = re.search(r"Socket errors: (.*)", output)
    return {
        "requests_per_s": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "requests": int(re.search(r"(\d+) requests in", output).group(1)),
        "latency_p50_ms": _ms(percentiles["50"]),
        "latency_p99_ms": _ms(percentiles["99"]),
        "non_2xx": int(non_2xx.group(1)) if non_2xx else 0,
        "socket_errors": errors.group(1).strip() if errors else "",
    }


def run_wrk(url: str, session: str, args: argparse.Namespace) -> dict:
    command = [
        "wrk",
        f"-t{args.threads}",
        f"-c{args.connections}",
        f"-d{args.duration}s",
        "--latency",
        "-H",
        f"Cookie: sessionid={session}",
        url,
    ]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    return parse_wrk(output)


def markdown(rows: list[dict], title: str) -> str:
    lines = [
        f"### {title}",
        "",
        "| page | requests/s | p50 ms | p99 ms | non-2xx | ratio to floor |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    lines += [
        f"| {r['page']} | {r['requests_per_s']} | {r['latency_p50_ms']} | "
        f"{r['latency_p99_ms']} | {r['non_2xx']} | {r['ratio_to_floor']} |"
        for r in rows
    ]
    return "\n".join(lines) + "\n"


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scenario", choices=["municipality", "national"], required=True)
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", ""))
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--duration", type=int, default=30)
    return parser.parse_args()


def main() -> int:
    args = parse_args()
    if shutil.which("wrk") is None:
        print("wrk is missing: run scripts/install-bench-deps.sh", file=sys.stderr)
        return 1
    var_dir = tempfile.mkdtemp(prefix="rodtrad-throughput-")
    env = server_env(args.database_url, var_dir)
    os.environ.update(env)
    import django

    django.setup()
    pages = sessions_and_urls()
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = start_gunicorn(env, port, args.workers)
    rows = []
    try:
        wait_until_up(base)
        for name, path, session in pages:
            status = check_page(base, path, session)
            assert status == 200, f"{name}: {path} answered {status}"
            rows.append({"page": name, "url": path, **run_wrk(base + path, session, args)})
            print(json.dumps(rows[-1]), flush=True)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    floor = rows[0]["requests_per_s"] or 1
    for row in rows:
        row["ratio_to_floor"] = round(row["requests_per_s"] / floor, 2)
    title = (
        f"Throughput: {args.scenario} (gunicorn -w {args.workers}, wrk -t{args.threads} "
        f"-c{args.connections} -d{args.duration}s)"
    )
    table = markdown(rows, title)
    print(table)
    out = ROOT / "bench" / "results"
    out.mkdir(exist_ok=True)
    (out / f"throughput-{args.scenario}.json").write_text(json.dumps(rows, indent=2))
    (out / f"throughput-{args.scenario}.md").write_text(table)
    return 0


if __name__ == "__main__":
    sys.exit(main())
