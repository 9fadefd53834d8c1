"""Stored XSS: markup typed into every free-text field (diners' names and emails, line and
order notes, the owner's category, item, description, tag and option names, a rejection
reason) is shown as the literal text on every page that shows it, diner and staff, and
nothing of it runs.

The browser contexts bypass the pages' CSP on purpose: the CSP (no inline script) would
stop an `onerror=` handler by itself, and this test is about the pages never making markup
out of data in the first place. Tables: downtown T35..T37 (this file's own)."""
from __future__ import annotations

import json
from collections.abc import Iterator
from urllib.parse import quote

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import PHONE, TABLET
from tests.browser.staff_pages import join_table

IMG = "<img src=x onerror=window.__xss=1>"
SCRIPT = '"><script>window.__xss=1</script>'
SVG = "<svg onload=__xss=1>"  # fits a 30-character tag
EMAIL = "<img/src=x/onerror=window.__xss=1>@evil.io"
BREAKOUT = '"><i>'
SLUG, BRANCH = "downtown-lima", "br_downtown-lima"
ACTIVE, REJECTED = "T36", "T37"

expect.set_options(timeout=8000)


class Poisoned:
    """Every free-text field filled with markup, through the API as each author would."""

    def __init__(self, http) -> None:
        self.http = http
        self.owner = http.login("owner@demo.comanda")
        self.manager = http.login()
        self.kitchen = http.login("kitchen@downtown.demo.comanda")
        self.category_id = ""
        self.item_id = ""

    def create(self) -> None:
        for code in (ACTIVE, REJECTED):
            self.clear(code)
        menu = f"/staff/branches/{BRANCH}/menu"
        category = self.http.post(f"{menu}/categories", {"name": IMG, "position": 999}, token=self.owner)
        assert category.status == 201, category.body
        self.category_id = category.body["id"]
        item = self.http.post(f"{menu}/items", {
            "categoryId": self.category_id, "name": SCRIPT, "description": f"{IMG} {SCRIPT}", "price": 1000,
            "tags": [SVG], "optionGroups": [{"id": "sauce", "name": IMG, "required": False, "maxChoices": 1,
                                              "options": [{"id": "hot", "name": SCRIPT}]}],
        }, token=self.owner)
        assert item.status == 201, item.body
        self.item_id = item.body["id"]

        first = self.http.post(f"/branches/{SLUG}/tables/{ACTIVE}/sessions",
                               {"mode": "quick", "name": IMG, "email": EMAIL})
        assert first.status == 201, first.body
        self.session_id = first.body["session"]["id"]
        assert self.http.post(f"/staff/sessions/{self.session_id}/approve", token=self.manager).status == 200
        join_table(self.http, ACTIVE, SCRIPT, first.body["token"])  # a second phone, let in by the first
        self.diner = first.body["token"]
        order = self.http.post("/session/orders", {"items": [
            {"menuItemId": self.item_id, "quantity": 1, "notes": SCRIPT,
             "options": [{"groupId": "sauce", "optionId": "hot"}]},
            {"menuItemId": "causa-limena", "quantity": 1, "notes": IMG},
        ], "notes": f"{IMG} {SCRIPT}"}, token=self.diner)
        assert order.status == 201, order.body

        pending = self.http.post(f"/branches/{SLUG}/tables/{REJECTED}/sessions", {"mode": "quick", "name": SCRIPT})
        assert pending.status == 201, pending.body
        self.pending_id, self.rejected_diner = pending.body["session"]["id"], pending.body["token"]

    def reject(self) -> None:
        reply = self.http.post(f"/staff/sessions/{self.pending_id}/reject", {"reason": IMG}, token=self.manager)
        assert reply.status == 200, reply.body

    def clear(self, code: str) -> None:
        """Leaves nothing of the table on the other tests' screens."""
        for order in self.http.get(f"/staff/branches/{BRANCH}/orders", token=self.manager).body["orders"]:
            if order["tableCode"] == code:
                self.http.post(f"/staff/orders/{order['id']}/status", {"status": "cancelled"}, token=self.manager)
        tables = self.http.get(f"/staff/branches/{BRANCH}/tables", token=self.manager).body["tables"]
        for table in (t for t in tables if t["code"] == code):
            if table.get("pendingSession"):
                self.http.post(f"/staff/sessions/{table['pendingSession']['id']}/reject", {}, token=self.manager)
            if table.get("session") and table["session"]["status"] == "active":
                self.http.post(f"/staff/sessions/{table['session']['id']}/close", token=self.manager)

    def remove(self) -> None:
        for code in (ACTIVE, REJECTED):
            self.clear(code)
        menu = f"/staff/branches/{BRANCH}/menu"
        if self.item_id:
            self.http.call("DELETE", f"{menu}/items/{self.item_id}", token=self.owner)
        if self.category_id:
            self.http.call("DELETE", f"{menu}/categories/{self.category_id}", token=self.owner)


@pytest.fixture(scope="module")
def poisoned(http) -> Iterator[Poisoned]:
    world = Poisoned(http)
    try:
        world.create()
        yield world
    finally:
        world.remove()


def _page(browser, stack, viewport, **extra) -> Page:
    context = browser.new_context(viewport=viewport, base_url=stack.site_url, locale="en-US", bypass_csp=True, **extra)
    context.set_default_timeout(8000)
    page = context.new_page()
    page.on("dialog", lambda dialog: (_ for _ in ()).throw(AssertionError(f"a dialog opened: {dialog.message}")))
    return page


@pytest.fixture
def diner_phone(browser, stack) -> Iterator[Page]:
    page = _page(browser, stack, PHONE, is_mobile=True, has_touch=True)
    yield page
    page.context.close()


@pytest.fixture
def staff_tablet(browser, stack) -> Iterator[Page]:
    page = _page(browser, stack, TABLET)
    yield page
    page.context.close()


def inert(page: Page, *literals: str) -> None:
    """The page shows each literal as text, made no element of it, and ran none of it."""
    for literal in literals:
        expect(page.locator("body")).to_contain_text(literal)
    page.wait_for_timeout(150)  # an injected <img src=x> would have failed to load by now
    assert page.evaluate("typeof window.__xss") == "undefined", page.url
    made = page.evaluate("""() => [...document.querySelectorAll('*')].filter(element =>
        element.matches('img[src="x"], svg[onload]') || element.hasAttribute('onerror') ||
        element.hasAttribute('onload') || (element.tagName === 'SCRIPT' && element.textContent.includes('__xss'))
    ).map(element => element.outerHTML)""")
    assert made == [], f"{page.url} made elements of the data: {made}"


def sign_in_diner(page: Page, code: str, token: str) -> None:
    page.goto("/favicon.svg")
    page.evaluate("([key, token]) => sessionStorage.setItem(key, JSON.stringify(token))",
                  [f"comanda.diner.{SLUG}/{code}.token", token])


def sign_in_staff(page: Page, http, email: str) -> None:
    reply = http.post("/staff/login", {"email": email, "password": "demo1234"})
    page.goto("/favicon.svg")
    page.evaluate("([token, staff, permissions]) => { localStorage.setItem('comanda.staff.token', token);"
                  " localStorage.setItem('comanda.staff.member', staff);"
                  " localStorage.setItem('comanda.staff.permissions', permissions); }",
                  [reply.body["token"], json.dumps(reply.body["staff"]), json.dumps(reply.body["permissions"])])


# -- the diner's pages ------------------------------------------------------------------------
def test_markup_is_inert_on_every_diner_page(diner_phone: Page, poisoned: Poisoned, screenshot_dir):
    page = diner_phone
    sign_in_diner(page, ACTIVE, poisoned.diner)

    page.goto(f"/{SLUG}/{ACTIVE}/menu")
    inert(page, IMG, SCRIPT)  # the category tab and the item's card
    page.screenshot(path=str(screenshot_dir / "xss-diner-menu.png"), full_page=True)

    page.goto(f"/{SLUG}/{ACTIVE}/menu/{poisoned.item_id}")
    inert(page, SCRIPT, IMG, SVG)  # name, description, tag, option group and option
    page.locator("#product-notes").fill(SVG + IMG)
    page.locator(".product__add").click()

    page.goto(f"/{SLUG}/{ACTIVE}/cart")
    inert(page, SCRIPT, SVG + IMG)  # the item's name, the line's notes
    page.locator("#cart-notes").fill(SCRIPT)
    inert(page, SCRIPT)

    page.goto(f"/{SLUG}/{ACTIVE}/status")
    inert(page, SCRIPT, IMG)  # names, line notes, order notes, who ordered
    page.screenshot(path=str(screenshot_dir / "xss-diner-status.png"), full_page=True)

    page.goto(f"/{SLUG}/{ACTIVE}/profile")
    expect(page.locator("input[type=email], input[name=email]")).to_have_value(EMAIL)
    expect(page.locator("input[name=name], #profile-name").first).to_have_value(IMG)
    inert(page)

    second = page.context.new_page()  # a phone that scans the table: the active session's participants
    second.goto(f"/{SLUG}/{ACTIVE}")
    inert(second)
    second.close()


def test_a_rejection_reason_with_markup_is_shown_as_text(diner_phone: Page, poisoned: Poisoned):
    sign_in_diner(diner_phone, REJECTED, poisoned.rejected_diner)
    poisoned.reject()

    diner_phone.goto(f"/{SLUG}/{REJECTED}/waiting")

    inert(diner_phone, IMG)


# -- the staff's pages ------------------------------------------------------------------------
def test_markup_is_inert_on_the_pos_tables_bill_menu_and_qr_pages(staff_tablet: Page, poisoned: Poisoned, http,
                                                                  screenshot_dir):
    page = staff_tablet
    sign_in_staff(page, http, "manager@downtown.demo.comanda")

    page.goto("/staff/")
    inert(page, IMG, SCRIPT)  # the pending diner's name, the order's lines and notes
    page.screenshot(path=str(screenshot_dir / "xss-staff-pos.png"), full_page=True)

    page.goto("/staff/tables")
    page.locator(f".table-tile[data-table='{ACTIVE}']").click()
    inert(page, IMG, SCRIPT)  # participants, the bill's lines, notes and who ordered them
    page.screenshot(path=str(screenshot_dir / "xss-staff-bill.png"), full_page=True)

    page.goto("/staff/menu")
    inert(page, IMG, SCRIPT)  # the category and the item
    page.goto("/staff/qr")
    inert(page)


def test_markup_is_inert_on_the_owners_menu_editor(staff_tablet: Page, poisoned: Poisoned, http):
    sign_in_staff(staff_tablet, http, "owner@demo.comanda")

    staff_tablet.goto("/staff/menu")

    inert(staff_tablet, IMG, SCRIPT)


def test_markup_is_inert_on_the_kitchen_display(browser, stack, poisoned: Poisoned, http):
    page = _page(browser, stack, {"width": 1920, "height": 1080})
    try:
        sign_in_staff(page, http, "kitchen@downtown.demo.comanda")
        page.goto("/kitchen/")
        inert(page, SCRIPT, IMG)  # the ticket's item, option, line notes and order notes
    finally:
        page.context.close()


def test_the_printable_qr_sheet_reflects_nothing_of_its_query(browser, stack, poisoned: Poisoned):
    context = browser.new_context(base_url=stack.site_url, bypass_csp=True,
                                  extra_http_headers={"Authorization": f"Bearer {poisoned.manager}"})
    page = context.new_page()
    try:
        page.goto(f"{stack.api_url}/staff/branches/{BRANCH}/qr-sheet?lang={quote(BREAKOUT)}")  # at most 5 characters
        inert(page, "Table 36")
        expect(page.locator("i")).to_have_count(0)
    finally:
        context.close()
