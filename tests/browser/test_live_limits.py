"""The staff pages and the limits of issue 13 (findings 4 and 6), in Chromium: the POS whose
socket was closed because its sign-in opened more screens says so and does not reconnect in a
loop until "Use here"; the sign-in page sends back the device credential its last sign-in got."""
from __future__ import annotations

import json
import time

from playwright.sync_api import Page, expect
from websockets.sync.client import connect

from tests.browser.staff_pages import WAITER, live, sign_in


def _token(page: Page) -> str:
    return page.evaluate("localStorage.getItem('comanda.staff.token')")


def test_a_pos_displaced_by_five_newer_screens_waits_for_use_here_then_takes_its_place_back(tablet: Page, stack):
    # Given the waiter's POS, live
    sign_in(tablet, WAITER)
    live(tablet)
    token = _token(tablet)

    # When five more screens open with the same sign-in
    others = [connect(f"{stack.ws_url}?token={token}", additional_headers={"Origin": stack.site_url}, open_timeout=5)
              for _ in range(5)]
    try:
        # Then the POS says it is open elsewhere and offers to take over
        expect(tablet.locator(".staff-header__live--displaced")).to_have_count(1)
        use_here = tablet.get_by_role("button", name="Use here")
        expect(use_here).to_be_visible()
        # And it does not reconnect by itself (it would close another screen, and so on for ever)
        time.sleep(3)
        expect(tablet.locator(".staff-header__live--displaced")).to_have_count(1)
        for other in others:
            other.send(json.dumps({"action": "ping"}))
            assert json.loads(other.recv(timeout=5)) == {"type": "pong"}

        # When the waiter taps "Use here", Then the POS is live again and the oldest other screen is told
        use_here.click()
        live(tablet)
        expect(tablet.locator("#live")).to_be_hidden()
        heard = json.loads(others[0].recv(timeout=5))
        assert heard["type"] == "connection.closed" and heard["data"]["code"] == "TOO_MANY_CONNECTIONS"
    finally:
        for other in others:
            other.close()


def test_the_sign_in_page_sends_back_the_device_credential_of_its_last_sign_in(tablet: Page):
    # Given a sign-in on this tablet, then a sign-out
    sign_in(tablet, WAITER)
    kept = json.loads(tablet.evaluate("localStorage.getItem('comanda.staff.devices')"))
    assert [email for email, _ in kept] == [WAITER]
    tablet.locator(".staff-header__account-button").click()
    tablet.get_by_role("button", name="Sign out").click()
    expect(tablet.locator("#login")).to_be_visible()

    # When the waiter signs in again
    sent: list[dict] = []
    tablet.on("request", lambda request: sent.append(json.loads(request.post_data or "{}"))
              if request.url.endswith("/api/staff/login") else None)
    tablet.get_by_label("Email").fill(WAITER)
    tablet.get_by_label("Password").fill("demo1234")
    tablet.get_by_role("button", name="Sign in").click()
    expect(tablet.locator("#login")).to_be_hidden()

    # Then the credential went with it, and a new one is kept
    assert sent and sent[-1]["deviceToken"] == kept[0][1]
    renewed = json.loads(tablet.evaluate("localStorage.getItem('comanda.staff.devices')"))
    assert renewed[0][0] == WAITER and renewed[0][1] != kept[0][1]
