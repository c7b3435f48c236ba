"""Path converters shared by every page URL.

`<id:…>` matches a database id: digits that fit a signed 64-bit integer. A longer number is no
match (404, as for any id that does not exist) instead of reaching the database, where SQLite
raises an overflow error (a 500). The API checks its ids the same way (`api.schemas.Id`).
"""

from __future__ import annotations

MAX_ID = 2**63 - 1


class IdConverter:
    regex = "[0-9]{1,19}"

    def to_python(self, value: str) -> int:
        number = int(value)
        if number > MAX_ID:
            raise ValueError(value)
        return number

    def to_url(self, value: int) -> str:
        return str(int(value))
