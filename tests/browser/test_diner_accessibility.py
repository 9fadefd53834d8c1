"""axe-core on every diner page at a phone's size (issue 17), in English and Spanish: the bare site,
an unknown table, the entry page (fresh and with its errors shown), the waiting page, the menu, a
dish, the cart, the order status and the profile. A serious or critical violation fails with its
rule, elements and axe's summary (tests/browser/axe.py). And the pages do not move under the
diner's thumb as they load (the header pushed them down: layout shift 0.06-0.08).

Tables: miraflores T6 (waiting), T7 (entry) and T9 (seated), this file's own."""
from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.axe import assert_no_serious_violations
from tests.browser.conftest import PHONE
from tests.browser.staff_pages import Floor

SLUG = "miraflores"
LANGUAGES = {"en": "en-US", "es": "es-PE"}
EMPTY_CART = {"en": "Your cart is empty.", "es": "Tu carrito está vacío."}


@pytest.fixture(params=sorted(LANGUAGES))
def language(request) -> str:
    return request.param


@pytest.fixture
def diner_phone(browser, stack, language):
    """A phone (390x844) whose browser speaks the language under test."""
    context = browser.new_context(viewport=PHONE, base_url=stack.site_url, locale=LANGUAGES[language],
                                  is_mobile=True, has_touch=True, device_scale_factor=2)
    context.set_default_timeout(8000)
    yield context.new_page()
    context.close()


def sign_in(page: Page, code: str, token: str) -> None:
    page.goto("/favicon.svg")
    page.evaluate("([key, token]) => sessionStorage.setItem(key, JSON.stringify(token))",
                  [f"comanda.diner.{SLUG}/{code}.token", token])


def drawn(page: Page) -> None:
    """The page's own content is there (the boot spinner is gone) and the language is the phone's."""
    expect(page.locator(".page-loading--boot")).to_have_count(0)
    expect(page.locator("#main h1").first).to_be_attached()


def test_the_pages_before_a_seat(diner_phone: Page, language, http):
    page = diner_phone
    Floor(http).clear("T7", SLUG)
    page.goto("/")
    drawn(page)
    assert_no_serious_violations(page, f"the bare site ({language})")
    page.goto(f"/{SLUG}/T999")
    drawn(page)
    assert_no_serious_violations(page, f"an unknown table ({language})")
    page.goto(f"/{SLUG}/T7")
    drawn(page)
    expect(page.locator("html")).to_have_attribute("lang", language)
    assert_no_serious_violations(page, f"the entry page ({language})")
    page.locator("form").get_by_role("button").last.click()  # empty: the form says what is missing
    expect(page.locator("#main [aria-invalid='true']").first).to_be_visible()
    assert_no_serious_violations(page, f"the entry page with its errors ({language})")


def test_the_waiting_page(diner_phone: Page, language, http):
    floor = Floor(http)
    floor.clear("T6", SLUG)
    registered = floor.register("T6", "Rosa", SLUG)
    sign_in(diner_phone, "T6", registered["token"])
    diner_phone.goto(f"/{SLUG}/T6/waiting")
    drawn(diner_phone)
    expect(diner_phone).to_have_url(re.compile("/T6/waiting$"))
    assert_no_serious_violations(diner_phone, f"the waiting page ({language})")
    floor.clear("T6", SLUG)


def test_the_seated_diners_pages(diner_phone: Page, language, http):
    page = diner_phone
    floor = Floor(http)
    diner = floor.seat("T9", "Rosa", SLUG)
    floor.order(diner, [("anticuchos", 1, "sin ají")])
    sign_in(page, "T9", diner["token"])

    page.goto(f"/{SLUG}/T9/menu")
    expect(page.locator(".menu-card").first).to_be_visible()
    expect(page.locator(".menu-card")).to_have_count(len(page.evaluate(
        "async () => (await (await fetch('/api/branches/miraflores/menu')).json()).categories.flatMap((c) => c.items)")))
    assert_no_serious_violations(page, f"the menu ({language})")

    page.locator(".menu-card").first.get_by_role("link").click()
    expect(page).to_have_url(re.compile(r"/T9/menu/[^/]+$"))
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert_no_serious_violations(page, f"a dish ({language})")

    page.goto(f"/{SLUG}/T9/cart")
    expect(page.get_by_text(EMPTY_CART[language])).to_be_visible()
    assert_no_serious_violations(page, f"the empty cart ({language})")
    page.goto(f"/{SLUG}/T9/menu")
    page.locator(".menu-card__add:visible").first.click()
    page.goto(f"/{SLUG}/T9/cart")
    expect(page.locator(".cart-line")).to_have_count(1)
    assert_no_serious_violations(page, f"the cart with a dish ({language})")

    page.goto(f"/{SLUG}/T9/status")
    expect(page.locator(".order-card")).to_have_count(1)
    assert_no_serious_violations(page, f"the order status ({language})")

    page.goto(f"/{SLUG}/T9/profile")
    drawn(page)
    expect(page.locator("#main form").first).to_be_visible()
    assert_no_serious_violations(page, f"the profile ({language})")
    floor.clear("T9", SLUG)


LAYOUT_SHIFTS = """
window.__shifts = [];
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) if (!entry.hadRecentInput) window.__shifts.push({
    value: entry.value, sources: (entry.sources || []).map((s) => s.node && s.node.id ? "#" + s.node.id : String(s.node && s.node.nodeName)),
  });
}).observe({type: "layout-shift", buffered: true});
"""


@pytest.mark.parametrize("where", ["entry", "menu"])
def test_the_page_does_not_move_as_it_loads(browser, stack, http, where):
    """On a slow phone network the boot spinner is painted before the app's code has run; the header
    that comes with the code kept pushing it (and the page drawn in its place) down."""
    code = "T7" if where == "entry" else "T9"
    floor = Floor(http)
    context = browser.new_context(viewport=PHONE, base_url=stack.site_url, locale="en-US", is_mobile=True, has_touch=True,
                                  device_scale_factor=2)
    try:
        context.add_init_script(LAYOUT_SHIFTS)
        page = context.new_page()
        if where == "menu":
            sign_in(page, code, floor.seat(code, "Rosa", SLUG)["token"])
        else:
            floor.clear(code, SLUG)
        cdp = context.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.send("Network.emulateNetworkConditions", {"offline": False, "latency": 150, "downloadThroughput": 200_000,
                                                      "uploadThroughput": 90_000})
        page.goto(f"/{SLUG}/{code}" + ("/menu" if where == "menu" else ""))
        expect(page.locator("#app-header")).to_be_visible()
        expect(page.locator(".menu-card" if where == "menu" else "#main form").first).to_be_visible()
        page.wait_for_timeout(500)
        shifts = page.evaluate("window.__shifts")
        total = sum(s["value"] for s in shifts)
        assert total <= 0.02, f"layout shift {total:.3f} on the {where} page: {json.dumps(shifts)}"
    finally:
        floor.clear(code, SLUG)
        context.close()
