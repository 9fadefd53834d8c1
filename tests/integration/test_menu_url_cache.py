"""The public menu's cacheable URL (issue #17, cost): `?v=<revision>` (the `revision` the menu
and GET /session carry) is kept by CloudFront until the menu's next time boundary (a service
window opens or closes, a kitchen pause ends), at most an hour; every menu write (an 86, a
pause, a price) gives a new revision, so a new URL. No `v` or an old one: 15 s, as before."""
from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest

from chalicelib.domain import clock
from tests.integration.test_diner_entry import header

DOWNTOWN = "br_downtown-lima"
STAFF_MENU = f"/staff/branches/{DOWNTOWN}/menu"
PUBLIC_MENU = "/branches/downtown-lima/menu"
LUNCHTIME = datetime(2026, 11, 30, 17, 0, tzinfo=UTC)   # Monday 12:00 in Lima
BREAKFAST_CLOSES = datetime(2026, 11, 30, 16, 30, tzinfo=UTC)  # Breakfast 07:00-11:30 in Lima


@pytest.fixture
def at():
    def set_to(moment: datetime) -> None:
        clock.set_source(lambda: moment)

    yield set_to
    clock.reset()


def shared_max_age(reply) -> int | None:
    found = re.search(r"s-maxage=(\d+)", header(reply, "Cache-Control") or "")
    return int(found.group(1)) if found else None


def test_the_menu_at_its_revision_is_kept_until_the_next_window_boundary(api, at):
    at(datetime(2026, 11, 30, 16, 0, tzinfo=UTC))  # Monday 11:00 in Lima: Breakfast closes at 11:30
    revision = api.get(f"{PUBLIC_MENU}?lang=es").body["revision"]

    reply = api.get(f"{PUBLIC_MENU}?lang=es&v={revision}")

    assert reply.status == 200 and reply.body["revision"] == revision
    assert shared_max_age(reply) == 30 * 60
    assert "max-age=0" in header(reply, "Cache-Control")  # the phone revalidates with CloudFront


def test_with_nothing_changing_by_the_clock_the_menu_is_kept_an_hour_at_most(api, at):
    at(datetime(2026, 11, 30, 18, 0, tzinfo=UTC))  # 13:00 in Lima: next boundary Breakfast tomorrow
    revision = api.get(PUBLIC_MENU).body["revision"]

    assert shared_max_age(api.get(f"{PUBLIC_MENU}?v={revision}")) == 3600


def test_a_kitchen_pause_ends_the_cached_copy_when_it_ends(api, at):
    at(LUNCHTIME)
    kitchen = api.login("kitchen@downtown.demo.comanda")
    assert api.call("PUT", f"{STAFF_MENU}/categories/cat_desserts/pause", {"minutes": 5}, token=kitchen).status == 200
    revision = api.get(PUBLIC_MENU).body["revision"]

    assert shared_max_age(api.get(f"{PUBLIC_MENU}?v={revision}")) == 5 * 60


def test_an_86_gives_a_new_revision_and_the_old_url_is_no_longer_kept(api, at):
    at(LUNCHTIME)
    diner = api.seated_diner(code="T21")
    before = api.get("/session", token=diner["token"]).body["menuRevision"]
    assert before == api.get(PUBLIC_MENU).body["revision"]

    assert api.post(f"{STAFF_MENU}/items/ceviche-clasico/availability", {"available": False},
                    token=diner["staff"]).status == 200

    after = api.get("/session", token=diner["token"]).body["menuRevision"]
    assert after != before
    old = api.get(f"{PUBLIC_MENU}?lang=es&v={before}")
    assert old.body["revision"] == after  # today's menu, under the old name only briefly
    assert header(old, "Cache-Control") == "public, max-age=15, must-revalidate"
    ceviche = next(i for c in old.body["categories"] for i in c["items"] if i["id"] == "ceviche-clasico")
    assert ceviche["available"] is False
    assert (shared_max_age(api.get(f"{PUBLIC_MENU}?lang=es&v={after}")) or 0) > 0  # the new URL is kept


def test_without_v_the_menu_is_kept_15_seconds_as_before(api):
    reply = api.get(f"{PUBLIC_MENU}?lang=en")

    assert header(reply, "Cache-Control") == "public, max-age=15, must-revalidate"
    again = api.get(f"{PUBLIC_MENU}?lang=en&v={reply.body['revision']}", headers={"If-None-Match": header(reply, "ETag")})
    assert again.status == 304  # the same content, whichever URL: the phone's validator still answers


def test_a_branch_rename_changes_the_revision(api):
    before = api.get(PUBLIC_MENU).body["revision"]
    owner = api.login("owner@demo.comanda")
    renamed = api.patch(f"/staff/admin/branches/{DOWNTOWN}", {"name": "Downtown Lima (new)"}, token=owner)
    assert renamed.status == 200, renamed.body

    assert api.get(PUBLIC_MENU).body["revision"] != before
