"""A deactivated waiter's open POS goes to the sign-in page within seconds (issue 18): the server
closes their live socket with SIGN_IN_REVOKED and the page signs out; their old token is refused.

The waiter is a new account of this test (invited over the API, password set from the emailed
link read from the stack's SES), so the demo's accounts stay as other tests expect them."""
from __future__ import annotations

import re
import time
import uuid

from playwright.sync_api import Page, expect

from tests.browser.staff_pages import DOWNTOWN, MANAGER, live

PASSWORD = "pan con chicharrón 7"


def emailed_link(to: str) -> str:
    """The token of the last link the stack's SES (moto, in this process) took for `to`."""
    from moto.core import DEFAULT_ACCOUNT_ID
    from moto.ses import ses_backends

    from devstack.environment import REGION

    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        sent = [m for m in ses_backends[DEFAULT_ACCOUNT_ID][REGION].sent_messages
                if to in m.destinations.get("ToAddresses", [])]
        if sent:
            return re.search(r"/staff/welcome#([A-Za-z0-9_.-]+)", sent[-1].body).group(1)
        time.sleep(0.1)
    raise AssertionError(f"no email to {to}")


def new_waiter(http, name: str = "Rosa") -> dict:
    email = f"{name.lower()}-{uuid.uuid4().hex[:8]}@example.com"
    invited = http.post("/staff/accounts", {"email": email, "name": name, "role": "waiter", "branchIds": [DOWNTOWN]},
                        token=http.login(MANAGER))
    assert invited.status == 201, invited.body
    reply = http.post("/staff/links/password", {"token": emailed_link(email), "password": PASSWORD})
    assert reply.status == 200, reply.body
    return {"email": email, "id": invited.body["account"]["id"]}


def sign_in_as(page: Page, email: str) -> None:
    page.goto("/staff/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator("#login")).to_be_hidden()


def test_a_deactivated_waiter_s_open_pos_goes_to_the_sign_in_page_within_seconds(tablet, http):
    waiter = new_waiter(http)
    sign_in_as(tablet, waiter["email"])
    live(tablet)
    token = tablet.evaluate("() => localStorage.getItem('comanda.staff.token')")

    started = time.monotonic()
    reply = http.call("PATCH", f"/staff/accounts/{waiter['id']}", {"active": False}, token=http.login(MANAGER))
    assert reply.status == 200, reply.body

    expect(tablet.locator("#login")).to_be_visible(timeout=5000)
    took = time.monotonic() - started
    print(f"\nPOS at the sign-in page {took:.2f} s after the deactivation was answered")
    expect(tablet.locator(".login-form__notice")).to_contain_text("access was changed or ended")
    expect(tablet.locator("#shell")).to_be_hidden()
    # the old token is refused; a reload stays at the sign-in page, and her password no longer opens it
    assert token
    assert http.get("/staff/branches", token=token).status == 401
    tablet.reload()
    expect(tablet.locator("#login")).to_be_visible()
    tablet.get_by_label("Email").fill(waiter["email"])
    tablet.get_by_label("Password").fill(PASSWORD)
    tablet.get_by_role("button", name="Sign in").click()
    expect(tablet.locator(".login-form__notice")).to_contain_text("Wrong email or password")


def test_a_waiter_whose_role_changes_is_sent_to_sign_in_and_comes_back_as_the_kitchen(tablet, http):
    waiter = new_waiter(http, "Luz")
    sign_in_as(tablet, waiter["email"])
    live(tablet)
    expect(tablet.get_by_role("link", name=re.compile("Tables"))).to_be_visible()

    reply = http.call("PATCH", f"/staff/accounts/{waiter['id']}", {"role": "kitchen"}, token=http.login(MANAGER))
    assert reply.status == 200, reply.body

    expect(tablet.locator("#login")).to_be_visible(timeout=5000)
    tablet.get_by_label("Email").fill(waiter["email"])
    tablet.get_by_label("Password").fill(PASSWORD)
    tablet.get_by_role("button", name="Sign in").click()
    expect(tablet).to_have_url(re.compile(r"/kitchen/"))  # a cook's screen is the kitchen display
