"""Which stream records can hold a finished fact: the event filters of the facts consumer's
event source mappings (issue 17, cost; docs/decisions.md "The facts consumer is invoked only
for records that can hold a fact").

Lambda applies them before invoking `stream_facts` (app.py): a record no pattern of its table
matches is dropped by the mapping, never billed as an invocation. Most of a table's changes
hold no fact (a bump, a waiter call opened, a session approved), so without them the consumer
ran on nearly every stream batch to find nothing. Each table's patterns are a superset of
`facts_stream.facts_of_record`'s rules for it (a record they let through may still hold no
fact: the rules decide); tests/integration/test_fact_filters.py holds every record of real
journeys that yields a fact against them. A table with no patterns here gets no mapping for
the facts consumer at all (its changes never hold a fact).

The grammar is the part of Lambda's filter rules (the same as EventBridge's patterns) that the
local stack applies too (`devstack.events.matches_filter`): nested objects, arrays of exact
strings, and `{"anything-but": [...]}`.
"""
from __future__ import annotations

import json
from typing import Any

from pynamodb.models import Model

from ..domain.customers import RegistrationMode
from ..domain.join_requests import JoinStatus
from ..domain.orders import OrderStatus
from ..domain.service_requests import RequestStatus
from ..domain.sessions import SessionStatus
from ..store.models import (
    CustomerRecord,
    JoinRequestRecord,
    MenuEntryRecord,
    OrderRecord,
    ServiceRequestRecord,
    SessionRecord,
)

Pattern = dict[str, Any]


def _new_image(attribute: str, *values: Any) -> Pattern:
    """The record's new image has a string `attribute` among `values`."""
    return {"dynamodb": {"NewImage": {attribute: {"S": list(values)}}}}


# A stream table's model -> the patterns of its records that can hold a fact.
FACT_FILTERS: dict[type[Model], tuple[Pattern, ...]] = {
    # session_facts: a session that just ended
    SessionRecord: (_new_image("status", SessionStatus.COMPLETED.value),),
    # order_facts: an order finished (served or cancelled), or changed again once finished
    OrderRecord: (_new_image("status", OrderStatus.SERVED.value, OrderStatus.CANCELLED.value),),
    # request_facts: a waiter call or bill request acknowledged
    ServiceRequestRecord: (_new_image("status", RequestStatus.ACKNOWLEDGED.value),),
    # join_request_facts: a request to join, decided (anything but still waiting)
    JoinRequestRecord: (_new_image("status", {"anything-but": [JoinStatus.WAITING.value]}),),
    # member_facts: a loyalty account (pending phone codes, kept in the same table, are not)
    CustomerRecord: (_new_image("mode", RegistrationMode.LOYALTY.value),),
    # availability facts: an item's chain-wide or a branch's own `available`
    MenuEntryRecord: (_new_image("kind", "item", "branch-item"),),
}


def fact_filter_criteria(model: type[Model]) -> dict[str, Any] | None:
    """The `FilterCriteria` of the facts consumer's mapping on a model's table (None: no mapping)."""
    patterns = FACT_FILTERS.get(model)
    if not patterns:
        return None
    return {"Filters": [{"Pattern": json.dumps(p, separators=(",", ":"), sort_keys=True)} for p in patterns]}
