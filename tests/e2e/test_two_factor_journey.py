"""Two-step verification in a real browser: a new evaluator is made to set it up at the first
login, saves the recovery codes, and later logs in with a recovery code (a lost phone)."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
from playwright.sync_api import expect

from rodtrad.accounts import totp
from rodtrad.accounts.models import TwoFactorDevice
from tests.e2e.conftest import check_accessibility, log_in
from tests.factories import PASSWORD
from tests.personas import create_personas

pytestmark = pytest.mark.e2e


@pytest.fixture
def people(transactional_db, settings):
    settings.TWO_FACTOR_ENFORCED = True
    return create_personas()


def test_enrol_at_first_login_then_log_in_with_a_recovery_code(page, people):
    log_in(page, people.evaluator.email, PASSWORD)  # checks the set-up page it lands on
    expect(page.get_by_role("heading", level=1)).to_have_text("Ställ in tvåstegsverifiering")
    expect(page.get_by_text("Dina roller ger dig tillgång till anbud")).to_have_count(2)
    expect(page.locator(".qr-code svg")).to_be_visible()

    # A wrong code first: the error summary says why.
    page.get_by_label("Kod från appen").fill("000000")
    page.get_by_role("button", name="Slå på").click()
    expect(page.locator(".error-summary")).to_contain_text("Koden stämmer inte")
    check_accessibility(page)

    secret = page.locator(".secret-key").inner_text().replace(" ", "")
    now = datetime.now(tz=UTC)
    page.get_by_label("Kod från appen").fill(totp.code_for_step(secret, totp.step_at(now)))
    page.get_by_role("button", name="Slå på").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Dina reservkoder")
    check_accessibility(page)
    codes = page.locator(".recovery-codes code").all_inner_texts()
    assert len(codes) == 10 and all(re.fullmatch(r"[0-9a-f]{5}-[0-9a-f]{5}", c) for c in codes)
    assert TwoFactorDevice.objects.filter(user=people.evaluator).exists()

    page.get_by_role("link", name="Jag har sparat dem").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Välkommen, Eva")
    check_accessibility(page)

    # The phone is lost: a new browser logs in with a recovery code.
    page.context.clear_cookies()
    log_in(page, people.evaluator.email, PASSWORD)  # checks the code page it lands on
    expect(page.get_by_role("heading", level=1)).to_have_text("Tvåstegsverifiering")
    page.get_by_label("Kod").fill(codes[0])
    page.get_by_role("button", name="Fortsätt").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Välkommen, Eva")
    expect(page.get_by_role("status").filter(has_text="9 återstår")).to_be_visible()
    check_accessibility(page)

    page.goto("/accounts/two-factor/")
    expect(page.get_by_text("Du har 9 oanvända reservkoder.")).to_be_visible()
    check_accessibility(page)
