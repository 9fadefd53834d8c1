"""How many DynamoDB requests each endpoint makes, counted with botocore's event hooks.

The figures are the budget: a change that adds a request to an endpoint fails here and must
update the table on purpose (and docs/data-model.md with it). No endpoint may Scan.
"""
from __future__ import annotations

import pytest

from chalicelib.realtime.stream import handle_stream_batch
from tests.conftest import DYNAMO_CALLS
from tests.integration.test_realtime import sockets, streams  # noqa: F401 - fixtures

DOWNTOWN = "br_downtown-lima"


def _count(action):
    reply, calls = DYNAMO_CALLS.measure(action)
    assert reply.status < 400, reply.body
    return calls


@pytest.fixture
def scene(api):
    """A seated diner at T12 with one order and an open waiter call, and a manager signed in."""
    diner = api.seated_diner()
    order = api.post("/session/orders", {"items": [{"menuItemId": "ceviche-clasico", "quantity": 2}]},
                     token=diner["token"]).body
    call = api.post("/session/waiter-calls", token=diner["token"]).body
    return {**diner, "order": order, "call": call}


# Every request with a staff token reads the account (a GetItem, first) for its token version
# and `active`: a deactivated or changed account's tokens are refused at once (issue 18).
EXPECTED = {
    "GET table entry": 5,  # + the chain, whose name the loyalty consent box names (issue 19)
    "GET menu": 3,  # slug, branch, and the menu's version: the menu itself is this container's (Query when it changed)
    "POST register (new session)": 8,  # two sign-up counters of the client (this table, all tables)
    "GET session": 10,  # + the caller's profile (a GetItem: the menu page sends no GET /me, #17), + the session's waiting requests to join (a Query of a sparse index), + the menu's revision (a GetItem: the phone asks the menu at its cacheable `?v=` URL, #17), + a BatchGetItem each for its orders and requests (keys-only indexes, idx17)
    "POST order": 6,  # one is the branch's kitchen queue (a GetItem), for the wait estimate (#7, #8); the menu as GET menu
    "POST order with Idempotency-Key": 8,
    "POST order with options": 6,
    "GET session orders": 3,  # the keys-only index's Query, then BatchGetItem of the orders (idx17)
    "POST waiter call (already open)": 2,
    "GET me": 2,
    "PATCH me": 3,
    "PATCH me (allergens to avoid)": 3,
    "POST staff login": 6,  # the client's attempts, the unknown device's failure counters, the chain's branches (edit_catalogue)
    "GET staff branches": 2,
    "GET tables page": 11,  # + the sections of the floor (issue 16); + a BatchGetItem after each keys-only Query (active and pending sessions, open orders; idx17)
    "GET sessions by state": 4,
    "GET open orders": 3,
    "POST line bump": 3,
    "POST order status": 3,
    "GET open requests": 2,
    "GET bill": 5,
    "POST ack request": 4,
    "POST close session": 11,  # 4, and its 4 open orders kept as served: a write each, and the session read again (issue 16); + BatchGetItem of its orders (idx17)
    # asking to join a table in use, and the answers (issue 13)
    "POST register (asks to join)": 10,
    "GET join request (waiting)": 2,
    "GET staff join requests": 2,
    "POST allow a request (a phone of the table)": 6,
    "GET join request (allowed)": 3,
    "POST register (the same phone back)": 9,
    # waiter-assisted ordering, moves, order safety (issue #7)
    "POST staff seats a table": 3,
    "POST staff order": 6,  # as POST order: the branch's kitchen queue is read for the wait estimate
    "POST move session": 6,
    "PUT order safety": 4,  # + its line in the branch's audit trail (a PutItem, issue 18)
    "POST order (branch with a spending cap)": 6,  # the cap is checked in the order's write, on the session's total (#13)
    "POST reject order": 4,  # + the session (a GetItem): the rejected amount leaves its running total (#13)
    # menu writes: each is one transaction with the menu's new version (#8); those that answer
    # with the branch's menu read it again (its version, then the Query: it just changed)
    "POST 86 an item": 8,  # + its line in the audit trail (issue 18)
    "PUT item schedule": 6,
    "PUT category pause": 4,
    "PATCH item (owner)": 7,  # + the price change's line in the audit trail, + the owner's branches as they are now (issue 18)
}


def _floor_counts(api, staff) -> dict[str, list[str]]:
    body = {"items": [{"menuItemId": "lomo-saltado", "quantity": 1}]}
    seated = {}

    def seat():
        reply = api.post(f"/staff/branches/{DOWNTOWN}/tables/T34/sessions", token=staff)
        seated.update(reply.body)
        return reply

    measured = {"POST staff seats a table": _count(seat)}
    measured["POST staff order"] = _count(lambda: api.post(f"/staff/sessions/{seated['id']}/orders", body, token=staff))
    measured["POST move session"] = _count(
        lambda: api.post(f"/staff/sessions/{seated['id']}/move", {"tableCode": "T33"}, token=staff))
    safety = {"spendingCap": 1_000_000, "approvalThreshold": 0}
    measured["PUT order safety"] = _count(
        lambda: api.call("PUT", f"/staff/branches/{DOWNTOWN}/order-safety", safety, token=staff))
    held = {}

    def capped_order():
        reply = api.post(f"/staff/sessions/{seated['id']}/orders", body, token=staff)
        held.update(reply.body)
        return reply

    measured["POST order (branch with a spending cap)"] = _count(capped_order)
    measured["POST reject order"] = _count(lambda: api.post(f"/staff/orders/{held['id']}/reject", {}, token=staff))
    return measured


def _joining_counts(api, staff, diner_token) -> dict[str, list[str]]:
    asked: dict = {}

    def ask():
        reply = api.register(code="T12", name="Luis")
        asked.update(reply.body)
        return reply

    measured = {"POST register (asks to join)": _count(ask)}
    path = f"/join-requests/{asked['joinRequest']['id']}"
    measured["GET join request (waiting)"] = _count(lambda: api.get(path, token=asked["requestToken"]))
    measured["GET staff join requests"] = _count(lambda: api.get(f"/staff/branches/{DOWNTOWN}/join-requests", token=staff))
    measured["POST allow a request (a phone of the table)"] = _count(lambda: api.post(
        f"/session/join-requests/{asked['joinRequest']['id']}/allow", token=diner_token))
    allowed: dict = {}

    def read_allowed():
        reply = api.get(path, token=asked["requestToken"])
        allowed.update(reply.body)
        return reply

    measured["GET join request (allowed)"] = _count(read_allowed)
    measured["POST register (the same phone back)"] = _count(
        lambda: api.register(code="T12", name="Luis", deviceKey=allowed["deviceKey"]))
    return measured


def _menu_write_counts(api, staff) -> dict[str, list[str]]:
    menu = f"/staff/branches/{DOWNTOWN}/menu"
    owner = api.login("owner@demo.comanda")
    return {
        "POST 86 an item": _count(lambda: api.post(f"{menu}/items/causa-limena/availability", {"available": False},
                                                   token=staff)),
        "PUT item schedule": _count(lambda: api.call("PUT", f"{menu}/items/causa-limena/schedule",
                                                     {"windows": [{"start": "00:00", "end": "23:59"}]}, token=staff)),
        "PUT category pause": _count(lambda: api.call("PUT", f"{menu}/categories/cat_desserts/pause", {"minutes": 5},
                                                      token=staff)),
        "PATCH item (owner)": _count(lambda: api.patch(f"{menu}/items/causa-limena", {"price": 2500}, token=owner)),
    }


def test_each_endpoint_makes_a_known_small_number_of_dynamodb_requests(api, scene):
    token, staff, session_id = scene["token"], scene["staff"], scene["session_id"]
    order = scene["order"]
    line_id = order["items"][0]["id"]
    body = {"items": [{"menuItemId": "lomo-saltado", "quantity": 1}]}
    measured = {
        "GET table entry": _count(lambda: api.get("/branches/downtown-lima/tables/T12")),
        "GET menu": _count(lambda: api.get("/branches/downtown-lima/menu")),
        "POST register (new session)": _count(lambda: api.register(code="T3")),
        "GET session": _count(lambda: api.get("/session", token=token)),
        "POST order": _count(lambda: api.post("/session/orders", body, token=token)),
        "POST order with Idempotency-Key": _count(
            lambda: api.post("/session/orders", body, token=token, headers={"Idempotency-Key": "count-1"})),
        "POST order with options": _count(lambda: api.post("/session/orders", {"items": [
            {"menuItemId": "lomo-a-la-parrilla", "quantity": 1, "options": [
                {"groupId": "doneness", "optionId": "medium"}, {"groupId": "extras", "optionId": "avocado"}]}]},
            token=token)),
        "GET session orders": _count(lambda: api.get("/session/orders", token=token)),
        "POST waiter call (already open)": _count(lambda: api.post("/session/waiter-calls", token=token)),
        "GET me": _count(lambda: api.get("/me", token=token)),
        "PATCH me": _count(lambda: api.patch("/me", {"name": "Ana María"}, token=token)),
        "PATCH me (allergens to avoid)": _count(lambda: api.patch("/me", {"avoidAllergens": ["fish"]}, token=token)),
        "POST staff login": _count(lambda: api.post(
            "/staff/login", {"email": "manager@downtown.demo.comanda", "password": "demo1234"})),
        "GET staff branches": _count(lambda: api.get("/staff/branches", token=staff)),
        "GET tables page": _count(lambda: api.get(f"/staff/branches/{DOWNTOWN}/tables", token=staff)),
        "GET sessions by state": _count(lambda: api.get(f"/staff/branches/{DOWNTOWN}/sessions?status=active", token=staff)),
        "GET open orders": _count(lambda: api.get(f"/staff/branches/{DOWNTOWN}/orders", token=staff)),
        "POST line bump": _count(lambda: api.post(
            f"/staff/orders/{order['id']}/items/{line_id}/status", {"status": "preparing"}, token=staff)),
        "POST order status": _count(lambda: api.post(
            f"/staff/orders/{order['id']}/status", {"status": "ready"}, token=staff)),
        "GET open requests": _count(lambda: api.get(f"/staff/branches/{DOWNTOWN}/requests", token=staff)),
        "GET bill": _count(lambda: api.get(f"/staff/sessions/{session_id}/bill", token=staff)),
        "POST ack request": _count(lambda: api.post(f"/staff/requests/{scene['call']['id']}/ack", token=staff)),
        **_joining_counts(api, staff, token),
        "POST close session": _count(lambda: api.post(f"/staff/sessions/{session_id}/close", token=staff)),
        **_floor_counts(api, staff),
        **_menu_write_counts(api, staff),
    }
    for name, calls in measured.items():
        assert "Scan" not in calls, f"{name} scans: {calls}"
    counts = {name: len(calls) for name, calls in measured.items()}
    print("\nDynamoDB requests per endpoint:")
    for name, calls in measured.items():
        print(f"  {name:<36} {len(calls):>2}  {', '.join(calls)}")
    assert counts == EXPECTED
    # With the menu this container's, an order Queries nothing: the wait estimate reads the
    # kitchen queue's one item (a GetItem that does not grow with every open order of the
    # branch) instead of Querying the branch's open orders (#8).
    assert {name: calls.count("Query") for name, calls in measured.items() if name in ORDER_QUERIES} == ORDER_QUERIES


ORDER_QUERIES = {"POST order": 0, "POST order with Idempotency-Key": 0, "POST order with options": 0,
                 "POST staff order": 0, "POST order (branch with a spending cap)": 0}


def test_the_menu_is_queried_once_per_change_then_only_its_version_is_read(api, scene):
    def kitchen_pauses_desserts(minutes: int) -> None:  # a menu write that does not answer with the menu
        reply = api.call("PUT", f"/staff/branches/{DOWNTOWN}/menu/categories/cat_desserts/pause",
                         {"minutes": minutes}, token=scene["staff"])
        assert reply.status == 200, reply.body

    # Given the menu has just changed (every write gives it a new version)
    kitchen_pauses_desserts(5)
    # When it is read twice
    first, again = (_count(lambda: api.get("/branches/downtown-lima/menu")) for _ in range(2))
    # Then the first read Queries it; the next reads only its version
    assert first == ["GetItem", "GetItem", "GetItem", "Query"]
    assert again == ["GetItem", "GetItem", "GetItem"]

    # And an order after a change Queries the menu, and the next one does not
    kitchen_pauses_desserts(0)
    body = {"items": [{"menuItemId": "lomo-saltado", "quantity": 1}]}
    cold, warm = (_count(lambda: api.post("/session/orders", body, token=scene["token"])) for _ in range(2))
    assert len(cold) == len(warm) + 1 and cold.count("Query") == warm.count("Query") + 1


def test_the_stream_handler_writes_each_branch_s_kitchen_queue_once_per_batch(api, streams, sockets):
    # Given orders at two branches and a bump, in one batch of the orders' stream
    downtown, miraflores = api.seated_diner(), api.seated_diner(slug="miraflores", code="T1")
    streams.drain()
    body = {"items": [{"menuItemId": "lomo-saltado", "quantity": 1}]}
    first = api.post("/session/orders", body, token=downtown["token"]).body
    api.post("/session/orders", body, token=downtown["token"])
    api.post("/session/orders", body, token=miraflores["token"])
    api.post(f"/staff/orders/{first['id']}/items/{first['items'][0]['id']}/status", {"status": "preparing"},
             token=downtown["staff"])
    event = streams.drain()
    # (each order also adds to its session's running total: those session records push nothing)
    assert {r["eventSourceARN"].split(":table/")[1].split("/")[0] for r in event["Records"]} == \
        {"comanda-test-orders", "comanda-test-sessions"}
    # When the stream handler runs on it
    answer, calls = DYNAMO_CALLS.measure(lambda: handle_stream_batch(event, None, sockets.post))
    # Then: one Query per channel (session, branch and kitchen of each branch's orders), and one
    # UpdateItem per branch for the kitchen queues, however many orders the batch holds
    assert answer == {"batchItemFailures": []}
    assert sorted(calls) == ["Query"] * 6 + ["UpdateItem"] * 2, calls
