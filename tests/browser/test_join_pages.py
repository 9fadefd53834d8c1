"""Joining a table in use, in real Chromium against the local stack: a new phone asks and waits
for a yes; the phones already at the table allow or decline it live; the staff allow it from the
POS and the Tables page; the same phone (its device key) comes back without asking; and the same
in Spanish. The public entry page never names anyone at the table.

Tables: downtown-lima T3, T4, T6, T7, T8 (shared with test_diner_pages.py, whose tests clear
their tables too) and T15, T16 (the staff pages' range). Every test clears its tables, and
declines what still waits to join them, before and after."""
from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Page, expect

from tests.browser.staff_pages import DOWNTOWN, card, live, sign_in
from tests.browser.test_diner_pages import SLUG, Table, name_field, no_script_errors, staff  # noqa: F401 - fixtures

expect.set_options(timeout=8000)


@pytest.fixture
def table(http, staff) -> Iterator:  # noqa: F811 - this module's own: it also declines waiting requests to join
    opened: list[Table] = []

    def clear(found: Table) -> None:
        manager = staff["manager"]
        reply = http.get(f"/staff/branches/{DOWNTOWN}/join-requests", token=manager)
        for waiting in (reply.body or {}).get("joinRequests", []) if reply.status == 200 else []:
            if waiting["tableCode"] == found.code:
                http.post(f"/staff/join-requests/{waiting['id']}/decline", token=manager)
        found.clear()

    def open_table(code: str) -> Table:
        found = Table(http, staff, code)
        clear(found)
        opened.append(found)
        return found

    yield open_table
    for found in opened:
        clear(found)


def snap(page: Page, screenshot_dir, name: str, full_page: bool = True) -> None:
    """A phone's page (the menu's whole page is long: its prompts are shot as the screen shows them)."""
    page.screenshot(path=str(screenshot_dir / f"diner-{name}.png"), full_page=full_page, timeout=30000)


def ask_to_join(page: Page, at: Table, name: str) -> None:
    """A phone with nothing of the table scans its code and asks to join it."""
    page.goto(at.url())
    expect(page.get_by_role("heading", name="This table is in use")).to_be_visible()
    page.get_by_role("button", name="Ask to join").click()
    expect(page.get_by_text("Asking to join the table")).to_be_visible()
    name_field(page).fill(name)
    page.get_by_role("button", name="Ask to join").click()
    expect(page).to_have_url(re.compile(rf"/{at.code}/waiting$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Waiting for someone at the table to let you in")


def prompt(page: Page, name: str):
    return page.locator(".join-prompt__card", has_text=f"{name} wants to join your table")


def seated_at(page: Page, at: Table, name: str, where: str = "menu") -> dict:
    """A diner approved through the API, on one of the table's pages with its socket open."""
    registered = at.seat(page, name)
    page.goto(at.url(where))
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.locator("#live-banner")).to_be_hidden()
    page.wait_for_function("() => performance.getEntriesByType('resource').some((e) => e.name.includes('/lib/socket.js'))")
    return registered


# (1) ------------------------------------------------------------------------------------------------
def test_a_second_phone_asks_to_join_the_first_allows_it_and_it_sees_the_tables_menu_and_orders(
        phone: Page, second_phone: Page, table, screenshot_dir):
    t8 = table("T8")
    # Given Ana seated at T8 with an order, her phone on the menu
    ana = seated_at(phone, t8, "Ana")
    t8.order(ana["token"], [{"menuItemId": "pisco-sour", "quantity": 2}], notes="allergic to nuts")

    # When Luis scans T8's code: the page says the table is in use, and names nobody
    second_phone.goto(t8.url())
    expect(second_phone.get_by_role("heading", name="This table is in use")).to_be_visible()
    expect(second_phone.get_by_role("button", name="Start a new session")).to_be_visible()
    expect(second_phone.get_by_role("button", name="Rejoin the table")).to_be_hidden()  # this phone was never here
    expect(second_phone.locator("main")).not_to_contain_text("Ana")
    snap(second_phone, screenshot_dir, "join-entry-in-use")
    ask_to_join(second_phone, t8, "Luis")
    snap(second_phone, screenshot_dir, "join-waiting")
    # until the table answers, the phone sees nothing of it
    second_phone.goto(t8.url("status"))
    expect(second_phone).to_have_url(re.compile(r"/T8/waiting$"))
    expect(second_phone.locator("main")).not_to_contain_text("Pisco")

    # Then Ana's phone asks her, live, without covering the cart bar
    card_on_phone = prompt(phone, "Luis")
    expect(card_on_phone).to_be_visible()
    expect(card_on_phone.get_by_role("button", name="Decline")).to_be_visible()
    snap(phone, screenshot_dir, "join-prompt", full_page=False)
    box, bar = phone.locator(".join-prompt").bounding_box(), phone.locator(".cart-bar-slot").bounding_box()
    assert box and bar and box["y"] + box["height"] <= bar["y"], (box, bar)

    # When she allows it
    card_on_phone.get_by_role("button", name="Allow").click()
    expect(phone.locator(".join-prompt__card")).to_have_count(0)
    expect(phone.locator(".toaster")).to_contain_text("Luis joined your table")

    # Then Luis's phone opens the menu by itself, and sees the table's orders
    expect(second_phone).to_have_url(re.compile(r"/T8/menu$"))
    expect(second_phone.get_by_role("tab", name="Appetizers")).to_be_visible()
    second_phone.get_by_role("link", name=re.compile("My orders")).click()
    expect(second_phone.locator(".order-card")).to_contain_text("Pisco Sour")
    expect(second_phone.locator(".order-card__meta")).to_contain_text("by Ana")
    # and it keeps its own device key for the table
    assert second_phone.evaluate(f"() => localStorage.getItem('comanda.device.{SLUG}.T8')")

    # What one phone orders, the other sees live
    phone.goto(t8.url("status"))
    expect(phone.locator(".order-card")).to_have_count(1)
    t8.order(t8.token_in(second_phone), [{"menuItemId": "chicha-morada", "quantity": 1}])
    expect(phone.locator(".order-card")).to_have_count(2)
    expect(phone.locator(".order-card").first).to_contain_text("by Luis")


# (2) ------------------------------------------------------------------------------------------------
def test_a_declined_phone_is_told_so_and_goes_back_to_the_tables_page(
        phone: Page, second_phone: Page, table, screenshot_dir):
    t4 = table("T4")
    seated_at(phone, t4, "Ana", where="status")
    ask_to_join(second_phone, t4, "Stranger")

    card_on_phone = prompt(phone, "Stranger")
    expect(card_on_phone).to_be_visible()
    card_on_phone.get_by_role("button", name="Decline").click()
    expect(phone.locator(".join-prompt__card")).to_have_count(0)

    expect(second_phone.get_by_role("heading", level=1)).to_have_text("Your request to join was declined")
    expect(second_phone.get_by_role("heading", level=1)).to_be_focused()
    snap(second_phone, screenshot_dir, "join-declined")
    assert second_phone.evaluate("() => Object.keys(sessionStorage).filter((k) => k.endsWith('.token')).length") == 0
    second_phone.get_by_role("button", name="Back to the table's page").click()
    expect(second_phone).to_have_url(re.compile(r"/T4$"))
    expect(second_phone.get_by_role("heading", name="This table is in use")).to_be_visible()


# (3) ------------------------------------------------------------------------------------------------
def test_the_staff_allow_a_phone_asking_to_join_from_the_pos(
        tablet: Page, second_phone: Page, table, http, screenshot_dir):
    t16 = table("T16")
    registered = http.register("T16", "Ana")
    t16.approve(registered["session"]["id"])
    sign_in(tablet)
    live(tablet)

    # When a phone asks to join T16, the POS lists it live with the table and the name
    ask_to_join(second_phone, t16, "Luis")
    asking = card(tablet, "join", "T16")
    expect(asking).to_contain_text("Table 16")
    expect(asking).to_contain_text("Luis asks to join this table")
    tablet.screenshot(path=str(screenshot_dir / "staff-pos-join-request.png"), timeout=30000)

    # and allowing it there lets the phone in
    asking.get_by_role("button", name="Allow").click()
    expect(asking).to_have_count(0)
    expect(second_phone).to_have_url(re.compile(r"/T16/menu$"))


# (4) ------------------------------------------------------------------------------------------------
def test_the_tables_page_marks_a_table_with_a_phone_asking_to_join_and_allows_it(
        tablet: Page, second_phone: Page, table, http, screenshot_dir):
    t15 = table("T15")
    registered = http.register("T15", "Ana")
    t15.approve(registered["session"]["id"])
    ask_to_join(second_phone, t15, "Luis")

    # The request was made before the page opened: it comes with the page's first read
    sign_in(tablet, path="/staff/tables?table=T15")
    tile = tablet.locator(".table-tile[data-table='T15']")
    expect(tile).to_have_attribute("data-join", "1")
    expect(tile.get_by_test_id("join-flag")).to_have_text("Wants to join: Luis")
    asking = tablet.locator(".table-detail__join", has_text="Luis")
    expect(asking).to_be_visible()
    tablet.screenshot(path=str(screenshot_dir / "staff-tables-join-request.png"), timeout=30000)

    asking.get_by_role("button", name="Allow").click()
    expect(second_phone).to_have_url(re.compile(r"/T15/menu$"))
    expect(tile.get_by_test_id("join-flag")).to_have_count(0)
    expect(tile).not_to_have_attribute("data-join", "1")


# (5) ------------------------------------------------------------------------------------------------
def test_the_same_phone_coming_back_rejoins_with_one_tap_and_another_phone_cannot(
        phone: Page, second_phone: Page, table, screenshot_dir):
    t6 = table("T6")
    # Given Ana signed up on this phone through the page, and the staff approved her
    phone.goto(t6.url())
    name_field(phone).fill("Ana")
    phone.get_by_role("button", name="Start ordering").click()
    expect(phone).to_have_url(re.compile(r"/T6/waiting$"))
    t6.approve(t6.session_id_in(phone))
    expect(phone).to_have_url(re.compile(r"/T6/menu$"))

    # When she closes the tab and scans the code again (the same browser: its localStorage, a new tab)
    context = phone.context
    phone.close()
    again = context.new_page()
    errors: list[str] = []
    again.on("pageerror", lambda error: errors.append(str(error)))
    again.goto(t6.url())

    # Then the page offers to rejoin at once, and one tap takes her back to the menu, no name asked
    expect(again.get_by_role("heading", name="This table is in use")).to_be_visible()
    rejoin = again.get_by_role("button", name="Continue as Ana")
    expect(rejoin).to_be_visible()
    expect(name_field(again)).to_be_hidden()
    snap(again, screenshot_dir, "join-rejoin")
    rejoin.click()
    expect(again).to_have_url(re.compile(r"/T6/menu$"))
    expect(again.get_by_role("tab", name="Appetizers")).to_be_visible()
    assert errors == []

    # while another phone (no key of its own) is only offered to ask
    second_phone.goto(t6.url())
    expect(second_phone.get_by_role("heading", name="This table is in use")).to_be_visible()
    expect(second_phone.get_by_role("button", name="Rejoin the table")).to_have_count(0)
    expect(second_phone.get_by_role("button", name="Ask to join")).to_be_visible()


# (6) ------------------------------------------------------------------------------------------------
def test_the_join_flow_speaks_spanish_once_the_language_is_switched(
        phone: Page, second_phone: Page, table, screenshot_dir):
    t7 = table("T7")
    seated_at(phone, t7, "Ana")
    phone.get_by_role("button", name="Cambiar a español").click()
    expect(phone.get_by_role("button", name="Switch to English")).to_be_visible()

    second_phone.goto(t7.url())
    expect(second_phone.get_by_role("heading", name="This table is in use")).to_be_visible()
    second_phone.get_by_role("button", name="Cambiar a español").click()
    expect(second_phone.get_by_role("heading", name="Esta mesa está en uso")).to_be_visible()
    expect(second_phone.get_by_role("button", name="Empezar una sesión nueva")).to_be_visible()
    second_phone.get_by_role("button", name="Pedir unirme").click()
    expect(second_phone.get_by_text("Pidiendo unirte a la mesa")).to_be_visible()
    second_phone.get_by_role("textbox", name="Tu nombre").fill("Luis")
    second_phone.get_by_role("button", name="Pedir unirme").click()
    expect(second_phone.get_by_role("heading", level=1)).to_have_text("Esperando que alguien de la mesa te deje entrar")
    expect(second_phone.locator(".waiting__status")).to_have_text("Esperando un sí…")
    snap(second_phone, screenshot_dir, "join-waiting-es")

    asking = phone.locator(".join-prompt__card", has_text="Luis quiere unirse a tu mesa")
    expect(asking).to_be_visible()
    expect(asking.get_by_role("button", name="Permitir")).to_be_visible()
    snap(phone, screenshot_dir, "join-prompt-es", full_page=False)
    asking.get_by_role("button", name="Rechazar").click()
    expect(phone.locator(".toaster")).to_contain_text("Rechazaste a Luis")

    expect(second_phone.get_by_role("heading", level=1)).to_have_text("No aceptaron tu pedido para unirte")
    expect(second_phone.get_by_role("button", name="Volver a la página de la mesa")).to_be_visible()
