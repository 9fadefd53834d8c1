"""Live updates: WebSocket subscriptions, stored change -> message, and the fan-out."""
