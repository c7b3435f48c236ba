"""Lint step: every user-facing string has a Swedish translation.

Extracts the strings again (so a new untranslated string shows up here, not at a user's desk),
then fails listing the messages that are untranslated or fuzzy in the Swedish catalogue.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CATALOGUE = ROOT / "locale" / "sv" / "LC_MESSAGES" / "django.po"


def _msgids(po_text: str) -> list[str]:
    """The msgids of a catalogue's entries (continuation lines joined), header excluded."""
    ids, current, in_msgid = [], None, False
    for line in po_text.splitlines():
        if line.startswith("msgid "):
            current, in_msgid = line[len("msgid ") :].strip('"'), True
        elif in_msgid and line.startswith('"'):
            current = (current or "") + line.strip('"')
        else:
            if in_msgid and current:
                ids.append(current)
            in_msgid = False
    if in_msgid and current:
        ids.append(current)
    return ids


def main() -> int:
    env = {**os.environ, "DEBUG": "1"}
    subprocess.run(
        [
            str(ROOT / ".venv" / "bin" / "rodtrad"),
            "makemessages",
            "-l",
            "sv",
            "--no-location",
            "--no-obsolete",
            "--ignore=.venv",
            "--ignore=.tools",
            "--ignore=tests",
            "--ignore=var",
            "--verbosity=0",
        ],
        check=True,
        cwd=ROOT,
        env=env,
    )
    problems = []
    for flag, label in (("--untranslated", "untranslated"), ("--only-fuzzy", "fuzzy")):
        output = subprocess.run(
            ["msgattrib", flag, "--no-wrap", "--no-obsolete", str(CATALOGUE)],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        problems += [f"{label}: {msgid}" for msgid in _msgids(output)]
    if problems:
        print(f"{CATALOGUE.relative_to(ROOT)} needs Swedish translations:", file=sys.stderr)
        for problem in problems:
            print(f"  {problem}", file=sys.stderr)
        return 1
    print("Translations: every message has a Swedish translation.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
