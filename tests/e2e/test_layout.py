"""The page layout holds on a phone and at 200 % zoom, and works from the keyboard."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import check_accessibility, log_in
from tests.factories import PASSWORD
from tests.personas import create_personas

pytestmark = pytest.mark.e2e


@pytest.fixture
def people(transactional_db):
    return create_personas()


def _has_no_horizontal_scroll(page) -> bool:
    return page.evaluate(
        "() => document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    )


@pytest.mark.parametrize("width", [320, 640])  # a small phone; a 1280 px screen at 200 % zoom
def test_pages_fit_narrow_screens(page, people, width):
    page.set_viewport_size({"width": width, "height": 800})
    log_in(page, people.buyer_admin.email, PASSWORD)
    assert _has_no_horizontal_scroll(page)
    check_accessibility(page)
    page.goto(f"/organisations/{people.buyer.pk}/")
    check_accessibility(page)
    # Tables may scroll inside their own wrapper, never the page.
    assert _has_no_horizontal_scroll(page)


def test_skip_link_is_first_and_moves_focus_to_main(page, people):
    page.goto("/accounts/login/")
    check_accessibility(page)
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Hoppa till innehållet")
    expect(skip).to_be_focused()
    expect(skip).to_be_visible()
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "main"


def test_login_errors_take_focus(page, people):
    page.goto("/accounts/login/")
    check_accessibility(page)
    page.get_by_label("E-postadress").fill(people.evaluator.email)
    page.get_by_label("Lösenord").fill("fel-lösenord")
    page.get_by_role("button", name="Logga in").click()
    summary = page.locator(".error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("E-postadressen eller lösenordet är fel")
    check_accessibility(page)
