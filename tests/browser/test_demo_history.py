"""The demo's closed table (issue 16: "the demo shows ... a closed table with its payment"): the
local stack seeds downtown T3's past session, served and paid by card and cash with a tip, and a
manager finds how it paid in the Tables page's history, in English and Spanish."""
from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.browser.axe import assert_no_serious_violations
from tests.browser.staff_pages import sign_in


def open_t3_in_history(page: Page, history: str, table: str, paid: str | re.Pattern) -> None:
    """The demo's T3 row: other tests may have closed T3 on this stack today, unpaid (the row says
    what a paid session came to)."""
    page.locator(".tables-page__view", has_text=history).click()
    row = page.locator(".history-list__row").filter(
        has=page.locator(".history-list__table").get_by_text(table, exact=True)).filter(has_text=paid)
    expect(row).to_have_count(1)
    row.click()


def test_the_demo_history_shows_t3_closed_with_its_split_payment_and_tip(tablet: Page, browser, stack, screenshot_dir):
    # Given the demo as `make run` seeds it, a manager on the Tables page
    sign_in(tablet, path="/staff/tables")

    # When they open today's history and pick Table 3
    open_t3_in_history(tablet, "History", "Table 3", "Paid S/ 167.00")

    # Then its bill and how it was paid show: card and cash, the tip, the total paid
    detail = tablet.locator(".table-detail")
    expect(detail.get_by_test_id("bill-total")).to_have_text("S/ 152.00")
    summary = detail.get_by_role("region", name="How it was paid")
    expect(summary.locator("dt")).to_have_text(["Card", "Cash", "Tip", "Paid in all"])
    expect(summary.locator("dd")).to_have_text(["S/ 100.00", "S/ 67.00", "S/ 15.00", "S/ 167.00"])
    tablet.screenshot(path=str(screenshot_dir / "staff-tables-history-payment.png"))
    assert_no_serious_violations(tablet, "Tables, the demo's T3 in the history with its payment")

    # And in Spanish
    context = browser.new_context(viewport={"width": 1280, "height": 800}, base_url=stack.site_url, locale="es-PE")
    try:
        spanish = context.new_page()
        sign_in_es(spanish)
        open_t3_in_history(spanish, "Historial", "Mesa 3", re.compile(r"Pagó S/\s167\.00"))  # as a Peruvian reads it, in Spanish too
        summary = spanish.locator(".table-detail").get_by_role("region", name="Cómo se pagó")
        expect(summary.locator("dt")).to_have_text(["Tarjeta", "Efectivo", "Propina", "Pagado en total"])
    finally:
        context.close()


def sign_in_es(page: Page) -> None:
    page.goto("/staff/tables")
    page.locator("#login-email").fill("manager@downtown.demo.comanda")
    page.locator("#login-password").fill("demo1234")
    page.locator(".login-form__submit").click()
    expect(page.locator("#login")).to_be_hidden()
