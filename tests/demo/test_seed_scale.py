"""The scale seed command at a tiny size: the shapes it promises and an intact audit log."""

from io import StringIO

from django.core.management import call_command

from rodtrad.assessments.models import IndividualScore
from rodtrad.audit.services import verify_chain
from rodtrad.contracts.models import Contract
from rodtrad.demo import scale
from rodtrad.followup.models import FollowUpRound, RoundStatus
from rodtrad.procurements.models import Procurement
from rodtrad.tenders.models import Tender


def test_seed_scale_national_contains_the_municipality_and_keeps_the_audit_log(db):
    out = StringIO()
    # 0.002 of 3,000: six procurements besides the municipality's, four with a contract.
    call_command("seed_scale", "national", "--scale", "0.002", "--tiny", stdout=out)

    municipality = scale.municipality_exists()
    assert municipality is not None
    assert Tender.objects.filter(procurement=municipality).count() == scale.TINY.tenders
    assert Procurement.objects.count() == 1 + 6
    assert Tender.objects.count() == 7 * scale.TINY.tenders
    assert Contract.objects.count() == 1 + 4
    done = FollowUpRound.objects.filter(status=RoundStatus.DONE)
    assert done.count() == 5 * scale.TINY.rounds
    # Each lifecycle: every panel member scores every criterion of every tender.
    per_tender = scale.TINY.evaluators * (scale.APPROACH_CRITERIA + scale.RESULTS_CRITERIA)
    tender_scores = IndividualScore.objects.filter(item__assessment__purpose="tender")
    assert tender_scores.count() == 7 * scale.TINY.tenders * per_tender
    # Copies share the template's people and bypass the audit log: the chain stays intact.
    assert verify_chain() is None
    call_command("verify_audit_log", stdout=StringIO())
    assert f"municipality procurement id: {municipality.pk}" in out.getvalue()
