"""Browser fixtures: the local stack (as `make run` starts it) and real headless Chromium
(Debian's /usr/bin/chromium driven by Playwright), at a phone's size and a kitchen screen's.
Runs in its own pytest process, like tests/e2e."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.e2e.conftest import Http, Listener, _free_port  # noqa: F401 - shared with the e2e tests

CHROMIUM = os.environ.get("COMANDA_CHROMIUM", "/usr/bin/chromium")
PHONE = {"width": 390, "height": 844}
KITCHEN_SCREEN = {"width": 1920, "height": 1080}
TABLET = {"width": 1280, "height": 800}
SCREENSHOTS = Path(__file__).resolve().parents[2] / "screenshots"


@pytest.fixture(scope="session")
def stack():
    from devstack.stack import LocalStack

    # Every browser context of a worker signs staff in afresh from 127.0.0.1 (no device credential
    # yet): a few hundred sign-ins in minutes, where a restaurant's one address sees a shift's. The
    # per-client limit itself is tested on the service and over HTTP (tests/integration).
    os.environ.setdefault("COMANDA_LOGIN_CLIENT_ATTEMPTS", "1000")

    running = LocalStack("127.0.0.1", _free_port())
    running.start()
    yield running
    running.stop()


@pytest.fixture(scope="session")
def http(stack) -> Http:
    return Http(stack.api_url)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-dev-shm-usage"],
        )
        yield launched
        launched.close()


def _context(browser, stack, viewport, **extra):
    context = browser.new_context(viewport=viewport, base_url=stack.site_url, locale="en-US", **extra)
    context.set_default_timeout(8000)
    return context


@pytest.fixture
def phone(browser, stack):
    """A diner's phone: a fresh browser context (its own sessionStorage) at 390x844."""
    context = _context(browser, stack, PHONE, is_mobile=True, has_touch=True, device_scale_factor=2)
    yield context.new_page()
    context.close()


@pytest.fixture
def second_phone(browser, stack):
    context = _context(browser, stack, PHONE, is_mobile=True, has_touch=True, device_scale_factor=2)
    yield context.new_page()
    context.close()


@pytest.fixture
def tablet(browser, stack):
    """A waiter's or manager's tablet (POS, Tables page)."""
    context = _context(browser, stack, TABLET)
    yield context.new_page()
    context.close()


@pytest.fixture
def kitchen_screen(browser, stack):
    """The kitchen display on a big landscape screen."""
    context = _context(browser, stack, KITCHEN_SCREEN)
    yield context.new_page()
    context.close()


@pytest.fixture(scope="session")
def screenshot_dir() -> Path:
    SCREENSHOTS.mkdir(exist_ok=True)
    return SCREENSHOTS
