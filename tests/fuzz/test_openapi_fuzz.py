"""Fuzzing every operation of /openapi.json with schemathesis against the local stack (real
HTTP through the local gateway, the app, moto): valid and invalid bodies, query values, path
parameters and headers. No answer may be a 5xx, and every error is API.md's shape
(`{"error": {"code", "message"}}`, the Error schema the spec declares for each 4xx).

Requests carry the token the operation declares (a diner's for diner routes, the owner's for
staff routes, a request to join's for its route); path parameters are either generated or real objects of the demo chain, so
the fuzzer reaches the code behind the authorization checks too. Examples per operation are
bounded (FUZZ_EXAMPLES, default 15) to keep the run to a few minutes.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.core.parameters import ParameterLocation
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_schema_conformance,
    status_code_conformance,
)

from tests.e2e.conftest import Http

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "15"))
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance,
          negative_data_rejection]


class Objects:
    """Real objects of the demo chain at miraflores (no browser or e2e test uses that stack)."""

    def __init__(self, http: Http) -> None:
        owner = http.login("owner@demo.comanda")
        seated = http.register("T7", "Fuzz", slug="miraflores")
        session_id = seated["session"]["id"]
        assert http.post(f"/staff/sessions/{session_id}/approve", token=owner).status == 200
        order = http.post("/session/orders", {"items": [{"menuItemId": "ceviche-clasico", "quantity": 1}]},
                          token=seated["token"]).body
        call = http.post("/session/waiter-calls", token=seated["token"]).body
        pending = http.register("T8", "Pending", slug="miraflores")
        asking = http.post("/branches/miraflores/tables/T7/sessions", {"mode": "quick", "name": "Asking"})
        assert asking.status == 202, asking.body  # a phone asking to join the seated table
        self.tokens = {"staff": owner, "diner": seated["token"], "join": asking.body["requestToken"]}
        self.values = {
            "branch_id": ["br_miraflores", "br_downtown-lima"], "slug": ["miraflores", "downtown-lima"],
            "code": ["T7", "T9"], "table_code": ["T7", "T9"],
            "session_id": [session_id, pending["session"]["id"]], "order_id": [order["id"]],
            "line_id": [order["items"][0]["id"]],
            "request_id": [call["id"], asking.body["joinRequest"]["id"]],
            "item_id": ["lomo-saltado", "ceviche-clasico"], "category_id": ["cat_desserts", "cat_drinks"],
        }


@pytest.fixture(scope="session")
def objects(stack) -> Objects:
    return Objects(Http(stack.api_url))


@pytest.fixture(scope="session")
def invalid_schema(stack):
    """For invalid requests: every part as generated (a real id in place of a too-long one
    would make a valid request of an invalid one)."""
    return schemathesis.openapi.from_url(stack.api_url + "/openapi.json")


@pytest.fixture(scope="session")
def valid_schema(stack, objects):
    loaded = schemathesis.openapi.from_url(stack.api_url + "/openapi.json")

    @loaded.hook
    def flatmap_path_parameters(context, path_parameters):
        """Either what the fuzzer generated, or real objects (any mix of the two)."""
        if not path_parameters:
            return st.just(path_parameters)
        return st.fixed_dictionaries({
            name: st.sampled_from([value, *objects.values.get(name, [])]) for name, value in path_parameters.items()
        })

    return loaded


def _token_left_alone(case) -> bool:
    """False when the case's headers are the invalid part (the token missing or mangled)."""
    header = case.meta.components.get(ParameterLocation.HEADER)
    return header is None or header.mode is GenerationMode.POSITIVE


def _operations() -> list[str]:
    """The spec's operations, read in a child process: this process must not import the app
    before the stack has set its environment (see devstack/stack.py)."""
    script = ("import json; from chalicelib.api.openapi import openapi_document; import app; "
              "print(json.dumps([m.upper() + ' ' + p for p, ops in openapi_document()['paths'].items() for m in ops]))")
    env = {**os.environ, "COMANDA_STAGE": "local", "COMANDA_JWT_SECRET": "collection-only"}
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE], ids=["valid", "invalid"])
@pytest.mark.parametrize("key", _operations())
def test_no_operation_answers_5xx_or_an_error_outside_api_md_shape(valid_schema, invalid_schema, stack, objects,
                                                                  key, mode):
    method, path = key.split(" ", 1)
    operation = (valid_schema if mode is GenerationMode.POSITIVE else invalid_schema)[path][method]
    security = operation.definition.raw.get("security") or []
    kinds = [name.removesuffix("Token") for entry in security for name in entry]
    token = {"Authorization": f"Bearer {objects.tokens[kinds[0]]}"} if kinds else {}

    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
              suppress_health_check=list(HealthCheck), phases=[Phase.explicit, Phase.generate])
    def fuzz(case):
        # a case whose fault is the Authorization header itself (missing, mangled) is sent as made
        headers = token if _token_left_alone(case) else {}
        case.call_and_validate(base_url=stack.api_url, headers=headers, checks=CHECKS, timeout=20)

    try:
        fuzz()
    except Unsatisfiable:
        pytest.skip("nothing of this operation can be made invalid")


CONTROL_CHARACTERS = ["\x00", "\x07", "\x1b", "\x7f", "\x85", "\x9b"]


def _string_paths(value, path=()):
    """Where the body holds strings: paths of keys and indexes."""
    if isinstance(value, str):
        yield path
    elif isinstance(value, dict):
        for key, inner in value.items():
            yield from _string_paths(inner, (*path, key))
    elif isinstance(value, list):
        for index, inner in enumerate(value):
            yield from _string_paths(inner, (*path, index))


def _body_operations() -> list[str]:
    return [key for key in _operations() if key.split(" ", 1)[0] in ("POST", "PATCH", "PUT")]


@pytest.mark.parametrize("key", _body_operations())
def test_a_control_character_in_any_string_of_a_valid_body_is_refused(valid_schema, stack, objects, key):
    """Issue 13, finding 8: every text field of every body. A valid body with a control
    character written into one of its strings is a 4xx in API.md's shape, never stored."""
    method, path = key.split(" ", 1)
    operation = valid_schema[path][method]
    security = operation.definition.raw.get("security") or []
    kinds = [name.removesuffix("Token") for entry in security for name in entry]
    token = {"Authorization": f"Bearer {objects.tokens[kinds[0]]}"} if kinds else {}
    tried = []

    @given(case=operation.as_strategy(generation_mode=GenerationMode.POSITIVE), data=st.data())
    @settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
              suppress_health_check=list(HealthCheck), phases=[Phase.explicit, Phase.generate])
    def fuzz(case, data):
        places = [p for p in _string_paths(case.body) if "password" not in p]
        if not isinstance(case.body, dict) or not places:
            return
        where = data.draw(st.sampled_from(places))
        holder = case.body
        for step in where[:-1]:
            holder = holder[step]
        text = holder[where[-1]]
        at = data.draw(st.integers(0, len(text)))
        holder[where[-1]] = text[:at] + data.draw(st.sampled_from(CONTROL_CHARACTERS)) + text[at:]
        response = case.call(base_url=stack.api_url, headers=token, timeout=20)
        tried.append(where)
        assert 400 <= response.status_code < 500, (where, response.status_code, response.text[:300])
        error = response.json()["error"]
        assert error["code"].isupper() and error["message"]

    fuzz()
    if not tried:
        pytest.skip("no string in this operation's bodies")
