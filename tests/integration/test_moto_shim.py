"""tests/integration/moto_shim.py: why its lock exists, and that it still has something to wrap.

The first test runs in-process moto as shipped (a child process, where nothing is wrapped) and
shows two conditional writes of the same new item both passing when threads race: DynamoDB
lets exactly one pass, and the race tests of this folder rely on that. When moto applies a
conditional write as one step, that test fails: then delete the lock (and this file)."""
from __future__ import annotations

import subprocess
import sys
import textwrap

from moto.dynamodb.models import DynamoDBBackend

from tests.conftest import ROOT
from tests.integration.moto_shim import WRITE_METHODS, writes_one_at_a_time

RACE = textwrap.dedent("""
    import os, sys, threading
    os.environ.update(AWS_ACCESS_KEY_ID="x", AWS_SECRET_ACCESS_KEY="x", AWS_DEFAULT_REGION="us-east-1")
    import boto3
    from moto import mock_aws
    if sys.argv[1] == "shimmed":
        from tests.integration.moto_shim import writes_one_at_a_time
        writes_one_at_a_time()
    sys.setswitchinterval(1e-6)  # threads take turns as often as they can
    with mock_aws():
        client = boto3.client("dynamodb")
        client.create_table(TableName="race", BillingMode="PAY_PER_REQUEST",
                            KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
                            AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}])
        most = 0
        for round_ in range(int(sys.argv[2])):
            start, won = threading.Barrier(6), []
            def put(n):
                start.wait()
                try:
                    client.put_item(TableName="race", Item={"pk": {"S": f"r{round_}"}, "n": {"N": str(n)}},
                                    ConditionExpression="attribute_not_exists(pk)")
                    won.append(n)
                except client.exceptions.ConditionalCheckFailedException:
                    pass
            threads = [threading.Thread(target=put, args=(n,)) for n in range(6)]
            for t in threads: t.start()
            for t in threads: t.join()
            most = max(most, len(won))
            if most > 1 and sys.argv[1] == "shipped":
                break
        print(most)
""")


def _most_winners(mode: str, rounds: int) -> int:
    done = subprocess.run([sys.executable, "-c", RACE, mode, str(rounds)], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return int(done.stdout.strip().splitlines()[-1])


def test_moto_as_shipped_still_lets_two_racing_conditional_writes_both_pass():
    assert _most_winners("shipped", 150) > 1, "moto now applies a conditional write as one step: the lock can go"


def test_with_the_lock_each_race_has_one_winner():
    # as shipped, a second winner shows within a few rounds (the test above stops at the first)
    assert _most_winners("shimmed", 30) == 1


def test_every_method_the_lock_wraps_still_exists_and_is_wrapped():
    writes_one_at_a_time()
    for name in WRITE_METHODS:
        method = getattr(DynamoDBBackend, name)
        assert getattr(method, "one_at_a_time", False), name
        assert callable(method.__wrapped__), name
