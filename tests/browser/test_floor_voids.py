"""Voids in real Chromium (issue 16): a manager voids an ordinary order from the POS with a reason
(the POS offered only "Accept" before), and the diner's phone and the kitchen display follow live;
a kitchen account is offered no void. Tables: downtown T24 (this file's own)."""
from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.browser.staff_pages import KITCHEN, Floor, card, live, sign_in

TABLE = "T24"


def test_the_pos_voids_an_ordinary_order_with_a_reason_and_every_screen_follows(
        tablet: Page, kitchen_screen: Page, http):
    # Given a manager on the POS, the kitchen display open, and a diner's order at T24
    floor = Floor(http)
    diner = floor.seat(TABLE, name="Nora")
    sign_in(tablet)
    live(tablet)
    sign_in(kitchen_screen, KITCHEN, path="/kitchen/")
    live(kitchen_screen)
    order = floor.order(diner, [("anticuchos", 1, ""), ("chicha-morada", 1, "")])
    pos_card = card(tablet, "order", TABLE)
    ticket = kitchen_screen.locator(f".ticket[data-order='{order['id']}']")
    expect(ticket).to_have_count(1)
    expect(pos_card.get_by_role("button", name="Reject")).to_be_visible()  # an ordinary pending order too

    # When the manager voids it: the customer changed their mind
    pos_card.get_by_role("button", name=f"Void the order of Table {TABLE[1:]}").click()
    dialog = tablet.get_by_role("dialog")
    expect(dialog).to_be_visible()
    dialog.get_by_label("Reason").select_option("customer_changed_mind")
    dialog.get_by_role("button", name="Void", exact=True).click()

    # Then the dialog closes, the card leaves the POS and the ticket leaves the kitchen, live
    expect(dialog).to_be_hidden()
    expect(pos_card).to_have_count(0)
    expect(ticket).to_have_count(0)
    # And the diner's session shows it cancelled with the reason, and the bill no longer counts it
    mine = next(o for o in floor.session_of(diner)["orders"] if o["id"] == order["id"])
    assert mine["status"] == "cancelled" and mine["total"] == 0
    assert {line["void"]["reason"] for line in mine["items"]} == {"customer_changed_mind"}
    floor.clear(TABLE)


def test_other_without_a_note_is_refused_and_the_dialog_stays_open(tablet: Page, http):
    floor = Floor(http)
    diner = floor.seat(TABLE, name="Olga")
    sign_in(tablet)
    live(tablet)
    order = floor.order(diner, [("anticuchos", 1, "")])
    pos_card = card(tablet, "order", TABLE)

    pos_card.get_by_role("button", name=f"Void the order of Table {TABLE[1:]}").click()
    dialog = tablet.get_by_role("dialog")
    dialog.get_by_label("Reason").select_option("other")
    dialog.get_by_role("button", name="Void", exact=True).click()

    expect(tablet.locator(".toaster__toast--error")).to_contain_text("note")
    expect(dialog).to_be_visible()
    dialog.get_by_label("Note").fill("Spilled at the pass")
    dialog.get_by_role("button", name="Void", exact=True).click()
    expect(dialog).to_be_hidden()
    expect(pos_card).to_have_count(0)
    assert next(o for o in floor.session_of(diner)["orders"] if o["id"] == order["id"])["status"] == "cancelled"
    floor.clear(TABLE)


def test_every_pos_card_keeps_time_the_same_way(tablet: Page, http):
    # Given a diner's order and a waiter call at T24, both just now
    floor = Floor(http)
    diner = floor.seat(TABLE, name="Rita")
    sign_in(tablet)
    live(tablet)
    floor.order(diner, [("anticuchos", 1, "")])
    assert http.post("/session/waiter-calls", token=diner["token"]).status == 201

    # Then both cards show a ticking m:ss clock (before: the call "0:00", the order "just now")
    for kind in ("order", "waiter"):
        expect(card(tablet, kind, TABLE).locator(".feed-card__waited")).to_have_text(re.compile(r"^0:\d\d$"))
    floor.clear(TABLE)
