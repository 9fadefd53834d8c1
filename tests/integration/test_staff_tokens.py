"""Every staff endpoint wants a valid staff token: forged, expired, foreign or diner tokens are refused."""
from __future__ import annotations

import base64
import json
import re
import time

import jwt

from chalicelib.bootstrap import signing_key
from chalicelib.config import settings

DOWNTOWN, MIRAFLORES = "br_downtown-lima", "br_miraflores"
TABLES_PAGE = f"/staff/branches/{DOWNTOWN}/tables"

# A body each staff route accepts, so that only the token can be what is refused.
VALID_BODIES = {
    ("POST", "/staff/sessions/{session_id}/reject"): {"reason": "Closed for a private event"},
    ("POST", "/staff/orders/{order_id}/status"): {"status": "accepted"},
    ("POST", "/staff/orders/{order_id}/items/{line_id}/status"): {"status": "ready"},
    ("POST", "/staff/branches/{branch_id}/menu/categories"): {"name": "Specials"},
    ("PATCH", "/staff/branches/{branch_id}/menu/categories/{category_id}"): {"name": "Starters"},
    ("POST", "/staff/branches/{branch_id}/menu/items"): {"categoryId": "cat_drinks", "name": "Chicha", "price": 900},
    ("PATCH", "/staff/branches/{branch_id}/menu/items/{item_id}"): {"name": "Pisco Sour Doble"},
    ("POST", "/staff/branches/{branch_id}/menu/items/{item_id}/availability"): {"available": False},
    ("POST", "/staff/branches/{branch_id}/menu/items/{item_id}/image-upload"): {"contentType": "image/jpeg"},
}
PATH_VALUES = {"branch_id": DOWNTOWN, "category_id": "cat_drinks", "item_id": "pisco-sour"}


def staff_routes() -> list[tuple[str, str]]:
    from app import app  # noqa: F401 - registering the blueprints records their routes
    from chalicelib.api.routing import ROUTE_DOCS

    return sorted({(doc.method, doc.path) for doc in ROUTE_DOCS if doc.auth == "staff"})


def concrete(path: str) -> str:
    return re.sub(r"\{(\w+)\}", lambda m: PATH_VALUES.get(m.group(1), "01HZZZZZZZZZZZZZZZZZZZZZZZ"), path)


def b64url(data: dict) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()


def owner_claims(**changes) -> dict:
    now = int(time.time())
    claims = {"sub": "st_owner_at_demo_comanda", "typ": "staff", "role": "owner", "branches": [DOWNTOWN, MIRAFLORES],
              "iat": now, "exp": now + 3600, "iss": settings.jwt_issuer, "aud": settings.jwt_audience}
    claims.update(changes)
    return claims


def signed(claims: dict, key: str | None = None) -> str:
    return jwt.encode(claims, key or signing_key(), algorithm="HS256")


def refusal(reply) -> tuple:
    return reply.status, reply.error["code"]


def test_the_routes_checked_here_are_the_staff_routes_of_the_app():
    """The checks below walk every staff route the app registers, with a valid body where one is needed."""
    assert len(staff_routes()) >= 21
    assert set(VALID_BODIES) <= set(staff_routes())


# -- no token --------------------------------------------------------------------------------
def test_every_staff_route_without_a_token_answers_401(api):
    answers = {
        route: api.call(route[0], concrete(route[1]), VALID_BODIES.get(route)) for route in staff_routes()
    }

    assert {route: refusal(reply) for route, reply in answers.items()} == dict.fromkeys(answers, (401, "UNAUTHENTICATED"))
    assert all("Bearer" in reply.headers.get("WWW-Authenticate", "") for reply in answers.values())


def test_a_request_without_a_token_is_refused_as_unauthenticated_whatever_its_body(api):
    reply = api.post("/staff/orders/01HZZZZZZZZZZZZZZZZZZZZZZZ/status", {"status": "eaten"})

    assert refusal(reply) == (401, "UNAUTHENTICATED")


def test_a_diner_token_is_not_a_staff_token_on_any_staff_route(api):
    diner_token = api.register().body["token"]

    answers = {
        route: api.call(route[0], concrete(route[1]), VALID_BODIES.get(route), token=diner_token)
        for route in staff_routes()
    }

    assert {route: refusal(reply) for route, reply in answers.items()} == dict.fromkeys(answers, (403, "FORBIDDEN"))


# -- forged and stale tokens ---------------------------------------------------------------------
def test_a_token_signed_with_our_key_and_right_claims_is_accepted(api):
    """The control for the attacks below: they differ from this token in one thing each."""
    assert api.get(TABLES_PAGE, token=signed(owner_claims())).status == 200


def _alg_none(api) -> str:
    return f"{b64url({'alg': 'none', 'typ': 'JWT'})}.{b64url(owner_claims())}."


def _payload_tampered(api) -> str:
    header, payload, signature = api.login("waiter@miraflores.demo.comanda").split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    claims.update(role="owner", branches=[DOWNTOWN, MIRAFLORES])
    return f"{header}.{b64url(claims)}.{signature}"


def _expired(api) -> str:
    an_hour_ago = int(time.time()) - 3600
    return signed(owner_claims(iat=an_hour_ago - 60, exp=an_hour_ago))


def _wrong_audience(api) -> str:
    return signed(owner_claims(aud="another-app"))


def _wrong_issuer(api) -> str:
    return signed(owner_claims(iss="someone-else"))


def _other_key(api) -> str:
    return signed(owner_claims(), key="a-key-that-is-not-ours-but-long-enough-for-hs256")


def _no_expiry(api) -> str:
    claims = owner_claims()
    del claims["exp"]
    return signed(claims)


def _unknown_role(api) -> str:
    return signed(owner_claims(role="superuser"))


def _garbage(api) -> str:
    return "not.a.jwt"


FORGERIES = (_alg_none, _payload_tampered, _expired, _wrong_audience, _wrong_issuer, _other_key, _no_expiry,
             _unknown_role, _garbage)


def test_a_forged_or_stale_staff_token_is_refused_with_401(api):
    answers = {forge.__name__.strip("_"): api.get(TABLES_PAGE, token=forge(api)) for forge in FORGERIES}

    assert {name: refusal(reply) for name, reply in answers.items()} == dict.fromkeys(answers, (401, "INVALID_TOKEN"))


def test_an_expired_token_says_to_sign_in_again(api):
    reply = api.get(TABLES_PAGE, token=_expired(api))

    assert "sign in again" in reply.error["message"]


def test_a_token_sent_without_the_bearer_scheme_is_refused(api):
    token = api.login()

    reply = api.get(TABLES_PAGE, headers={"Authorization": f"Token {token}"})

    assert refusal(reply) == (401, "UNAUTHENTICATED")
