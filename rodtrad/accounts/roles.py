"""Organisation kinds and the roles a membership can carry in each (DOMAIN.md section 2)."""

from __future__ import annotations

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class OrganisationKind(models.TextChoices):
    BUYER = "buyer", _("Buyer (contracting authority)")
    PROVIDER = "provider", _("Provider")
    FACILITATOR = "facilitator", _("Facilitator")


class Role(models.TextChoices):
    ADMIN = "admin", _("Administrator")
    PROCUREMENT_OFFICER = "procurement_officer", _("Procurement officer")
    PANEL_CHAIR = "panel_chair", _("Panel chair")
    EVALUATOR = "evaluator", _("Evaluator")
    CONTRACT_MANAGER = "contract_manager", _("Contract manager")
    QUALITY_LEAD = "quality_lead", _("Quality lead")
    TENDER_AUTHOR = "tender_author", _("Tender author")
    TRAINER = "trainer", _("Trainer")
    EXAMINER = "examiner", _("Examiner")
    VIEWER = "viewer", _("Viewer")


ROLES_BY_KIND: dict[str, tuple[str, ...]] = {
    OrganisationKind.BUYER: (
        Role.ADMIN,
        Role.PROCUREMENT_OFFICER,
        Role.PANEL_CHAIR,
        Role.EVALUATOR,
        Role.CONTRACT_MANAGER,
        Role.QUALITY_LEAD,
        Role.VIEWER,
    ),
    OrganisationKind.PROVIDER: (
        Role.ADMIN,
        Role.TENDER_AUTHOR,
        Role.QUALITY_LEAD,
        Role.VIEWER,
    ),
    OrganisationKind.FACILITATOR: (Role.ADMIN, Role.TRAINER, Role.EXAMINER, Role.VIEWER),
}

ROLE_DESCRIPTIONS = {
    Role.ADMIN: _("Invites and removes people and sets their roles."),
    Role.PROCUREMENT_OFFICER: _("Prepares procurements and runs them to the award."),
    Role.PANEL_CHAIR: _("Leads an evaluation panel and its consensus."),
    Role.EVALUATOR: _("Assesses self-assessments, tenders and follow-ups."),
    Role.CONTRACT_MANAGER: _("Follows up contracts with the provider."),
    Role.QUALITY_LEAD: _("Leads the organisation's own quality work and self-assessments."),
    Role.TENDER_AUTHOR: _("Writes and submits the organisation's tenders."),
    Role.TRAINER: _("Runs training in the quality model."),
    Role.EXAMINER: _("Supports evaluations and consensus meetings."),
    Role.VIEWER: _("Reads what the organisation may see."),
}


def roles_for_kind(kind: str) -> tuple[str, ...]:
    return ROLES_BY_KIND[kind]


def role_choices_for_kind(kind: str) -> list[tuple[str, str | Promise]]:
    labels: dict[str, str | Promise] = dict(Role.choices)
    return [(role, labels[role]) for role in ROLES_BY_KIND[kind]]
