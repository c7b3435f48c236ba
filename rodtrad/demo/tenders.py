"""Demo: three providers tender for Ekbacken (one replaces its tender before the deadline); two
openers open them after the deadline and the procurement officer qualifies all three."""

from __future__ import annotations

from datetime import timedelta

from rodtrad.accounts.actor import Actor
from rodtrad.accounts.models import Organisation, User
from rodtrad.common import clock
from rodtrad.procurements.models import Procurement, ProcurementStatus, Verification
from rodtrad.tenders import services
from rodtrad.tenders.models import Tender

# (organisation key, tender author e-mail, price per day, style of the answers)
TENDERERS = [
    ("omsorgshuset", "fredrik.anbud@omsorgshuset.demo", "2195.00", "mogen"),
    ("vardkraft", "hanna.anbud@vardkraft.demo", "2080.00", "växande"),
    ("tryggahander", "johan.anbud@tryggahander.demo", "2240.00", "ny"),
]

STYLES = {
    "mogen": (
        "Vi arbetar med {topic} enligt en beskriven process som alla medarbetare känner till. "
        "Varje enhet följer upp arbetet månadsvis i ledningsgruppen, och resultaten jämförs "
        "mellan våra sju boenden. Förra året ledde uppföljningen till tre förbättringar som nu "
        "används överallt. På Ekbacken vill vi göra det tillsammans med kommunen och de boendes "
        "närstående."
    ),
    "växande": (
        "För {topic} har vi rutiner som infördes för två år sedan. De används på de flesta av "
        "våra enheter, och vi har börjat mäta effekten. Vi ser att uppföljningen behöver bli mer "
        "regelbunden och planerar att införa gemensamma genomgångar varje kvartal."
    ),
    "ny": (
        "Vi är en ny aktör och bygger vårt arbetssätt för {topic} på nationella kunskapsstöd. "
        "Rutinerna är skrivna och medarbetarna utbildas vid anställning. Uppföljning och "
        "förbättring planeras i samverkan med kommunen från första dagen."
    ),
}

PARTNERSHIP = (
    "Vi föreslår ett gemensamt samverkansforum varannan månad med verksamhetschef, "
    "kvalitetsansvarig och kommunens avtalsförvaltare, samt halvårsvisa uppföljningar med "
    "kvalitetsmodellen där båda parter värderas. Resultaten från uppföljningarna används i en "
    "gemensam förbättringsplan."
)


def _permit_pdf(name: str) -> bytes:
    from weasyprint import HTML

    return HTML(
        string=f"<h1>Tillstånd</h1><p>{name} har tillstånd att bedriva särskilt boende.</p>"
    ).write_pdf()


def _write(
    procurement: Procurement, organisation: Organisation, author: User, price: str, style: str
):
    actor = Actor.for_user(author)
    tender = services.start_tender(actor=actor, procurement=procurement, organisation=organisation)
    lot = procurement.lots.get()
    services.save_draft(
        actor=actor,
        tender=tender,
        changes={
            "prices": {str(lot.pk): price},
            "answers": {
                str(a.pk): STYLES[style].format(topic=a.criterion.name.lower())
                for a in procurement.criteria.select_related("criterion")
            },
            "requirements": {
                str(r.pk): {"fulfilled": True, "comment": ""}
                for r in procurement.requirements.all()
            },
            "partnership": PARTNERSHIP,
            "contact": {"name": author.full_name, "email": author.email, "phone": "010-123 45 67"},
        },
    )
    for requirement in procurement.requirements.filter(verification=Verification.ATTACHMENT):
        services.add_attachment(
            actor=actor,
            tender=tender,
            purpose="requirement",
            ref=requirement.pk,
            data=_permit_pdf(organisation.name),
            name=f"Tillstånd IVO {organisation.name}.pdf",
        )
    services.submit(actor=actor, tender=tender)
    return tender


def load(procurement: Procurement, people: dict[str, User], organisations, story) -> None:
    if Tender.objects.filter(procurement=procurement).exists():
        return
    with clock.frozen_at(story.tenders_written):
        tenders = [
            _write(procurement, organisations[key], people[email], price, style)
            for key, email, price, style in TENDERERS
        ]
    # Vårdkraft sharpens its price and submits a replacement two days later.
    with clock.frozen_at(story.tenders_written + timedelta(days=2)):
        hanna = Actor.for_user(people["hanna.anbud@vardkraft.demo"])
        lot = procurement.lots.get()
        services.save_draft(
            actor=hanna, tender=tenders[1], changes={"prices": {str(lot.pk): "2065.00"}}
        )
        services.submit(actor=hanna, tender=tenders[1])
    anna = Actor.for_user(people["anna.upphandlare@ekdala.demo"])
    eva = Actor.for_user(people["eva.avtal@ekdala.demo"])
    with clock.frozen_at(story.opened):
        procurement.refresh_from_db()
        services.start_opening(actor=anna, procurement=procurement)
    with clock.frozen_at(story.opened + timedelta(minutes=5)):
        services.confirm_opening(actor=eva, procurement=procurement)
    with clock.frozen_at(story.qualified):
        procurement.refresh_from_db()
        for tender in tenders:
            tender.refresh_from_db()
            for requirement in procurement.requirements.all():
                services.decide_requirement(
                    actor=anna, tender=tender, requirement=requirement, fulfilled=True
                )
            services.conclude(actor=anna, tender=tender)
        services.complete_qualification(actor=anna, procurement=procurement)
    assert Procurement.objects.get(pk=procurement.pk).status == ProcurementStatus.EVALUATION
