"""Issue #7 items 3-6 in real Chromium: who ordered what, waiter-assisted orders, moving a
session, and orders that wait for staff. Uses only downtown-lima tables T29..T34 (the stack
is shared by every browser test); each test frees its tables before and after."""
from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser.staff_pages import DOWNTOWN, Floor, live, sign_in, snap

SLUG = "downtown-lima"
MINE = ("T29", "T30", "T31", "T32", "T33", "T34")

expect.set_options(timeout=8000)


@pytest.fixture
def floor(http) -> Iterator[Floor]:
    found = Floor(http)
    for code in MINE:
        found.clear(code)
    yield found
    set_safety(found)
    for code in MINE:
        found.clear(code)


@pytest.fixture(autouse=True)
def no_script_errors(request) -> Iterator[None]:
    errors: list[str] = []
    for name in ("phone", "second_phone", "tablet"):
        if name in request.fixturenames:
            request.getfixturevalue(name).on("pageerror", lambda error: errors.append(str(error)))
    yield
    assert errors == []


def token_key(code: str, name: str = "token") -> str:
    return f"comanda.diner.{SLUG}/{code}.{name}"


def sign_in_phone(page: Page, code: str, token: str) -> None:
    page.goto("/favicon.svg")
    page.evaluate("([key, token]) => sessionStorage.setItem(key, JSON.stringify(token))", [token_key(code), token])


def set_safety(floor: Floor, cap=None, threshold=None, portions=20) -> None:
    reply = floor.http.call("PUT", f"/staff/branches/{DOWNTOWN}/order-safety",
                               {"spendingCap": cap, "approvalThreshold": threshold, "approvalPortions": portions},
                               token=floor.token())
    assert reply.status == 200, reply.body


def test_two_diners_at_one_table_see_the_bill_split_by_person(phone: Page, second_phone: Page, floor: Floor,
                                                               screenshot_dir: Path):
    # Given Ana and Luis at T29, each on their phone, each ordering
    ana = floor.seat("T29", "Ana")
    luis = floor.join("T29", "Luis", allowed_by=ana)
    floor.order(ana, [("ceviche-clasico", 2, ""), ("pisco-sour", 1, "")])
    floor.order(luis, [("lomo-saltado", 1, "")])
    sign_in_phone(phone, "T29", ana["token"])
    sign_in_phone(second_phone, "T29", luis["token"])
    phone.goto(f"/{SLUG}/T29/status")
    second_phone.goto(f"/{SLUG}/T29/status")
    # Then both see the lines grouped by person, each with a subtotal
    for page in (phone, second_phone):
        people = page.locator(".split__person")
        expect(people).to_have_count(2)
        expect(people.nth(0).locator(".split__name")).to_have_text("Ana")
        expect(people.nth(0).locator(".split__line")).to_have_count(2)
        expect(people.nth(1).locator(".split__name")).to_have_text("Luis")
        expect(people.nth(1).locator(".split__subtotal")).to_contain_text("48")
    expect(phone.locator(".split__person--me .split__name")).to_have_text("Ana")
    expect(second_phone.locator(".split__person--me .split__name")).to_have_text("Luis")
    # And when Luis orders again, Ana's phone adds it to his share live
    floor.order(luis, [("chicha-morada", 1, "")])
    expect(phone.locator(".split__person").nth(1).locator(".split__line")).to_have_count(2)
    snap(phone, screenshot_dir, "floor-split-by-person", full_page=True)


def test_a_waiter_adds_and_cancels_lines_and_the_diners_phone_shows_them_live(phone: Page, tablet: Page,
                                                                              floor: Floor, screenshot_dir: Path):
    # Given Ana at T30 watching her status page, and the manager on T30's Tables page
    ana = floor.seat("T30", "Ana")
    sign_in_phone(phone, "T30", ana["token"])
    phone.goto(f"/{SLUG}/T30/status")
    expect(phone.locator(".status-page__live")).to_have_attribute("data-live", "open")
    sign_in(tablet, path="/staff/tables?table=T30")
    live(tablet)
    tablet.get_by_role("button", name="Order for the table").click()  # the form folds away so the bill shows
    service = tablet.locator(".table-service__order")
    # When the waiter orders two Lomo Saltado for Ana
    service.get_by_label("Dish").select_option("lomo-saltado")
    service.get_by_label("Quantity").fill("2")
    service.get_by_label("For").select_option(label="Ana")
    service.get_by_role("button", name="Add to the table's orders").click()
    # Then Ana's phone shows the order at once, marked as added by staff, on her share
    card = phone.locator(".order-card")
    expect(card).to_have_count(1)
    expect(card.locator(".order-card__staff")).to_have_text("Added by staff")
    expect(card.locator(".order-line__name")).to_have_text("Lomo Saltado")
    expect(phone.locator(".split")).to_be_hidden()  # a table of one: nothing to split
    snap(phone, screenshot_dir, "floor-added-by-staff", full_page=True)
    # And the bill on the Tables page splits by person; the waiter cancels the line there
    split = tablet.locator(".bill-split__person")
    expect(split).to_have_count(1)
    expect(split.locator(".bill-split__name")).to_have_text("Ana")
    snap(tablet, screenshot_dir, "floor-tables-service")
    tablet.emulate_media(media="print")
    expect(tablet.locator(".tables-page__grid")).to_be_hidden()
    expect(split).to_be_visible()
    snap(tablet, screenshot_dir, "floor-bill-split-print", full_page=True)
    tablet.emulate_media(media="screen")
    split.get_by_role("button", name="Void Lomo Saltado").click()
    dialog = tablet.get_by_role("dialog", name="Void Lomo Saltado")
    dialog.get_by_label("Reason").select_option("wrong_item_entered")
    dialog.get_by_role("button", name="Void", exact=True).click()
    expect(dialog).to_be_hidden()
    expect(card.locator(".order-line .status-chip")).to_have_text("cancelled")
    expect(card.locator(".order-line__void")).to_have_text("Taken off the bill: entered by mistake")
    expect(phone.locator(".split")).to_be_hidden()


def seat_from_the_tables_page(tablet: Page, code: str):
    """A waiter seats a free table for guests without a phone; the table's order form."""
    sign_in(tablet, path=f"/staff/tables?table={code}")
    live(tablet)
    tablet.get_by_role("button", name="Seat this table").click()
    expect(tablet.locator(f".table-tile[data-table='{code}']")).to_have_attribute("data-state", "active")
    return tablet.locator(".table-service__order")


def test_staff_seat_a_table_without_a_diner_and_order_for_it(tablet: Page, floor: Floor, screenshot_dir: Path):
    service = seat_from_the_tables_page(tablet, "T34")
    service.get_by_label("Dish").select_option("pisco-sour")
    service.get_by_role("button", name="Add to the table's orders").click()
    person = tablet.locator(".bill-split__person")
    expect(person.locator(".bill-split__name")).to_have_text("For the table")
    expect(person.locator(".bill-split__staff")).to_have_text("by staff")


def test_a_move_takes_the_diners_page_to_the_new_table_with_cart_and_orders(phone: Page, tablet: Page,
                                                                           floor: Floor, screenshot_dir: Path):
    # Given Ana at T31 with an order placed and a dish in her cart, on her status page
    ana = floor.seat("T31", "Ana")
    order = floor.order(ana, [("ceviche-clasico", 1, "")])
    sign_in_phone(phone, "T31", ana["token"])
    phone.goto(f"/{SLUG}/T31/menu")
    phone.locator(".menu-card[data-item='chicha-morada'] .menu-card__add").click()
    expect(phone.locator(".cart-bar")).to_contain_text("1")
    phone.goto(f"/{SLUG}/T31/status")
    expect(phone.locator(".status-page__live")).to_have_attribute("data-live", "open")
    # When the manager moves the session to T32 from the Tables page
    sign_in(tablet, path="/staff/tables?table=T31")
    live(tablet)
    tablet.get_by_role("button", name="Move", exact=True).click()
    tablet.get_by_label("Move to table").select_option("T32")
    tablet.get_by_role("button", name="Move guests").click()
    # Then Ana's page follows to T32's URL with her orders, token and cart
    expect(phone).to_have_url(re.compile(r"/downtown-lima/T32/status$"))
    expect(phone.locator(f".order-card[data-order='{order['id']}']")).to_have_count(1)
    expect(phone.locator(".toaster")).to_contain_text("moved")
    stored = phone.evaluate("key => sessionStorage.getItem(key)", token_key("T32"))
    assert json.loads(stored) == ana["token"]
    # the cart is kept on the phone per table (it outlives a sign-in): it went with the session
    carts = phone.evaluate("() => [localStorage.getItem('comanda.cart.downtown-lima/T32'),"
                           " localStorage.getItem('comanda.cart.downtown-lima/T31')]")
    assert "chicha-morada" in (carts[0] or "") and carts[1] is None
    snap(phone, screenshot_dir, "floor-moved-status", full_page=True)
    # And T31 is free on the Tables page, the session sits at T32
    expect(tablet.locator(".table-tile[data-table='T31']")).to_have_attribute("data-state", "free")
    expect(tablet.locator(".table-tile[data-table='T32']")).to_have_attribute("data-state", "active")
    # And a reload of the old URL (a phone that missed the push) also lands at T32
    phone.goto(f"/{SLUG}/T32/cart")
    expect(phone.locator(".cart-line")).to_have_count(1)


def test_an_order_above_the_threshold_waits_and_is_accepted_on_the_pos(phone: Page, tablet: Page, floor: Floor,
                                                                       screenshot_dir: Path):
    # Given a branch rule: orders above S/ 50 wait for staff; Ana at T33 on her status page
    set_safety(floor, threshold=5000)
    ana = floor.seat("T33", "Ana")
    sign_in_phone(phone, "T33", ana["token"])
    sign_in(tablet)
    live(tablet)
    big = floor.order(ana, [("lomo-saltado", 2, "")])
    phone.goto(f"/{SLUG}/T33/status")
    # Then the diner sees why it waits, and the POS shows it with Accept and Reject
    expect(phone.locator(".order-card__safety")).to_contain_text("wait for a member of staff")
    snap(phone, screenshot_dir, "floor-order-waits", full_page=True)
    held = tablet.locator(f".feed-card[data-key='order:{big['id']}']")
    expect(held.locator(".feed-card__approval")).to_be_visible()
    expect(held.get_by_role("button", name="Reject")).to_be_visible()
    snap(tablet, screenshot_dir, "floor-pos-held-order")
    # When staff accept it on the POS, the diner's note goes and the order is accepted
    held.get_by_role("button", name="Accept order").click()
    expect(phone.locator(".order-card__safety")).to_have_count(0)
    expect(phone.locator(".order-card__head .status-chip")).to_have_text("Accepted")
    # And a second big order rejected with a reason shows that reason to the diner
    second = floor.order(ana, [("lomo-saltado", 3, "")])
    card = tablet.locator(f".feed-card[data-key='order:{second['id']}']")
    card.get_by_role("button", name="Reject").click()
    card.get_by_label("Reason (the table sees it)").fill("Please ask at the bar")
    card.get_by_role("button", name="Reject order").click()
    expect(phone.locator(f".order-card[data-order='{second['id']}'] .order-card__safety--rejected")).to_contain_text(
        "Please ask at the bar")


def test_a_waiter_orders_a_dish_with_its_options_and_is_told_a_required_choice_is_missing(
        tablet: Page, floor: Floor, screenshot_dir: Path):
    # Given a table the waiter seated for guests without a phone
    service = seat_from_the_tables_page(tablet, "T33")

    # When the waiter picks the steak, its option groups appear: one choice of doneness, extras up to 3
    service.get_by_label("Dish").select_option("lomo-a-la-parrilla")
    doneness = service.locator(".option-pick[data-group='doneness']")
    extras = service.locator(".option-pick[data-group='extras']")
    expect(doneness.locator("legend")).to_have_text("Doneness · required · choose 1")
    expect(extras.locator("legend")).to_have_text("Extras · optional · up to 3")
    expect(doneness.get_by_role("radio")).to_have_count(4)

    # And adds it without a doneness: nothing is sent, the form says what is missing
    service.get_by_role("button", name="Add to the table's orders").click()
    expect(service.get_by_role("alert")).to_have_text("Choose the Doneness first.")
    expect(doneness.get_by_role("radio").first).to_be_focused()

    # When they choose medium rare and three extras, a fourth extra cannot be ticked
    doneness.get_by_label("Medium rare").check()
    for extra in ("Fried egg", "Avocado", "Extra chimichurri"):
        extras.get_by_label(re.compile(f"^{extra}")).check()
    expect(extras.get_by_label(re.compile("^Grilled provolone"))).to_be_disabled()
    snap(tablet, screenshot_dir, "floor-staff-order-options")
    service.get_by_role("button", name="Add to the table's orders").click()

    # Then the order has the steak with its options, priced with them (62.00 + 3 + 4.50 + 2)
    expect(tablet.locator(".bill-split__line", has_text="Lomo a la Parrilla")).to_be_visible()
    expect(service.get_by_role("alert")).to_be_hidden()
    tables = floor.http.get(f"/staff/branches/{DOWNTOWN}/tables", token=floor.token()).body["tables"]
    session_id = next(t for t in tables if t["code"] == "T33")["session"]["id"]
    orders = floor.http.get(f"/staff/branches/{DOWNTOWN}/orders", token=floor.token()).body["orders"]
    lines = [line for order in orders if order["sessionId"] == session_id for line in order["items"]]
    assert [(line["menuItemId"], sorted(o["optionId"] for o in line["options"])) for line in lines] == [
        ("lomo-a-la-parrilla", ["avocado", "extra-chimichurri", "fried-egg", "medium-rare"])]
    assert lines[0]["unitPrice"] == 6200 + 300 + 450 + 200
    # And the form is ready for the next dish: choices cleared
    expect(doneness.get_by_role("radio").nth(1)).not_to_be_checked()


def test_a_manager_sets_a_spending_cap_on_the_tables_page_and_a_diner_order_past_it_is_refused_kindly(
        phone: Page, tablet: Page, floor: Floor, screenshot_dir: Path):
    # Given Ana at T29 who already ordered a ceviche
    ana = floor.seat("T29", "Ana")
    floor.order(ana, [("ceviche-clasico", 1, "")])
    # When the manager opens Order safety on the Tables page, mistypes, then sets a cap of 60.00
    sign_in(tablet, path="/staff/tables?table=T29")
    safety = tablet.locator("details.order-safety")
    safety.locator("summary").click()
    cap = safety.get_by_label("Spending cap per table session (PEN)")
    cap.fill("sixty")
    safety.get_by_role("button", name="Save").click()
    expect(safety.get_by_role("alert")).to_have_text("Enter an amount such as 150 or 150.50, or leave it empty.")
    expect(cap).to_have_attribute("aria-invalid", "true")
    cap.fill("60")
    safety.get_by_role("button", name="Save").click()
    expect(tablet.locator("details.order-safety summary")).to_contain_text("Cap per table: S/ 60.00")
    snap(tablet, screenshot_dir, "floor-order-safety")
    # Then Ana's next order, which would pass it, is refused on her cart page with what remains
    sign_in_phone(phone, "T29", ana["token"])
    phone.goto(f"/{SLUG}/T29/menu")
    phone.locator(".menu-card[data-item='lomo-saltado'] .menu-card__add").click()
    phone.goto(f"/{SLUG}/T29/cart")
    phone.get_by_role("button", name="Place order").click()
    refusal = phone.locator(".cart .notice--error")
    expect(refusal).to_have_text("This order would pass your table's limit of S/ 60.00; S/ 22.00 left. Ask a member of staff.")
    snap(phone, screenshot_dir, "floor-cap-refused", full_page=True)
    expect(phone.locator(".cart-line")).to_have_count(1)  # the cart is kept


def test_a_manager_sets_the_portions_rule_on_the_tables_page_and_a_bigger_order_waits_for_staff(
        tablet: Page, floor: Floor, screenshot_dir: Path):
    # Given the branch's default rule: orders of more than 20 portions wait for staff
    set_safety(floor)
    sign_in(tablet, path="/staff/tables")
    safety = tablet.locator("details.order-safety")
    expect(safety.locator("summary")).to_contain_text("or of more portions than: 20")
    safety.locator("summary").click()
    portions = safety.get_by_label("Orders of more portions than this wait for staff")
    expect(portions).to_have_value("20")
    # When the manager types a rule the server would refuse, the form says so and sends nothing
    portions.fill("60")
    safety.get_by_role("button", name="Save").click()
    expect(safety.get_by_role("alert")).to_have_text("Enter a number of portions from 1 to 50, or leave it empty.")
    expect(portions).to_have_attribute("aria-invalid", "true")
    # And then sets 6 portions
    portions.fill("6")
    safety.get_by_role("button", name="Save").click()
    expect(safety.locator("summary")).to_contain_text("or of more portions than: 6")
    snap(tablet, screenshot_dir, "floor-order-safety-portions")
    # Then the branch keeps it, and an order of 7 portions waits for staff while one of 6 does not
    branch = next(b for b in floor.http.get("/staff/branches", token=floor.token()).body["branches"] if b["id"] == DOWNTOWN)
    assert branch["orderSafety"]["approvalPortions"] == 6
    ana = floor.seat("T30", "Ana")
    assert floor.order(ana, [("chicha-morada", 6, "")])["awaitingApproval"] is False
    assert floor.order(ana, [("chicha-morada", 4, ""), ("ceviche-clasico", 3, "")])["awaitingApproval"] is True
    # And emptying the field switches the rule off
    if not safety.evaluate("details => details.open"):  # the panel is drawn anew with the saved rules
        safety.locator("summary").click()
    expect(portions).to_have_value("6")
    portions.fill("")
    safety.get_by_role("button", name="Save").click()
    expect(safety.locator("summary")).to_contain_text("or of more portions than: none")
