"""Issue #17, defects 7, 8 and 9, in real Chromium at a phone's size (390x844) against the local
stack: the menu can be browsed (and a cart filled) while the staff confirm the table; the status
page's wait is the kitchen's for what is left, shrinking as it works, and the bill is split only
between two or more diners; a phone still signed in at the table is greeted by name and goes
back with one tap.

Tables: downtown-lima T9, T10 and T14, cleared before and after each test."""
from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.browser.axe import assert_no_serious_violations
from tests.browser.staff_pages import join_table
from tests.browser.test_diner_pages import (  # noqa: F401 - fixtures
    SLUG,
    name_field,
    no_script_errors,
    snap,
    staff,
    table,
)

expect.set_options(timeout=8000)
# a range never starts at 0 ("0–10 min"): once its start has passed the wait says its end
WAIT = re.compile(r"^Ready (?:in about ([1-9]\d*)–|within ())(\d+) min$")
WAIT_REST = re.compile(r"^The rest ready (?:in about ([1-9]\d*)–|within ())(\d+) min$|^The rest ready any minute now$")


def item(menu_item: str, quantity: int = 1) -> dict:
    return {"menuItemId": menu_item, "quantity": quantity}


# (7) ------------------------------------------------------------------------------------------------
def test_while_the_staff_confirm_the_diner_browses_the_menu_and_fills_a_cart_sent_once_they_do(
        phone: Page, table, screenshot_dir):
    t9 = table("T9")
    # Given Ana signed up at T9 and waits for the staff
    phone.goto(t9.url())
    name_field(phone).fill("Ana")
    phone.get_by_role("button", name="Start ordering").click()
    expect(phone).to_have_url(re.compile(r"/T9/waiting$"))
    assert_no_serious_violations(phone, "the waiting page with its way into the menu")
    # When she opens the menu from the waiting page
    phone.get_by_role("link", name="Look at the menu while you wait").click()
    # Then she sees the dishes and prices, told that the table is not confirmed yet, with no calls to staff
    expect(phone).to_have_url(re.compile(r"/T9/menu$"))
    expect(phone.get_by_role("tab", name="Appetizers")).to_be_visible()
    expect(phone.locator(".menu-card", has_text="Ceviche Clásico").locator(".menu-card__price")).to_have_text(re.compile(r"\d"))
    expect(phone.get_by_role("status").filter(has_text="haven't confirmed your table yet")).to_be_visible()
    expect(phone.get_by_role("button", name="Call waiter")).to_be_hidden()
    snap(phone, screenshot_dir, "waiting-browse-menu")
    assert_no_serious_violations(phone, "the menu while the staff confirm the table")
    # And a dish's page opens, and what she adds is kept in her cart
    phone.get_by_role("link", name=re.compile("Lomo Saltado")).first.click()
    expect(phone.get_by_role("heading", level=1, name="Lomo Saltado")).to_be_visible()
    phone.get_by_role("button", name=re.compile("^Add to cart")).click()
    expect(phone).to_have_url(re.compile(r"/T9/menu$"))
    phone.locator(".cart-bar").click()
    expect(phone).to_have_url(re.compile(r"/T9/cart$"))
    place = phone.get_by_role("button", name="Place order")
    expect(place).to_be_disabled()
    expect(phone.get_by_text("You can send your order as soon as the staff confirm your table")).to_be_visible()
    snap(phone, screenshot_dir, "waiting-cart-kept")
    assert_no_serious_violations(phone, "the cart kept until the staff confirm")
    # When the staff confirm the table, the same cart can be sent at once
    t9.approve(t9.session_id_in(phone))
    expect(place).to_be_enabled()
    expect(phone.get_by_text("You can send your order as soon as the staff confirm your table")).to_be_hidden()
    place.click()
    expect(phone).to_have_url(re.compile(r"/T9/status$"))
    expect(phone.locator(".order-line__name")).to_have_text("Lomo Saltado")


# (8) ------------------------------------------------------------------------------------------------
def test_the_wait_is_for_what_is_left_it_shrinks_as_the_kitchen_works_and_one_diner_sees_no_split(
        phone: Page, table, http, screenshot_dir):
    t10 = table("T10")
    # Given Ana alone at T10, with a Lomo Saltado and a Chicha Morada ordered
    ana = t10.seat(phone, "Ana")
    placed = t10.order(ana["token"], [item("lomo-saltado"), item("chicha-morada")])
    phone.goto(t10.url("status"))
    expect(phone.locator(".status-page__live")).to_have_attribute("data-live", "open")
    wait = phone.locator(".order-card__wait")
    expect(wait).to_have_text(WAIT)
    told_high = int(WAIT.match(wait.inner_text()).group(3))
    # Then a table of one has no "Split by person"
    expect(phone.get_by_role("heading", name="Split by person")).to_have_count(0)
    # When the kitchen starts and finishes the lomo
    t10.bump(placed, 0, "preparing")
    t10.bump(placed, 0, "ready")
    lomo = phone.locator(".order-line", has_text="Lomo Saltado")
    expect(lomo.locator(".status-chip")).to_have_text(re.compile("^ready$", re.I))
    # Then no wait is said of the lomo: the wait is the rest's, and it is shorter than before
    expect(wait).to_have_text(WAIT_REST)
    rest = WAIT_REST.match(wait.inner_text())
    assert rest.group(3) is None or int(rest.group(3)) < told_high, (wait.inner_text(), told_high)
    expect(lomo).not_to_contain_text("min")
    snap(phone, screenshot_dir, "status-wait-rest")
    assert_no_serious_violations(phone, "the status page with the rest's wait")
    # And once everything is ready, no wait at all
    t10.bump(placed, 1, "ready")
    expect(phone.locator(".order-card__head .status-chip")).to_have_text(re.compile("ready", re.I))
    expect(wait).to_have_count(0)
    # When Luis joins the table and orders, the bill splits between the two of them
    luis = join_table(http, "T10", "Luis", ana["token"])
    t10.order(luis["token"], [item("pisco-sour")])
    expect(phone.get_by_role("heading", name="Split by person")).to_be_visible()
    expect(phone.locator(".split__person")).to_have_count(2)


# (9) ------------------------------------------------------------------------------------------------
def test_a_phone_still_signed_in_at_the_table_is_greeted_by_name_and_goes_back_with_one_tap(
        phone: Page, table, screenshot_dir):
    t14 = table("T14")
    # Given Ana signed up at T14 on this phone and the staff confirmed her table
    phone.goto(t14.url())
    name_field(phone).fill("Ana")
    phone.get_by_role("button", name="Start ordering").click()
    expect(phone).to_have_url(re.compile(r"/T14/waiting$"))
    t14.approve(t14.session_id_in(phone))
    expect(phone).to_have_url(re.compile(r"/T14/menu$"))
    # When she closes the tab and scans the table's code again
    context = phone.context
    phone.close()
    again = context.new_page()
    errors: list[str] = []
    again.on("pageerror", lambda error: errors.append(str(error)))
    again.goto(t14.url())
    # Then she is greeted by name, not asked for her name or a mode, and not told to wait for the staff
    expect(again.get_by_role("heading", level=1)).to_have_text("Welcome back, Ana")
    expect(again.get_by_text(re.compile("straight back at the table's menu"))).to_be_visible()
    expect(again.get_by_text(re.compile("as soon as the staff confirm"))).to_have_count(0)
    expect(name_field(again)).to_be_hidden()
    expect(again.get_by_role("radio", name=re.compile("Quick start"))).to_be_hidden()
    proceed = again.get_by_role("button", name="Continue as Ana")
    expect(proceed).to_be_visible()
    snap(again, screenshot_dir, "entry-welcome-back")
    assert_no_serious_violations(again, "the entry greeting a phone still signed in at the table")
    # And one tap takes her back to the table's menu
    proceed.click()
    expect(again).to_have_url(re.compile(r"/T14/menu$"))
    expect(again.get_by_role("tab", name="Appetizers")).to_be_visible()
    assert errors == []
