"""The kitchen display in real Chromium: tickets arrive live, oldest first; a cook's tap moves a
line and the diner sees it; the waiter marks it served and the ticket leaves; notes typed
with markup stay text; a kitchen account gets the 86 list and nothing else of the menu."""
from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.staff_pages import KITCHEN, Floor, line_status, live, no_markup_inside, sign_in, snap


@pytest.fixture(scope="module")
def floor(http) -> Floor:
    return Floor(http)


def ticket(page: Page, order_id: str):
    return page.locator(f".ticket[data-order='{order_id}']")


def test_an_order_appears_live_and_each_bump_reaches_the_diner_until_the_ticket_leaves(
        kitchen_screen: Page, floor: Floor, screenshot_dir):
    # Given the kitchen display open, and a diner seated at T14
    diner = floor.seat("T14", name="Pablo")
    sign_in(kitchen_screen, KITCHEN, path="/kitchen/")
    live(kitchen_screen)

    # When the diner orders (no refresh on the kitchen screen)
    note = "<b>sin</b> cebolla <img src=x>"
    order = floor.order(diner, [("anticuchos", 2, note), ("chicha-morada", 1, "")], notes="<i>Birthday</i>")
    first, second = (line["id"] for line in order["items"])

    # Then its ticket is on the board with the table, the time and the notes as typed
    card = ticket(kitchen_screen, order["id"])
    expect(card.locator(".ticket__table")).to_have_text("Table 14")
    expect(card.locator(".ticket__age")).to_have_text("just now")
    expect(card.get_by_test_id("line-note")).to_have_text(note)
    expect(card.get_by_test_id("order-note")).to_contain_text("<i>Birthday</i>")
    no_markup_inside(card)

    # When the cook taps the first line twice: preparing, then ready; the diner sees each
    line = card.locator(f"[data-line='{first}']")
    line.locator(".ticket-line__bump").click()
    expect(line).to_have_attribute("data-status", "preparing")
    assert line_status(floor.session_of(diner), first) == "preparing"
    line.locator(".ticket-line__bump").click()
    expect(line).to_have_attribute("data-status", "ready")
    assert line_status(floor.session_of(diner), first) == "ready"
    snap(kitchen_screen, screenshot_dir, "kitchen-ticket")

    # When the waiter marks it served, and the second line goes all the way
    line.get_by_role("button", name="Served").click()
    expect(line).to_have_attribute("data-status", "served")
    other = card.locator(f"[data-line='{second}']")
    other.locator(".ticket-line__bump").click()
    expect(other).to_have_attribute("data-status", "preparing")
    other.locator(".ticket-line__bump").click()
    expect(other).to_have_attribute("data-status", "ready")
    other.get_by_role("button", name="Served").click()

    # Then the ticket leaves the board, and the diner's order is served
    expect(card).to_have_count(0)
    served = floor.session_of(diner)
    assert {line_status(served, first), line_status(served, second)} == {"served"}
    assert next(o for o in served["orders"] if o["id"] == order["id"])["status"] == "served"


def test_tickets_are_oldest_first_and_readable_on_a_big_screen_and_a_tablet(
        kitchen_screen: Page, tablet: Page, floor: Floor, screenshot_dir):
    orders = []
    for code, items, notes in (
        ("T15", [("ceviche-clasico", 2, "No onions"), ("lomo-saltado", 1, "Medium rare"), ("pisco-sour", 2, "")], ""),
        ("T16", [("aji-de-gallina", 1, ""), ("causa-limena", 1, "Gluten allergy")], "Bring the causa first"),
        ("T20", [("picarones", 3, ""), ("cafe-pasado", 2, "One without sugar")], ""),
    ):
        orders.append(floor.order(floor.seat(code, name=f"Guest {code}"), items, notes))
    sign_in(kitchen_screen, KITCHEN, path="/kitchen/")

    on_board = kitchen_screen.locator(".ticket")
    ours = [o["id"] for o in orders]
    expect(on_board.filter(has=kitchen_screen.locator(".ticket__table", has_text="Table 20"))).to_have_count(1)
    shown = [i for i in on_board.evaluate_all("tickets => tickets.map(t => t.dataset.order)") if i in ours]
    assert shown == ours, "oldest first"
    kitchen_screen.locator(f".ticket[data-order='{orders[0]['id']}'] .ticket-line__bump").first.click()
    expect(kitchen_screen.locator(f".ticket[data-order='{orders[0]['id']}'] [data-status='preparing']")).to_have_count(1)
    snap(kitchen_screen, screenshot_dir, "kitchen-1920x1080")

    # Type is big enough for two metres: line names at least 28 px at 1920x1080
    size = kitchen_screen.locator(".ticket-line__name").first.evaluate("e => parseFloat(getComputedStyle(e).fontSize)")
    assert size >= 28

    # On a landscape tablet the board fits the width
    sign_in(tablet, KITCHEN, path="/kitchen/")
    expect(tablet.locator(".ticket").first).to_be_visible()
    assert tablet.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")
    snap(tablet, screenshot_dir, "kitchen-tablet")
    for order in orders:
        floor.http.post(f"/staff/orders/{order['id']}/status", {"status": "cancelled"}, token=floor.token())


def test_a_kitchen_account_gets_the_86_list_and_no_menu_management(kitchen_screen: Page, floor: Floor, http, screenshot_dir):
    # A kitchen account sent to the menu page lands on the kitchen display
    sign_in(kitchen_screen, KITCHEN, path="/staff/menu")
    expect(kitchen_screen).to_have_url(f"{floor.http.api_url[:-4]}/kitchen/")
    expect(kitchen_screen.locator(".kitchen-bar")).to_be_visible()
    expect(kitchen_screen.locator(".kitchen-bar")).not_to_contain_text("Menu")

    # Its 86 list toggles availability, and offers no editing at all
    kitchen_screen.get_by_role("button", name="86 list").click()
    panel = kitchen_screen.locator("dialog.availability-panel")
    expect(panel.locator(".availability-panel__item[data-item='tacu-tacu']")).to_have_attribute("aria-pressed", "true")
    expect(panel.locator("input, textarea, select")).to_have_count(0)
    expect(panel.get_by_role("button", name="Edit")).to_have_count(0)
    snap(kitchen_screen, screenshot_dir, "kitchen-86-list")

    # And the API refuses it any catalogue change
    token = floor.token(KITCHEN)
    reply = http.call("PATCH", "/staff/branches/br_downtown-lima/menu/items/tacu-tacu", {"name": "Tacu"}, token=token)
    assert (reply.status, reply.body["error"]["code"]) == (403, "ROLE_NOT_ALLOWED")


def test_all_ready_finishes_a_ticket_the_floor_has_not_accepted_yet(kitchen_screen: Page, floor: Floor):
    # Given a diner's order the POS has not accepted (it needs no approval: the kitchen has it)
    diner = floor.seat("T23", name="Irene")
    sign_in(kitchen_screen, KITCHEN, path="/kitchen/")
    live(kitchen_screen)
    order = floor.order(diner, [("anticuchos", 1, ""), ("chicha-morada", 2, "")])
    assert order["status"] == "pending"
    card = ticket(kitchen_screen, order["id"])
    expect(card).to_have_count(1)

    # When a busy cook taps "All ready" on the ticket, as they could bump each line
    card.locator(".ticket__finish").click()

    # Then every line is ready on the board and for the diner, and no error is shown
    expect(card.locator(".ticket-line[data-status='ready']")).to_have_count(2)
    expect(kitchen_screen.locator(".toaster__toast--error")).to_have_count(0)
    mine = next(o for o in floor.session_of(diner)["orders"] if o["id"] == order["id"])
    assert mine["status"] == "ready"
    assert {line["status"] for line in mine["items"]} == {"ready"}
    floor.clear("T23")
