"""The facts consumer's event filters (issue 17, cost; chalicelib/realtime/fact_filters.py) let
through every stream record that holds a fact, and keep back most of the others.

On AWS a record the filters keep back never reaches `stream_facts`: a pattern narrower than the
facts' rules would lose facts without a word. So real journeys on moto (a served and closed
table with a bill request, a rejected order, an 86 and back, a loyalty sign-up, a phone let in to
join) write their records to the real streams, and each record is put to the rules
(`facts_of_record`) and to the filters, matched as the local stack matches them."""
from __future__ import annotations

import pytest

from chalicelib.realtime.fact_filters import FACT_FILTERS
from chalicelib.realtime.facts_stream import facts_of_record, repository_places
from chalicelib.store.models import STREAM_MODELS, SectionEntryRecord
from devstack.events import matches_filter
from tests.integration.test_facts_stream import (  # noqa: F401 (fixtures)
    DOWNTOWN,
    a_served_and_closed_table,
    facts_bucket,
    streams,
)

PATTERNS = {model.Meta.table_name: patterns for model, patterns in FACT_FILTERS.items()}


def passes(record: dict) -> bool:
    table = record["eventSourceARN"].split(":table/", 1)[1].split("/", 1)[0]
    return any(matches_filter(pattern, record) for pattern in PATTERNS.get(table, ()))


def every_kind_of_fact(api) -> None:
    a_served_and_closed_table(api)
    diner = api.seated_diner(code="T14")
    order = api.post("/session/orders", {"items": [{"menuItemId": "lomo-saltado", "quantity": 1}]},
                     token=diner["token"]).body
    assert api.post(f"/staff/orders/{order['id']}/reject", {"reason": "out of stock"},
                    token=diner["staff"]).status == 200
    api.joined_diner(code="T14", name="Luis")
    manager = api.login()
    for available in (False, True):
        assert api.post(f"/staff/branches/{DOWNTOWN}/menu/items/tequenos/availability", {"available": available},
                        token=manager).status == 200
    api.loyalty_sign_up()
    api.register(code="T20", name="Guest")


def test_every_record_that_holds_a_fact_passes_the_filters_and_most_others_do_not(api, streams):
    # Given every kind of fact made by the API on moto, read from the tables' real streams
    every_kind_of_fact(api)
    records = streams.drain()
    places = repository_places()

    # When each record is put to the facts' rules and to the filters
    holding = [(record, facts_of_record(record, places)) for record in records]
    with_facts = [record for record, facts in holding if facts]
    kinds = {fact.kind for _, facts in holding for fact in facts}

    # Then every record holding a fact passes (nothing is lost on AWS) ...
    assert kinds >= {"sessions", "visits", "order_lines", "requests", "join_requests", "availability", "members"}
    assert [r["dynamodb"]["SequenceNumber"] for r in with_facts if not passes(r)] == []
    # ... and most of the rest never invoke the consumer (the bumps, the calls opened, the approvals)
    kept_back = [record for record, facts in holding if not facts and not passes(record)]
    assert len(kept_back) >= 0.6 * (len(records) - len(with_facts)), (len(kept_back), len(records))


def test_a_table_whose_records_never_hold_a_fact_has_no_filters_at_all():
    # the sections' table: no mapping for the facts consumer (infra/template.py), nothing read here
    assert SectionEntryRecord in STREAM_MODELS
    assert SectionEntryRecord not in FACT_FILTERS
    assert set(FACT_FILTERS) < set(STREAM_MODELS)


@pytest.mark.parametrize(("pattern", "record", "expected"), [
    ({"a": {"S": ["x", "y"]}}, {"a": {"S": "y"}}, True),
    ({"a": {"S": ["x"]}}, {"a": {"S": "z"}}, False),
    ({"a": {"S": ["x"]}}, {"b": {"S": "x"}}, False),  # a value missing matches nothing
    ({"a": {"S": [{"anything-but": ["waiting"]}]}}, {"a": {"S": "allowed"}}, True),
    ({"a": {"S": [{"anything-but": ["waiting"]}]}}, {"a": {"S": "waiting"}}, False),
    ({"a": {"S": [{"anything-but": ["waiting"]}]}}, {}, False),  # not even anything-but
    ({"a": {"S": ["x"]}}, {"a": {"N": "1"}}, False),
])
def test_the_local_stacks_matcher_reads_the_patterns_as_lambda_does(pattern, record, expected):
    assert matches_filter(pattern, record) is expected


@pytest.mark.parametrize("pattern", [{"a": {"S": [{"prefix": "x"}]}}, {"a": "x"}, {"a": {"S": [{"numeric": [">", 1]}]}}])
def test_a_pattern_the_local_stack_cannot_read_is_refused_not_guessed(pattern):
    with pytest.raises(ValueError):
        matches_filter(pattern, {"a": {"S": "x"}})
