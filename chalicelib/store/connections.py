"""WebSocket connections: the channels each listens to, and the token that opened it."""
from __future__ import annotations

from datetime import datetime

from ..domain.clock import iso, parse_iso
from ..ports import Listener
from .dynamodb import _get
from .models import ConnectionRecord


class ConnectionRepository:
    """Which WebSocket connections listen to which channel."""

    META = "_"

    @staticmethod
    def _meta_key(connection_id: str) -> str:
        return f"connection#{connection_id}"

    @staticmethod
    def _token_key(token_id: str) -> str:
        return f"token#{token_id}"

    def register(self, connection_id: str, channels: list[str], subject: str, expires_at: datetime,
                 token_id: str = "", connected_at: str = "", registered_at: datetime | None = None) -> None:
        """Subscribes the connection; with `token_id`, also files it under the token that opened it."""
        token_key = self._token_key(token_id) if token_id else None
        registered = iso(registered_at) if registered_at is not None else None
        with ConnectionRecord.batch_write() as batch:
            batch.save(ConnectionRecord(self._meta_key(connection_id), self.META, channels=channels,
                                        subject=subject, token=token_key, registered_at=registered,
                                        expires_at=expires_at))
            for channel in channels:
                batch.save(ConnectionRecord(channel, connection_id, subject=subject, registered_at=registered,
                                            expires_at=expires_at))
            if token_key:
                batch.save(ConnectionRecord(token_key, connection_id, subject=subject, connected_at=connected_at,
                                            expires_at=expires_at))

    def of_token(self, token_id: str) -> list[tuple[str, str]]:
        """The token's connections as (connected_at, connection_id), oldest first (one Query)."""
        rows = ConnectionRecord.query(self._token_key(token_id), consistent_read=True)
        return sorted((r.connected_at or "", r.connection_id) for r in rows)

    def forget(self, connection_id: str) -> None:
        """Removes every row of the connection (idempotent: a second call finds nothing)."""
        meta = _get(ConnectionRecord, self._meta_key(connection_id), self.META)
        if meta is None:
            return
        with ConnectionRecord.batch_write() as batch:
            for channel in meta.channels or []:
                batch.delete(ConnectionRecord(channel, connection_id))
            if meta.token:
                batch.delete(ConnectionRecord(meta.token, connection_id))
            batch.delete(meta)

    def listeners(self, channel: str) -> list[str]:
        return [listener.connection_id for listener in self.listening(channel)]

    def listening(self, channel: str) -> list[Listener]:
        """The channel's connections, each with when it was registered (None: a row written
        before rows carried it)."""
        return [Listener(r.connection_id, parse_iso(r.registered_at) if r.registered_at else None)
                for r in ConnectionRecord.query(channel, attributes_to_get=["connection_id", "registered_at"])]

    def channels_of(self, connection_id: str) -> list[str]:
        meta = _get(ConnectionRecord, self._meta_key(connection_id), self.META)
        return list(meta.channels or []) if meta else []
