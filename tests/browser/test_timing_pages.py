"""Time on the pages, in real Chromium against the local stack: a dish outside its hours says
when it comes back and flips by itself; a kitchen pause greys dishes out on the diner's phone
live and ends by itself; the POS ticks a waiter call and turns it urgent.

Only downtown-lima tables T25..T28 are used here. The pages' clocks are Playwright's
(`page.clock`), moved forward instead of waiting; the server keeps the real time, which is
enough: windows and pauses travel as absolute instants, and the pages decide from them.
"""
from __future__ import annotations

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from playwright.sync_api import Page, expect

from tests.browser.staff_pages import KITCHEN, sign_in, snap
from tests.browser.test_diner_pages import BRANCH, staff, table  # noqa: F401 - the diner tests' fixtures

MENU = f"/staff/branches/{BRANCH}/menu"
LIMA = ZoneInfo("America/Lima")
BREAKFAST = [{"start": "07:00", "end": "11:30", "days": []}]

expect.set_options(timeout=8000)


def _menu_card(phone: Page, name: str):
    return phone.locator(".menu-card").filter(has=phone.get_by_role("heading", name=name, level=3))


def _seated_at_the_menu(phone: Page, table, code: str, dish: str):
    """A diner seated at `code` on the menu page (the page's clock under the test's control), and the dish's card."""
    phone.clock.install()
    diner = table(code)
    diner.seat(phone)
    phone.goto(diner.url("menu"))
    card = _menu_card(phone, dish)
    card.scroll_into_view_if_needed()
    return diner, card


def test_a_dish_outside_its_hours_says_when_it_comes_back_and_flips_by_itself(phone, http, staff, table, screenshot_dir):
    # Given Breakfast served from a few minutes from now (Lima time) until an hour later
    now = datetime.now(LIMA)
    opens = (now + timedelta(minutes=3)).replace(second=0, microsecond=0)
    window = [{"start": opens.strftime("%H:%M"), "end": (opens + timedelta(hours=1)).strftime("%H:%M"), "days": []}]
    reply = http.call("PUT", f"{MENU}/categories/cat_breakfast/schedule", {"windows": window}, token=staff["manager"])
    assert reply.status == 200, reply.body
    try:
        diner, card = _seated_at_the_menu(phone, table, "T25", "Pan con Chicharrón")
        # Then it is greyed out, cannot be added, and says from when (in the branch's clock)
        expect(card).to_have_class(re.compile("menu-card--unavailable"))
        # (a few minutes before midnight in Lima the window opens tomorrow, and the card says so)
        day = "from" if opens.date() == now.date() else "tomorrow"
        expect(card.locator(".menu-card__badge")).to_have_text(f"Available {day} {opens.strftime('%H:%M')}")
        expect(card.get_by_role("button")).to_be_hidden()
        snap(phone, screenshot_dir, "timing-breakfast-later")
        # When its window opens, with no reload
        phone.clock.fast_forward("05:00")
        # Then it can be ordered
        expect(card).not_to_have_class(re.compile("menu-card--unavailable"))
        expect(card.get_by_role("button", name=re.compile("Add Pan con Chicharrón|Choose"))).to_be_visible()
        # And an order shows the wait the kitchen quoted, as a range
        diner.order(diner.token_in(phone), [{"menuItemId": "ceviche-clasico", "quantity": 1}])
        phone.goto(diner.url("status"))
        expect(phone.locator(".order-card__wait")).to_have_text(re.compile(r"^Ready (in about [1-9]\d*–\d+ min|within \d+ min|any minute now)$"))
        snap(phone, screenshot_dir, "timing-status-wait")
    finally:
        http.call("PUT", f"{MENU}/categories/cat_breakfast/schedule", {"windows": BREAKFAST}, token=staff["manager"])


def test_the_kitchen_pauses_desserts_and_the_diner_sees_them_grey_out_live_then_come_back(
        phone, kitchen_screen, http, staff, table, screenshot_dir):
    diner, card = _seated_at_the_menu(phone, table, "T26", "Picarones")
    expect(card).not_to_have_class(re.compile("menu-card--unavailable"))
    try:
        # When the kitchen pauses Desserts for 5 minutes from its display
        sign_in(kitchen_screen, KITCHEN, "/kitchen/")
        kitchen_screen.locator(".kitchen-bar__86").click()
        kitchen_screen.get_by_role("button", name="Pause Desserts for 5 min").click()
        paused = kitchen_screen.locator(".availability-panel__paused")
        expect(paused).to_have_text(re.compile(r"Paused until \d\d:\d\d"))
        snap(kitchen_screen, screenshot_dir, "timing-kitchen-pause")
        back_at = paused.inner_text().rsplit(" ", 1)[-1]
        # Then on the diner's phone, with no reload, the dessert greys out and says when it is back
        expect(card).to_have_class(re.compile("menu-card--unavailable"), timeout=10000)
        expect(card.locator(".menu-card__badge")).to_have_text(f"Back at {back_at}")
        snap(phone, screenshot_dir, "timing-diner-paused")
        # and ordering it is refused by the server meanwhile
        refused = http.post("/session/orders", {"items": [{"menuItemId": "picarones", "quantity": 1}]},
                            token=diner.token_in(phone))
        assert refused.status == 422 and refused.body["error"]["code"] == "KITCHEN_PAUSED"
        # When the five minutes are over, the page flips back by itself
        phone.clock.fast_forward("05:30")
        expect(card).not_to_have_class(re.compile("menu-card--unavailable"))
    finally:
        http.call("PUT", f"{MENU}/categories/cat_desserts/pause", {"minutes": 0}, token=staff["manager"])


def test_the_pos_ticks_a_waiter_call_and_turns_it_urgent(tablet, http, staff, table, screenshot_dir):
    tablet.clock.install()
    sign_in(tablet)
    diner = table("T27")
    registered = http.register("T27", "Eva")
    diner.approve(registered["session"]["id"])
    call = http.post("/session/waiter-calls", token=registered["token"])
    assert call.status == 201, call.body
    card = tablet.locator(".feed-card[data-kind='waiter'][data-table='T27']")
    expect(card).to_be_visible()
    waited = card.locator(".feed-card__waited")
    expect(waited).to_have_text(re.compile(r"^0:\d\d$"))
    expect(card).not_to_have_class(re.compile("feed-card--urgent"))
    # When three minutes pass (the branch's default for a waiter call)
    tablet.clock.fast_forward("03:05")
    # Then the card is urgent: colour, the word, and an alert for screen readers
    expect(card).to_have_class(re.compile("feed-card--urgent"))
    expect(card.locator(".feed-card__urgent")).to_have_text("Urgent")
    expect(waited).to_have_text(re.compile(r"^3:\d\d$"))
    expect(tablet.locator(".pos-page [role=alert]")).to_contain_text("urgent")
    snap(tablet, screenshot_dir, "timing-pos-urgent")
