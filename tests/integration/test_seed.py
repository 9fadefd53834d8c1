"""The demo chain loads idempotently: a second run creates nothing and keeps live state."""
from __future__ import annotations

from chalicelib import bootstrap
from chalicelib.seed import DEMO_PASSWORD, seed_chain
from tests.conftest import demo_chain


def test_demo_chain_has_what_product_md_promises(world):
    repos = bootstrap.repositories()
    downtown = repos.venues.branch_by_slug("downtown-lima")
    miraflores = repos.venues.branch_by_slug("miraflores")
    assert downtown and miraflores
    assert len(repos.venues.tables_of_branch(downtown.id)) == 40
    assert len(repos.venues.tables_of_branch(miraflores.id)) == 10
    categories, items, settings = repos.menu.chain_menu(downtown.chain_id)
    assert [c.name for c in sorted(categories, key=lambda c: c.position)] == [
        "Appetizers", "Main Course", "Desserts", "Drinks", "Breakfast"]
    assert len(items) >= 16
    assert all(item.image_key for item in items)
    assert any(s.branch_id == downtown.id and s.available is False for s in settings)
    assert world.passwords == {entry["email"]: DEMO_PASSWORD for entry in demo_chain()["staff"]}


def test_seeding_twice_creates_nothing_new_and_keeps_open_sessions(api):
    # Given a diner seated at T12
    diner = api.seated_diner()
    # When the chain is seeded again (a restart of the local stack)
    report = seed_chain(demo_chain())
    # Then nothing is created and the table still points at its session
    assert report.created == 0
    table = bootstrap.repositories().venues.get_table("br_downtown-lima", "T12")
    assert table.active_session_id == diner["session_id"]


def test_every_photo_named_in_the_demo_chain_is_shipped(world):
    from tests.conftest import ROOT

    for category in demo_chain()["categories"]:
        for item in category["items"]:
            photo = ROOT / "demo" / "photos" / item["photo"]
            assert photo.is_file() and photo.stat().st_size <= 60 * 1024, photo
            thumb = photo.with_name(photo.stem + ".thumb" + photo.suffix)
            assert thumb.is_file(), thumb


def test_the_demo_history_leaves_a_closed_table_with_its_split_payment_and_tip_once(api):
    # Given the demo chain (the API's tests start with no history)
    from chalicelib.seed import seed_history

    manager = api.login()
    sessions = "/staff/branches/br_downtown-lima/sessions?status=completed"
    assert api.get(sessions, token=manager).body["sessions"] == []

    # When its history is played, as `make run` does
    closed = seed_history(demo_chain())

    # Then T3's past session is closed, its dishes served, paid by card and cash with a tip
    (session,) = api.get(sessions, token=manager).body["sessions"]
    assert [session["id"]] == closed and session["tableCode"] == "T3"
    payment = session["payment"]
    bill = 2 * 4800 + 3800 + 2 * 900
    assert (payment["billTotal"], payment["tip"], payment["paid"]) == (bill, 1500, bill + 1500)
    assert payment["payments"] == [{"method": "card", "amount": 10000}, {"method": "cash", "amount": bill + 1500 - 10000}]
    billed = api.get(f"/staff/sessions/{session['id']}/bill", token=manager).body
    assert billed["total"] == bill and billed["session"]["payment"] == payment
    # And the table is free; nothing of it is open on the POS or the KDS
    tables = api.get("/staff/branches/br_downtown-lima/tables", token=manager).body["tables"]
    t3 = next(t for t in tables if t["code"] == "T3")
    assert (t3["session"], t3["pendingSession"]) == (None, None)
    assert api.get("/staff/branches/br_downtown-lima/orders", token=manager).body["orders"] == []

    # And played again (a restart of the local stack), it adds nothing
    assert seed_history(demo_chain()) == []
    assert len(api.get(sessions, token=manager).body["sessions"]) == 1
