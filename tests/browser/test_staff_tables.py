"""The Tables page and the QR page in real Chromium: states at a glance, the itemised bill,
closing a table, the history by date, and a manager who sees only their own branch."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.staff_pages import MIRAFLORES, OWNER, WAITER, Floor, live, sign_in, snap


@pytest.fixture(scope="module")
def floor(http) -> Floor:
    return Floor(http)


def pdf_pages(document: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page(?!s)", document))


def tile(page: Page, code: str):
    return page.locator(f".table-tile[data-table='{code}']")


def test_the_tables_page_shows_each_state_and_the_itemised_bill_then_closes_the_table(
        tablet: Page, floor: Floor, http, screenshot_dir):
    # Given T17 waiting for approval, T18 seated with an order, T19 asking for the bill, T20 free
    floor.clear("T17")
    floor.clear("T20")
    floor.register("T17", name="Marta")
    seated = floor.seat("T18", name="Jorge")
    floor.order(seated, [("lomo-saltado", 2, "Well done"), ("pisco-sour", 1, "")])
    paying = floor.seat("T19", name="Carla")
    floor.order(paying, [("causa-limena", 1, "")])
    http.post("/session/bill-requests", token=paying["token"])

    # When the manager opens the Tables page
    sign_in(tablet, path="/staff/tables")
    live(tablet)

    # Then every state shows at a glance
    expect(tile(tablet, "T17")).to_have_attribute("data-state", "pending")
    expect(tile(tablet, "T18")).to_have_attribute("data-state", "active")
    expect(tile(tablet, "T19")).to_have_attribute("data-state", "bill_requested")
    expect(tile(tablet, "T20")).to_have_attribute("data-state", "free")
    expect(tile(tablet, "T17")).to_contain_text("Waiting approval")

    # When the manager opens T18, its itemised bill shows
    tile(tablet, "T18").click()
    bill = tablet.locator(".bill")
    expect(bill).to_contain_text("Lomo Saltado")
    expect(bill).to_contain_text("Well done")
    expect(bill).to_contain_text("Pisco Sour")
    expect(bill.get_by_test_id("bill-total")).to_have_text("S/ 124.00")  # 2 x 48.00 + 28.00
    snap(tablet, screenshot_dir, "staff-tables-bill")

    # And the bill follows a new order live
    floor.order(seated, [("chicha-morada", 1, "")])
    expect(bill).to_contain_text("Chicha Morada")

    # When the manager approves T17 from the Tables page, and closes T18
    tile(tablet, "T17").click()
    tablet.locator(".table-detail").get_by_role("button", name="Approve").click()
    expect(tile(tablet, "T17")).to_have_attribute("data-state", "active")
    tile(tablet, "T18").click()
    tablet.get_by_role("button", name="Close session").click()
    closing = tablet.get_by_role("dialog", name="Close Table 18")
    closing.get_by_label("Keep them on the bill as served").check()
    closing.get_by_role("button", name="Close and free the table").click()

    # Then T18 is free again, and its diner's session is completed
    expect(tile(tablet, "T18")).to_have_attribute("data-state", "free")
    assert floor.session_of(seated)["status"] == "completed"

    # And the day's history lists it, with its bill
    tablet.get_by_role("button", name="History").click()
    row = tablet.locator(".history-list__row", has_text="Jorge").first
    expect(row).to_contain_text("Table 18")
    row.click()
    expect(tablet.locator(".table-detail .bill")).to_contain_text("Chicha Morada")
    snap(tablet, screenshot_dir, "staff-tables-history")


def test_the_tables_grid_at_tablet_size_in_both_languages(tablet: Page, screenshot_dir):
    sign_in(tablet, path="/staff/tables")
    expect(tablet.locator(".table-tile")).to_have_count(40)
    snap(tablet, screenshot_dir, "staff-tables")

    tablet.get_by_role("button", name="Language").click()

    expect(tablet.get_by_role("heading", name="Mesas")).to_be_visible()
    expect(tablet.locator(".staff-header__nav a").first).to_contain_text("Caja")
    expect(tablet.locator(".table-tile[data-state='free']").first).to_contain_text("Libre")
    snap(tablet, screenshot_dir, "staff-tables-es")
    tablet.get_by_role("button", name="Idioma").click()  # back to English for the tests that follow
    expect(tablet.get_by_role("heading", name="Tables")).to_be_visible()


def test_a_manager_of_one_branch_cannot_see_another_branchs_tables(tablet: Page, http):
    # Given the downtown manager, whose switcher offers downtown alone
    sign_in(tablet, path=f"/staff/tables?branch={MIRAFLORES}")

    # Then asking for Miraflores' tables is refused by the API, and the page says so
    expect(tablet.locator(".page-message")).to_contain_text("No such branch, or not one of yours.")
    expect(tablet.locator(".table-tile")).to_have_count(0)
    expect(tablet.locator("#branch-switcher")).to_have_count(0)
    expect(tablet.locator(".staff-header")).not_to_contain_text("Miraflores")
    reply = http.get(f"/staff/branches/{MIRAFLORES}/tables", token=http.login())
    assert reply.status == 404


def test_an_owner_switches_branch_and_sees_its_tables(tablet: Page):
    sign_in(tablet, OWNER, path="/staff/tables")
    expect(tablet.locator(".table-tile")).to_have_count(40)

    tablet.locator("#branch-switcher").select_option(label="Comanda Miraflores")

    expect(tablet.locator(".table-tile")).to_have_count(10)
    expect(tablet.locator("#branch-switcher")).to_have_value(MIRAFLORES)


def test_the_qr_page_shows_every_table_code_ready_to_print(tablet: Page, screenshot_dir):
    # A waiter may print the codes of their own branch
    sign_in(tablet, WAITER, path="/staff/qr")
    expect(tablet.locator(".staff-header__nav a")).to_have_text([re.compile(r"^POS"), "Tables", "QR codes", "Kitchen"])

    codes = tablet.locator(".qr-card__code[src^='data:image/svg+xml']")
    expect(codes).to_have_count(10)
    expect(tablet.locator(".qr-card").first).to_contain_text("/miraflores/T1")
    snap(tablet, screenshot_dir, "staff-qr")
    tablet.emulate_media(media="print")
    snap(tablet, screenshot_dir, "staff-qr-print", full_page=True)
    tablet.emulate_media(media="screen")

    assert pdf_pages(tablet.pdf(format="A4")) == 2, "ten codes, six to an A4 page"

    with tablet.expect_download() as download:
        tablet.get_by_role("button", name="Download sheet").click()
    assert download.value.suggested_filename == "qr-miraflores.html"
