"""Reading what a phone sends: every bad field is named, nothing unexpected gets through."""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, timedelta

import pytest

from chalicelib.api.parsing import parse_body
from chalicelib.api.schemas import NAME_MAX, NOTES_MAX, OrderBody, ProfilePatchBody, RegistrationBody
from chalicelib.config import settings
from chalicelib.domain.errors import InvalidInput, PayloadTooLarge, UnsupportedMediaType

TODAY = date.today()


@dataclass
class FakeRequest:
    """The two attributes of chalice's Request that parse_body reads."""

    raw_body: bytes
    headers: dict = field(default_factory=lambda: {"content-type": "application/json"})


def sent(body: object) -> FakeRequest:
    return FakeRequest(raw_body=json.dumps(body).encode())


def refused(model, body: object) -> InvalidInput:
    request = body if isinstance(body, FakeRequest) else sent(body)
    with pytest.raises(InvalidInput) as raised:
        parse_body(request, model)
    return raised.value


def a_registration(**overrides) -> dict:
    body = {"mode": "quick", "name": "Ana"}
    body.update(overrides)
    return body


def a_loyalty_registration(**overrides) -> dict:
    body = {"mode": "loyalty", "name": "Ana", "phone": "+51987654321", "email": "ana@example.pe",
            "birthDate": "1990-05-15"}
    body.update(overrides)
    return body


def an_order(**line_overrides) -> dict:
    line = {"menuItemId": "ceviche-clasico", "quantity": 2, "notes": "no onions"}
    line.update(line_overrides)
    return {"items": [{"menuItemId": "chicha-morada", "quantity": 1}, line], "notes": ""}


# -- bodies that are fine ------------------------------------------------------------------------
def test_a_quick_registration_needs_only_a_name():
    body = parse_body(sent({"mode": "quick", "name": "  Ana  "}), RegistrationBody)

    assert (body.mode, body.name, body.phone, body.join) == ("quick", "Ana", None, None)


def test_a_loyalty_registration_with_every_field_is_read():
    body = parse_body(sent(a_loyalty_registration(join="ses_01HZX")), RegistrationBody)

    assert (body.mode, body.name, body.phone, body.email, body.birthDate, body.join) == (
        "loyalty", "Ana", "+51987654321", "ana@example.pe", date(1990, 5, 15), "ses_01HZX")


def test_an_order_is_read_with_its_lines():
    body = parse_body(sent(an_order()), OrderBody)

    assert [(l.menuItemId, l.quantity, l.notes) for l in body.items] == [
        ("chicha-morada", 1, ""), ("ceviche-clasico", 2, "no onions")]


def test_an_empty_profile_patch_changes_nothing():
    body = parse_body(FakeRequest(raw_body=b""), ProfilePatchBody)

    assert body.model_fields_set == set()


def test_a_content_type_with_a_charset_is_json():
    request = FakeRequest(raw_body=json.dumps(a_registration()).encode(),
                          headers={"content-type": "application/json; charset=utf-8"})

    assert parse_body(request, RegistrationBody).name == "Ana"


# -- the body as a whole ---------------------------------------------------------------------------
def test_a_body_over_64_kb_is_too_large():
    body = json.dumps(a_registration()).encode()
    request = FakeRequest(raw_body=body + b" " * (settings.max_body_bytes - len(body) + 1))

    error = refused(RegistrationBody, request)

    assert isinstance(error, PayloadTooLarge)
    assert error.field == "body"


def test_a_body_of_exactly_64_kb_is_accepted():
    body = json.dumps(a_registration()).encode()
    request = FakeRequest(raw_body=body + b" " * (settings.max_body_bytes - len(body)))

    assert len(request.raw_body) == 64 * 1024
    assert parse_body(request, RegistrationBody).name == "Ana"


@pytest.mark.parametrize("raw", [b"{", b"{'mode': 'quick'}", b"\xff\xfe{", b"[" * 60_000],
                         ids=["truncated", "single-quotes", "not-utf8", "too-deep"])
def test_a_body_that_is_not_json_is_refused(raw):
    error = refused(RegistrationBody, FakeRequest(raw_body=raw))

    assert error.field == "body"
    assert not isinstance(error, PayloadTooLarge)


@pytest.mark.parametrize("body", [[], [a_registration()], "Ana", 42, None], ids=["list", "list-of-body", "string",
                                                                                  "number", "null"])
def test_a_body_that_is_not_a_json_object_is_refused(body):
    assert refused(RegistrationBody, body).field == "body"


def test_a_body_sent_as_a_form_is_refused():
    request = FakeRequest(raw_body=b"mode=quick&name=Ana", headers={"content-type": "application/x-www-form-urlencoded"})

    assert isinstance(refused(RegistrationBody, request), UnsupportedMediaType)


@pytest.mark.parametrize(("model", "body", "unknown"), [
    (RegistrationBody, a_registration(points=1000), "points"),
    (OrderBody, {**an_order(), "total": 1}, "total"),
    (OrderBody, an_order(unitPrice=1), "items[1].unitPrice"),
    (ProfilePatchBody, {"phone": "+51987654321"}, "phone"),
], ids=["registration-points", "order-total", "line-price", "profile-phone"])
def test_an_unknown_field_is_refused_by_name(model, body, unknown):
    error = refused(model, body)

    assert error.field == unknown
    assert "not a known field" in error.message


# -- registration -----------------------------------------------------------------------------------
def test_a_loyalty_registration_without_a_phone_names_the_phone():
    error = refused(RegistrationBody, a_loyalty_registration(phone=None))

    assert error.field == "phone"
    assert error.message.startswith("phone: ")


def test_a_loyalty_registration_that_omits_the_phone_names_the_phone():
    body = a_loyalty_registration()
    del body["phone"]

    assert refused(RegistrationBody, body).field == "phone"


@pytest.mark.parametrize("phone", ["987654321", "+0987654321", "+51 987 654 321", "+51-987654321", "+12345",
                                   "+1234567890123456", "tel:+51987654321"])
def test_a_phone_not_in_e164_is_refused(phone):
    assert refused(RegistrationBody, a_registration(phone=phone)).field == "phone"


@pytest.mark.parametrize("email", ["ana", "ana@", "@example.pe", "ana@example", "ana @example.pe",
                                   "ana@@example.pe", "a" * 65 + "@example.pe", "ana@" + "e" * 250 + ".pe"])
def test_a_malformed_email_is_refused(email):
    assert refused(RegistrationBody, a_loyalty_registration(email=email)).field == "email"


def test_a_birth_date_in_the_future_is_refused():
    tomorrow = (TODAY + timedelta(days=1)).isoformat()

    assert refused(RegistrationBody, a_loyalty_registration(birthDate=tomorrow)).field == "birthDate"


@pytest.mark.parametrize("birth_date", ["1899-12-31", "2024-02-30", "15/05/1990", "yesterday"])
def test_an_impossible_birth_date_is_refused(birth_date):
    assert refused(RegistrationBody, a_loyalty_registration(birthDate=birth_date)).field == "birthDate"


def test_a_birth_date_of_today_is_accepted():
    body = parse_body(sent(a_loyalty_registration(birthDate=TODAY.isoformat())), RegistrationBody)

    assert body.birthDate == TODAY


@pytest.mark.parametrize("name", ["", "   ", "x" * (NAME_MAX + 1)], ids=["empty", "blank", "too-long"])
def test_a_bad_name_is_refused(name):
    assert refused(RegistrationBody, a_registration(name=name)).field == "name"


def test_a_name_of_80_characters_is_accepted():
    assert parse_body(sent(a_registration(name="x" * NAME_MAX)), RegistrationBody).name == "x" * 80


def test_an_unknown_mode_is_refused():
    assert refused(RegistrationBody, a_registration(mode="vip")).field == "mode"


def test_a_missing_name_is_required():
    error = refused(RegistrationBody, {"mode": "quick"})

    assert error.field == "name"
    assert error.message == "name: is required"


@pytest.mark.parametrize("key", ["", "short", "has spaces in it, 123456", "k" * 129, "a/b+c=" * 5])
def test_a_device_key_that_is_not_a_url_safe_key_is_refused(key):
    assert refused(RegistrationBody, a_registration(deviceKey=key)).field == "deviceKey"


def test_a_device_key_and_start_new_are_read():
    body = parse_body(sent(a_registration(deviceKey="Abc-_" * 9, startNew=True)), RegistrationBody)

    assert (body.deviceKey, body.startNew) == ("Abc-_" * 9, True)


@pytest.mark.parametrize("join", ["", "ses 1", "../ses", "s" * 65])
def test_a_join_that_is_not_an_identifier_is_refused(join):
    assert refused(RegistrationBody, a_registration(join=join)).field == "join"


# -- orders -----------------------------------------------------------------------------------------------
@pytest.mark.parametrize("quantity", [2.0, 2.5, True, "2", None], ids=["float", "fraction", "bool", "string", "null"])
def test_a_quantity_that_is_not_an_integer_is_refused(quantity):
    assert refused(OrderBody, an_order(quantity=quantity)).field == "items[1].quantity"


@pytest.mark.parametrize("quantity", [0, -1, 51])
def test_a_quantity_out_of_range_is_refused(quantity):
    assert refused(OrderBody, an_order(quantity=quantity)).field == "items[1].quantity"


@pytest.mark.parametrize("quantity", [1, 50])
def test_quantities_at_the_bounds_are_accepted(quantity):
    assert parse_body(sent(an_order(quantity=quantity)), OrderBody).items[1].quantity == quantity


def test_a_line_note_over_200_characters_is_refused():
    assert refused(OrderBody, an_order(notes="n" * (NOTES_MAX + 1))).field == "items[1].notes"


def test_an_order_note_over_200_characters_is_refused():
    assert refused(OrderBody, {**an_order(), "notes": "n" * (NOTES_MAX + 1)}).field == "notes"


def test_a_note_of_200_characters_is_accepted():
    assert parse_body(sent(an_order(notes="n" * NOTES_MAX)), OrderBody).items[1].notes == "n" * 200


def test_an_order_without_items_is_refused():
    assert refused(OrderBody, {"items": []}).field == "items"


def test_an_order_of_more_than_50_lines_is_refused():
    lines = [{"menuItemId": "ceviche-clasico", "quantity": 1}] * 51

    assert refused(OrderBody, {"items": lines}).field == "items"


def test_a_line_without_a_menu_item_names_it():
    body = an_order()
    del body["items"][1]["menuItemId"]

    assert refused(OrderBody, body).field == "items[1].menuItemId"


def test_a_menu_item_id_that_is_not_an_identifier_is_refused():
    assert refused(OrderBody, an_order(menuItemId="<script>")).field == "items[1].menuItemId"


# -- profile ---------------------------------------------------------------------------------------------
def test_a_profile_patch_reads_only_what_was_sent():
    body = parse_body(sent({"email": "ana@example.pe"}), ProfilePatchBody)

    assert body.model_fields_set == {"email"}
    assert body.email == "ana@example.pe"


@pytest.mark.parametrize(("patch", "field_name"), [
    ({"name": "x" * (NAME_MAX + 1)}, "name"),
    ({"name": " "}, "name"),
    ({"email": "ana@"}, "email"),
    ({"birthDate": (TODAY + timedelta(days=1)).isoformat()}, "birthDate"),
    ({"birthDate": "not-a-date"}, "birthDate"),
], ids=["name-too-long", "name-blank", "email", "birth-date-future", "birth-date-garbage"])
def test_a_bad_profile_field_is_named(patch, field_name):
    assert refused(ProfilePatchBody, patch).field == field_name


def test_a_profile_patch_may_clear_email_and_birth_date():
    body = parse_body(sent({"email": None, "birthDate": None}), ProfilePatchBody)

    assert (body.email, body.birthDate) == (None, None)
    assert body.model_fields_set == {"email", "birthDate"}
