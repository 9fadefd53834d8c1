"""Creating the tables from the models (local stack and tests; AWS uses infra/)."""
from __future__ import annotations

from .models import ALL_MODELS


def create_tables() -> None:
    """Creates every missing table, with its indexes, stream and TTL, as the models say."""
    for model in ALL_MODELS:
        if not model.exists():
            model.create_table(wait=True)
            model.update_ttl(ignore_update_ttl_errors=False)


def delete_tables() -> None:
    for model in ALL_MODELS:
        if model.exists():
            model.delete_table()
