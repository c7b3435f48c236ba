"""Log in, switch language, invite a member and accept the invitation – in a real browser."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from rodtrad.accounts.models import Membership
from rodtrad.accounts.roles import Role
from rodtrad.audit.services import verify_chain
from tests.e2e.conftest import check_accessibility, log_in
from tests.factories import PASSWORD
from tests.personas import create_personas

pytestmark = pytest.mark.e2e


@pytest.fixture
def people(transactional_db):
    return create_personas()


def test_invite_and_accept_journey(page, people, mailoutbox):
    log_in(page, people.buyer_admin.email, PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_have_text("Välkommen, Agnes")
    check_accessibility(page)

    page.get_by_role("button", name="In English").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Welcome, Agnes")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    check_accessibility(page)

    page.get_by_role("link", name="People and roles").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ekby kommun")
    check_accessibility(page)

    # A bad address first: the error summary names the field and links to it.
    page.get_by_label("E-mail address").fill("not-an-address")
    page.get_by_label("Evaluator").check()
    page.get_by_role("button", name="Send the invitation").click()
    summary = page.locator(".error-summary")
    expect(summary).to_contain_text("E-mail address")
    check_accessibility(page)

    page.get_by_label("E-mail address").fill("nina.ny@ekby.se")
    page.get_by_role("button", name="Send the invitation").click()
    expect(page.get_by_role("status").filter(has_text="invitation was sent")).to_be_visible()
    expect(page.locator("#invitations table")).to_contain_text("nina.ny@ekby.se")
    check_accessibility(page)

    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == ["nina.ny@ekby.se"]
    link = re.search(r"https?://\S+/invitations/\S+/", message.body).group(0)

    page.get_by_role("button", name="Log out").click()
    check_accessibility(page)

    page.goto(link)
    expect(page.get_by_role("heading", level=1)).to_have_text("Join Ekby kommun")
    check_accessibility(page)
    page.get_by_label("Your name").fill("Nina Ny")
    page.get_by_label("Choose a password").fill("short")
    page.get_by_label("Repeat the password").fill("short")
    page.get_by_role("button", name="Create the account and join").click()
    expect(page.locator(".error-summary")).to_contain_text("Choose a password")
    check_accessibility(page)

    page.get_by_label("Choose a password").fill("ett-bra-lösenord-för-nina")
    page.get_by_label("Repeat the password").fill("ett-bra-lösenord-för-nina")
    page.get_by_role("button", name="Create the account and join").click()
    expect(page.get_by_role("status")).to_contain_text("Welcome to rodtrad and to Ekby kommun")
    expect(page.locator(".card")).to_contain_text("Evaluator")
    check_accessibility(page)

    roles = set(
        Membership.objects.filter(user__email="nina.ny@ekby.se").values_list("role", flat=True)
    )
    assert roles == {Role.EVALUATOR}
    assert verify_chain() is None
