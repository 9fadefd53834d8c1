"""The fake of `chalicelib.store.connections.ConnectionRepository`: WebSocket connections by
channel and by token."""
from __future__ import annotations

from datetime import datetime

from chalicelib.ports import Listener
from tests.fakes.tables import Tables


class InMemoryConnections:
    META = "_"

    def __init__(self, db: Tables) -> None:
        self.db = db

    def register(self, connection_id: str, channels: list[str], subject: str, expires_at: datetime,
                 token_id: str = "", connected_at: str = "", registered_at: datetime | None = None) -> None:
        token_key = f"token#{token_id}" if token_id else None
        rows = self.db.connections
        rows[(f"connection#{connection_id}", self.META)] = {"channels": list(channels), "token": token_key}
        for channel in channels:
            rows[(channel, connection_id)] = {"registered_at": registered_at}
        if token_key:
            rows[(token_key, connection_id)] = {"connected_at": connected_at}

    def of_token(self, token_id: str) -> list[tuple[str, str]]:
        key = f"token#{token_id}"
        return sorted((str(row.get("connected_at") or ""), cid) for (channel, cid), row in self.db.connections.items()
                      if channel == key)

    def forget(self, connection_id: str) -> None:
        meta = self.db.connections.pop((f"connection#{connection_id}", self.META), None)
        if meta is None:
            return
        for channel in [*meta["channels"], meta["token"]]:  # type: ignore[misc]
            if channel:
                self.db.connections.pop((str(channel), connection_id), None)

    def listeners(self, channel: str) -> list[str]:
        return [listener.connection_id for listener in self.listening(channel)]

    def listening(self, channel: str) -> list[Listener]:
        return [Listener(cid, row.get("registered_at"))  # type: ignore[arg-type]
                for (name, cid), row in sorted(self.db.connections.items()) if name == channel]

    def channels_of(self, connection_id: str) -> list[str]:
        meta = self.db.connections.get((f"connection#{connection_id}", self.META))
        return list(meta["channels"]) if meta else []  # type: ignore[call-overload]
