"""Page timings in a seeded scale scenario.

    rodtrad seed-scale municipality          # or national, into the database below
    .venv/bin/python bench/scale.py --scenario municipality --database-url postgres://…

Times each page of bench/scenarios_scale.py through Django's test client (2 warm-ups, then 20
samples; median and p95 in ms) and counts its queries; writes bench/results/scale-<scenario>.json
and .md and prints the table. Reads only; the database is left as it was (apart from sessions).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def configure(database_url: str) -> None:
    var_dir = os.environ.get("RODTRAD_VAR_DIR") or tempfile.mkdtemp(prefix="rodtrad-scale-")
    os.environ.update(
        {
            "DEBUG": "0",
            "SECRET_KEY": os.environ.get("SECRET_KEY", "bench-scale-secret-key-0123456789-abcdef"),
            "HTTPS": "0",
            "ALLOWED_HOSTS": "testserver",
            "TWO_FACTOR_ENFORCED": "0",
            "TASKS_BACKEND": "immediate",
            "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
            "RODTRAD_VAR_DIR": var_dir,
            "DATABASE_URL": database_url,
            "DJANGO_SETTINGS_MODULE": "rodtrad.settings",
        }
    )
    import django

    django.setup()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scenario", choices=["municipality", "national"], required=True)
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", ""))
    parser.add_argument("--samples", type=int, default=20)
    parser.add_argument("--only", nargs="*", default=[], help="words in the page names to run")
    args = parser.parse_args()
    configure(args.database_url)
    from bench import scenarios_scale

    rows = []
    for page in scenarios_scale.pages():
        if args.only and not any(word in page.name for word in args.only):
            continue
        rows.append(scenarios_scale.measure(page, args.samples))
        print(json.dumps(rows[-1], ensure_ascii=False), flush=True)
    table = scenarios_scale.markdown(rows, f"Scale scenario: {args.scenario}")
    print(table)
    out = ROOT / "bench" / "results"
    out.mkdir(exist_ok=True)
    (out / f"scale-{args.scenario}.json").write_text(json.dumps(rows, indent=2, ensure_ascii=False))
    (out / f"scale-{args.scenario}.md").write_text(table)
    return 0


if __name__ == "__main__":
    sys.exit(main())
