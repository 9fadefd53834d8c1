"""`bootstrap.websocket_sender` configures chalice's `websocket_api` through its public calls
only: an endpoint chalice already configured from a WebSocket event is kept."""
from __future__ import annotations

from typing import Any

from chalice.app import WebsocketAPI

from chalicelib.bootstrap import websocket_sender


class RecordingSession:
    """A boto3 session's `client()`: records the endpoint chalice asks for."""

    region_name = "us-east-1"

    def __init__(self) -> None:
        self.endpoints: list[str] = []
        self.posts: list[tuple[str, str | bytes]] = []

    def client(self, service_name: str, endpoint_url: str, **_: Any) -> RecordingSession:
        assert service_name == "apigatewaymanagementapi"
        self.endpoints.append(endpoint_url)
        return self

    def post_to_connection(self, ConnectionId: str, Data: str | bytes) -> None:  # noqa: N803 - botocore's names
        self.posts.append((ConnectionId, Data))


def test_an_endpoint_configured_from_a_websocket_event_is_kept():
    # Given chalice's WebSocket handler configured the API from its event, as on AWS
    api = WebsocketAPI(env={"AWS_REGION": "us-east-1"})
    session = RecordingSession()
    api.session = session
    api.configure_from_api_id("abc123", "ws")
    # When the app sends through its configured sender
    websocket_sender(api)("conn-1=", '{"type":"order.created"}')
    # Then the post went to that API, not to one from the settings
    assert session.endpoints == ["https://abc123.execute-api.us-east-1.amazonaws.com/ws"]
    assert session.posts == [("conn-1=", '{"type":"order.created"}')]
