"""Demo: a finished self-assessment of Ekdala kommun and one of Omsorgshuset Ek AB, both with
the GUM-structured template the municipality then procures with, run through the engine's own
services."""

from __future__ import annotations

import hashlib

from rodtrad.accounts.actor import Actor
from rodtrad.accounts.models import Organisation, User
from rodtrad.assessments import selectors, services
from rodtrad.assessments.models import Assessment
from rodtrad.qualitymodels.models import ModelVersion, QualityModel

STEPS = list(range(0, 101, 10))

STRENGTHS = [
    "Arbetssättet för {topic} är beskrivet och känt av medarbetarna.",
    "Det finns tydliga ansvariga och mål för {topic}.",
    "Resultat för {topic} följs upp regelbundet i ledningsgruppen.",
    "Brukare och närstående har konkreta sätt att påverka {topic}.",
]
IMPROVEMENTS = [
    "Arbetssättet för {topic} används inte lika i alla enheter.",
    "Uppföljningen av {topic} leder sällan till beslutade förbättringar.",
    "Jämförelser med andra verksamheter saknas för {topic}.",
    "Mät effekten av förändringar i {topic} innan de sprids vidare.",
]


def _pick(seed: str, options: list) -> object:
    digest = int(hashlib.sha256(seed.encode()).hexdigest(), 16)
    return options[digest % len(options)]


def _step(seed: str, base: int) -> int:
    digest = int(hashlib.sha256(seed.encode()).hexdigest(), 16)
    return max(0, min(100, base + (digest % 4 - 1) * 10))


def _latest_template(key: str) -> ModelVersion:
    model = QualityModel.objects.get(template_key=key)
    return model.versions.order_by("-number").first()  # type: ignore[return-value]


def run_self_assessment(
    *,
    organisation: Organisation,
    manager: User,
    chair: User,
    evaluators: list[User],
    title: str,
    template_key: str,
    level: int,
) -> Assessment:
    existing = Assessment.objects.filter(subject=organisation, title=title).first()
    if existing is not None:
        return existing
    as_ = Actor.for_user
    assessment = services.create_self_assessment(
        actor=as_(manager),
        organisation=organisation,
        title=title,
        model_version=_latest_template(template_key),
        chair=chair,
        evaluators=evaluators,
    )
    services.start_individual(actor=as_(manager), assessment=assessment)
    panel = [chair, *evaluators]
    for person in panel:
        services.sign_declaration(actor=as_(person), assessment=assessment, conflict=False)
    for person in panel:
        for item in assessment.scope.select_related("criterion"):
            topic = item.criterion.name.lower()
            seed = f"{title}/{person.email}/{item.criterion.code}"
            services.save_individual_score(
                actor=as_(person),
                assessment=assessment,
                item=item,
                percent=_step(seed, level),
                strengths=[str(_pick(seed + "s", STRENGTHS)).format(topic=topic)],
                improvements=[str(_pick(seed + "i", IMPROVEMENTS)).format(topic=topic)],
            )
        services.submit_individual(actor=as_(person), assessment=assessment)
    services.start_consensus(actor=as_(chair), assessment=assessment)
    assessment.refresh_from_db()
    for row in selectors.consensus_rows(as_(chair), assessment):
        services.save_consensus(
            actor=as_(chair),
            assessment=assessment,
            item=row.item,
            percent=row.suggested,
            rationale="",
            strengths=row.consensus.strengths if row.consensus else [],
            improvements=row.consensus.improvements if row.consensus else [],
            revision=row.consensus.revision if row.consensus else 0,
            suggested=row.suggested,
        )
    return services.finalise(actor=as_(chair), assessment=assessment)


def load(people: dict[str, User], organisations: dict[str, Organisation]) -> None:
    from rodtrad.common import clock
    from rodtrad.demo.timeline import Story

    story = Story.now()
    year = story.self_assessment.year
    with clock.frozen_at(story.self_assessment):
        _load(people, organisations, year)


def _load(people: dict[str, User], organisations: dict[str, Organisation], year: int) -> None:
    run_self_assessment(
        organisation=organisations["ekdala"],
        manager=people["anna.upphandlare@ekdala.demo"],
        chair=people["bertil.ordforande@ekdala.demo"],
        evaluators=[
            people["cecilia.utvarderare@ekdala.demo"],
            people["david.utvarderare@ekdala.demo"],
        ],
        title=f"Självvärdering {year} – Ekdala kommun, vård och omsorg",
        template_key="gum-strukturerad",
        level=40,
    )
    run_self_assessment(
        organisation=organisations["omsorgshuset"],
        manager=people["fredrik.anbud@omsorgshuset.demo"],
        chair=people["greta.kvalitet@omsorgshuset.demo"],
        evaluators=[people["fredrik.anbud@omsorgshuset.demo"]],
        title=f"Självvärdering {year} – Omsorgshuset Ek",
        template_key="gum-strukturerad",
        level=50,
    )
