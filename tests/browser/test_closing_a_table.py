"""Closing a table in real Chromium (issue 16, defect 2): "Close session" opens a dialog with the
bill, the dishes not served yet and how the table paid; the table goes free and nothing of it stays
on the POS or the KDS (before, one tap closed it and its orders stayed there for good).
Tables: downtown T23 (after the kitchen display's test) and T24 (this file's and the voids')."""
from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Page, expect

from tests.browser.staff_pages import KITCHEN, Floor, card, live, sign_in, snap

TABLE = "T24"


def tile(page: Page, code: str):
    return page.locator(f".table-tile[data-table='{code}']")


def test_closing_asks_about_open_dishes_records_the_payment_and_nothing_lingers(
        tablet: Page, kitchen_screen: Page, browser, stack, http, screenshot_dir):
    # Given T24 with an order the kitchen has not finished, on the POS and the KDS
    floor = Floor(http)
    diner = floor.seat(TABLE, name="Paula")
    order = floor.order(diner, [("anticuchos", 1, ""), ("chicha-morada", 1, "")])
    sign_in(kitchen_screen, KITCHEN, path="/kitchen/")
    live(kitchen_screen)
    ticket = kitchen_screen.locator(f".ticket[data-order='{order['id']}']")
    expect(ticket).to_have_count(1)
    pos = browser.new_context(viewport={"width": 1280, "height": 800}, base_url=stack.site_url, locale="en-US").new_page()
    sign_in(pos)
    live(pos)
    expect(card(pos, "order", TABLE)).to_have_count(1)

    # When the manager taps "Close session" on the Tables page
    sign_in(tablet, path=f"/staff/tables?table={TABLE}")
    live(tablet)
    tablet.locator(".table-detail").get_by_role("button", name="Close session").click()

    # Then a dialog shows the bill and the two dishes not served yet, and nothing is closed yet
    dialog = tablet.get_by_role("dialog", name=f"Close Table {TABLE[1:]}")
    expect(dialog).to_be_visible()
    expect(dialog.get_by_test_id("close-total")).to_have_text(f"S/ {order['total'] / 100:.2f}")
    expect(dialog.locator(".close-dialog__open-lines li")).to_have_count(2)
    expect(tile(tablet, TABLE)).to_have_attribute("data-state", "active")
    snap(tablet, screenshot_dir, "staff-tables-close-dialog")

    # When they void the open dishes (out of stock) and record a split payment with a tip
    dialog.get_by_label("Void them (off the bill)").check()
    dialog.get_by_label("Reason").select_option("out_of_stock")
    dialog.get_by_label("Payment 1: amount").fill("5.00")
    dialog.get_by_role("button", name="Close and free the table").click()
    # Then the server's refusal (the payment does not match a bill of 0.00) shows in the dialog
    expect(dialog.locator(".close-dialog__error")).to_contain_text("payments")
    dialog.get_by_label("Tip").fill("5.00")
    dialog.get_by_role("button", name="Close and free the table").click()

    # Then the table is free, and its order leaves the POS and the KDS, live
    expect(dialog).to_be_hidden()
    expect(tile(tablet, TABLE)).to_have_attribute("data-state", "free")
    expect(card(pos, "order", TABLE)).to_have_count(0)
    expect(ticket).to_have_count(0)
    session = floor.session_of(diner)
    assert session["status"] == "completed"
    assert {line["status"] for o in session["orders"] for line in o["items"]} == {"cancelled"}

    # And the next party at T24 starts clean: nothing of the last one on the POS or the KDS
    floor.seat(TABLE, name="Quique")
    expect(pos.locator(f".feed-card[data-table='{TABLE}'][data-kind='order']")).to_have_count(0)
    expect(kitchen_screen.locator(f".ticket[data-table='{TABLE}']")).to_have_count(0)
    pos.context.close()
    floor.clear(TABLE)


def test_the_close_dialog_speaks_spanish(tablet: Page, http):
    floor = Floor(http)
    diner = floor.seat(TABLE, name="Sara")
    floor.order(diner, [("anticuchos", 1, "")])
    sign_in(tablet, path=f"/staff/tables?table={TABLE}")
    live(tablet)
    tablet.get_by_role("button", name="Language").click()

    tablet.locator(".table-detail").get_by_role("button", name="Cerrar sesión de mesa").click()

    dialog = tablet.get_by_role("dialog")
    expect(dialog.get_by_role("heading")).to_contain_text("Cerrar")
    expect(dialog.get_by_text("Platos aún no servidos: 1")).to_be_visible()
    expect(dialog.get_by_label("Anularlos (salen de la cuenta)")).to_be_visible()
    expect(dialog.get_by_label("Pago 1: medio")).to_have_value("card")
    expect(dialog.get_by_role("button", name="Cerrar y liberar la mesa")).to_be_visible()
    dialog.get_by_role("button", name="Mantener la mesa abierta").click()
    expect(dialog).to_be_hidden()
    floor.clear(TABLE)


def open_close_dialog(tablet: Page, floor: Floor, name: str, dishes: list[tuple[str, int, str]]):
    """A diner seated at T24 with `dishes` ordered, and the manager's close dialog open for it."""
    diner = floor.seat(TABLE, name=name)
    order = floor.order(diner, dishes)
    sign_in(tablet, path=f"/staff/tables?table={TABLE}")
    live(tablet)
    tablet.locator(".table-detail").get_by_role("button", name="Close session").click()
    return diner, order, tablet.get_by_role("dialog", name=f"Close Table {TABLE[1:]}")


@pytest.fixture
def floor(http) -> Iterator[Floor]:
    found = Floor(http)
    yield found
    found.clear(TABLE)


def test_the_dialog_keeps_the_balance_as_the_table_splits_the_bill(tablet: Page, floor: Floor, screenshot_dir):
    # Given T24 with two dishes ordered and not served, and its close dialog open
    diner, order, dialog = open_close_dialog(tablet, floor, "Rosa", [("anticuchos", 1, ""), ("chicha-morada", 1, "")])
    total = order["total"]
    balance = dialog.get_by_test_id("close-balance")
    expect(balance).to_have_text(f"Paid in full: S/ {total / 100:.2f}")

    # When the first guest pays 20.00 by card, the dialog says what is still to pay
    dialog.get_by_label("Payment 1: amount").fill("20.00")
    expect(balance).to_have_text(f"Still to pay: S/ {(total - 2000) / 100:.2f}")
    # And a second payment starts with exactly that, so the split adds up
    dialog.get_by_role("button", name="Add a payment method").click()
    expect(dialog.get_by_label("Payment 2: amount")).to_have_value(f"{(total - 2000) / 100:.2f}")
    expect(balance).to_have_text(f"Paid in full: S/ {total / 100:.2f}")
    # And a tip shows as still to pay until a payment covers it
    dialog.get_by_label("Tip").fill("3.00")
    expect(balance).to_have_text("Still to pay: S/ 3.00")
    snap(tablet, screenshot_dir, "staff-tables-close-split")
    dialog.get_by_label("Payment 2: amount").fill(f"{(total - 2000 + 300) / 100:.2f}")
    dialog.get_by_role("button", name="Close and free the table").click()

    # Then the table closes with the two tenders and the tip kept
    expect(dialog).to_be_hidden()
    expect(tile(tablet, TABLE)).to_have_attribute("data-state", "free")
    payment = floor.session_of(diner)["payment"]
    assert (payment["tip"], [t["amount"] for t in payment["payments"]]) == (300, [2000, total - 2000 + 300])


def test_voiding_the_open_dishes_takes_them_off_the_total_to_pay(tablet: Page, floor: Floor):
    _, _, dialog = open_close_dialog(tablet, floor, "Tere", [("anticuchos", 1, "")])

    dialog.get_by_label("Void them (off the bill)").check()

    expect(dialog.get_by_test_id("close-total")).to_have_text("S/ 0.00")
    expect(dialog.get_by_label("Payment 1: amount")).to_have_value("0.00")
    dialog.get_by_role("button", name="Keep the table open").click()
