"""A compact corpus of hostile input for the security tests.

Each payload is a plain string that a person could paste into a text field. They are grouped by
what they try: markup and script injection (XSS), template injection, SQL injection, sheer size,
and characters that are easy to mishandle (control characters, bidirectional overrides, joiners,
combining marks, astral characters, Swedish letters). No payload starts or ends with white space,
so a service that trims input does not count as mangling it.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Payload:
    name: str
    text: str
    kind: str  # "xss", "template", "sql", "long", "unicode", "control", "nul"

    @property
    def storable(self) -> bool:
        """Whether a text field may keep it exactly (NUL cannot be stored by PostgreSQL)."""
        return self.kind != "nul"


XSS = [
    Payload("script", "<script>alert('xss-1')</script>", "xss"),
    Payload("attribute", "\"><img src=x onerror=alert('xss-2')>", "xss"),
    Payload("single-quote", "' onmouseover='alert(3)' x='", "xss"),
    Payload("javascript-url", "javascript:alert('xss-4')", "xss"),
    Payload("svg", "<svg onload=alert('xss-5')></svg>", "xss"),
    Payload("remote-image", '<img src="http://127.0.0.1:9/leak.png">', "xss"),
    Payload("style-import", "<style>@import url(http://127.0.0.1:9/x.css);</style>", "xss"),
]

TEMPLATE = [
    Payload("mustache", "{{7*7}} ${7*7} #{7*7}", "template"),
    Payload("django-tag", "{% debug %}{% load static %}", "template"),
]

SQL = [
    Payload("sql-quote", "' OR '1'='1' --", "sql"),
    Payload("sql-drop", "Robert'); DROP TABLE accounts_user;--", "sql"),
    Payload("sql-union", '1" UNION SELECT password FROM accounts_user --', "sql"),
]

LONG = Payload("long", "Lång text " + "x" * 99_990, "long")
assert len(LONG.text) == 100_000

UNICODE = [
    Payload("swedish", "Åsa Öberg på Ängsvägen: ÅÄÖ åäö", "unicode"),
    Payload("rtl-override", "abc\u202edcba\u202c.exe", "unicode"),
    Payload("zero-width", "famil\u200dj 👨\u200d👩\u200d👧 x\u200by", "unicode"),
    Payload("combining", "e\u0301 a\u030a Z\u0351\u0352\u0353\u0354 å", "unicode"),
    Payload("emoji", "Omsorg 💚🧓🏽 och 🏥", "unicode"),
    Payload("astral", "\U00010000\U0001d11e\U0010fffd \ud7ff\ue000", "unicode"),
]

CONTROL = [
    Payload("escape", "före\x1b[31mröd\x1b[0m efter", "control"),
    Payload("bell-tab", "a\x07b\tc\x0bd\x0ce\x7f", "control"),
]

NUL = Payload("nul", "före\x00efter", "nul")

ALL: list[Payload] = [*XSS, *TEMPLATE, *SQL, LONG, *UNICODE, *CONTROL, NUL]

# What must never appear verbatim in an HTML page or in a PDF's markup: the active part of
# each XSS payload.
ACTIVE_MARKUP = [
    "<script>alert(",
    "<img src=x onerror=",
    "<svg onload=",
    '<img src="http://',
    "<style>@import",
    "' onmouseover='alert(3)",
]


def by_name(name: str) -> Payload:
    return next(payload for payload in ALL if payload.name == name)


def short() -> list[Payload]:
    """Every payload except the long one (for fields with a small limit)."""
    return [payload for payload in ALL if payload.kind != "long"]
