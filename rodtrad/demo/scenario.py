"""The demo scenario: a municipality, two care providers and a quality facilitator.

Loading is idempotent: objects are looked up by natural keys (e-mail, organisation number) and
only what is missing is created, so running it twice gives the same data.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from rodtrad.accounts.models import Membership, Organisation, User
from rodtrad.accounts.roles import OrganisationKind, Role
from rodtrad.audit.services import record_event

DEMO_PASSWORD = "rodtrad-demo-2026"


@dataclass(frozen=True)
class DemoPerson:
    email: str
    full_name: str
    organisation: str | None
    roles: tuple[str, ...]
    description: str
    platform_admin: bool = False


ORGANISATIONS = {
    "ekdala": ("Ekdala kommun", "212000-9994", OrganisationKind.BUYER),
    "omsorgshuset": ("Omsorgshuset Ek AB", "556677-8899", OrganisationKind.PROVIDER),
    "vardkraft": ("Vårdkraft Norr AB", "556123-4567", OrganisationKind.PROVIDER),
    "tryggahander": ("Trygga Händer Omsorg AB", "556900-1117", OrganisationKind.PROVIDER),
    "kvalitet": ("Kvalitetsakademin ideell förening", "802400-1235", OrganisationKind.FACILITATOR),
}

PEOPLE = [
    DemoPerson(
        "admin@rodtrad.demo",
        "Plattform Admin",
        None,
        (),
        "platform administrator",
        platform_admin=True,
    ),
    DemoPerson(
        "anna.upphandlare@ekdala.demo",
        "Anna Lind",
        "ekdala",
        (Role.ADMIN, Role.PROCUREMENT_OFFICER),
        "Ekdala: administrator, procurement officer",
    ),
    DemoPerson(
        "bertil.ordforande@ekdala.demo",
        "Bertil Ek",
        "ekdala",
        (Role.PANEL_CHAIR, Role.EVALUATOR, Role.QUALITY_LEAD),
        "Ekdala: panel chair",
    ),
    DemoPerson(
        "cecilia.utvarderare@ekdala.demo",
        "Cecilia Holm",
        "ekdala",
        (Role.EVALUATOR,),
        "Ekdala: evaluator",
    ),
    DemoPerson(
        "david.utvarderare@ekdala.demo",
        "David Sund",
        "ekdala",
        (Role.EVALUATOR,),
        "Ekdala: evaluator",
    ),
    DemoPerson(
        "eva.avtal@ekdala.demo",
        "Eva Strand",
        "ekdala",
        (Role.CONTRACT_MANAGER,),
        "Ekdala: contract manager",
    ),
    DemoPerson(
        "fredrik.anbud@omsorgshuset.demo",
        "Fredrik Berg",
        "omsorgshuset",
        (Role.ADMIN, Role.TENDER_AUTHOR),
        "Omsorgshuset: administrator, tender author",
    ),
    DemoPerson(
        "greta.kvalitet@omsorgshuset.demo",
        "Greta Nord",
        "omsorgshuset",
        (Role.QUALITY_LEAD,),
        "Omsorgshuset: quality lead",
    ),
    DemoPerson(
        "karin.enhetschef@omsorgshuset.demo",
        "Karin Ljung",
        "omsorgshuset",
        (Role.QUALITY_LEAD,),
        "Omsorgshuset: unit manager at Ekbacken (quality lead)",
    ),
    DemoPerson(
        "hanna.anbud@vardkraft.demo",
        "Hanna Vik",
        "vardkraft",
        (Role.ADMIN, Role.TENDER_AUTHOR),
        "Vårdkraft: administrator, tender author",
    ),
    DemoPerson(
        "johan.anbud@tryggahander.demo",
        "Johan Falk",
        "tryggahander",
        (Role.ADMIN, Role.TENDER_AUTHOR),
        "Trygga Händer: administrator, tender author",
    ),
    DemoPerson(
        "ivar.utbildare@kvalitet.demo",
        "Ivar Dahl",
        "kvalitet",
        (Role.ADMIN, Role.TRAINER, Role.EXAMINER),
        "Kvalitetsakademin: trainer",
    ),
]


@transaction.atomic
def load_demo() -> list[DemoPerson]:
    organisations, people = _load_people()
    from rodtrad.demo import procurement, self_assessments
    from rodtrad.qualitymodels.services import load_templates

    load_templates()
    self_assessments.load(people, organisations)
    procurement.load(people, organisations)
    return PEOPLE


def _load_people() -> tuple[dict[str, Organisation], dict[str, User]]:
    organisations: dict[str, Organisation] = {}
    for key, (name, number, kind) in ORGANISATIONS.items():
        organisation, created = Organisation.objects.get_or_create(
            organisation_number=number, defaults={"name": name, "kind": kind}
        )
        if created:
            record_event(
                action="organisation.created",
                organisation=organisation,
                target=organisation,
                data={"name": name, "organisation_number": number, "kind": kind, "demo": True},
            )
        organisations[key] = organisation
    people: dict[str, User] = {}
    for person in PEOPLE:
        user = User.objects.filter(email__iexact=person.email).first()
        if user is None:
            user = User.objects.create_user(
                email=person.email,
                password=DEMO_PASSWORD,
                full_name=person.full_name,
                is_staff=person.platform_admin,
                is_superuser=person.platform_admin,
            )
        people[person.email] = user
        if person.organisation is None:
            continue
        organisation = organisations[person.organisation]
        for role in person.roles:
            _membership, created = Membership.objects.get_or_create(
                user=user, organisation=organisation, role=role
            )
            if created:
                record_event(
                    action="membership.roles_changed",
                    organisation=organisation,
                    object_type="accounts.user",
                    object_id=user.pk,
                    data={"email": user.email, "added": role, "demo": True},
                )
    return organisations, people
