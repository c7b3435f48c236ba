"""Real HTTP for the client processes: urllib, a bearer token, JSON in and out. Transport
failures (refused, reset, timeout) come back as status None, never as an exception."""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass
from typing import Any

TIMEOUT = 30.0


@dataclass
class Answer:
    status: int | None  # None: no HTTP answer at all
    body: Any
    headers: dict[str, str]
    seconds: float

    @property
    def code(self) -> str:
        """The API error code, if the body is the API's error format."""
        if isinstance(self.body, dict) and isinstance(self.body.get("error"), dict):
            return str(self.body["error"].get("code", ""))
        return ""


def _decode(raw: bytes, content_type: str) -> Any:
    if "json" in content_type:
        try:
            return json.loads(raw)
        except ValueError:
            return raw.decode(errors="replace")
    return raw.decode(errors="replace")


def request(
    url: str,
    *,
    method: str = "GET",
    token: str = "",
    body: Any = None,
    multipart: dict[str, tuple[str, bytes] | str] | None = None,
    cookie: str = "",
    timeout: float = TIMEOUT,
) -> Answer:
    headers = {"Accept-Language": "en"}
    data = None
    if cookie:
        headers["Cookie"] = cookie
    if token:
        headers["Authorization"] = f"Bearer {token}"
    if body is not None:
        data = json.dumps(body).encode()
        headers["Content-Type"] = "application/json"
    if multipart is not None:
        data, headers["Content-Type"] = _multipart(multipart)
    started = time.monotonic()
    try:
        with urllib.request.urlopen(
            urllib.request.Request(url, data=data, method=method, headers=headers),
            timeout=timeout,
        ) as response:
            raw, status, answer_headers = response.read(), response.status, response.headers
    except urllib.error.HTTPError as error:
        raw, status, answer_headers = error.read(), error.code, error.headers
    except (TimeoutError, OSError, urllib.error.URLError):
        return Answer(None, None, {}, time.monotonic() - started)
    return Answer(
        status,
        _decode(raw, answer_headers.get("Content-Type", "")),
        dict(answer_headers.items()),
        time.monotonic() - started,
    )


def _multipart(fields: dict[str, tuple[str, bytes] | str]) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    parts: list[bytes] = []
    for name, value in fields.items():
        if isinstance(value, tuple):
            filename, content = value
            head = (
                f'Content-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
                "Content-Type: application/octet-stream\r\n\r\n"
            )
            parts.append(f"--{boundary}\r\n{head}".encode() + content + b"\r\n")
        else:
            head = f'Content-Disposition: form-data; name="{name}"\r\n\r\n'
            parts.append(f"--{boundary}\r\n{head}{value}\r\n".encode())
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"
