"""All-day counts on the kitchen display in real Chromium (issue 16): what is still to cook across
the open tickets, per dish, under the bar, live as orders arrive and lines become ready, in English
and Spanish. Only downtown-lima table T38 is used here (cleared afterwards). Other files' tickets
may be open on the same stack, so the counts are read before and after."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.staff_pages import KITCHEN, Floor, live, sign_in, snap


@pytest.fixture(scope="module")
def floor(http) -> Floor:
    return Floor(http)


def count_of(page: Page, item: str) -> int:
    chip = page.locator(f".all-day-strip__count[data-item='{item}']")
    return int(chip.locator(".all-day-strip__quantity").inner_text().split()[-1]) if chip.count() else 0


def test_the_all_day_strip_counts_each_dish_still_to_cook_live(kitchen_screen: Page, floor: Floor, screenshot_dir):
    sign_in(kitchen_screen, KITCHEN, path="/kitchen/")
    live(kitchen_screen)
    before = count_of(kitchen_screen, "seco-de-res")
    diner = floor.seat("T38", name="Lucía")
    order = floor.order(diner, [("seco-de-res", 3, ""), ("tequenos", 1, "")])
    try:
        strip = kitchen_screen.locator(".all-day-strip")
        chip = strip.locator(".all-day-strip__count[data-item='seco-de-res']")
        expect(strip.get_by_role("heading", name="All day")).to_be_visible()
        expect(chip).to_have_text(re.compile(rf"Seco de Res\s*× {before + 3}$"))
        snap(kitchen_screen, screenshot_dir, "kitchen-all-day")

        # A line made ready is no longer to cook
        line = kitchen_screen.locator(f".ticket[data-order='{order['id']}'] [data-line='{order['items'][0]['id']}']")
        line.locator(".ticket-line__bump").click()
        expect(line).to_have_attribute("data-status", "preparing")
        expect(chip).to_have_text(re.compile(rf"× {before + 3}$"))
        line.locator(".ticket-line__bump").click()
        expect(line).to_have_attribute("data-status", "ready")
        if before:
            expect(chip).to_have_text(re.compile(rf"× {before}$"))
        else:
            expect(chip).to_have_count(0)

        # In Spanish the strip says so
        kitchen_screen.evaluate("() => localStorage.setItem('comanda.language', 'es')")
        kitchen_screen.reload()
        expect(kitchen_screen.locator(".all-day-strip").get_by_role("heading", name="Por cocinar")).to_be_visible()
    finally:
        kitchen_screen.evaluate("() => localStorage.removeItem('comanda.language')")
        floor.http.post(f"/staff/orders/{order['id']}/status", {"status": "cancelled"}, token=floor.token())
        floor.clear("T38")
