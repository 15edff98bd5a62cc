"""Playwright in Debian's chromium. A missing browser fails the run: CI installs it, so a skip would hide a gap."""
import os
from pathlib import Path

import pytest

from tests.browser.journeys import demo_city, open_as, sandbox, sms  # noqa: F401  (fixtures of the journeys)
from tests.esign.conftest import material_dir, result_pdf, signing_on  # noqa: F401  (a demo signing certificate)

# Playwright's sync API runs an event loop in this thread; the ORM calls in fixtures are still synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = Path(os.environ.get("MOTCUA_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
OUTPUT_DIR = Path(__file__).resolve().parents[2] / "test-output" / "browser"


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        pytest.fail(
            f"Chromium not found at {CHROMIUM}: install Debian's chromium (apt-get install chromium) "
            "or set MOTCUA_CHROMIUM to its path. Browser tests must not be skipped.",
            pytrace=False,
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield _WatchedBrowser(browser)
        browser.close()


# Every page of every journey is watched for Content-Security-Policy violations: the policy is strict
# (no inline script), and a violation is a bug of the page, whichever journey finds it.
CSP_VIOLATIONS: list[str] = []


class _WatchedBrowser:
    def __init__(self, browser):
        self._browser = browser

    def __getattr__(self, name):
        return getattr(self._browser, name)

    def new_context(self, *args, **kwargs):
        context = self._browser.new_context(*args, **kwargs)

        def on_console(message) -> None:
            if "Content Security Policy" in message.text:
                CSP_VIOLATIONS.append(f"{message.page.url if message.page else '?'}: {message.text}")

        context.on("console", on_console)
        return context

    def new_page(self, *args, **kwargs):
        return self.new_context(*args, **kwargs).new_page()


@pytest.fixture(autouse=True)
def no_csp_violation():
    CSP_VIOLATIONS.clear()
    yield
    assert not CSP_VIOLATIONS, "Content-Security-Policy violations:\n" + "\n".join(CSP_VIOLATIONS)


@pytest.fixture
def output_dir() -> Path:
    OUTPUT_DIR.mkdir(parents=True, exist_ok=True)
    return OUTPUT_DIR
