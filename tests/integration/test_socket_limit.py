"""At most five live sockets per token (issue 13, finding 6): one more closes the oldest, which
is told why first; other tokens, even of the same person, keep theirs. On moto, with a stand-in
for API Gateway's @connections that records posts and deletions."""
from __future__ import annotations

import json

from chalice import WebsocketDisconnectedError

from chalicelib import bootstrap
from chalicelib.config import settings
from chalicelib.realtime import subscriptions

ORIGIN = "http://127.0.0.1:8080"


class Connections:
    """API Gateway's @connections: what each connection was sent, which were deleted; a
    deleted or `gone` connection answers 410."""

    def __init__(self) -> None:
        self.sent: dict[str, list[dict]] = {}
        self.deleted: list[str] = []
        self.gone: set[str] = set()

    def post(self, connection_id: str, payload: str) -> None:
        if connection_id in self.gone or connection_id in self.deleted:
            raise WebsocketDisconnectedError(connection_id)
        self.sent.setdefault(connection_id, []).append(json.loads(payload))

    def close(self, connection_id: str) -> None:
        if connection_id in self.gone or connection_id in self.deleted:
            raise WebsocketDisconnectedError(connection_id)
        self.deleted.append(connection_id)

    def sockets(self) -> subscriptions.Sockets:
        return subscriptions.Sockets(post=self.post, close=self.close)


def open_sockets(token: str, count: int, connections: Connections, prefix: str = "c") -> list[str]:
    ids = [f"{prefix}{n}" for n in range(count)]
    for connection_id in ids:
        subscriptions.connect(bootstrap.repositories(), bootstrap.tokens(), connection_id, token, ORIGIN,
                              connections.sockets())
    return ids


def subscribed(connection_id: str) -> bool:
    return bool(bootstrap.repositories().connections.channels_of(connection_id))


def test_a_sixth_and_seventh_socket_of_one_token_close_the_two_oldest_with_a_message(api):
    diner = api.seated_diner()
    connections = Connections()

    ids = open_sockets(diner["token"], 7, connections)

    assert connections.deleted == ids[:2]
    for closed in ids[:2]:
        [message] = connections.sent[closed]
        assert message["type"] == "connection.closed"
        assert message["data"]["code"] == "TOO_MANY_CONNECTIONS" and message["data"]["limit"] == 5
        assert message["data"]["message"] and message["at"]
        assert not subscribed(closed)
    assert all(subscribed(kept) for kept in ids[2:])
    assert not any(connections.sent.get(kept) for kept in ids[2:])
    listeners = bootstrap.repositories().connections.listeners(f"session:{diner['session_id']}")
    assert sorted(listeners) == sorted(ids[2:])


def test_five_sockets_of_one_token_all_stay(api):
    connections = Connections()

    ids = open_sockets(api.login(), settings.sockets_per_token, connections)

    assert connections.deleted == [] and connections.sent == {}
    assert all(subscribed(c) for c in ids)


def test_two_sign_ins_of_one_staff_account_are_two_tokens_with_their_own_limit(api):
    # Given a kitchen account signed in on two screens (one token each), five sockets on the first
    connections = Connections()
    first = open_sockets(api.login("kitchen@downtown.demo.comanda"), 5, connections, prefix="a")

    # When the second screen opens its sockets
    second = open_sockets(api.login("kitchen@downtown.demo.comanda"), 5, connections, prefix="b")

    # Then nobody is closed
    assert connections.deleted == []
    assert all(subscribed(c) for c in first + second)


def test_a_socket_that_closed_without_disconnect_leaves_room_after_its_410(api):
    # Given five sockets, the oldest of which vanished without a $disconnect
    connections = Connections()
    token = api.login()
    ids = open_sockets(token, 5, connections)
    connections.gone.add(ids[0])

    # When a sixth opens, Then the gone one's rows are removed and the others stay
    open_sockets(token, 1, connections, prefix="late")
    assert not subscribed(ids[0]) and connections.deleted == []
    assert all(subscribed(c) for c in ids[1:] + ["late0"])


def test_a_socket_that_disconnected_frees_its_place(api):
    connections = Connections()
    token = api.login()
    ids = open_sockets(token, 5, connections)
    subscriptions.disconnect(bootstrap.repositories(), ids[0])

    open_sockets(token, 1, connections, prefix="next")

    assert connections.deleted == []
    assert bootstrap.repositories().connections.of_token(
        bootstrap.tokens().decode(token)["jti"]) and not subscribed(ids[0])
