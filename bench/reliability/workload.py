"""What the client processes do, one action at a time, alternating between the servers. Every
action returns log records: what was sent to which row, when it was sent and answered, and the
answer (status None: no HTTP answer). The checks in checks.py read these records."""

from __future__ import annotations

import json
import random
import time
from pathlib import Path
from typing import Any

from bench.reliability.client import Answer, request

MESSAGE_503 = "The service is temporarily unavailable – try again in a minute"
BROWSE_TIMEOUT = 10.0  # longer than this counts as a hang
# The smallest PDF the upload check accepts (magic bytes and an EOF marker).
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

Record = dict[str, Any]


class Worker:
    """One client process: its number, the servers, the data set and its own random stream."""

    def __init__(self, index: int, bases: list[str], data: dict[str, Any]) -> None:
        self.index = index
        self.bases = bases
        self.data = data
        self.rng = random.Random(index)
        self.sequence = 0
        self.revisions: dict[str, int] = {}  # consensus revision last seen per item

    def base(self) -> str:
        self.sequence += 1
        return self.bases[self.sequence % len(self.bases)]

    def stamp(self) -> str:
        return f"c{self.index}-{self.sequence}-{self.rng.randrange(10**9)}"

    def call(self, method: str, path: str, token: str, **kwargs: Any) -> tuple[Answer, Record]:
        sent = time.monotonic()
        answer = request(self.base() + path, method=method, token=token, **kwargs)
        record = {
            "method": method,
            "path": path,
            "status": answer.status,
            "code": answer.code,
            "t_send": sent,
            "t_ack": time.monotonic(),
            "client": self.index,
        }
        return answer, record

    # --- individual scores -------------------------------------------------------------------

    def save_score(self) -> list[Record]:
        stage = self.data["individual"]
        person = stage["people"][self.index % len(stage["people"])]
        item = self.rng.choice(sorted(stage["steps"]))
        percent = self.rng.choice(stage["steps"][item])
        value = self.stamp()
        _answer, record = self.call(
            "PUT",
            f"/api/v1/assessments/{stage['assessment_id']}/my-scores/{item}",
            person["token"],
            body={"percent": percent, "strengths": [value], "improvements": [], "notes": value},
        )
        row = f"{person['user_id']}:{item}"
        return [{**record, "kind": "score", "row": row, "value": value, "percent": percent}]

    # --- consensus ---------------------------------------------------------------------------

    def _consensus_path(self) -> str:
        return f"/api/v1/assessments/{self.data['consensus']['assessment_id']}/consensus"

    def read_consensus(self, token: str) -> Record:
        answer, record = self.call("GET", self._consensus_path(), token)
        if answer.status == 200:
            for row in answer.body:
                self.revisions[str(row["item_id"])] = row["revision"]
        return {**record, "kind": "read"}

    def edit_consensus(self) -> list[Record]:
        stage = self.data["consensus"]
        person = stage["people"][self.index % len(stage["people"])]
        records = []
        if not self.revisions or self.rng.random() < 0.5:  # else: edit what we saw before
            records.append(self.read_consensus(person["token"]))
        item = self.rng.choice(sorted(stage["steps"]))
        percent = self.rng.choice(stage["steps"][item])
        value = self.stamp()
        sent_revision = self.revisions.get(item, 0)
        answer, record = self.call(
            "PUT",
            f"{self._consensus_path()}/{item}",
            person["token"],
            body={
                "percent": percent,
                "rationale": value,
                "strengths": [],
                "improvements": [],
                "revision": sent_revision,
            },
        )
        revision = self._revision_after(answer)
        if revision is not None:
            self.revisions[item] = revision
        records.append(
            {
                **record,
                "kind": "consensus",
                "row": item,
                "value": value,
                "percent": percent,
                "revision_sent": sent_revision,
                "revision": revision if answer.status == 200 else None,
            }
        )
        return records

    @staticmethod
    def _revision_after(answer: Answer) -> int | None:
        if answer.status == 200:
            return int(answer.body["revision"])
        if answer.status == 409:
            details = answer.body["error"]["details"]
            return next(int(d["message"]) for d in details if d["field"] == "revision")
        return None

    # --- tenders -----------------------------------------------------------------------------

    def tender_step(self) -> list[Record]:
        """Attach a file, change the draft (with the revision read just before) and submit
        (unless the tender is one that is never submitted)."""
        stage = self.data["tendering"]
        tender = stage["tenders"][self.index % len(stage["tenders"])]
        path, token = f"/api/v1/tenders/{tender['tender_id']}", tender["token"]
        records = []
        answer, record = self.call(
            "POST",
            f"{path}/attachments",
            token,
            multipart={
                "purpose": "criterion",
                "ref": str(self.rng.choice(stage["criterion_refs"])),
                "file": (f"bilaga-{self.stamp()}.pdf", PDF + self.stamp().encode()),
            },
        )
        records.append({**record, "kind": "attachment", "tender": tender["tender_id"]})
        answer, record = self.call("GET", path, token)
        records.append({**record, "kind": "read", "tender": tender["tender_id"]})
        if answer.status == 200:
            answer, record = self.call(
                "PATCH",
                f"{path}/draft",
                token,
                body={"revision": answer.body["revision"], "partnership": self.stamp()},
            )
            records.append({**record, "kind": "draft", "tender": tender["tender_id"]})
        if not tender["submits"]:
            return records
        answer, record = self.call("POST", f"{path}/submit", token)
        receipt = answer.body if answer.status == 201 else {}
        records.append(
            {
                **record,
                "kind": "submit",
                "tender": tender["tender_id"],
                "number": receipt.get("number"),
                "receipt_hash": receipt.get("receipt_hash"),
            }
        )
        return records


def valid_503(answer: Answer, api: bool) -> bool:
    """The outage answer: Retry-After and the message, in the API's format under /api/."""
    if answer.status != 503 or answer.headers.get("Retry-After") != "30":
        return False
    if api:
        return answer.code == "database_unavailable" and answer.body["error"]["message"] == (
            MESSAGE_503
        )
    return isinstance(answer.body, str) and MESSAGE_503 in answer.body


class Browser(Worker):
    """A person reading: a page with the browser session, an API read with a token, /healthz."""

    TARGETS = (("page", "/"), ("api", "/api/v1/assessments"), ("healthz", "/healthz"))

    def browse(self) -> list[Record]:
        browsing = self.data["browsing"]
        records = []
        for kind, path in self.TARGETS:
            answer, record = self.call(
                "GET",
                path,
                browsing["token"] if kind == "api" else "",
                cookie=f"sessionid={browsing['session']}" if kind == "page" else "",
                timeout=BROWSE_TIMEOUT,
            )
            records.append(
                {
                    **record,
                    "kind": kind,
                    "valid_503": kind != "healthz" and valid_503(answer, kind == "api"),
                }
            )
        time.sleep(0.1)
        return records


def run_worker(
    index: int, bases: list[str], data: dict[str, Any], actions: list[str], seconds: float,
    log_path: str,
) -> None:  # fmt: skip
    """The body of one client process: random actions until the time is up, logged as JSON lines."""
    worker = (Browser if "browse" in actions else Worker)(index, bases, data)
    deadline = time.monotonic() + seconds
    with Path(log_path).open("w") as log:
        while time.monotonic() < deadline:
            action = getattr(worker, worker.rng.choice(actions))
            for record in action():
                log.write(json.dumps(record) + "\n")
            log.flush()


def read_logs(paths: list[str]) -> list[Record]:
    records = []
    for path in paths:
        with Path(path).open() as log:
            records.extend(json.loads(line) for line in log if line.strip())
    return records
