"""The store's conditional writes decide races: one winner, a clean 409 for the loser, nothing lost."""
from __future__ import annotations

import copy
import threading

import pytest

from chalicelib import bootstrap
from chalicelib.domain.clock import new_id, now_iso
from chalicelib.domain.errors import ConcurrentUpdate, TooManyRequests
from chalicelib.domain.orders import LineStatus, Order, OrderLine
from chalicelib.domain.sessions import SessionStatus

# DynamoDB isolates transactions; in-process moto does not (see the fixture): without this the
# races below fail now and then on a loaded machine, with a lost update moto itself made.


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


def _staff(api, email: str = "manager@downtown.demo.comanda"):
    """The principal of a signed-in staff member. The races below call the services from two
    threads: Chalice's test client keeps one current request per app, so it cannot serve two
    threads at once (a Lambda container never does)."""
    return bootstrap.tokens().staff(api.login(email))


def test_two_staff_approving_at_once_one_wins_and_the_other_gets_409(api):
    from chalicelib.domain.errors import Conflict
    from chalicelib.services import floor

    repos, manager, owner = bootstrap.repositories(), _staff(api), _staff(api, "owner@demo.comanda")
    for table in ("T14", "T15", "T16"):
        session_id = api.register(code=table).body["session"]["id"]
        results = _in_parallel(lambda: floor.approve_session(repos, manager, session_id),
                               lambda: floor.approve_session(repos, owner, session_id))
        winners = [r for r in results if not isinstance(r, Exception)]
        losers = [r for r in results if isinstance(r, Conflict)]  # 409, whether it lost the write or read the winner's
        assert (len(winners), len(losers)) == (1, 1), results


def test_two_phones_registering_at_a_free_table_share_one_pending_session(api):
    from chalicelib.domain.customers import RegistrationMode
    from chalicelib.services.diners import Registration, register_diner

    repos, tokens = bootstrap.repositories(), bootstrap.tokens()
    replies = _in_parallel(
        lambda: register_diner(repos, tokens, "downtown-lima", "T9", Registration(RegistrationMode.QUICK, "Ana")),
        lambda: register_diner(repos, tokens, "downtown-lima", "T9", Registration(RegistrationMode.QUICK, "Luis")))
    assert replies[0].session.id == replies[1].session.id
    session = repos.sessions.get(replies[0].session.id)
    assert sorted(p.name for p in session.participants) == ["Ana", "Luis"]


def test_eight_phones_signing_up_at_one_free_table_at_once_all_sit_in_one_pending_session(api):
    # Given eight phones at the free table T9, signing up at the same moment (issue 13, finding 9)
    from chalicelib.domain.customers import RegistrationMode
    from chalicelib.services.diners import Registered, Registration, register_diner

    repos, tokens = bootstrap.repositories(), bootstrap.tokens()
    names = [f"Phone {n}" for n in range(8)]
    replies = _in_parallel(*[
        (lambda name=name: register_diner(repos, tokens, "downtown-lima", "T9", Registration(RegistrationMode.QUICK, name)))
        for name in names])

    # Then every one of them is in (no 409), in one pending session with all eight
    assert all(isinstance(r, Registered) for r in replies), replies
    assert len({r.session.id for r in replies}) == 1
    session = repos.sessions.get(replies[0].session.id)
    assert session.status is SessionStatus.PENDING
    assert sorted(p.name for p in session.participants) == names


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
    # When an order written from the stale (active) copy arrives, its condition fails (the
    # service then reads the session again and answers that it ended)
    with pytest.raises(ConcurrentUpdate):
        repos.orders.add(order, session, session.ordered_total, None)
    # Then nothing was stored
    assert repos.orders.get(order.id) is None


def test_ordering_while_the_session_closes_ends_on_the_bill_or_refused(api):
    from chalicelib.domain.errors import Conflict
    from chalicelib.domain.orders import LineRequest
    from chalicelib.services import floor, ordering

    repos, manager = bootstrap.repositories(), _staff(api)
    for table in ("T17", "T18", "T19"):
        diner = api.seated_diner(code=table)
        principal = bootstrap.tokens().diner(diner["token"])
        lines = [LineRequest(menu_item_id="ceviche-clasico", quantity=1)]
        placed, closed = _in_parallel(lambda: ordering.place_order(repos, principal, lines),
                                      lambda: floor.close_session(repos, manager, diner["session_id"]))
        assert type(closed).__name__ == "TableSession"
        bill = api.get(f"/staff/sessions/{diner['session_id']}/bill", token=diner["staff"]).body
        if isinstance(placed, Conflict):
            assert bill["lines"] == []
        else:
            assert [line["orderId"] for line in bill["lines"]] == [placed.id]


def test_bumps_of_two_lines_of_one_order_at_once_are_both_kept(api):
    diner = api.seated_diner(code="T2")
    order = api.post("/session/orders", {"items": [{"menuItemId": "ceviche-clasico", "quantity": 1},
                                                   {"menuItemId": "lomo-saltado", "quantity": 1}]},
                     token=diner["token"]).body
    kitchen = api.login("kitchen@downtown.demo.comanda")
    first, second = (line["id"] for line in order["items"])
    from chalicelib.services.kitchen import set_line_status

    repos, cook = bootstrap.repositories(), bootstrap.tokens().staff(kitchen)
    results = _in_parallel(
        lambda: set_line_status(repos, cook, order["id"], first, LineStatus.PREPARING),
        lambda: set_line_status(repos, cook, order["id"], second, LineStatus.READY),
    )
    assert [type(r).__name__ for r in results] == ["Order", "Order"]
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
