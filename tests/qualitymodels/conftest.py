from __future__ import annotations

import pytest
from django.utils import translation

from rodtrad.accounts.models import User
from rodtrad.accounts.roles import OrganisationKind, Role
from tests.factories import add_member, make_organisation, make_user


@pytest.fixture(autouse=True)
def _english():
    """UI messages in English (the Swedish catalogue is filled in later, by someone else)."""
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def _english_users(db):
    """Every person created in a test sees the pages in English."""
    from django.db.models.signals import pre_save

    def set_english(sender, instance, **kwargs):
        if not instance.language:
            instance.language = "en"

    pre_save.connect(set_english, sender=User, dispatch_uid="tests-english-users")
    yield
    pre_save.disconnect(sender=User, dispatch_uid="tests-english-users")


@pytest.fixture
def facilitator(personas):
    """A quality facilitator with a trainer and an examiner."""
    organisation = make_organisation("Kvalitetsakademin", kind=OrganisationKind.FACILITATOR)
    trainer = add_member(
        make_user("trainer@akademin.se", full_name="Tina Tränare"), organisation, Role.TRAINER
    )
    examiner = add_member(
        make_user("examiner@akademin.se", full_name="Ebbe Examinator"), organisation, Role.EXAMINER
    )
    return organisation, trainer, examiner


@pytest.fixture
def quality_lead(personas):
    return add_member(
        make_user("quality@ekby.se", full_name="Kim Kvalitet"), personas.buyer, Role.QUALITY_LEAD
    )
