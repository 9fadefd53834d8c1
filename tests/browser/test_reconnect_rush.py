"""A diner's phone and the kitchen display lose their sockets during a rush: orders and bumps
keep coming meanwhile; when the network is back each page reconnects by itself, re-reads the
state over REST, and shows everything it missed, once, and goes on hearing pushes.

Uses only downtown-lima tables T38..T40 (the stack is shared by every browser test)."""
from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Page, expect

from tests.browser.staff_pages import DOWNTOWN, KITCHEN, MANAGER, Floor, live, sign_in, snap

TABLES = ("T38", "T39", "T40")
DINER_TOKEN_KEY = "comanda.diner.downtown-lima/T38.token"

expect.set_options(timeout=10000)


@pytest.fixture
def floor(http) -> Iterator[Floor]:
    found = Floor(http)
    yield found
    manager = found.token(MANAGER)  # leave nothing of these tables on the other tests' screens
    for order in http.get(f"/staff/branches/{DOWNTOWN}/orders", token=manager).body["orders"]:
        if order["tableCode"] in TABLES:
            http.post(f"/staff/orders/{order['id']}/status", {"status": "cancelled"}, token=manager)
    for code in TABLES:
        found.clear(code)


@pytest.fixture(autouse=True)
def no_script_errors(phone: Page, kitchen_screen: Page) -> Iterator[None]:
    errors: list[str] = []
    for page in (phone, kitchen_screen):
        page.on("pageerror", lambda error: errors.append(str(error)))
    yield
    assert errors == []


def bump(floor: Floor, order: dict, index: int, status: str) -> None:
    line = order["items"][index]["id"]
    reply = floor.http.post(f"/staff/orders/{order['id']}/items/{line}/status", {"status": status},
                            token=floor.token(KITCHEN))
    assert reply.status == 200, reply.body


def test_a_diner_and_the_kitchen_lose_their_sockets_in_a_rush_and_miss_nothing_on_reconnect(
        phone: Page, kitchen_screen: Page, floor: Floor, screenshot_dir):
    # Given three seated tables, T38's diner following their order on the status page and the
    # kitchen display open, both live
    diners = {code: floor.seat(code, name=f"Guest {code}") for code in TABLES}
    first = floor.order(diners["T38"], [("ceviche-clasico", 1, ""), ("lomo-saltado", 1, "")])
    phone.goto("/favicon.svg")
    phone.evaluate("([key, token]) => sessionStorage.setItem(key, JSON.stringify(token))",
                   [DINER_TOKEN_KEY, diners["T38"]["token"]])
    phone.goto("/downtown-lima/T38/status")
    expect(phone.locator(".status-page__live")).to_have_attribute("data-live", "open")
    expect(phone.locator(f".order-card[data-order='{first['id']}']")).to_be_visible()
    sign_in(kitchen_screen, KITCHEN, path="/kitchen/")
    live(kitchen_screen)
    expect(kitchen_screen.locator(f".ticket[data-order='{first['id']}']")).to_have_count(1)

    # When both lose their network (and sockets) during a rush of orders and bumps
    for page, event in ((phone, "diner:dropLive"), (kitchen_screen, "staff:dropLive")):
        page.context.set_offline(True)
        page.evaluate(f"window.dispatchEvent(new Event('{event}'))")
    expect(phone.locator(".live-banner")).to_contain_text("Reconnecting")
    expect(kitchen_screen.locator(".staff-header__live--closed")).to_have_count(1)
    rush = [floor.order(diners[code], [("causa-limena", 1, f"rush {n}"), ("chicha-morada", 2, "")])
            for n in range(3) for code in TABLES]
    bump(floor, first, 0, "preparing")
    bump(floor, first, 0, "ready")
    bump(floor, first, 1, "preparing")
    bump(floor, rush[0], 0, "preparing")  # T38's first rush order
    snap(kitchen_screen, screenshot_dir, "kitchen-offline-rush")
    expect(kitchen_screen.locator(".ticket[data-table='T39']")).to_have_count(0)  # nothing arrived while down

    # Then, back online, each page re-reads what it missed: every ticket once, every line's state
    for page in (phone, kitchen_screen):
        page.context.set_offline(False)
    live(kitchen_screen)
    expected = [first, *rush]
    for order in expected:
        expect(kitchen_screen.locator(f".ticket[data-order='{order['id']}']")).to_have_count(1)
    for code in TABLES:
        expect(kitchen_screen.locator(f".ticket[data-table='{code}']")).to_have_count(
            sum(1 for o in expected if o["tableCode"] == code))
    ticket = kitchen_screen.locator(f".ticket[data-order='{first['id']}']")
    expect(ticket.locator(f"[data-line='{first['items'][0]['id']}']")).to_have_attribute("data-status", "ready")
    expect(ticket.locator(f"[data-line='{first['items'][1]['id']}']")).to_have_attribute("data-status", "preparing")
    snap(kitchen_screen, screenshot_dir, "kitchen-after-reconnect")

    expect(phone.locator(".live-banner")).to_be_hidden()
    mine = [o for o in expected if o["tableCode"] == "T38"]
    expect(phone.locator(".order-card")).to_have_count(len(mine))
    card = phone.locator(f".order-card[data-order='{first['id']}']")
    expect(card.locator(f"[data-line='{first['items'][0]['id']}'] .status-chip")).to_have_text("ready")
    expect(card.locator(f"[data-line='{first['items'][1]['id']}'] .status-chip")).to_have_text("preparing")
    rush_card = phone.locator(f".order-card[data-order='{rush[0]['id']}']")
    expect(rush_card.locator(f"[data-line='{rush[0]['items'][0]['id']}'] .status-chip")).to_have_text("preparing")
    snap(phone, screenshot_dir, "diner-status-after-rush-reconnect")

    # And pushes reach both again: the next bump shows on the phone and the board without a reload
    bump(floor, first, 1, "ready")
    expect(card.locator(f"[data-line='{first['items'][1]['id']}'] .status-chip")).to_have_text("ready")
    expect(ticket.locator(f"[data-line='{first['items'][1]['id']}']")).to_have_attribute("data-status", "ready")
    late = floor.order(diners["T40"], [("tequenos", 1, "")])
    expect(kitchen_screen.locator(f".ticket[data-order='{late['id']}']")).to_have_count(1)
