"""The named people every permission test uses (ARCHITECTURE.md, tests).

- a buyer municipality with its administrator, procurement officer, panel chair and evaluators;
- provider A with its tender author, and competitor provider B with its own;
- a stranger: a logged-in person with no relation to any of them;
- a platform administrator.
"""

from __future__ import annotations

from dataclasses import dataclass

from rodtrad.accounts.models import Organisation, User
from rodtrad.accounts.roles import OrganisationKind, Role
from tests.factories import add_member, make_organisation, make_user


@dataclass
class Personas:
    buyer: Organisation
    provider_a: Organisation
    provider_b: Organisation
    other_buyer: Organisation
    buyer_admin: User
    procurement_officer: User
    panel_chair: User
    evaluator: User
    evaluator_2: User
    buyer_viewer: User
    provider_a_author: User
    provider_b_author: User
    other_buyer_officer: User
    stranger: User
    platform_admin: User


def create_personas() -> Personas:
    buyer = make_organisation("Ekby kommun", kind=OrganisationKind.BUYER)
    other_buyer = make_organisation("Grannby kommun", kind=OrganisationKind.BUYER)
    provider_a = make_organisation("Omsorg A AB", kind=OrganisationKind.PROVIDER)
    provider_b = make_organisation("Omsorg B AB", kind=OrganisationKind.PROVIDER)
    return Personas(
        buyer=buyer,
        provider_a=provider_a,
        provider_b=provider_b,
        other_buyer=other_buyer,
        buyer_admin=add_member(
            make_user("admin@ekby.se", full_name="Agnes Admin"), buyer, Role.ADMIN
        ),
        procurement_officer=add_member(
            make_user("officer@ekby.se", full_name="Olle Upphandlare"),
            buyer,
            Role.PROCUREMENT_OFFICER,
        ),
        panel_chair=add_member(
            make_user("chair@ekby.se", full_name="Cajsa Ordförande"),
            buyer,
            Role.PANEL_CHAIR,
            Role.EVALUATOR,
        ),
        evaluator=add_member(
            make_user("evaluator@ekby.se", full_name="Eva Utvärderare"), buyer, Role.EVALUATOR
        ),
        evaluator_2=add_member(
            make_user("evaluator2@ekby.se", full_name="Erik Utvärderare"), buyer, Role.EVALUATOR
        ),
        buyer_viewer=add_member(
            make_user("viewer@ekby.se", full_name="Vera Läsare"), buyer, Role.VIEWER
        ),
        provider_a_author=add_member(
            make_user("author@omsorg-a.se", full_name="Anton Anbud"),
            provider_a,
            Role.ADMIN,
            Role.TENDER_AUTHOR,
        ),
        provider_b_author=add_member(
            make_user("author@omsorg-b.se", full_name="Beata Konkurrent"),
            provider_b,
            Role.ADMIN,
            Role.TENDER_AUTHOR,
        ),
        other_buyer_officer=add_member(
            make_user("officer@grannby.se", full_name="Gustav Granne"),
            other_buyer,
            Role.ADMIN,
            Role.PROCUREMENT_OFFICER,
        ),
        stranger=make_user("stranger@example.se", full_name="Sven Främling"),
        platform_admin=make_user(
            "platform@rodtrad.se", full_name="Petra Plattform", is_staff=True, is_superuser=True
        ),
    )
