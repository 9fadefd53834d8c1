"""A replayed creating request gets the first result back: every result a use case runs once
(an order, a session, a category, an item, a sign-up) survives the idempotency record as JSON."""
from __future__ import annotations

import json

from chalicelib.domain.customers import Customer, RegistrationMode
from chalicelib.domain.join_requests import JoinRequest
from chalicelib.domain.menu import Category, MenuItem
from chalicelib.domain.modifiers import ChosenOption, Option, OptionGroup
from chalicelib.domain.orders import LineStatus, Order, OrderLine, OrderStatus, WaitEstimate
from chalicelib.domain.sessions import EndReason, Participant, SessionStatus, TableSession
from chalicelib.services.diners import JoinAsked, Registered
from chalicelib.services.idempotency import NO_KEY, Once, plain, rebuilt
from chalicelib.services.phone_verification import CodeSent
from chalicelib.services.registration import SignUp

NOW = "2026-12-02T19:10:00.000Z"


def through_the_record(value, kind):
    """What a replay returns: the result as Powertools stores it (JSON), read back."""
    return rebuilt(kind, json.loads(json.dumps(plain(value))))


def a_session() -> TableSession:
    return TableSession(
        id="ses_1", branch_id="br_1", table_code="T12", status=SessionStatus.COMPLETED, started_at=NOW,
        participants=[Participant("cus_ana", "Ana", NOW, "hash"), Participant("cus_luis", "Luis", NOW)],
        approved_at=NOW, ended_at=NOW, end_reason=EndReason.REPLACED, open_requests={"bill": "req_1"},
        previous_tables=["T3"], ordered_total=None, version=4,
    )


def test_an_order_with_options_and_an_estimate_comes_back_equal():
    order = Order(
        id="ord_1", session_id="ses_1", branch_id="br_1", table_code="T12", customer_id="cus_ana",
        customer_name="Ana", currency="PEN", created_at=NOW, updated_at=NOW, status=OrderStatus.PREPARING,
        lines=[OrderLine("ln_1", "lomo", "Lomo", 2, 4200, LineStatus.READY, "well done", "mains",
                         [ChosenOption("cook", "Cooking", "well", "Well done", 0)], True, NOW, 12),
               OrderLine("ln_2", "chicha", "Chicha", 1, 900, LineStatus.CANCELLED)],
        awaiting_approval=True, placed_by_staff="stf_1", version=3,
        estimate=WaitEstimate(10, 15, NOW, NOW), counted_subtotal=8400,
    )

    again = through_the_record(order, Order)

    assert again == order
    assert again.counted_subtotal == 8400 and isinstance(again.lines[0].options[0], ChosenOption)
    assert again.lines[1].status is LineStatus.CANCELLED and again.estimate == order.estimate


def test_a_session_comes_back_equal():
    assert through_the_record(a_session(), TableSession) == a_session()


def test_a_category_and_an_item_with_option_groups_come_back_equal():
    item = MenuItem(id="itm_1", chain_id="ch_1", category_id="cat_1", name="Lomo", description="", price=4200,
                    tags=["house"], allergens=["gluten"], option_groups=[
                        OptionGroup("cook", "Cooking", [Option("rare", "Rare"), Option("well", "Well", 100)], 1, 1)],
                    age_restricted=True, prep_minutes=None)

    assert through_the_record(item, MenuItem) == item
    assert through_the_record(Category("cat_1", "ch_1", "Mains", 2), Category) == Category("cat_1", "ch_1", "Mains", 2)


def test_both_answers_of_a_sign_up_come_back_equal():
    customer = Customer("cus_ana", "ch_1", RegistrationMode.QUICK, "Ana", NOW, avoid_allergens=["nuts"])
    seated = SignUp(admitted=Registered("token", a_session(), customer, "key"), join=None,
                    code=CodeSent("sent", "+51987654321", 1_800_000_000, 30), at=NOW)
    asking = SignUp(admitted=None, code=None, at=NOW, join=JoinAsked(
        JoinRequest("jr_1", "br_1", "T12", "ses_1", "cus_luis", "Luis", NOW, NOW, "hash"), "request-token"))

    assert through_the_record(seated, SignUp) == seated
    assert through_the_record(asking, SignUp) == asking


def test_without_a_key_the_work_runs_and_nothing_is_stored():
    calls = []

    answer = NO_KEY.run("scope", Category, lambda: calls.append(1) or Category("cat_1", "ch_1", "Mains"))

    assert answer == Category("cat_1", "ch_1", "Mains") and calls == [1]


def test_a_key_without_a_store_is_a_programming_error_not_a_silent_repeat():
    import pytest

    with pytest.raises(ValueError):
        Once(key="k").run("scope", Category, lambda: Category("cat_1", "ch_1", "Mains"))


def test_a_record_from_before_results_were_kept_is_a_409_not_a_crash():
    import pytest

    from chalicelib.domain.errors import IdempotencyKeyReused
    from chalicelib.services.idempotency import replayed

    presented_answer = {"id": "cat_1", "name": "Mains", "position": 0}  # what records held before

    with pytest.raises(IdempotencyKeyReused):
        replayed(Category, presented_answer)
    assert replayed(Category, {"format": 2, "result": plain(Category("cat_1", "ch_1", "Mains"))}) == \
        Category("cat_1", "ch_1", "Mains")
