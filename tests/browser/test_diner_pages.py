"""The diner's pages in real Chromium at a phone's size, against the local stack: scan, sign in,
wait, browse, cart, order, follow the kitchen live, call the staff, rejoin, profile, language.

Only downtown-lima tables T1..T10 are used here (the staff pages' tests use the others); every
test clears its table afterwards, so the tests do not depend on each other's order. Staff
actions (approve, bump, 86, acknowledge) go through the API with demo staff tokens.
"""
from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

SLUG = "downtown-lima"
BRANCH = "br_downtown-lima"
KITCHEN = "kitchen@downtown.demo.comanda"

expect.set_options(timeout=8000)


@pytest.fixture(scope="module")
def staff(http) -> dict[str, str]:
    return {"manager": http.login(), "kitchen": http.login(KITCHEN)}


class Table:
    """One table of downtown-lima for one test, driven through the diner's URLs."""

    def __init__(self, http, staff: dict[str, str], code: str) -> None:
        self.http, self.staff, self.code = http, staff, code

    def url(self, page: str = "") -> str:
        return f"/{SLUG}/{self.code}" + (f"/{page}" if page else "")

    def token_key(self) -> str:
        return f"comanda.diner.{SLUG}/{self.code}.token"

    def seat(self, page: Page, name: str = "Ana") -> dict:
        """A diner registered and approved through the API, signed in on `page` (its tab's storage)."""
        registered = self.http.register(self.code, name)
        self.approve(registered["session"]["id"])
        page.goto("/favicon.svg")
        page.evaluate("([key, token]) => sessionStorage.setItem(key, JSON.stringify(token))",
                      [self.token_key(), registered["token"]])
        return registered

    def token_in(self, page: Page) -> str:
        return json.loads(page.evaluate("key => sessionStorage.getItem(key)", self.token_key()))

    def session_id_in(self, page: Page) -> str:
        return self.http.get("/session", token=self.token_in(page)).body["id"]

    def approve(self, session_id: str) -> None:
        reply = self.http.post(f"/staff/sessions/{session_id}/approve", token=self.staff["manager"])
        assert reply.status == 200, reply.body

    def order(self, token: str, items: list[dict], notes: str = "") -> dict:
        reply = self.http.post("/session/orders", {"items": items, "notes": notes}, token=token)
        assert reply.status == 201, reply.body
        return reply.body

    def bump(self, order: dict, line_index: int, status: str) -> None:
        line = order["items"][line_index]["id"]
        reply = self.http.post(f"/staff/orders/{order['id']}/items/{line}/status", {"status": status},
                               token=self.staff["kitchen"])
        assert reply.status == 200, reply.body

    def clear(self) -> None:
        """Leaves nothing of this table on the staff's screens (the stack is shared with their
        tests): open orders cancelled, requests acknowledged, the active session closed and a
        pending one turned down."""
        manager = self.staff["manager"]
        for order in self.http.get(f"/staff/branches/{BRANCH}/orders", token=manager).body["orders"]:
            if order["tableCode"] == self.code:
                self.http.post(f"/staff/orders/{order['id']}/status", {"status": "cancelled"}, token=manager)
        for request in self.http.get(f"/staff/branches/{BRANCH}/requests", token=manager).body["requests"]:
            if request["tableCode"] == self.code:
                self.http.post(f"/staff/requests/{request['id']}/ack", token=manager)
        tables = self.http.get(f"/staff/branches/{BRANCH}/tables", token=manager).body["tables"]
        for table in tables:
            if table["code"] != self.code:
                continue
            if table.get("pendingSession"):
                self.http.post(f"/staff/sessions/{table['pendingSession']['id']}/reject", {}, token=manager)
            if table.get("session") and table["session"]["status"] == "active":
                self.http.post(f"/staff/sessions/{table['session']['id']}/close", token=manager)


@pytest.fixture
def table(http, staff) -> Iterator:
    opened: list[Table] = []

    def open_table(code: str) -> Table:
        found = Table(http, staff, code)
        found.clear()
        opened.append(found)
        return found

    yield open_table
    for found in opened:
        found.clear()


@pytest.fixture(autouse=True)
def no_script_errors(request) -> Iterator[None]:
    """Every test also proves the pages threw nothing uncaught (promise rejections included)."""
    errors: list[str] = []
    for name in ("phone", "second_phone"):
        if name in request.fixturenames:
            request.getfixturevalue(name).on("pageerror", lambda error: errors.append(str(error)))
    yield
    assert errors == []


def snap(page: Page, screenshot_dir: Path, name: str) -> None:
    page.screenshot(path=str(screenshot_dir / f"diner-{name}.png"), full_page=True)


def code_from_outbox_page(page: Page, phone: str) -> str:
    """Opens the local stack's SMS outbox in another tab of the diner's browser and reads the
    newest code sent to `phone`."""
    outbox = page.context.new_page()
    try:
        outbox.goto("/_local/outbox")
        row = outbox.locator("tbody tr", has_text=phone).first
        expect(row).to_be_visible()
        code = row.locator("td.code").inner_text().strip()
    finally:
        outbox.close()
    assert re.fullmatch(r"\d{6}", code), code
    return code


def name_field(page: Page):
    return page.get_by_role("textbox", name="Your name")


# -- scan and sign in -------------------------------------------------------------------------
def test_the_bare_site_asks_to_scan_and_an_unknown_table_says_so_kindly(phone: Page, screenshot_dir):
    phone.goto("/")
    expect(phone.get_by_role("heading", level=1)).to_have_text("Scan the QR code at your table")
    snap(phone, screenshot_dir, "landing")

    phone.goto(f"/{SLUG}/T999")
    expect(phone.get_by_role("heading", level=1)).to_have_text("We couldn't find this table")


def test_quick_start_shows_the_apis_field_error_then_waits_and_opens_the_menu_when_approved(
        phone: Page, table, screenshot_dir):
    t1 = table("T1")
    # Given the diner scanned the table's code
    phone.goto(t1.url())
    expect(phone.get_by_role("heading", level=1)).to_have_text("Welcome to Comanda Downtown Lima")
    expect(phone.locator(".app-header__table")).to_have_text("Table 1")
    snap(phone, screenshot_dir, "entry")

    # When they send the form without a name, the API's field error shows under the name
    phone.get_by_role("button", name="Start ordering").click()
    expect(phone.locator("#entry-name-error")).to_have_text("Please tell us your name.")
    expect(name_field(phone)).to_have_attribute("aria-invalid", "true")
    expect(name_field(phone)).to_be_focused()
    snap(phone, screenshot_dir, "entry-error")

    # When they fill it in, they wait for the staff, also across a reload
    name_field(phone).fill("Lucía")
    phone.get_by_label("Phone (optional)").fill("+51 987 654 001")
    phone.get_by_role("button", name="Start ordering").click()
    expect(phone).to_have_url(re.compile(r"/T1/waiting$"))
    expect(phone.get_by_role("heading", level=1)).to_have_text("Almost there, Lucía!")
    phone.reload()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Almost there, Lucía!")
    snap(phone, screenshot_dir, "waiting")

    # When the staff approve, the menu opens by itself
    t1.approve(t1.session_id_in(phone))
    expect(phone).to_have_url(re.compile(r"/T1/menu$"))
    expect(phone.get_by_role("tab", name="Appetizers")).to_be_visible()


def test_loyalty_sign_up_marks_each_bad_field_and_a_rejection_is_explained_kindly(
        phone: Page, table, screenshot_dir, http, staff):
    t2 = table("T2")
    phone.goto(t2.url())
    phone.get_by_label("Loyalty").check()
    expect(phone.get_by_label("Email (optional)")).to_be_visible()

    # A loyalty account needs a phone
    name_field(phone).fill("Rosa")
    phone.get_by_role("button", name="Start ordering").click()
    expect(phone.locator("#entry-phone-error")).to_have_text("A loyalty account needs your phone number.")

    # A phone without its country code, then a broken email, are named where they are typed
    phone.get_by_label("Phone", exact=True).fill("987654321")
    phone.get_by_role("button", name="Start ordering").click()
    expect(phone.locator("#entry-phone-error")).to_contain_text("country code")
    phone.get_by_label("Phone", exact=True).fill("+51 987 654 002")
    phone.get_by_label("Email (optional)").fill("rosa@")
    phone.get_by_role("button", name="Start ordering").click()
    expect(phone.locator("#entry-email-error")).to_contain_text("email doesn't look right")
    expect(phone.locator("#entry-phone-error")).to_have_text("")
    snap(phone, screenshot_dir, "entry-loyalty-error")

    phone.get_by_label("Email (optional)").fill("rosa@example.com")
    phone.get_by_label("Birth date (optional)").fill("1990-04-12")
    phone.get_by_role("button", name="Start ordering").click()
    expect(phone).to_have_url(re.compile(r"/T2/waiting$"))

    # When the staff turn the session down, the diner is told kindly, with the staff's note
    session_id = t2.session_id_in(phone)
    http.post(f"/staff/sessions/{session_id}/reject", {"reason": "This table is reserved"}, token=staff["manager"])
    expect(phone.get_by_role("heading", level=1)).to_have_text("Sorry, we couldn't open your table")
    expect(phone.locator(".waiting__reason")).to_have_text("Note from the staff: This table is reserved")
    snap(phone, screenshot_dir, "waiting-rejected")
    phone.get_by_role("button", name="Start again").click()
    expect(phone).to_have_url(re.compile(r"/T2$"))
    expect(name_field(phone)).to_be_visible()


# -- browse -----------------------------------------------------------------------------------
def test_the_menu_has_following_tabs_a_two_column_grid_greyed_unavailable_dishes_and_a_cart_bar(
        phone: Page, table, screenshot_dir):
    t3 = table("T3")
    t3.seat(phone)
    phone.goto(t3.url("menu"))

    tabs = phone.locator(".category-tabs__tab")
    expect(tabs).to_have_text(["Appetizers", "Main Course", "Desserts", "Drinks", "Breakfast"])
    expect(tabs.first).to_have_attribute("aria-selected", "true")

    # Cards: photo (sized thumbnail: the first row's at once and first, the others lazily after
    # them), name, description, price in the branch's currency
    ceviche = phone.locator(".menu-card", has_text="Ceviche Clásico")
    expect(ceviche.locator(".menu-card__price")).to_have_text(re.compile(r"^S/\s38\.00$"))
    photo = ceviche.locator("img")
    expect(photo).to_have_attribute("loading", "eager")
    expect(photo).to_have_attribute("fetchpriority", "high")
    expect(photo).to_have_attribute("src", re.compile(r"ceviche-clasico\.thumb\.jpg$"))
    expect(photo).to_have_attribute("width", "320")
    later = phone.locator(".menu-card", has_text="Lomo Saltado").locator("img")
    expect(later).to_have_attribute("loading", "lazy")
    expect(later).to_have_attribute("src", re.compile(r"lomo-saltado\.thumb\.jpg$"))
    expect(later).not_to_have_attribute("fetchpriority", "high")
    first, second = (phone.locator(".menu-card").nth(i).bounding_box() for i in (0, 1))
    assert first["y"] == second["y"] and first["x"] < second["x"], "two cards side by side"

    # Tacu tacu is unavailable at downtown-lima: greyed out, cannot be added
    tacu = phone.locator(".menu-card", has_text="Tacu Tacu")
    expect(tacu).to_have_class(re.compile("menu-card--unavailable"))
    expect(tacu.locator(".menu-card__badge")).to_have_text("Unavailable")
    expect(tacu.locator("button")).to_be_disabled()

    # The tabs follow the scroll, both ways
    phone.get_by_role("tab", name="Drinks").click()
    expect(phone.get_by_role("tab", name="Drinks")).to_have_attribute("aria-selected", "true")
    expect(phone.get_by_role("heading", name="Drinks", level=2)).to_be_in_viewport()
    phone.evaluate("window.scrollTo(0, 0)")
    expect(tabs.first).to_have_attribute("aria-selected", "true")
    phone.get_by_role("heading", name="Desserts", level=2).scroll_into_view_if_needed()
    phone.mouse.wheel(0, 200)
    expect(phone.locator('.category-tabs__tab[aria-selected="true"]')).not_to_have_text("Appetizers")

    # The cart bar counts and totals what is added
    phone.evaluate("window.scrollTo(0, 0)")
    expect(phone.locator(".cart-bar")).to_be_hidden()
    phone.get_by_role("button", name="Add Ceviche Clásico to cart").click()
    phone.get_by_role("button", name="Add Chicha Morada to cart").click()
    expect(phone.locator(".cart-bar__count")).to_have_text("2 items")
    expect(phone.locator(".cart-bar__total")).to_have_text(re.compile(r"S/\s47\.00"))
    expect(phone.get_by_role("status").filter(has_text="Chicha Morada added to your cart.")).to_be_visible()
    phone.screenshot(path=str(screenshot_dir / "diner-menu-bottom.png"))
    phone.evaluate("window.scrollTo(0, 0)")
    phone.screenshot(path=str(screenshot_dir / "diner-menu.png"))


def test_product_detail_cart_edits_and_a_double_tap_on_place_order_orders_once(
        phone: Page, table, screenshot_dir, http):
    t4 = table("T4")
    t4.seat(phone)
    phone.goto(t4.url("menu"))

    # Product detail: full photo, description, tags, allergens; two with a note
    phone.locator(".menu-card", has_text="Lomo Saltado").get_by_role("link").click()
    expect(phone).to_have_url(re.compile(r"/T4/menu/lomo-saltado$"))
    expect(phone.get_by_role("heading", level=1)).to_have_text("Lomo Saltado")
    expect(phone.get_by_role("img", name="Lomo Saltado")).to_have_attribute("src", re.compile(r"lomo-saltado\.jpg$"))
    expect(phone.locator(".product__allergens")).to_have_text("Contains: soy, gluten, sulphites")
    expect(phone.locator(".product__tags")).to_have_text("House special")
    phone.get_by_role("button", name="One more").click()
    expect(phone.get_by_role("status", name="Quantity")).to_have_text("2")
    phone.get_by_label("Notes for the kitchen (optional)").fill("No onions")
    expect(phone.get_by_role("button", name=re.compile("Add to cart"))).to_have_text(re.compile(r"S/\s96\.00"))
    snap(phone, screenshot_dir, "product")
    phone.get_by_role("button", name=re.compile("Add to cart")).click()
    expect(phone).to_have_url(re.compile(r"/T4/menu$"))
    expect(phone.locator(".cart-bar__count")).to_have_text("2 items")

    # Cart: +/- and remove, the subtotal follows; it survives a reload
    phone.get_by_role("button", name="Add Causa Limeña to cart").click()
    phone.get_by_role("button", name="Add Pisco Sour to cart").click()
    phone.locator(".cart-bar").click()
    expect(phone).to_have_url(re.compile(r"/T4/cart$"))
    lines = phone.locator(".cart-line")
    expect(lines).to_have_count(3)
    expect(lines.first).to_contain_text("Note: No onions")
    phone.get_by_role("button", name="One more Causa Limeña").click()
    expect(phone.get_by_role("status", name="Quantity of Causa Limeña")).to_have_text("2")
    phone.get_by_role("button", name="One less Lomo Saltado").click()
    phone.get_by_role("button", name="Remove Pisco Sour").click()
    expect(lines).to_have_count(2)
    expect(phone.locator(".cart__subtotal-value")).to_have_text(re.compile(r"S/\s100\.00"))  # 48 + 2 x 26
    phone.get_by_label("Notes for the whole order (optional)").fill("Birthday at this table")
    phone.reload()
    expect(lines).to_have_count(2)
    expect(phone.get_by_label("Notes for the whole order (optional)")).to_have_value("Birthday at this table")
    expect(phone.locator(".cart__subtotal-value")).to_have_text(re.compile(r"S/\s100\.00"))
    snap(phone, screenshot_dir, "cart")

    # A double tap places one order, and the status page shows it
    place = phone.get_by_role("button", name="Place order")
    place.dblclick()
    expect(phone).to_have_url(re.compile(r"/T4/status$"))
    expect(phone.locator(".order-card")).to_have_count(1)
    orders = http.get("/session/orders", token=t4.token_in(phone)).body["orders"]
    assert len(orders) == 1
    assert [(i["name"], i["quantity"], i["notes"]) for i in orders[0]["items"]] == [
        ("Lomo Saltado", 1, "No onions"), ("Causa Limeña", 2, "")]
    assert orders[0]["notes"] == "Birthday at this table"
    phone.goto(t4.url("cart"))
    expect(phone.get_by_text("Your cart is empty.")).to_be_visible()


# -- live -------------------------------------------------------------------------------------
def test_the_status_page_changes_when_the_kitchen_bumps_a_line_and_a_closed_table_sends_the_diner_back(
        phone: Page, table, screenshot_dir, http, staff):
    t5 = table("T5")
    registered = t5.seat(phone)
    order = t5.order(registered["token"], [{"menuItemId": "ceviche-clasico", "quantity": 1},
                                           {"menuItemId": "lomo-saltado", "quantity": 1, "notes": "Well done"}])
    phone.goto(t5.url("status"))
    card = phone.locator(".order-card")
    expect(card.locator(".order-card__summary")).to_have_text("Ceviche Clásico waiting, Lomo Saltado waiting")
    expect(phone.locator(".status-page__live")).to_have_attribute("data-live", "open")

    # When the kitchen bumps, the words change with no reload
    t5.bump(order, 0, "ready")
    t5.bump(order, 1, "preparing")
    expect(card.locator(".order-card__summary")).to_have_text("Ceviche Clásico ready, Lomo Saltado preparing")
    expect(card.locator(".order-line").first.locator(".status-chip")).to_have_text("ready")
    expect(card.locator(".order-card__head .status-chip")).to_have_text("Preparing")
    snap(phone, screenshot_dir, "status")

    # When the staff close the table, the diner is sent back to the entry with a kind word
    http.post(f"/staff/sessions/{registered['session']['id']}/close", token=staff["manager"])
    expect(phone).to_have_url(re.compile(r"/T5$"))
    expect(phone.locator(".entry__notice")).to_contain_text("Your table's session has ended")
    snap(phone, screenshot_dir, "entry-after-close")


def test_a_dish_the_kitchen_runs_out_of_greys_out_at_once_and_blocks_the_cart(
        phone: Page, table, screenshot_dir, http, staff):
    t6 = table("T6")
    t6.seat(phone)
    phone.goto(t6.url("menu"))
    card = phone.locator(".menu-card", has_text="Anticuchos")
    phone.get_by_role("button", name="Add Anticuchos to cart").click()
    phone.get_by_role("button", name="Add Tequeños to cart").click()
    availability = f"/staff/branches/{BRANCH}/menu/items/anticuchos/availability"
    try:
        # When the kitchen marks it unavailable, it greys out with no reload, and the diner hears why
        assert http.post(availability, {"available": False}, token=staff["manager"]).status == 200
        expect(card).to_have_class(re.compile("menu-card--unavailable"))
        expect(card.locator("button")).to_be_disabled()
        expect(phone.get_by_role("status").filter(has_text="Anticuchos is no longer available.")).to_be_visible()

        # The cart keeps the line but will not send it
        phone.locator(".cart-bar").click()
        expect(phone.locator(".cart-line", has_text="Anticuchos")).to_contain_text("No longer available")
        expect(phone.get_by_role("button", name="Place order")).to_be_disabled()
        snap(phone, screenshot_dir, "cart-unavailable")
        phone.get_by_role("button", name="Remove Anticuchos").click()
        expect(phone.get_by_role("button", name="Place order")).to_be_enabled()
    finally:
        http.post(availability, {"available": True}, token=staff["manager"])
    phone.goto(t6.url("menu"))
    expect(card.locator("button")).to_be_enabled()


def test_an_order_whose_reply_is_lost_is_sent_again_with_the_same_key_and_placed_once(phone: Page, table, http):
    t6 = table("T6")
    t6.seat(phone)
    phone.goto(t6.url("menu"))
    phone.get_by_role("button", name="Add Seco de Res to cart").click()
    phone.goto(t6.url("cart"))

    # Given the network loses the reply of the first attempt (the order did reach the kitchen)
    keys: list[str] = []
    held = []

    def lose_first_reply_then_hold(route):
        keys.append(route.request.headers.get("idempotency-key", ""))
        if len(keys) == 1:
            route.fetch()
            route.abort("connectionreset")
        else:
            held.append(route)

    phone.route("**/api/session/orders", lose_first_reply_then_hold)
    place = phone.locator(".cart__place")
    place.click()
    expect(phone.get_by_role("alert")).to_have_text("No connection. Check your network and try again.")
    expect(phone.locator(".cart-line")).to_have_count(1)

    # When the diner taps again, the button waits disabled while the order travels...
    place.click()
    expect(place).to_be_disabled()
    expect(place).to_have_text("Sending your order…")
    assert len(held) == 1
    held[0].continue_()

    # ...and the same key is sent, so the table still has one order
    expect(phone).to_have_url(re.compile(r"/T6/status$"))
    assert len(keys) == 2 and keys[0] and keys[0] == keys[1]
    assert len(http.get("/session/orders", token=t6.token_in(phone)).body["orders"]) == 1
    expect(phone.locator(".order-card")).to_have_count(1)


def test_call_waiter_and_request_bill_stay_so_across_a_reload_until_the_staff_acknowledge(
        phone: Page, table, screenshot_dir, http, staff):
    t7 = table("T7")
    registered = t7.seat(phone)
    phone.goto(t7.url("menu"))
    phone.get_by_role("button", name="Call waiter").click()
    expect(phone.locator('[data-kind="waiter"]')).to_have_text("Waiter called")
    phone.get_by_role("button", name="Request bill").click()
    expect(phone.locator('[data-kind="bill"]')).to_have_text("Bill requested")
    phone.reload()
    expect(phone.locator('[data-kind="waiter"]')).to_have_text("Waiter called")
    expect(phone.locator('[data-kind="bill"]')).to_have_text("Bill requested")
    phone.screenshot(path=str(screenshot_dir / "diner-menu-requests.png"))

    # When a waiter acknowledges the call, the button is back, and the bill stays requested
    requests = http.get("/session", token=registered["token"]).body["requests"]
    waiter_call = next(r for r in requests if r["kind"] == "waiter")
    assert http.post(f"/staff/requests/{waiter_call['id']}/ack", token=staff["manager"]).status == 200
    expect(phone.locator('[data-kind="waiter"]')).to_have_text("Call waiter")
    expect(phone.get_by_role("status").filter(has_text="A waiter is on the way.")).to_be_visible()
    expect(phone.locator('[data-kind="bill"]')).to_have_text("Bill requested")


def test_starting_anew_at_a_busy_table_replaces_the_old_session_once_the_staff_approve(
        phone: Page, second_phone: Page, table):
    t2 = table("T2")
    t2.seat(phone, "Ana")
    phone.goto(t2.url("menu"))
    expect(phone.get_by_role("tab", name="Appetizers")).to_be_visible()

    second_phone.goto(t2.url())
    second_phone.get_by_role("button", name="Start a new session").click()
    expect(second_phone.get_by_text("Starting a new session")).to_be_visible()
    name_field(second_phone).fill("Marta")
    second_phone.get_by_role("button", name="Start ordering").click()
    expect(second_phone).to_have_url(re.compile(r"/T2/waiting$"))

    t2.approve(t2.session_id_in(second_phone))
    expect(second_phone).to_have_url(re.compile(r"/T2/menu$"))
    expect(phone).to_have_url(re.compile(r"/T2$"))
    expect(phone.locator(".entry__notice")).to_contain_text("A new session was started at this table")


def test_a_phone_in_spanish_gets_the_pages_in_spanish(browser, stack, table):
    t1 = table("T1")
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="es-PE", base_url=stack.site_url)
    try:
        page = context.new_page()
        page.goto(t1.url())
        expect(page.get_by_role("heading", level=1)).to_have_text("Bienvenido a Comanda Downtown Lima")
        expect(page.get_by_role("button", name="Empezar a pedir")).to_be_visible()
        expect(page.locator("html")).to_have_attribute("lang", "es")
    finally:
        context.close()


def test_the_profile_can_be_edited_and_the_language_switched(phone: Page, table, screenshot_dir, http):
    t9 = table("T9")
    phone.goto(t9.url())
    phone.get_by_label("Loyalty").check()
    name_field(phone).fill("Carmen")
    phone.get_by_label("Phone", exact=True).fill("+51 987 654 009")
    phone.get_by_role("button", name="Start ordering").click()
    expect(phone).to_have_url(re.compile(r"/T9/waiting$"))
    phone.get_by_label("Six-digit code").fill(code_from_outbox_page(phone, "+51987654009"))
    phone.get_by_role("button", name="Confirm").click()
    expect(phone.get_by_role("status").filter(has_text="Phone confirmed.")).to_be_visible()
    t9.approve(t9.session_id_in(phone))
    expect(phone).to_have_url(re.compile(r"/T9/menu$"))

    phone.get_by_role("link", name="Profile").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Your profile")
    expect(phone.locator(".profile__phone")).to_have_text("+51 987 654 009")
    expect(phone.get_by_role("textbox", name="Your name")).to_have_value("Carmen")
    phone.get_by_label("Email (optional)").fill("carmen@")
    phone.get_by_role("button", name="Save changes").click()
    expect(phone.locator("#profile-email-error")).to_contain_text("email doesn't look right")
    phone.get_by_label("Email (optional)").fill("carmen@example.com")
    phone.get_by_label("Birth date (optional)").fill("1988-02-29")
    phone.get_by_role("button", name="Save changes").click()
    expect(phone.get_by_role("status").filter(has_text="Your profile is saved.")).to_be_visible()
    assert http.get("/me", token=t9.token_in(phone)).body["email"] == "carmen@example.com"
    phone.reload()
    expect(phone.get_by_label("Email (optional)")).to_have_value("carmen@example.com")
    expect(phone.get_by_label("Birth date (optional)")).to_have_value("1988-02-29")
    snap(phone, screenshot_dir, "profile")

    # Spanish, chosen once, everywhere and after a reload
    phone.get_by_role("button", name="Cambiar a español").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Tu perfil")
    expect(phone.get_by_role("textbox", name="Tu nombre")).to_have_value("Carmen")
    phone.get_by_role("link", name="Carta").click()
    expect(phone.get_by_role("button", name="Llamar al mozo")).to_be_visible()
    expect(phone.locator(".menu-card", has_text="Tacu Tacu").locator(".menu-card__badge")).to_have_text("Agotado")
    phone.reload()
    expect(phone.locator("html")).to_have_attribute("lang", "es")
    expect(phone.get_by_role("button", name="Pedir la cuenta")).to_be_visible()
    phone.screenshot(path=str(screenshot_dir / "diner-menu-es.png"))
    phone.get_by_role("button", name="Switch to English").click()
    expect(phone.get_by_role("button", name="Request bill")).to_be_visible()


def test_a_reload_keeps_the_diner_on_every_page_and_markup_shows_as_text(
        phone: Page, table, screenshot_dir):
    t10 = table("T10")
    markup = '<img src=x onerror="window.__pwned=1">'
    phone.goto(t10.url())
    name_field(phone).fill(f"Eve {markup}")
    phone.get_by_role("button", name="Start ordering").click()
    expect(phone).to_have_url(re.compile(r"/T10/waiting$"))
    expect(phone.get_by_role("heading", level=1)).to_have_text(f"Almost there, Eve {markup}!")
    t10.approve(t10.session_id_in(phone))
    expect(phone).to_have_url(re.compile(r"/T10/menu$"))

    phone.goto(t10.url("menu/papa-a-la-huancaina"))
    phone.get_by_label("Notes for the kitchen (optional)").fill(markup)
    phone.get_by_role("button", name=re.compile("Add to cart")).click()
    expect(phone.locator(".cart-bar__count")).to_have_text("1 item")
    phone.goto(t10.url("cart"))
    expect(phone.locator(".cart-line__note")).to_have_text(f"Note: {markup}")
    phone.get_by_role("button", name="Place order").click()
    expect(phone).to_have_url(re.compile(r"/T10/status$"))
    expect(phone.locator(".order-line__note")).to_have_text(markup)
    expect(phone.locator(".order-card__meta")).to_contain_text(f"by Eve {markup}")
    assert phone.evaluate("window.__pwned") is None
    assert phone.locator(".page img[src='x']").count() == 0

    pages = {
        "menu": phone.get_by_role("tab", name="Appetizers"),
        "menu/papa-a-la-huancaina": phone.get_by_role("heading", level=1, name="Papa a la Huancaína"),
        "cart": phone.get_by_text("Your cart is empty."),
        "status": phone.locator(".order-line__note"),
        "profile": phone.get_by_role("heading", level=1, name="Your profile"),
    }
    for path, landmark in pages.items():
        phone.goto(t10.url(path))
        expect(landmark).to_be_visible()
        phone.reload()
        expect(phone).to_have_url(re.compile(rf"/T10/{path}$"))
        expect(landmark).to_be_visible()
    # The entry and waiting pages of a seated diner lead to the menu
    phone.goto(t10.url("waiting"))
    expect(phone).to_have_url(re.compile(r"/T10/menu$"))


def test_the_socket_comes_back_after_a_drop_and_rereads_what_it_missed(phone: Page, table, screenshot_dir):
    t3 = table("T3")
    registered = t3.seat(phone)
    order = t3.order(registered["token"], [{"menuItemId": "causa-limena", "quantity": 1}])
    phone.goto(t3.url("status"))
    chip = phone.locator(".order-line .status-chip")
    expect(chip).to_have_text("waiting")
    expect(phone.locator(".status-page__live")).to_have_attribute("data-live", "open")

    # Given the network drops (the socket with it) while the kitchen works on the order
    phone.context.set_offline(True)
    phone.evaluate("window.dispatchEvent(new Event('diner:dropLive'))")
    expect(phone.locator(".live-banner")).to_be_visible()
    expect(phone.locator(".live-banner")).to_contain_text("Reconnecting")
    t3.bump(order, 0, "ready")
    phone.screenshot(path=str(screenshot_dir / "diner-status-reconnecting.png"))
    expect(chip).to_have_text("waiting")

    # When the network is back, the socket reconnects by itself and the state is read again
    phone.context.set_offline(False)
    expect(phone.locator(".live-banner")).to_be_hidden()
    expect(chip).to_have_text("ready")


def test_an_expired_sign_in_sends_the_diner_back_to_the_entry(phone: Page, table):
    t1 = table("T1")
    phone.goto("/favicon.svg")
    phone.evaluate("key => sessionStorage.setItem(key, JSON.stringify('not.a.token'))", t1.token_key())
    phone.goto(t1.url("menu"))
    expect(phone).to_have_url(re.compile(r"/T1$"))
    expect(phone.locator(".entry__notice")).to_contain_text("Your sign-in has expired")


def test_a_reload_of_the_menu_asks_the_api_once_per_answer_from_the_documents_early_requests(
        phone: Page, table):
    t3 = table("T3")
    t3.seat(phone)
    violations: list[str] = []
    phone.on("console", lambda message: violations.append(message.text)
             if "Content Security Policy" in message.text else None)
    asked: list[str] = []
    phone.on("request", lambda request: asked.append(request.url.split("/api", 1)[1])
             if "/api/" in request.url and request.method == "GET" else None)
    phone.goto(t3.url("menu"))
    expect(phone.locator(".menu-card", has_text="Ceviche Clásico")).to_be_visible()
    # The inline script ran under the page's Content-Security-Policy (allowed by its hash) and
    # sent the first view's reads; the app took those answers instead of asking again
    # (the menu in the phone's language, en-US here: the path the app asks too)
    # (the diner's profile comes in the session's `me`: no GET /me on the menu, issue #17's cost)
    assert phone.evaluate("() => Object.keys(window.comandaEarly.answers).sort()") == [
        "/branches/downtown-lima/menu?lang=en", "/session"]
    assert violations == []
    first_view = [path for path in asked if path in ("/session", "/branches/downtown-lima/menu?lang=en")]
    assert sorted(first_view[:2]) == ["/branches/downtown-lima/menu?lang=en", "/session"]
    assert asked[:2] == first_view[:2]  # before any other API read
    assert "/me" not in asked


def test_a_dish_in_the_cart_that_ran_out_while_the_phone_was_offline_is_announced_on_reconnect(
        phone: Page, table, http, staff, stack):
    t7 = table("T7")
    t7.seat(phone)
    phone.goto(t7.url("menu"))
    phone.get_by_role("button", name="Add Anticuchos to cart").click()
    expect(phone.locator("#live-banner")).to_have_attribute("data-live", "open")  # the phone is live
    availability = f"/staff/branches/{BRANCH}/menu/items/anticuchos/availability"
    stack.poller.pause()  # no push at all: only the page's catch-up read can tell it
    try:
        # The network (the socket with it) is gone when the kitchen runs out
        phone.context.set_offline(True)
        phone.evaluate("window.dispatchEvent(new Event('diner:dropLive'))")
        expect(phone.locator(".live-banner")).to_be_visible()
        assert http.post(availability, {"available": False}, token=staff["manager"]).status == 200
        phone.context.set_offline(False)
        # The read after reconnecting says it, as the push would have
        expect(phone.locator(".live-banner")).to_be_hidden()
        expect(phone.get_by_role("status").filter(has_text="Anticuchos is no longer available.")).to_be_visible()
        expect(phone.locator(".menu-card", has_text="Anticuchos").locator("button")).to_be_disabled()
    finally:
        stack.poller.resume()
        http.post(availability, {"available": True}, token=staff["manager"])
