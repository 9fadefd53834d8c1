"""The POS dashboard in real Chromium against the local stack: sign-in, the live feed with its
badge and chime, one-tap actions, and a sign-in that has expired."""
from __future__ import annotations

import base64
import json
import re
import time

import pytest
from playwright.sync_api import Page, expect

from tests.browser.staff_pages import (
    EXPIRED,
    MANAGER,
    MIRAFLORES,
    OWNER,
    Floor,
    badge_count,
    card,
    expect_badge,
    live,
    no_markup_inside,
    sign_in,
    snap,
)


@pytest.fixture(scope="module")
def floor(http) -> Floor:
    return Floor(http)


def test_wrong_credentials_say_so_and_the_right_ones_open_the_pos(tablet: Page, screenshot_dir):
    tablet.goto("/staff/")
    expect(tablet.get_by_role("heading", name="Staff sign-in")).to_be_visible()
    snap(tablet, screenshot_dir, "staff-login")
    tablet.get_by_label("Email").fill(MANAGER)
    tablet.get_by_label("Password").fill("not-the-password")
    tablet.get_by_role("button", name="Sign in").click()
    expect(tablet.get_by_role("alert")).to_have_text("Wrong email or password.")

    tablet.get_by_label("Password").fill("demo1234")
    tablet.get_by_role("button", name="Sign in").click()

    expect(tablet.get_by_role("heading", name="Waiting for you")).to_be_visible()
    expect(tablet.locator(".staff-header__branch")).to_have_text("Comanda Downtown Lima")
    expect(tablet.locator(".staff-header__nav a")).to_have_text([re.compile(r"^POS"), "Tables", "Menu", "QR codes", "Staff",
                                                                 "Branches", "Reports", "Kitchen"])  # back office (18), reports (19)


def test_a_registration_appears_live_with_a_badge_and_a_chime_and_approving_seats_the_diner(
        tablet: Page, floor: Floor, http, screenshot_dir):
    # Given a manager on the POS, and T11 free
    floor.clear("T11")
    sign_in(tablet)
    live(tablet)
    before = badge_count(tablet)
    chimes = int(tablet.locator("html").get_attribute("data-chimes") or 0)

    # When a diner registers at T11 (no refresh on the POS)
    diner = floor.register("T11", name="Rosa")

    # Then the table to approve appears with the guest's name, the badge counts it, and it chimes
    waiting = card(tablet, "session", "T11")
    expect(waiting).to_contain_text("Table 11")
    expect(waiting).to_contain_text("Rosa")
    expect_badge(tablet, before + 1)
    expect(tablet).to_have_title(f"({before + 1}) POS · Comanda")
    expect(tablet.locator("html")).to_have_attribute("data-chimes", str(chimes + 1))
    snap(tablet, screenshot_dir, "staff-pos-pending")

    # When the manager approves it with one tap
    waiting.get_by_role("button", name="Approve").click()

    # Then it leaves the feed and the diner's session is active
    expect(waiting).to_have_count(0)
    expect_badge(tablet, before)
    assert floor.session_of(diner)["status"] == "active"


def test_a_new_order_is_accepted_and_a_note_with_markup_shows_as_text(tablet: Page, floor: Floor, screenshot_dir):
    diner = floor.seat("T12", name="<b>Bold</b> Ana")
    sign_in(tablet)
    live(tablet)
    note = '<img src=x onerror="document.title=1">No onions'

    order = floor.order(diner, [("ceviche-clasico", 2, note), ("chicha-morada", 1, "")], notes="<script>alert(1)</script>")

    new_order = card(tablet, "order", "T12")
    expect(new_order.get_by_test_id("line-note")).to_have_text(note)
    expect(new_order.get_by_test_id("order-note")).to_contain_text("<script>alert(1)</script>")
    expect(new_order).to_contain_text("<b>Bold</b> Ana")
    no_markup_inside(new_order)
    snap(tablet, screenshot_dir, "staff-pos-order")

    new_order.get_by_role("button", name="Accept order").click()

    expect(new_order).to_have_count(0)
    assert next(o for o in floor.session_of(diner)["orders"] if o["id"] == order["id"])["status"] == "accepted"


def test_a_waiter_call_and_a_bill_request_appear_and_are_acknowledged(tablet: Page, floor: Floor, http, screenshot_dir):
    diner = floor.seat("T13", name="Luis")
    sign_in(tablet)
    live(tablet)
    before = badge_count(tablet)

    http.post("/session/waiter-calls", token=diner["token"])
    http.post("/session/bill-requests", token=diner["token"])

    call, bill = card(tablet, "waiter", "T13"), card(tablet, "bill", "T13")
    expect(call).to_contain_text("The table is calling a waiter.")
    expect(bill).to_contain_text("The table asks for the bill.")
    expect_badge(tablet, before + 2)
    snap(tablet, screenshot_dir, "staff-pos-requests")

    call.get_by_role("button", name="On my way").click()
    expect(call).to_have_count(0)
    bill.get_by_role("button", name="Bringing the bill").click()
    expect(bill).to_have_count(0)

    requests = floor.session_of(diner)["requests"]
    assert {r["kind"]: r["status"] for r in requests} == {"waiter": "acknowledged", "bill": "acknowledged"}


def _token(claims: dict) -> str:
    def part(data: dict) -> str:
        return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()

    return f"{part({'alg': 'HS256', 'typ': 'JWT'})}.{part(claims)}.c2lnbmF0dXJl"


def test_an_expired_sign_in_asks_to_sign_in_again(tablet: Page):
    tablet.goto("/staff/")
    past = int(time.time()) - 60
    expired = _token({"sub": "st", "typ": "staff", "role": "manager", "branches": ["br_downtown-lima"], "exp": past})
    tablet.evaluate("token => localStorage.setItem('comanda.staff.token', token)", expired)

    tablet.reload()

    expect(tablet.get_by_role("alert")).to_have_text(EXPIRED)
    expect(tablet.locator("#shell")).to_be_hidden()


def test_a_token_the_server_refuses_mid_shift_brings_back_the_sign_in(tablet: Page):
    """A 401 from the API (the key was rotated, the token revoked) ends the shift's sign-in at once."""
    tablet.goto("/staff/")
    looks_valid = _token({"sub": "st", "typ": "staff", "role": "manager", "branches": ["br_downtown-lima"],
                          "exp": int(time.time()) + 3600})
    tablet.evaluate("token => { localStorage.setItem('comanda.staff.token', token);"
                    " localStorage.setItem('comanda.staff.permissions', '[\"view_floor\"]'); }", looks_valid)
    refused: list[int] = []
    tablet.on("response", lambda response: refused.append(response.status) if "/api/staff/" in response.url else None)

    tablet.reload()

    expect(tablet.get_by_role("alert")).to_have_text(EXPIRED)
    assert tablet.evaluate("() => localStorage.getItem('comanda.staff.token')") is None
    assert 401 in refused  # the server said so: not the page's own reading of the stored sign-in


def test_a_sign_in_kept_before_sign_ins_carried_permissions_asks_to_sign_in_again(tablet: Page, http):
    """The pages show what the sign-in's `permissions` allow; a sign-in stored without them (by the
    pages of before) is not guessed from the token's role: it is signed out, and signing in again works."""
    reply = http.post("/staff/login", {"email": MANAGER, "password": "demo1234"})
    tablet.goto("/favicon.svg")
    tablet.evaluate("([token, staff]) => { localStorage.setItem('comanda.staff.token', token);"
                    " localStorage.setItem('comanda.staff.member', staff); }",
                    [reply.body["token"], json.dumps(reply.body["staff"])])

    tablet.goto("/staff/")

    expect(tablet.get_by_role("alert")).to_have_text(EXPIRED)
    expect(tablet.locator("#shell")).to_be_hidden()
    assert tablet.evaluate("() => localStorage.getItem('comanda.staff.token')") is None
    sign_in(tablet, MANAGER)
    expect(tablet.get_by_role("link", name="Menu")).to_be_visible()


def test_after_the_connection_drops_the_pos_rereads_what_it_missed(tablet: Page, floor: Floor, screenshot_dir):
    # Given the owner's POS on Miraflores, live
    floor.clear("T5", slug="miraflores")
    sign_in(tablet, OWNER, path=f"/staff/?branch={MIRAFLORES}")
    live(tablet)

    # When the tablet loses its network (and the socket with it), it says so
    tablet.context.set_offline(True)
    tablet.evaluate("window.dispatchEvent(new Event('staff:dropLive'))")
    expect(tablet.locator(".staff-header__live--closed")).to_have_count(1)
    expect(tablet.locator("#live")).to_contain_text("Reconnecting")
    snap(tablet, screenshot_dir, "staff-pos-offline")

    # and a diner registering meanwhile is on the feed once it is back, without a reload
    floor.register("T5", name="Nico", slug="miraflores")
    tablet.context.set_offline(False)
    expect(card(tablet, "session", "T5")).to_contain_text("Nico")
    expect(tablet.locator("#live")).to_be_hidden()
