"""Pure parts of the stack: which bucket keys a URL is served from, and the event shapes."""
from __future__ import annotations

from datetime import UTC, datetime, timezone

import pytest

from devstack.events import Peer, new_connection_id, stream_record, websocket_event
from devstack.static import lookup


@pytest.mark.parametrize("path, keys, page", [
    ("/", ("index.html",), True),
    ("/downtown-lima/T12", ("downtown-lima/T12", "downtown-lima/T12/index.html", "index.html"), True),
    ("/staff/", ("staff/index.html", "index.html"), True),
    ("/staff/tables", ("staff/tables", "staff/tables/index.html", "staff/index.html", "index.html"), True),
    ("/kitchen", ("kitchen", "kitchen/index.html", "index.html"), True),
    ("/media/menu/ceviche-clasico.jpg", ("media/menu/ceviche-clasico.jpg",), False),
    ("/js/lib/api.js", ("js/lib/api.js",), False),
])
def test_a_url_maps_to_its_key_then_the_app_page(path, keys, page):
    found = lookup(path)
    assert found is not None and (found.candidates, found.is_page) == (keys, page)


@pytest.mark.parametrize("path", ["/../secret", "/media/../../x.jpg", "/a/./b"])
def test_dot_segments_are_not_keys(path):
    assert lookup(path) is None


def test_connection_ids_look_like_api_gateways():
    ids = {new_connection_id() for _ in range(100)}
    assert len(ids) == 100 and all(len(i) == 16 and i.endswith("=") for i in ids)


def test_connect_event_carries_query_and_headers_and_message_event_the_body():
    peer = Peer(domain_name="127.0.0.1:8080", source_ip="127.0.0.1", connected_at_ms=1)
    connect = websocket_event("$connect", "abc=", peer, headers={"Origin": "http://x"}, query={"token": "t"})
    assert connect["requestContext"]["eventType"] == "CONNECT"
    assert connect["queryStringParameters"] == {"token": "t"} and connect["headers"]["Origin"] == "http://x"
    assert connect["requestContext"]["identity"]["sourceIp"] == "127.0.0.1"
    message = websocket_event("$default", "abc=", peer, body='{"action":"ping"}')
    assert (message["requestContext"]["eventType"], message["body"]) == ("MESSAGE", '{"action":"ping"}')
    assert "queryStringParameters" not in message
    gone = websocket_event("$disconnect", "abc=", peer, disconnect=(1001, "Going away"))
    assert gone["requestContext"]["disconnectStatusCode"] == 1001


def test_a_stream_record_gets_what_lambda_adds():
    raw = {"eventID": "1", "eventName": "MODIFY", "eventVersion": "1.0", "eventSource": "aws:dynamodb",
           "awsRegion": "us-east-1",
           "dynamodb": {"ApproximateCreationDateTime": datetime(2026, 1, 1, tzinfo=UTC),
                        "SequenceNumber": "7", "Keys": {"pk": {"S": "x"}}, "NewImage": {"b": {"B": b"\xff"}}}}
    record = stream_record(raw, "arn:aws:dynamodb:us-east-1:123456789012:table/t/stream/1", "us-east-1")
    assert record["eventSourceARN"].endswith("table/t/stream/1") and record["eventVersion"] == "1.1"
    assert record["dynamodb"]["ApproximateCreationDateTime"] == 1767225600
    assert record["dynamodb"]["NewImage"]["b"] == {"B": "/w=="}
