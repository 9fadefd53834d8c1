"""Kitchen stations in real Chromium (issue 16): two kitchen displays at 1920x1080, one the Bar's
(opened at /kitchen/?station=bar) and one the Kitchen's (picked in its bar, remembered after a
reload); a diner orders a pisco sour and a lomo saltado and each screen shows its own dish live,
with a note of the other, and a round of drinks alone reaches the Bar's screen only; the Bar's "All ready" readies the pisco sour only; expo shows both;
and the picker and the note in Spanish. Only downtown-lima table T38 is used here (cleared
afterwards)."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import KITCHEN_SCREEN, _context
from tests.browser.staff_pages import KITCHEN, Floor, live, sign_in, snap


@pytest.fixture(scope="module")
def floor(http) -> Floor:
    return Floor(http)


@pytest.fixture
def bar_screen(browser, stack):
    """A second kitchen display: the bar's, across the room."""
    context = _context(browser, stack, KITCHEN_SCREEN)
    yield context.new_page()
    context.close()


def ticket(page: Page, order: dict):
    return page.locator(f".ticket[data-order='{order['id']}']")


def line(page: Page, order: dict, index: int):
    return ticket(page, order).locator(f"[data-line='{order['items'][index]['id']}']")


def test_each_station_shows_its_own_dishes_live_and_expo_shows_all(
        kitchen_screen: Page, bar_screen: Page, floor: Floor, screenshot_dir):
    sign_in(bar_screen, KITCHEN, path="/kitchen/?station=bar")
    sign_in(kitchen_screen, KITCHEN, path="/kitchen/")
    picker = kitchen_screen.get_by_label("Station")
    expect(picker).to_have_value("")  # a new screen starts on expo
    picker.select_option(label="Kitchen")
    expect(kitchen_screen).to_have_url(re.compile(r"\?station=kitchen$"))
    kitchen_screen.goto("/kitchen/")  # remembered by the screen, without the URL saying it
    expect(kitchen_screen.get_by_label("Station")).to_have_value("kitchen")
    expect(bar_screen.get_by_label("Station")).to_have_value("bar")
    expect(bar_screen.locator(".kitchen-bar__station-select option:checked")).to_have_text("Bar")
    live(bar_screen)
    live(kitchen_screen)

    diner = floor.seat("T38", name="Rosa")
    order = floor.order(diner, [("pisco-sour", 1, ""), ("lomo-saltado", 1, "")])
    orders = [order]
    try:
        # Live, without a reload: each screen has the ticket with its own dish only
        expect(ticket(bar_screen, order).locator(".ticket-line")).to_have_count(1)
        expect(line(bar_screen, order, 0)).to_contain_text("Pisco Sour")
        expect(ticket(bar_screen, order).get_by_test_id("elsewhere")).to_have_text("+1 at Kitchen")
        expect(ticket(kitchen_screen, order).locator(".ticket-line")).to_have_count(1)
        expect(line(kitchen_screen, order, 1)).to_contain_text("Lomo Saltado")
        expect(line(kitchen_screen, order, 0)).to_have_count(0)
        expect(ticket(kitchen_screen, order).get_by_test_id("elsewhere")).to_have_text("+1 at Bar")
        # the all-day strips follow their station
        expect(bar_screen.locator(".all-day-strip__count[data-item='pisco-sour']")).to_be_visible()
        expect(bar_screen.locator(".all-day-strip__count[data-item='lomo-saltado']")).to_have_count(0)
        expect(kitchen_screen.locator(".all-day-strip__count[data-item='lomo-saltado']")).to_be_visible()
        expect(kitchen_screen.locator(".all-day-strip__count[data-item='pisco-sour']")).to_have_count(0)
        snap(bar_screen, screenshot_dir, "kitchen-station-bar-1920x1080")

        # A round of drinks alone never reaches the kitchen's screen, though it heard it (expo shows it at once)
        drinks = floor.order(diner, [("pisco-sour", 2, "")])
        orders.append(drinks)
        expect(ticket(bar_screen, drinks)).to_be_visible()
        expect(ticket(kitchen_screen, drinks)).to_have_count(0)
        kitchen_screen.get_by_label("Station").select_option("")
        expect(ticket(kitchen_screen, drinks)).to_be_visible()
        kitchen_screen.get_by_label("Station").select_option("kitchen")
        expect(ticket(kitchen_screen, drinks)).to_have_count(0)

        # The bar's "All ready" readies the pisco sour; the lomo saltado stays the kitchen's to do
        ticket(bar_screen, order).get_by_role("button", name="All ready").click()
        expect(line(bar_screen, order, 0)).to_have_attribute("data-status", "ready")
        expect(line(kitchen_screen, order, 1)).to_have_attribute("data-status", "pending")
        expect(ticket(kitchen_screen, order).get_by_test_id("elsewhere")).to_have_count(0)  # the bar owes nothing

        # Expo shows the whole ticket
        bar_screen.get_by_label("Station").select_option("")
        expect(ticket(bar_screen, order).locator(".ticket-line")).to_have_count(2)
        expect(line(bar_screen, order, 1)).to_have_attribute("data-status", "pending")
        snap(bar_screen, screenshot_dir, "kitchen-station-expo-1920x1080")

        # In Spanish
        kitchen_screen.evaluate("() => localStorage.setItem('comanda.language', 'es')")
        kitchen_screen.reload()
        expect(kitchen_screen.get_by_label("Estación")).to_have_value("kitchen")
        expect(kitchen_screen.locator(".kitchen-bar__station-select option[value='']")).to_have_text("Todas (expo)")
        expect(ticket(kitchen_screen, order).locator(".ticket-line")).to_have_count(1)
        expect(kitchen_screen.locator(".all-day-strip").get_by_role("heading", name="Por cocinar")).to_be_visible()
        expect(kitchen_screen.locator(".all-day-strip__count[data-item='lomo-saltado']")).to_be_visible()
        snap(kitchen_screen, screenshot_dir, "kitchen-station-kitchen-es-1920x1080")
    finally:
        kitchen_screen.evaluate("() => localStorage.removeItem('comanda.language')")
        for placed in orders:
            floor.http.post(f"/staff/orders/{placed['id']}/status", {"status": "cancelled"}, token=floor.token())
        floor.clear("T38")
