"""The second consumer of the tables' streams: each finished fact to the facts bucket (issue 19,
docs/reports.md). A function of its own (app.py `stream_facts`), so S3 can never delay or retry
the pushes to screens (`stream.py`), nor the pushes its writes.

A batch: every record is decoded through the store's models (`messages.model_of`/`images`, the
same reading as the fan-out) and turned into rows by `domain.facts`; the rows go out as one
object per (kind, partition), named after the batch's records (`batch_name`), so a redelivered
batch overwrites its own objects. A record that cannot be read, or whose object could not be
written, is reported in `batchItemFailures`: the stream redelivers from the first of them (the
facts written meanwhile are written again under another name; every fact's `fact_id` is
deterministic and the queries read through `SELECT DISTINCT`, so nothing counts twice).
"""
from __future__ import annotations

import functools
import hashlib
import time
from collections import defaultdict
from collections.abc import Iterable
from typing import Any, Protocol, cast

from ..domain.facts import (
    Fact,
    Place,
    availability_changed,
    availability_facts,
    instant_of,
    join_request_facts,
    member_facts,
    order_facts,
    request_facts,
    session_facts,
)
from ..observability import count, logger
from ..ports import FactSink, Repositories
from ..store.customers import customer_from_record
from ..store.join_requests import join_request_from_record
from ..store.models import (
    BranchItemRecord,
    CustomerRecord,
    JoinRequestRecord,
    MenuEntryRecord,
    MenuItemRecord,
    OrderRecord,
    ServiceRequestRecord,
    SessionRecord,
)
from ..store.orders import order_from_record
from ..store.service_requests import request_from_record
from ..store.sessions import session_from_record
from .messages import images, model_of

FACTS_WRITTEN = "FactsWritten"
FACT_FAILURES = "FactRecordFailures"
_NOT_CUSTOMERS = "phone-verification#"  # the customers table also keeps pending phone codes


class Places(Protocol):
    """What turning records into facts needs to know beyond the record."""

    def place(self, branch_id: str) -> Place | None: ...
    def places_of_chain(self, chain_id: str) -> list[Place]: ...
    def chain_timezone(self, chain_id: str) -> str: ...
    def members_among(self, customer_ids: Iterable[str]) -> frozenset[str]: ...
    def item_name(self, chain_id: str, item_id: str) -> str: ...
    def item_flags(self, chain_id: str, item_id: str) -> tuple[bool, dict[str, bool]]:
        """The item's chain-wide `available` and the branches' own flags (where set), as they are now."""


class RepositoryPlaces:
    """Places from the repositories. Branches and chains are kept for the container's life (a
    branch's chain and time zone do not change under its facts); item names until one is missing;
    loyalty membership is read each time (a guest may have become a member)."""

    def __init__(self, repos: Repositories) -> None:
        self._repos = repos
        self._places: dict[str, Place | None] = {}
        self._chains: dict[str, list[Place]] = {}
        self._zones: dict[str, str] = {}
        self._names: dict[str, dict[str, str]] = {}

    def place(self, branch_id: str) -> Place | None:
        if branch_id not in self._places:
            branch = self._repos.venues.get_branch(branch_id)
            self._places[branch_id] = None if branch is None else Place(branch.chain_id, branch.id, branch.timezone)
        return self._places[branch_id]

    def places_of_chain(self, chain_id: str) -> list[Place]:
        if chain_id not in self._chains:
            self._chains[chain_id] = [Place(b.chain_id, b.id, b.timezone)
                                      for b in self._repos.venues.branches_of_chain(chain_id)]
        return self._chains[chain_id]

    def chain_timezone(self, chain_id: str) -> str:
        if chain_id not in self._zones:
            chain = self._repos.venues.get_chain(chain_id)
            self._zones[chain_id] = chain.timezone if chain else "UTC"
        return self._zones[chain_id]

    def members_among(self, customer_ids: Iterable[str]) -> frozenset[str]:
        found = (self._repos.customers.get(customer_id) for customer_id in set(customer_ids))
        return frozenset(c.id for c in found if c is not None and c.is_loyalty)

    def item_name(self, chain_id: str, item_id: str) -> str:
        names = self._names.get(chain_id, {})
        if item_id not in names:
            names = {item.id: item.name for item in self._repos.menu.whole_menu(chain_id).items}
            self._names[chain_id] = names
        return names.get(item_id, item_id)

    def item_flags(self, chain_id: str, item_id: str) -> tuple[bool, dict[str, bool]]:
        menu = self._repos.menu.whole_menu(chain_id)  # the container's menu cache: one read per menu version
        item = next((i for i in menu.items if i.id == item_id), None)
        own = {s.branch_id: s.available for s in menu.settings if s.item_id == item_id and s.available is not None}
        return (item.available if item is not None else True), own


def facts_of_record(raw: dict[str, Any], places: Places) -> list[Fact]:
    """The finished facts one stream record (Lambda's shape) holds; none for anything else."""
    model = model_of(raw)
    if model is None:
        return []
    removed = raw.get("eventName") == "REMOVE"
    if model is CustomerRecord:
        key = raw.get("dynamodb", {}).get("Keys", {}).get("customer_id", {}).get("S", "")
        if removed or key.startswith(_NOT_CUSTOMERS):
            return []
        new_c, old_c = images(raw, model)
        customer = customer_from_record(cast(CustomerRecord, new_c))
        was = customer_from_record(cast(CustomerRecord, old_c)) if old_c is not None else None
        return member_facts(customer, was, places.chain_timezone(customer.chain_id))
    if model is MenuEntryRecord:
        return _availability(raw, places)
    if removed:
        return []
    new, old = images(raw, model)
    if model is SessionRecord:
        session = session_from_record(cast(SessionRecord, new))
        place = places.place(session.branch_id)
        if place is None:
            return []
        before = session_from_record(cast(SessionRecord, old)) if old is not None else None
        facts = session_facts(session, before, place)
        if facts and session.participants:  # only then ask who of them are members
            facts = session_facts(session, before, place,
                                  places.members_among(p.customer_id for p in session.participants))
        return facts
    if model is OrderRecord:
        order = order_from_record(cast(OrderRecord, new))
        place = places.place(order.branch_id)
        return [] if place is None else order_facts(
            order, order_from_record(cast(OrderRecord, old)) if old is not None else None, place)
    if model is ServiceRequestRecord:
        request = request_from_record(cast(ServiceRequestRecord, new))
        place = places.place(request.branch_id)
        return [] if place is None else request_facts(
            request, request_from_record(cast(ServiceRequestRecord, old)) if old is not None else None, place)
    if model is JoinRequestRecord:
        join = join_request_from_record(cast(JoinRequestRecord, new))
        place = places.place(join.branch_id)
        return [] if place is None else join_request_facts(
            join, join_request_from_record(cast(JoinRequestRecord, old)) if old is not None else None, place)
    return []


def _availability(raw: dict[str, Any], places: Places) -> list[Fact]:
    """An item's `available` at the chain or at one branch, changed: it is served where both say
    yes (domain.menu), so a chain-wide 86 is a row at each branch that had not 86'd it itself, and a
    branch's own flag is a row only while the chain offers the item."""
    new, old = images(raw, MenuEntryRecord)
    entry = new if new is not None else old
    change = raw.get("dynamodb", {})
    if isinstance(entry, MenuItemRecord):
        if new is None:
            return []
        now = availability_changed(cast(MenuItemRecord, new).available,
                                   old.available if isinstance(old, MenuItemRecord) else None)
        if now is None:
            return []
        _, own = places.item_flags(entry.chain_id, entry.item_id)  # a branch that 86'd it itself: no change there
        targets = [p for p in places.places_of_chain(entry.chain_id) if own.get(p.branch_id) is not False]
        name = cast(MenuItemRecord, new).name
    elif isinstance(entry, BranchItemRecord):
        if new is None:  # removed with its item (store.menu delete_item): the item is gone, not back
            return []
        now = availability_changed(new.available if isinstance(new, BranchItemRecord) else None,
                                   old.available if isinstance(old, BranchItemRecord) else None)
        place = places.place(entry.branch_id)
        if now is None or place is None or not places.item_flags(entry.chain_id, entry.item_id)[0]:
            return []  # unchanged, or the whole chain is out of it: the branch's own flag changes nothing
        targets = [place]
        name = places.item_name(entry.chain_id, entry.item_id)
    else:
        return []
    stamped = new.updated_at if isinstance(new, MenuEntryRecord) and new.updated_at else ""
    at = stamped or instant_of(float(change.get("ApproximateCreationDateTime") or 0))
    return availability_facts(entry.item_id, name, now, at, targets,
                              change_id="" if stamped else str(change.get("SequenceNumber", "")))


def batch_name(records: list[dict[str, Any]]) -> str:
    """`{firstSequence}-{lastSequence}-{digest}`: the same records give the same name (a
    redelivered batch overwrites its objects); the digest of every record's identity keeps two
    batches apart whose ends happen to share numbers (another shard, a stream re-created)."""
    sequences = [str(r.get("dynamodb", {}).get("SequenceNumber", "")) for r in records]
    digest = hashlib.sha256("\n".join(f"{r.get('eventSourceARN', '')} {r.get('eventID', '')} {s}"
                                      for r, s in zip(records, sequences, strict=True)).encode()).hexdigest()[:12]
    return f"{sequences[0]}-{sequences[-1]}-{digest}" if records else digest


def handle_fact_batch(event: dict[str, Any], context: Any, sink: FactSink | None = None,
                      places: Places | None = None) -> dict[str, Any]:
    """Writes a stream batch's finished facts; answers Lambda's `batchItemFailures`."""
    started = time.perf_counter()
    records: list[dict[str, Any]] = event.get("Records") or []
    sink = sink if sink is not None else fact_sink()
    places = places if places is not None else repository_places()
    failed: set[int] = set()
    groups: dict[tuple[str, str, str, str], list[Fact]] = defaultdict(list)
    sources: dict[tuple[str, str, str, str], list[int]] = defaultdict(list)
    for index, record in enumerate(records):
        try:
            facts = facts_of_record(record, places)
        except Exception:
            logger.exception("stream record could not be turned into facts",
                             extra={"sequence": record.get("dynamodb", {}).get("SequenceNumber")})
            failed.add(index)
            continue
        for fact in facts:
            groups[fact.partition].append(fact)
            sources[fact.partition].append(index)
    name = batch_name(records)
    written = objects = 0
    for partition, facts in groups.items():
        try:
            objects += sink.write(name, facts)
            written += len(facts)
        except Exception:
            logger.exception("facts could not be written", extra={"partition": "/".join(partition), "facts": len(facts)})
            failed.add(min(sources[partition]))
    count(FACTS_WRITTEN, written)
    logger.info("fact batch handled", extra={
        "records": len(records), "facts": written, "objects": objects, "failed": len(failed), "batch": name,
        "duration_ms": round((time.perf_counter() - started) * 1000, 2)})
    if failed:
        count(FACT_FAILURES, len(failed))
        logger.warning("fact records failed; they will be retried", extra={"failed": len(failed)})
    return {"batchItemFailures": [{"itemIdentifier": records[index]["dynamodb"]["SequenceNumber"]}
                                  for index in sorted(failed)]}


@functools.cache
def repository_places() -> RepositoryPlaces:
    """Per container: the branches' chains and time zones are read once."""
    from ..bootstrap import repositories

    return RepositoryPlaces(repositories())


@functools.cache
def fact_sink() -> FactSink:
    from ..config import settings
    from ..store.facts import S3FactSink

    return S3FactSink(settings.facts_bucket)


def reset() -> None:
    """Forget the container's places and sink (tests that change the environment or the data)."""
    repository_places.cache_clear()
    fact_sink.cache_clear()


def change_record(new: Any, old: Any = None, *, sequence: str, created: float) -> dict[str, Any]:
    """The stream record (Lambda's shape) DynamoDB would deliver for a stored change from `old` to
    `new` (PynamoDB records; either may be None): the demo's history and the tests build the
    stream's own records with it, so they go through `facts_of_record` as a real change does."""
    model = type(new if new is not None else old)
    table = model.Meta.table_name
    hash_key = next(a.attr_name for a in model.get_attributes().values() if a.is_hash_key)
    range_key = next((a.attr_name for a in model.get_attributes().values() if a.is_range_key), None)
    image = (new if new is not None else old).serialize()
    keys = {name: image[name] for name in (hash_key, range_key) if name}
    change: dict[str, Any] = {"ApproximateCreationDateTime": created, "Keys": keys, "SequenceNumber": sequence,
                              "StreamViewType": "NEW_AND_OLD_IMAGES"}
    if new is not None:
        change["NewImage"] = image
    if old is not None:
        change["OldImage"] = old.serialize()
    return {"eventID": f"{table}-{sequence}", "eventName": "INSERT" if old is None else ("REMOVE" if new is None else "MODIFY"),
            "eventSource": "aws:dynamodb", "eventSourceARN": f"arn:aws:dynamodb:us-east-1:000000000000:table/{table}/stream/facts",
            "dynamodb": change}
