"""The store's conditional writes decide races: one winner, a clean 409 for the loser, nothing lost."""
from __future__ import annotations

import copy
import threading

import pytest

from chalicelib import bootstrap
from chalicelib.domain.clock import new_id, now_iso
from chalicelib.domain.errors import ConcurrentUpdate, SessionNotActive, TooManyRequests
from chalicelib.domain.orders import LineStatus, Order, OrderLine
from chalicelib.domain.sessions import SessionStatus


def _in_parallel(*actions):
    """Runs the actions at once (released together by a barrier); returns results or exceptions."""
    barrier = threading.Barrier(len(actions))
    results: list[object] = [None] * len(actions)

    def run(index, action):
        barrier.wait()
        try:
            results[index] = action()
        except Exception as exc:  # noqa: BLE001 - the test inspects what each side got
            results[index] = exc

    threads = [threading.Thread(target=run, args=(i, a)) for i, a in enumerate(actions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def test_two_approvals_of_one_session_from_stale_copies_have_one_winner(api):
    # Given a pending session read by two staff members
    registered = api.register(code="T7")
    repos = bootstrap.repositories()
    first = repos.sessions.get(registered.body["session"]["id"])
    second = copy.deepcopy(first)
    # When both approve it
    first.approve(now_iso())
    second.approve(now_iso())
    repos.sessions.activate(first, None)
    # Then the second write loses on its condition
    with pytest.raises(ConcurrentUpdate):
        repos.sessions.activate(second, None)
    assert repos.sessions.get(first.id).status is SessionStatus.ACTIVE


def test_two_staff_approving_at_once_one_wins_and_the_other_gets_409(api):
    for table in ("T14", "T15", "T16"):
        session_id = api.register(code=table).body["session"]["id"]
        manager, owner = api.login(), api.login("owner@demo.comanda")
        replies = _in_parallel(
            lambda: api.post(f"/staff/sessions/{session_id}/approve", token=manager),
            lambda: api.post(f"/staff/sessions/{session_id}/approve", token=owner),
        )
        assert sorted(r.status for r in replies) == [200, 409]


def test_two_phones_registering_at_a_free_table_share_one_pending_session(api):
    replies = _in_parallel(lambda: api.register(code="T9", name="Ana"), lambda: api.register(code="T9", name="Luis"))
    assert [r.status for r in replies] == [201, 201]
    assert replies[0].body["session"]["id"] == replies[1].body["session"]["id"]
    session = bootstrap.repositories().sessions.get(replies[0].body["session"]["id"])
    assert sorted(p.name for p in session.participants) == ["Ana", "Luis"]


def test_an_order_is_refused_and_not_stored_once_the_session_is_completed(api):
    # Given a seated diner whose session staff close
    diner = api.seated_diner(code="T4")
    repos = bootstrap.repositories()
    session = repos.sessions.get(diner["session_id"])
    api.post(f"/staff/sessions/{diner['session_id']}/close", token=diner["staff"])
    now = now_iso()
    order = Order(id=new_id(), session_id=session.id, branch_id=session.branch_id, table_code="T4",
                  customer_id="c", customer_name="Ana", currency="PEN",
                  lines=[OrderLine(id=new_id(), menu_item_id="ceviche-clasico", name="Ceviche", quantity=1,
                                   unit_price=100)],
                  created_at=now, updated_at=now)
    # When an order written from the stale (active) copy arrives
    with pytest.raises(SessionNotActive):
        repos.orders.add(order, session)
    # Then nothing was stored
    assert repos.orders.get(order.id) is None


def test_ordering_while_the_session_closes_ends_on_the_bill_or_refused(api):
    for table in ("T17", "T18", "T19"):
        diner = api.seated_diner(code=table)
        body = {"items": [{"menuItemId": "ceviche-clasico", "quantity": 1}]}
        order_reply, close_reply = _in_parallel(
            lambda: api.post("/session/orders", body, token=diner["token"]),
            lambda: api.post(f"/staff/sessions/{diner['session_id']}/close", token=diner["staff"]),
        )
        assert close_reply.status == 200
        bill = api.get(f"/staff/sessions/{diner['session_id']}/bill", token=diner["staff"]).body
        if order_reply.status == 201:
            assert [line["orderId"] for line in bill["lines"]] == [order_reply.body["id"]]
        else:
            assert order_reply.status == 409 and bill["lines"] == []


def test_bumps_of_two_lines_of_one_order_at_once_are_both_kept(api):
    diner = api.seated_diner(code="T2")
    order = api.post("/session/orders", {"items": [{"menuItemId": "ceviche-clasico", "quantity": 1},
                                                   {"menuItemId": "lomo-saltado", "quantity": 1}]},
                     token=diner["token"]).body
    kitchen = api.login("kitchen@downtown.demo.comanda")
    first, second = (line["id"] for line in order["items"])
    replies = _in_parallel(
        lambda: api.post(f"/staff/orders/{order['id']}/items/{first}/status", {"status": "preparing"}, token=kitchen),
        lambda: api.post(f"/staff/orders/{order['id']}/items/{second}/status", {"status": "ready"}, token=kitchen),
    )
    assert [r.status for r in replies] == [200, 200]
    stored = bootstrap.repositories().orders.get(order["id"])
    assert [line.status for line in stored.lines] == [LineStatus.PREPARING, LineStatus.READY]


def test_rate_limiter_refuses_past_the_limit_within_a_window(aws):
    limiter = bootstrap.repositories().rate_limiter
    for _ in range(3):
        limiter.hit("test", "caller", 3, 60, "slow down")
    with pytest.raises(TooManyRequests) as refused:
        limiter.hit("test", "caller", 3, 60, "slow down")
    assert 0 < refused.value.retry_after_s <= 60
    limiter.hit("test", "another-caller", 3, 60, "slow down")
