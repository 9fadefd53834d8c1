"""The menu page's weight (issue #17, <= 60 KB without photos): the socket's catch-up read of the
session, once it connects after the first view, costs no body when nothing changed at the table
(GET /api/session answers the phone's If-None-Match with 304), and what the page shows stays the
same; a change made meanwhile still comes whole.

Table: downtown-lima T26, this file's own."""
from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.staff_pages import Floor

SLUG, CODE = "downtown-lima", "T26"


@pytest.fixture
def seated(phone: Page, http):
    floor = Floor(http)
    seat = floor.seat(CODE, "Rosa")
    phone.goto("/favicon.svg")
    phone.evaluate("([key, token]) => sessionStorage.setItem(key, JSON.stringify(token))",
                   [f"comanda.diner.{SLUG}/{CODE}.token", seat["token"]])
    yield seat
    floor.clear(CODE)


def session_reads(page: Page) -> list[tuple[int, bytes]]:
    reads: list[tuple[int, bytes]] = []
    page.on("response", lambda r: reads.append((r.status, r.body() if r.status == 200 else b""))
            if r.url.endswith("/api/session") and r.request.method == "GET" else None)
    return reads


def test_the_catch_up_read_of_an_unchanged_session_is_a_304_without_a_body(phone: Page, seated):
    reads = session_reads(phone)

    phone.goto(f"/{SLUG}/{CODE}/menu")

    expect(phone.get_by_role("link", name="Ceviche Clásico").first).to_be_visible()
    # the first view's read, then the socket's catch-up read once it is open
    phone.wait_for_function("() => performance.getEntriesByType('resource')"
                            ".filter((e) => e.name.endsWith('/api/session')).length >= 2", timeout=15000)
    phone.wait_for_timeout(300)
    assert [status for status, _ in reads] == [200, 304], reads
    expect(phone.get_by_role("link", name="Ceviche Clásico").first).to_be_visible()  # the page as it was


def test_a_session_changed_before_the_catch_up_read_comes_whole(phone: Page, seated, http):
    reads = session_reads(phone)
    # the catch-up waits for the page to be idle: the waiter call lands between the two reads
    phone.route("**/js/lib/socket.js", lambda route: (
        http.post("/session/waiter-calls", {}, token=seated["token"]), route.continue_()))

    phone.goto(f"/{SLUG}/{CODE}/menu")

    phone.wait_for_function("() => performance.getEntriesByType('resource')"
                            ".filter((e) => e.name.endsWith('/api/session')).length >= 2", timeout=15000)
    phone.wait_for_timeout(300)
    assert [status for status, _ in reads] == [200, 200], reads
    assert b'"waiter"' in reads[1][1]
