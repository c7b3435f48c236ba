"""The pages measured in the scale scenarios (`rodtrad seed-scale`): who opens which page of the
municipality's procurement and contract. Ids come from the seeded database, so the same pages
are measured in the municipality and the national scenario."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

WARM_UPS = 2
SAMPLES = 20


@dataclass(frozen=True)
class Page:
    name: str
    url: str
    user_email: str


def pages() -> list[Page]:
    """Every page of the benchmark, with the user of the right role."""
    from rodtrad.contracts.models import Contract
    from rodtrad.demo import scale
    from rodtrad.evaluations.models import TenderEvaluation
    from rodtrad.tenders.models import Tender

    procurement = scale.municipality_exists()
    assert procurement is not None, "seed the database first: rodtrad seed-scale municipality"
    key = procurement.reference_number.split()[0].lower()
    contract = Contract.objects.get(procurement=procurement)
    tenders = list(Tender.objects.filter(procurement=procurement).order_by("id"))
    loser = tenders[1]
    link = TenderEvaluation.objects.filter(tender=loser).first()
    assert link is not None
    p, c = {"procurement_id": procurement.pk}, {"contract_id": contract.pk}
    officer, chair, manager = (
        f"{who}@{key}.scale" for who in ("upphandlare", "ordforande", "avtal")
    )
    provider = f"anbud1@{key}.scale"  # the author of the second (losing) tender
    market = reverse("procurements:market")
    return [
        Page("floor: profile page", reverse("accounts:profile"), officer),
        Page("evaluation overview", reverse("evaluations:overview", kwargs=p), officer),
        Page(
            "consensus page (one tender)",
            reverse("assessments:consensus", kwargs={"assessment_id": link.assessment_id}),
            chair,
        ),
        Page("award page with sensitivity", reverse("award:award", kwargs=p), officer),
        Page(
            "feedback report PDF",
            reverse("award:tender_feedback_pdf", kwargs={"tender_id": loser.pk}),
            provider,
        ),
        Page("procurement report PDF", reverse("award:report_pdf", kwargs=p), officer),
        Page("contract page", reverse("contracts:detail", kwargs=c), manager),
        Page("progression chart (rounds)", reverse("followup:rounds", kwargs=c), manager),
        Page("contract dashboard (follow-up)", reverse("followup:overview"), manager),
        Page(
            "provider's tender page",
            reverse("tenders:tender", kwargs={"tender_id": loser.pk}),
            provider,
        ),
        Page("published procurements list", market, provider),
        Page("search (market, q=Ekbacken)", market + "?q=Ekbacken", provider),
    ]


def client_for(email: str) -> Client:
    from rodtrad.accounts.models import User

    client = Client()
    client.force_login(User.objects.get(email=email))
    return client


def percentile(samples: list[float], share: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def measure(page: Page, samples: int = SAMPLES) -> dict:
    client = client_for(page.user_email)
    fetch: Callable = lambda: client.get(page.url)  # noqa: E731
    for _ in range(WARM_UPS):
        response = fetch()
        assert response.status_code == 200, (page.name, response.status_code)
    timings = []
    for _ in range(samples):
        started = time.perf_counter()
        fetch()
        timings.append((time.perf_counter() - started) * 1000)
    with CaptureQueriesContext(connection) as queries:
        response = fetch()
    return {
        "page": page.name,
        "url": page.url,
        "median_ms": round(statistics.median(timings), 1),
        "p95_ms": round(percentile(timings, 0.95), 1),
        "queries": len(queries.captured_queries),
        "bytes": len(response.content),
        "samples": samples,
    }


def markdown(rows: list[dict], title: str) -> str:
    lines = [f"### {title}", "", "| page | median ms | p95 ms | queries |", "|---|---:|---:|---:|"]
    lines += [f"| {r['page']} | {r['median_ms']} | {r['p95_ms']} | {r['queries']} |" for r in rows]
    return "\n".join(lines) + "\n"
