"""Browser tests: Playwright drives Debian's Chromium against the live test server.

Every page a test visits must be checked with axe-core (`check_accessibility(page)`); the `page`
fixture fails the test if a visited URL was never checked, or if the browser reported a
Content-Security-Policy violation or a JavaScript error.
"""

from __future__ import annotations

from pathlib import Path

import axe_playwright_python
import pytest
from playwright.sync_api import Page, sync_playwright

CHROMIUM = "/usr/bin/chromium"
AXE_SOURCE = (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text()
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


class PageProblems:
    def __init__(self) -> None:
        self.errors: list[str] = []
        self.visited: list[str] = []
        self.checked: set[str] = set()

    def unchecked(self) -> list[str]:
        return [url for url in dict.fromkeys(self.visited) if url not in self.checked]


@pytest.fixture
def page(browser, live_server, settings):
    settings.SITE_URL = live_server.url
    context = browser.new_context(base_url=live_server.url, locale="sv-SE")
    context.set_default_timeout(15_000)
    page = context.new_page()
    problems = PageProblems()
    page.rodtrad_problems = problems  # type: ignore[attr-defined]

    error_pages: set[str] = set()

    def on_response(response) -> None:
        # A page the server answers with 403/404 (a test asking for what a person may not see)
        # is the answer expected; the browser still logs it as a failed load.
        if response.request.is_navigation_request() and response.status >= 400:
            error_pages.add(response.url)

    def on_console(message) -> None:
        # A 400/409 answer to an htmx save is the server saying what is wrong with the input,
        # shown in the page; the browser still logs it. Everything else is an error.
        deliberate = any(f"status of {code}" in message.text for code in (400, 409)) or (
            message.text.startswith("Failed to load resource")
            and message.location.get("url") in error_pages
        )
        if message.type == "error" and not deliberate:
            problems.errors.append(f"console error on {page.url}: {message.text}")

    page.on("response", on_response)
    page.on("console", on_console)
    page.on("pageerror", lambda error: problems.errors.append(f"page error: {error}"))

    def on_navigated(frame) -> None:
        if frame == page.main_frame:
            problems.visited.append(_page_key(frame.url))

    page.on("framenavigated", on_navigated)
    yield page
    context.close()
    assert problems.errors == [], "\n".join(problems.errors)
    assert problems.unchecked() == [], f"pages visited without an axe check: {problems.unchecked()}"


def _page_key(url: str) -> str:
    return url.split("#", 1)[0]


def check_accessibility(page: Page) -> None:
    """Run axe-core's WCAG 2.1 A/AA rules on the current page; fail listing every violation."""
    page.wait_for_load_state("load")
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(AXE_SOURCE)
    result = page.evaluate(
        "tags => window.axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS
    )
    violations = [
        f"{v['id']} ({v['impact']}): {v['help']} – "
        + "; ".join(node["target"][0] if node["target"] else "?" for node in v["nodes"][:5])
        for v in result["violations"]
    ]
    assert violations == [], f"axe violations on {page.url}:\n" + "\n".join(violations)
    page.rodtrad_problems.checked.add(_page_key(page.url))  # type: ignore[attr-defined]


def log_in(page: Page, email: str, password: str) -> None:
    page.goto("/accounts/login/")
    check_accessibility(page)
    page.get_by_label("E-postadress").fill(email)
    page.get_by_label("Lösenord").fill(password)
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_load_state("load")
    check_accessibility(page)
