"""The REST requests a diner's phone really sends over one visit (issue #17, cost): the model in
bench/dynamo_ops.py counts what this journey asks, so it is measured here, in real Chromium at a
phone's size against the local stack, from the scan to the table's close: quick start, wait,
approved, one order of two dishes from the menu page, a waiter call and a bill request.

Each /api request is logged with its method and path (ids replaced by placeholders). The menu
asked at its revision (`?v=`) is the URL CloudFront keeps (it does not reach the API when
cached). Miraflores T3, this file's own.
"""
from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Page, Request, expect

SLUG, BRANCH, CODE = "miraflores", "br_miraflores", "T3"
WAITER = "waiter@miraflores.demo.comanda"

expect.set_options(timeout=10000)


def shape(request: Request) -> str:
    path = request.url.split("/api", 1)[1]
    path = re.sub(r"v=[^&]+", "v=<revision>", path)
    path = re.sub(r"/sessions/[0-9A-Z]{26}", "/sessions/<id>", path)
    return f"{request.method} {path}"


@pytest.fixture
def staff(http) -> Iterator[str]:
    token = http.login(WAITER)
    yield token
    tables = http.get(f"/staff/branches/{BRANCH}/tables", token=token).body["tables"]
    for table in tables:
        if table["code"] == CODE and table.get("session"):
            http.post(f"/staff/sessions/{table['session']['id']}/close", token=token)
    for request in http.get(f"/staff/branches/{BRANCH}/requests", token=token).body["requests"]:
        if request["tableCode"] == CODE:
            http.post(f"/staff/requests/{request['id']}/ack", token=token)


def test_a_diners_visit_sends_these_rest_requests(phone: Page, http, staff, capsys):
    asked: list[str] = []
    phone.on("request", lambda r: asked.append(shape(r)) if "/api/" in r.url else None)

    # scan, quick start, wait
    phone.goto(f"/{SLUG}/{CODE}")
    phone.get_by_role("textbox", name="Your name").fill("Rosa")
    phone.get_by_role("button", name="Start ordering").click()
    expect(phone).to_have_url(re.compile(rf"/{CODE}/waiting$"))
    expect(phone.locator("#live-banner")).to_have_attribute("data-live", "open", timeout=20000)
    # approved: the menu opens by itself
    token = phone.evaluate("key => JSON.parse(sessionStorage.getItem(key))", f"comanda.diner.{SLUG}/{CODE}.token")
    session_id = http.get("/session", token=token).body["id"]
    assert http.post(f"/staff/sessions/{session_id}/approve", token=staff).status == 200
    expect(phone).to_have_url(re.compile(rf"/{CODE}/menu$"))
    # two dishes, the cart, the order
    phone.get_by_role("button", name="Add Ceviche Clásico to cart").click()
    phone.get_by_role("button", name="Add Chicha Morada to cart").click()
    phone.locator("a.cart-bar").click()
    expect(phone).to_have_url(re.compile(rf"/{CODE}/cart$"))
    phone.get_by_role("button", name="Place order").click()
    expect(phone).to_have_url(re.compile(rf"/{CODE}/status$"))
    expect(phone.locator(".order-card")).to_have_count(1)
    # the waiter, the bill, from the menu page
    phone.get_by_role("link", name="Menu", exact=True).click()
    phone.get_by_role("button", name="Call waiter").click()
    expect(phone.locator('[data-kind="waiter"]')).to_have_text("Waiter called")
    phone.get_by_role("button", name="Request bill").click()
    expect(phone.locator('[data-kind="bill"]')).to_have_text("Bill requested")
    # the staff close the table: the phone goes back to the entry
    assert http.post(f"/staff/sessions/{session_id}/close", token=staff).status == 200
    expect(phone).to_have_url(re.compile(rf"/{CODE}$"))
    phone.wait_for_timeout(1000)

    with capsys.disabled():
        print("\nthe phone's REST requests over one visit:")
        for line in asked:
            print("  " + line)
    origin = [a for a in asked if "v=<revision>" not in a]
    cached = [a for a in asked if "v=<revision>" in a]
    # what bench/dynamo_ops.py's journey models (its "diner:" steps: 8 at the origin, the menu twice
    # at CloudFront): keep the two in step. One socket reconnect on a busy machine adds a GET /session.
    assert len(origin) <= 9, asked
    # the menu's allergens come in the session's `me`: the menu and the cart never ask GET /me
    assert "GET /me" not in asked, asked
    assert cached and all(a.startswith("GET ") and "/menu?" in a for a in cached), cached
