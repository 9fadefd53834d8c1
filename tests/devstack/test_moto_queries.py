"""The stack's moto answers a Query from the partition it names (`queries_read_their_partition`),
not by sorting the whole table first: the answers must be DynamoDB's, in DynamoDB's order,
for Queries of the table and of an index, forwards and backwards, with key conditions,
filters and pages. The expected answers are worked out here from the items written."""
from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import boto3
import pytest

from devstack.motoserver import MotoServer, WriteSignal

TABLE = "devstack-query-test"
CREDENTIALS = {"aws_access_key_id": "local", "aws_secret_access_key": "local", "region_name": "us-east-1"}
PARTITIONS = ("alpha", "beta", "gamma")
SORTS = ("a#01", "a#02", "b#01", "b#10", "c#05")


@pytest.fixture(scope="module")
def dynamodb() -> Iterator[Any]:
    saved = os.environ.get("AWS_ACCOUNT_ID_ENDPOINT_MODE")
    os.environ["AWS_ACCOUNT_ID_ENDPOINT_MODE"] = "disabled"
    server = MotoServer(WriteSignal(), in_process=False)
    server.start()
    client = boto3.client("dynamodb", endpoint_url=server.url, **CREDENTIALS)
    client.create_table(
        TableName=TABLE, BillingMode="PAY_PER_REQUEST",
        AttributeDefinitions=[{"AttributeName": n, "AttributeType": t}
                              for n, t in (("pk", "S"), ("sk", "S"), ("owner", "S"), ("rank", "N"))],
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
        GlobalSecondaryIndexes=[{"IndexName": "by_owner", "Projection": {"ProjectionType": "ALL"},
                                 "KeySchema": [{"AttributeName": "owner", "KeyType": "HASH"},
                                               {"AttributeName": "rank", "KeyType": "RANGE"}]}])
    number = 0
    for partition in PARTITIONS:
        for sort in SORTS:
            number += 1
            item = {"pk": {"S": partition}, "sk": {"S": sort}, "n": {"N": str(number)}}
            if number % 3:  # a sparse index: only some items have its keys
                item.update({"owner": {"S": "ana" if number % 2 else "luis"}, "rank": {"N": str(100 - 7 * number)}})
            client.put_item(TableName=TABLE, Item=item)
    yield client
    server.stop()
    if saved is None:
        os.environ.pop("AWS_ACCOUNT_ID_ENDPOINT_MODE", None)
    else:
        os.environ["AWS_ACCOUNT_ID_ENDPOINT_MODE"] = saved


def _all_pages(client: Any, **query: Any) -> tuple[list[tuple[str, str]], int]:
    """Every item of the Query, page after page; and how many pages it took."""
    found, pages, start = [], 0, None
    while True:
        answer = client.query(TableName=TABLE, **query, **({"ExclusiveStartKey": start} if start else {}))
        pages += 1
        found += [(item["pk"]["S"], item["sk"]["S"]) for item in answer["Items"]]
        start = answer.get("LastEvaluatedKey")
        if not start:
            return found, pages


def test_a_query_of_the_table_reads_its_partition_in_sort_key_order_both_ways(dynamodb):
    keys = {"KeyConditionExpression": "pk = :p", "ExpressionAttributeValues": {":p": {"S": "beta"}}}
    assert _all_pages(dynamodb, **keys)[0] == [("beta", s) for s in SORTS]
    assert _all_pages(dynamodb, **keys, ScanIndexForward=False)[0] == [("beta", s) for s in reversed(SORTS)]
    assert _all_pages(dynamodb, **keys, Limit=2) == ([("beta", s) for s in SORTS], 3)
    assert _all_pages(dynamodb, **{**keys, "ExpressionAttributeValues": {":p": {"S": "delta"}}})[0] == []


def test_key_conditions_and_filters_apply_within_the_partition(dynamodb):
    begins = _all_pages(dynamodb, KeyConditionExpression="pk = :p AND begins_with(sk, :b)",
                        ExpressionAttributeValues={":p": {"S": "gamma"}, ":b": {"S": "b#"}})[0]
    assert begins == [("gamma", "b#01"), ("gamma", "b#10")]
    between = _all_pages(dynamodb, KeyConditionExpression="pk = :p AND sk BETWEEN :lo AND :hi",
                         ExpressionAttributeValues={":p": {"S": "alpha"}, ":lo": {"S": "a#02"}, ":hi": {"S": "b#10"}},
                         ScanIndexForward=False)[0]
    assert between == [("alpha", "b#10"), ("alpha", "b#01"), ("alpha", "a#02")]
    filtered = _all_pages(dynamodb, KeyConditionExpression="pk = :p", FilterExpression="n > :n",
                          ExpressionAttributeValues={":p": {"S": "alpha"}, ":n": {"N": "3"}})[0]
    assert filtered == [("alpha", "b#10"), ("alpha", "c#05")]


def test_a_query_of_an_index_finds_its_items_across_partitions_in_index_order(dynamodb):
    expected = []
    number = 0
    for partition in PARTITIONS:
        for sort in SORTS:
            number += 1
            if number % 3 and number % 2:
                expected.append((100 - 7 * number, partition, sort))
    in_order = [(p, s) for _, p, s in sorted(expected)]
    keys = {"IndexName": "by_owner", "KeyConditionExpression": "#o = :o", "ExpressionAttributeNames": {"#o": "owner"},
            "ExpressionAttributeValues": {":o": {"S": "ana"}}}
    assert _all_pages(dynamodb, **keys)[0] == in_order
    assert _all_pages(dynamodb, **keys, ScanIndexForward=False, Limit=2)[0] == list(reversed(in_order))


def test_a_scan_still_sees_every_item(dynamodb):
    assert dynamodb.scan(TableName=TABLE, Select="COUNT")["Count"] == len(PARTITIONS) * len(SORTS)
