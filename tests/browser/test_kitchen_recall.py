"""Recall and undo on the kitchen display in real Chromium (issue 16): a mistaken bump taken back
with one tap, a served ticket recalled from the "recently served" strip; a second kitchen screen
and the diner follow live. Only downtown-lima table T39 is used here (cleared afterwards)."""
from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.staff_pages import KITCHEN, Floor, line_status, live, sign_in, snap


@pytest.fixture(scope="module")
def floor(http) -> Floor:
    return Floor(http)


def test_a_mistaken_bump_is_undone_and_a_served_ticket_recalled_on_every_kitchen_screen(
        kitchen_screen: Page, tablet: Page, floor: Floor, screenshot_dir):
    # Given two kitchen screens open and a diner at T39
    for screen in (kitchen_screen, tablet):
        sign_in(screen, KITCHEN, path="/kitchen/")
        live(screen)
    diner = floor.seat("T39", name="Mario")
    order = floor.order(diner, [("anticuchos", 1, "")])
    line_id = order["items"][0]["id"]
    line = kitchen_screen.locator(f".ticket[data-order='{order['id']}'] [data-line='{line_id}']")
    other = tablet.locator(f".ticket[data-order='{order['id']}'] [data-line='{line_id}']")
    try:
        # When the cook bumps it by mistake, then taps Undo
        line.locator(".ticket-line__bump").click()
        expect(line).to_have_attribute("data-status", "preparing")
        expect(other).to_have_attribute("data-status", "preparing")
        undo = line.get_by_role("button", name="Undo")
        expect(undo).to_be_visible()
        snap(kitchen_screen, screenshot_dir, "kitchen-undo")
        undo.click()

        # Then the line is back to "to do" on both screens and on the diner's phone, with no Undo left
        expect(line).to_have_attribute("data-status", "pending")
        expect(other).to_have_attribute("data-status", "pending")
        expect(line.get_by_role("button", name="Undo")).to_have_count(0)
        assert line_status(floor.session_of(diner), line_id) == "pending"

        # When it is cooked and served, the ticket leaves; the strip offers it back
        line.locator(".ticket-line__bump").click()
        expect(line).to_have_attribute("data-status", "preparing")
        line.locator(".ticket-line__bump").click()
        expect(line).to_have_attribute("data-status", "ready")
        line.get_by_role("button", name="Served").click()
        expect(kitchen_screen.locator(f".ticket[data-order='{order['id']}']")).to_have_count(0)
        strip = kitchen_screen.locator(f".recall-strip__ticket[data-order='{order['id']}']")
        expect(strip).to_contain_text("Table 39")
        expect(tablet.locator(f".recall-strip__ticket[data-order='{order['id']}']")).to_have_count(1)
        # And a screen reloaded meanwhile still offers it (the strip is the server's, not the tab's memory)
        tablet.reload()
        live(tablet)
        expect(tablet.locator(f".recall-strip__ticket[data-order='{order['id']}']")).to_contain_text("Table 39")
        snap(kitchen_screen, screenshot_dir, "kitchen-recall-strip")

        # When the cook recalls it
        strip.get_by_role("button", name="Recall").click()

        # Then it is back on both boards, ready, and the diner sees it ready again
        expect(line).to_have_attribute("data-status", "ready")
        expect(other).to_have_attribute("data-status", "ready")
        expect(strip).to_have_count(0)
        assert line_status(floor.session_of(diner), line_id) == "ready"
    finally:
        floor.http.post(f"/staff/orders/{order['id']}/status", {"status": "cancelled"}, token=floor.token())
        floor.clear("T39")
