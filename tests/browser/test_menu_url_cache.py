"""The diner's phone asks the menu at its cacheable, versioned URL (issue #17, cost): once GET
/session names the menu's `menuRevision`, the menu is read at `?lang=..&v=<revision>`, which
CloudFront keeps until the menu's next time boundary; after an 86 the phone reads the new
revision's URL and shows the dish as unavailable (nothing the screen shows is older).

Real Chromium at a phone's size against the local stack; Miraflores T10 (no other browser test
seats it); the 86 is of a Miraflores dish, brought back afterwards.
"""
from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Page, Response, expect

SLUG, BRANCH, CODE = "miraflores", "br_miraflores", "T10"
WAITER = "waiter@miraflores.demo.comanda"
OWNER = "owner@demo.comanda"  # the 86: a waiter may not
DISH = "tequenos"

expect.set_options(timeout=10000)


@pytest.fixture
def seated(http, phone: Page) -> Iterator[dict]:
    staff = http.login(WAITER)
    registered = http.post(f"/branches/{SLUG}/tables/{CODE}/sessions", {"mode": "quick", "name": "Rosa"})
    assert registered.status == 201, registered.body
    approved = http.post(f"/staff/sessions/{registered.body['session']['id']}/approve", token=staff)
    assert approved.status == 200, approved.body
    phone.goto("/favicon.svg")
    phone.evaluate("([key, token]) => sessionStorage.setItem(key, JSON.stringify(token))",
                   [f"comanda.diner.{SLUG}/{CODE}.token", registered.body["token"]])
    owner = http.login(OWNER)
    yield {**registered.body, "staff": staff, "owner": owner}
    http.post(f"/staff/branches/{BRANCH}/menu/items/{DISH}/availability", {"available": True}, token=owner)
    http.post(f"/staff/sessions/{registered.body['session']['id']}/close", token=staff)


def menu_answers(phone: Page) -> list[Response]:
    seen: list[Response] = []
    phone.on("response", lambda r: seen.append(r) if f"/api/branches/{SLUG}/menu" in r.url else None)
    return seen


def test_the_phone_reads_the_menu_at_its_revision_and_a_new_one_after_an_86(phone: Page, http, seated):
    revision = http.get("/session", token=seated["token"]).body["menuRevision"]
    answers = menu_answers(phone)
    phone.goto(f"/{SLUG}/{CODE}/menu")
    card = phone.locator(".menu-card", has_text="Tequeños")
    expect(card).to_be_visible()

    # once live, the menu is read at the revision the session names, a URL CloudFront keeps
    deadline = 150
    while deadline and not any(f"v={revision}" in r.url for r in answers):
        phone.wait_for_timeout(100)
        deadline -= 1
    versioned = [r for r in answers if f"v={revision}" in r.url]
    assert versioned, [r.url for r in answers]
    assert "s-maxage=" in versioned[0].headers.get("cache-control", ""), versioned[0].headers

    # an 86 while the phone is away (offline), then back: the new revision's URL, the dish unavailable
    phone.context.set_offline(True)
    assert http.post(f"/staff/branches/{BRANCH}/menu/items/{DISH}/availability", {"available": False},
                     token=seated["owner"]).status == 200
    newer = http.get("/session", token=seated["token"]).body["menuRevision"]
    assert newer != revision
    phone.context.set_offline(False)
    phone.reload()
    deadline = 150
    while deadline and not any(f"v={newer}" in r.url for r in answers):
        phone.wait_for_timeout(100)
        deadline -= 1
    assert any(f"v={newer}" in r.url for r in answers), [r.url for r in answers]
    expect(card).to_have_class(re.compile(r"\bmenu-card--unavailable\b"))
