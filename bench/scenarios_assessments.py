"""Assessments: the feedback report of a 40-criterion assessment as HTML and as a PDF, and the
consensus page with 3 evaluators."""

from __future__ import annotations

from bench.harness import Client, scenario, timed
from rodtrad.accounts.actor import Actor
from rodtrad.accounts.models import Membership, Organisation, User
from rodtrad.accounts.roles import Role
from rodtrad.assessments import selectors, services
from rodtrad.assessments.charts import group_chart
from rodtrad.common import clock
from rodtrad.common.pdf import render_pdf
from rodtrad.qualitymodels.models import (
    Criterion,
    CriterionGroup,
    ModelVersion,
    QualityModel,
    Scale,
    ScaleStep,
)


def _version(criteria: int = 40, groups: int = 8) -> ModelVersion:
    model = QualityModel.objects.create(name="Benchmodell")
    version = ModelVersion.objects.create(
        model=model,
        number=1,
        total_points=25 * criteria,
        approach_points=25 * criteria,
        results_points=0,
    )
    group_objects = [
        CriterionGroup.objects.create(version=version, code=f"G{g}", order=g, name=f"Grupp {g}")
        for g in range(groups)
    ]
    Criterion.objects.bulk_create(
        Criterion(
            version=version,
            group=group_objects[i % groups],
            code=f"C{i}",
            order=i,
            name=f"Kriterium {i} om arbetssätt och uppföljning",
            kind="approach",
            max_points=25,
            description="Beskrivning " * 20,
            questions=["Hur arbetar ni?"] * 3,
            guidance="Vägledning " * 30,
        )
        for i in range(criteria)
    )
    scale = Scale.objects.create(version=version, kind="approach", name="Skala")
    ScaleStep.objects.bulk_create(
        ScaleStep(scale=scale, percent=p, label=f"{p} %", description="Nivåtext " * 15)
        for p in range(0, 101, 10)
    )
    ModelVersion.objects.filter(pk=version.pk).update(frozen_at=clock.now())
    version.refresh_from_db()
    return version


def _finished_assessment():
    org = Organisation.objects.create(
        name="Bench omsorg", organisation_number="556900-1117", kind="buyer"
    )
    people = User.objects.bulk_create(
        [User(email=f"bench{i}@bench.se", full_name=f"Bänk {i}") for i in range(4)]
    )
    Membership.objects.bulk_create(
        [Membership(user=u, organisation=org, role=Role.EVALUATOR) for u in people]
        + [Membership(user=people[0], organisation=org, role=Role.ADMIN)]
    )
    actor = Actor.for_user
    assessment = services.create_self_assessment(
        actor=actor(people[0]),
        organisation=org,
        title="Bänkvärdering",
        model_version=_version(),
        chair=people[1],
        evaluators=[*people[2:], people[0]],
    )
    services.start_individual(actor=actor(people[0]), assessment=assessment)
    for person in people:
        services.sign_declaration(actor=actor(person), assessment=assessment, conflict=False)
        for item in assessment.scope.select_related("criterion"):
            services.save_individual_score(
                actor=actor(person),
                assessment=assessment,
                item=item,
                percent=50,
                strengths=[f"Styrka för {item.criterion.code} " * 3] * 2,
                improvements=[f"Förbättring för {item.criterion.code} " * 3] * 2,
            )
        services.submit_individual(actor=actor(person), assessment=assessment)
    services.start_consensus(actor=actor(people[1]), assessment=assessment)
    assessment.refresh_from_db()
    consensus_page = (people[1], assessment.pk)
    for row in selectors.consensus_rows(actor(people[1]), assessment):
        services.save_consensus(
            actor=actor(people[1]),
            assessment=assessment,
            item=row.item,
            percent=row.suggested,
            rationale="",
            strengths=row.consensus.strengths,
            improvements=row.consensus.improvements,
            revision=row.consensus.revision,
            suggested=row.suggested,
        )
    services.finalise(actor=actor(people[1]), assessment=assessment)
    return people, assessment, consensus_page


@scenario("feedback report, 40 criteria, 4 evaluators: HTML page, PDF render")
def report_40() -> dict:
    people, assessment, _ = _finished_assessment()
    client = Client()
    client.force_login(people[0])
    url = f"/assessments/{assessment.pk}/report/"
    assert client.get(url).status_code == 200
    page = timed(lambda: client.get(url))
    report = selectors.feedback_report(Actor.for_user(people[0]), assessment)
    context = {"assessment": assessment, "report": report, "chart": group_chart(report)}
    pdf = timed(lambda: render_pdf("pdf/assessment_report.html", context), repeat=3)
    size = len(render_pdf("pdf/assessment_report.html", context))
    consensus_client = Client()
    consensus_client.force_login(people[1])
    consensus = timed(lambda: consensus_client.get(f"/assessments/{assessment.pk}/consensus/"))
    return {
        "html_median_ms": page["median_ms"],
        "pdf_median_ms": pdf["median_ms"],
        "pdf_kb": round(size / 1024, 1),
        "consensus_page_median_ms": consensus["median_ms"],
    }
