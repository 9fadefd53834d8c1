"""Shared steps of the staff and kitchen browser tests: signing in through the page, seating
diners over the API, and saving screenshots.

The stack is shared by every browser test of the run: these tests use only downtown-lima
tables T11..T20 and miraflores tables (the diner pages' tests use downtown T1..T10)."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

DOWNTOWN, MIRAFLORES = "br_downtown-lima", "br_miraflores"
MANAGER = "manager@downtown.demo.comanda"
OWNER = "owner@demo.comanda"
KITCHEN = "kitchen@downtown.demo.comanda"
WAITER = "waiter@miraflores.demo.comanda"


def sign_in(page: Page, email: str = MANAGER, path: str = "/staff/") -> None:
    page.goto(path)
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill("demo1234")
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator("#login")).to_be_hidden()


def live(page: Page) -> None:
    """The page's socket is open and the state it re-read on opening is shown: what happens from now on is news."""
    expect(page.locator(".staff-header__live--open")).to_have_count(1)
    expect(page.locator("main[aria-busy]")).to_have_count(0)


def snap(page: Page, screenshot_dir: Path, name: str, full_page: bool = False) -> None:
    page.screenshot(path=str(screenshot_dir / f"{name}.png"), full_page=full_page)


def badge_count(page: Page) -> int:
    badge = page.get_by_test_id("pos-badge")
    return int(badge.inner_text()) if badge.count() else 0


def expect_badge(page: Page, count: int) -> None:
    if count:
        expect(page.get_by_test_id("pos-badge")).to_have_text(str(count))
    else:
        expect(page.get_by_test_id("pos-badge")).to_have_count(0)


def card(page: Page, kind: str, table: str):
    return page.locator(f".feed-card[data-kind='{kind}'][data-table='{table}']")


class Floor:
    """Diners and staff over the API (the diner pages are tested on their own)."""

    def __init__(self, http) -> None:
        self.http = http
        self._tokens: dict[str, str] = {}

    def token(self, email: str = MANAGER) -> str:
        if email not in self._tokens:
            self._tokens[email] = self.http.login(email)
        return self._tokens[email]

    def register(self, code: str, name: str = "Ana", slug: str = "downtown-lima") -> dict:
        return self.http.register(code, name, slug)

    def seat(self, code: str, name: str = "Ana", slug: str = "downtown-lima") -> dict:
        """A diner at `code` whose session is approved (a table left seated by an earlier run is closed first)."""
        self.clear(code, slug)
        registered = self.register(code, name, slug)
        staff = self.token(MANAGER if slug == "downtown-lima" else OWNER)
        reply = self.http.post(f"/staff/sessions/{registered['session']['id']}/approve", token=staff)
        assert reply.status == 200, reply.body
        return registered

    def clear(self, code: str, slug: str = "downtown-lima") -> None:
        """Frees a table: rejects a pending session and closes an active one."""
        branch = DOWNTOWN if slug == "downtown-lima" else MIRAFLORES
        staff = self.token(MANAGER if slug == "downtown-lima" else OWNER)
        tables = self.http.get(f"/staff/branches/{branch}/tables", token=staff).body["tables"]
        found = next(t for t in tables if t["code"] == code)
        if found["pendingSession"]:
            reply = self.http.post(f"/staff/sessions/{found['pendingSession']['id']}/reject", {}, token=staff)
            assert reply.status == 200, reply.body
        if found["session"]:
            reply = self.http.post(f"/staff/sessions/{found['session']['id']}/close", token=staff)
            assert reply.status == 200, reply.body

    def order(self, diner: dict, items: list[tuple[str, int, str]], notes: str = "") -> dict:
        body = {"items": [{"menuItemId": item, "quantity": quantity, "notes": note} for item, quantity, note in items],
                "notes": notes}
        reply = self.http.post("/session/orders", body, token=diner["token"])
        assert reply.status == 201, reply.body
        return reply.body

    def join(self, code: str, name: str, allowed_by: dict, slug: str = "downtown-lima") -> dict:
        """A second phone at a seated table: it asks to join (202), a diner already there allows it,
        and the allowed request hands the new phone its sign-in (the same shape as a sign-up's 201)."""
        return join_table(self.http, code, name, allowed_by["token"], slug)

    def session_of(self, diner: dict) -> dict:
        reply = self.http.get("/session", token=diner["token"])
        assert reply.status == 200, reply.body
        return reply.body


def join_table(http, code: str, name: str, seated_token: str, slug: str = "downtown-lima") -> dict:
    """A phone joins a table in use over the API: it asks (202), the diner whose token is given
    allows it, and the request, read with its request token, carries the new diner's token."""
    asked = http.post(f"/branches/{slug}/tables/{code}/sessions", {"mode": "quick", "name": name})
    assert asked.status == 202, asked.body
    request_id = asked.body["joinRequest"]["id"]
    allowed = http.post(f"/session/join-requests/{request_id}/allow", token=seated_token)
    assert allowed.status == 200, allowed.body
    answer = http.get(f"/join-requests/{request_id}", token=asked.body["requestToken"])
    assert answer.status == 200 and answer.body["status"] == "allowed", answer.body
    return answer.body


def add_category(page: Page, name: str):
    """The owner adds a category on the menu page; its section."""
    page.get_by_role("button", name="Add category").click()
    dialog = page.locator("dialog.menu-dialog")
    dialog.get_by_label("Name").fill(name)
    dialog.get_by_role("button", name="Save").click()
    section = page.locator(".menu-category", has_text=name)
    expect(section).to_be_visible()
    return section


def delete_item_and_category(page: Page, section, name: str) -> None:
    """Deletes the category's one item through its dialog, then the category (confirming each)."""
    page.once("dialog", lambda confirm: confirm.accept())
    section.locator(".menu-item").get_by_role("button", name="Edit").click()
    page.once("dialog", lambda confirm: confirm.accept())
    page.locator("dialog.menu-dialog").get_by_role("button", name="Delete item").click()
    expect(section.locator(".menu-item")).to_have_count(0)
    page.once("dialog", lambda confirm: confirm.accept())
    section.get_by_role("button", name="Delete").click()
    expect(page.locator(".menu-category", has_text=name)).to_have_count(0)


def line_status(session: dict, line_id: str) -> str:
    return next(line["status"] for order in session["orders"] for line in order["items"] if line["id"] == line_id)


def no_markup_inside(locator) -> None:
    """A note typed with markup is text: no element of it was made."""
    expect(locator.locator("img, script, b")).to_have_count(0)


EXPIRED = re.compile("expired", re.I)


@pytest.fixture
def listen(stack):
    """A diner's (or staff member's) live connection, as a phone would hold it (import it into a test module)."""
    from tests.e2e.conftest import Listener

    opened: list[Listener] = []

    def open_listener(token: str) -> Listener:
        listener = Listener(stack.ws_url, token, stack.site_url)
        opened.append(listener)
        return listener

    yield open_listener
    for listener in opened:
        listener.close()
