"""The reports' facts from stream records (issue 19, docs/reports.md): each kind's rows, with every
column of chalicelib/domain/fact_kinds.py, the branch's local day/hour/weekday, deterministic ids,
and nothing for a change that finishes nothing."""
from __future__ import annotations

import copy
from collections.abc import Iterable

import pytest

from chalicelib.domain.customers import Customer, RegistrationMode
from chalicelib.domain.fact_kinds import columns
from chalicelib.domain.facts import Place, local_time
from chalicelib.domain.join_requests import DecidedBy, JoinRequest, JoinStatus
from chalicelib.domain.modifiers import ChosenOption
from chalicelib.domain.orders import LineStatus, LineVoid, Order, OrderLine, OrderStatus, VoidReason
from chalicelib.domain.payments import Payment, PaymentMethod, Tender
from chalicelib.domain.service_requests import RequestStatus, ServiceRequest
from chalicelib.domain.sessions import EndReason, Participant, RequestKind, SessionStatus, TableSession
from chalicelib.realtime.facts_stream import change_record, facts_of_record
from chalicelib.store.customers import _customer_record
from chalicelib.store.join_requests import _join_request_record
from chalicelib.store.models import BranchItemRecord, MenuItemRecord, PhoneVerificationRecord
from chalicelib.store.orders import _order_record
from chalicelib.store.service_requests import _request_record
from chalicelib.store.sessions import _session_record

LIMA = Place("ch_lima", "br_downtown", "America/Lima")     # UTC-5, no DST
MADRID = Place("ch_lima", "br_madrid", "Europe/Madrid")    # UTC+1 in winter


class Places:
    def __init__(self) -> None:
        self.places = {LIMA.branch_id: LIMA, MADRID.branch_id: MADRID}
        self.members: set[str] = {"cus_member"}

    def place(self, branch_id: str) -> Place | None:
        return self.places.get(branch_id)

    def places_of_chain(self, chain_id: str) -> list[Place]:
        return [p for p in self.places.values() if p.chain_id == chain_id]

    def chain_timezone(self, chain_id: str) -> str:
        return "America/Lima"

    def members_among(self, customer_ids: Iterable[str]) -> frozenset[str]:
        return frozenset(c for c in customer_ids if c in self.members)

    def item_name(self, chain_id: str, item_id: str) -> str:
        return {"lomo": "Lomo Saltado"}.get(item_id, item_id)

    def item_flags(self, chain_id: str, item_id: str) -> tuple[bool, dict[str, bool]]:
        return self.flags

    flags: tuple[bool, dict[str, bool]] = (True, {})


PLACES = Places()
SEQ = iter(range(1, 1_000_000))


def record(new, old=None):
    return change_record(new, old, sequence=str(next(SEQ)), created=1_764_000_000.0)


def facts(new, old=None):
    return facts_of_record(record(new, old), PLACES)


def every_column_present(found):
    for fact in found:
        assert tuple(fact.row) == columns(fact.kind), f"{fact.kind}: every column, in order"


# -- time zones -----------------------------------------------------------------------------
def test_the_business_day_hour_and_weekday_are_the_branch_s_local_ones():
    # 03:30 UTC on Tuesday 2 Dec 2025 is still Monday evening in Lima, already Tuesday morning in Madrid
    assert local_time("2025-12-02T03:30:00.000Z", "America/Lima") == ("2025-12-01", 22, 1)
    assert local_time("2025-12-02T03:30:00.000Z", "Europe/Madrid") == ("2025-12-02", 4, 2)
    assert local_time("2025-12-02T03:30:00.000Z", "Not/AZone") == ("2025-12-02", 3, 2), "unknown zone: UTC"


# -- sessions and visits -----------------------------------------------------------------------
def a_session(status=SessionStatus.ACTIVE, branch=LIMA.branch_id) -> TableSession:
    return TableSession(
        id="ses_1", branch_id=branch, table_code="T4", status=status, started_at="2025-12-02T00:10:00.000Z",
        approved_at="2025-12-02T00:11:00.000Z",
        participants=[Participant("cus_member", "Rosa", "2025-12-02T00:10:00.000Z"),
                      Participant("cus_guest", "Ana", "2025-12-02T00:20:00.000Z")])


def closed(session: TableSession, paid=True) -> TableSession:
    done = copy.deepcopy(session)
    done.close("2025-12-02T01:40:00.000Z", EndReason.CLOSED)
    if paid:
        done.payment = Payment(bill_total=12_000, tip=1_000, tenders=(Tender(PaymentMethod.CARD, 13_000),),
                               staff_id="stf_waiter", at="2025-12-02T01:40:00.000Z")
    return done


def test_a_session_just_closed_gives_its_row_and_a_visit_per_participant():
    before = a_session()
    found = facts(_session_record(closed(before), 3), _session_record(before, 2))
    every_column_present(found)
    [session] = [f.row for f in found if f.kind == "sessions"]
    assert session == {
        "fact_id": "sessions:ses_1", "chain_id": "ch_lima", "branch_id": "br_downtown",
        "day": "2025-12-01", "hour": 20, "weekday": 1, "version": 0,
        "session_id": "ses_1", "table_code": "T4", "started_ts": 1764634200.0, "approved_ts": 1764634260.0,
        "ended_ts": 1764639600.0, "end_reason": "closed", "guests": 2, "members": 1,
        "bill_total": 12_000, "tip": 1_000, "paid_total": 13_000, "opened_by_staff": None, "waiter_id": "stf_waiter",
    }
    visits = sorted((f.row["customer_id"], f.row["is_member"], f.row["day"]) for f in found if f.kind == "visits")
    assert visits == [("cus_guest", False, "2025-12-01"), ("cus_member", True, "2025-12-01")]


def test_a_session_closed_without_a_payment_has_zero_amounts_and_no_waiter():
    found = facts(_session_record(closed(a_session(), paid=False), 3), _session_record(a_session(), 2))
    [session] = [f.row for f in found if f.kind == "sessions"]
    assert (session["bill_total"], session["tip"], session["paid_total"], session["waiter_id"]) == (0, 0, 0, None)


def test_a_session_in_madrid_is_on_madrid_s_day():
    before = a_session(branch=MADRID.branch_id)
    [session, *_] = facts(_session_record(closed(before), 3), _session_record(before, 2))
    assert (session.row["day"], session.row["hour"], session.row["weekday"]) == ("2025-12-02", 2, 2)


def test_changes_that_end_nothing_give_no_facts():
    active = a_session()
    moved = copy.deepcopy(active)
    moved.table_code = "T9"
    assert facts(_session_record(active, 1)) == []
    assert facts(_session_record(moved, 2), _session_record(active, 1)) == []
    done = closed(active)
    later = copy.deepcopy(done)
    assert facts(_session_record(later, 4), _session_record(done, 3)) == [], "already closed: counted once, before"


# -- orders, lines, options ----------------------------------------------------------------------
def an_order(*statuses, status=OrderStatus.ACCEPTED) -> Order:
    lines = [
        OrderLine(id="ln_1", menu_item_id="lomo", name="Lomo Saltado", quantity=2, unit_price=5_300, status=statuses[0],
                  category_id="mains", station_id="grill", ready_at="2025-12-02T00:30:00.000Z",
                  options=[ChosenOption("doneness", "Doneness", "medium", "Medium", 0),
                           ChosenOption("extras", "Extras", "egg", "Fried egg", 500)]),
        OrderLine(id="ln_2", menu_item_id="chicha", name="Chicha Morada", quantity=1, unit_price=1_200,
                  status=statuses[1], category_id="drinks", station_id="bar"),
    ]
    return Order(id="ord_1", session_id="ses_1", branch_id=LIMA.branch_id, table_code="T4", customer_id="cus_member",
                 customer_name="Rosa", currency="PEN", lines=lines, created_at="2025-12-02T00:15:00.000Z",
                 updated_at="2025-12-02T00:15:00.000Z", status=status, accepted_at="2025-12-02T00:16:00.000Z")


def test_an_order_just_served_gives_a_row_per_line_and_per_option():
    before = an_order(LineStatus.READY, LineStatus.READY, status=OrderStatus.READY)
    after = copy.deepcopy(before)
    after.move(OrderStatus.SERVED, "2025-12-02T00:40:00.000Z")
    found = facts(_order_record(after, 5), _order_record(before, 4))
    every_column_present(found)
    lines = {f.row["line_id"]: f.row for f in found if f.kind == "order_lines"}
    assert lines["ln_1"] == {
        "fact_id": "order_lines:ord_1:ln_1", "chain_id": "ch_lima", "branch_id": "br_downtown",
        "day": "2025-12-01", "hour": 19, "weekday": 1, "version": 5,
        "order_id": "ord_1", "line_id": "ln_1", "session_id": "ses_1", "table_code": "T4",
        "item_id": "lomo", "item_name": "Lomo Saltado", "category_id": "mains", "station_id": "grill",
        "quantity": 2, "unit_price": 4_800, "options_price": 500, "revenue": 10_600, "status": "served",
        "ordered_ts": 1764634500.0, "accepted_ts": 1764634560.0, "ready_ts": 1764635400.0, "served_ts": 1764636000.0,
        "placed_by_staff": None, "void_reason": None, "void_amount": None,
    }
    assert lines["ln_2"]["revenue"] == 1_200 and lines["ln_2"]["station_id"] == "bar"
    options = sorted((f.row["option_id"], f.row["quantity"], f.row["price_delta"], f.row["fact_id"])
                     for f in found if f.kind == "line_options")
    assert options == [("egg", 2, 500, "line_options:ord_1:ln_1:extras:egg"),
                       ("medium", 2, 0, "line_options:ord_1:ln_1:doneness:medium")]


def test_a_voided_line_has_no_revenue_and_says_why():
    before = an_order(LineStatus.READY, LineStatus.PENDING, status=OrderStatus.PREPARING)
    after = copy.deepcopy(before)
    after.void_line("ln_2", VoidReason.OUT_OF_STOCK, "", "stf_1", "2025-12-02T00:35:00.000Z")
    after.move_line("ln_1", LineStatus.SERVED, "2025-12-02T00:40:00.000Z")
    found = facts(_order_record(after, 5), _order_record(before, 4))
    [voided] = [f.row for f in found if f.kind == "order_lines" and f.row["line_id"] == "ln_2"]
    assert (voided["status"], voided["revenue"], voided["void_reason"], voided["void_amount"]) == \
        ("voided", 0, "out_of_stock", 1_200)


def test_a_rejected_order_s_lines_are_rejected_with_no_revenue():
    before = an_order(LineStatus.PENDING, LineStatus.PENDING, status=OrderStatus.PENDING)
    after = copy.deepcopy(before)
    after.reject("2025-12-02T00:20:00.000Z", "Too much for one table")
    found = facts(_order_record(after, 5), _order_record(before, 4))
    assert {(f.row["status"], f.row["revenue"]) for f in found if f.kind == "order_lines"} == {("rejected", 0)}


def test_orders_still_open_or_already_finished_give_nothing():
    pending = an_order(LineStatus.PENDING, LineStatus.PENDING, status=OrderStatus.PENDING)
    preparing = copy.deepcopy(pending)
    preparing.move_line("ln_1", LineStatus.PREPARING, "2025-12-02T00:20:00.000Z")
    assert facts(_order_record(pending, 1)) == []
    assert facts(_order_record(preparing, 2), _order_record(pending, 1)) == []
    served = copy.deepcopy(preparing)
    served.move(OrderStatus.SERVED, "2025-12-02T00:40:00.000Z")
    again = copy.deepcopy(served)
    assert facts(_order_record(again, 4), _order_record(served, 3)) == []


def test_the_same_record_gives_the_same_rows():
    before = an_order(LineStatus.READY, LineStatus.READY, status=OrderStatus.READY)
    after = copy.deepcopy(before)
    after.move(OrderStatus.SERVED, "2025-12-02T00:40:00.000Z")
    raw = record(_order_record(after, 5), _order_record(before, 4))
    assert facts_of_record(raw, PLACES) == facts_of_record(copy.deepcopy(raw), PLACES)


def test_an_unknown_branch_gives_nothing_rather_than_a_wrong_partition():
    order = an_order(LineStatus.SERVED, LineStatus.SERVED, status=OrderStatus.SERVED)
    order.branch_id = "br_gone"
    assert facts(_order_record(order, 1)) == []


# -- requests and join requests ---------------------------------------------------------------
def a_request(status=RequestStatus.OPEN) -> ServiceRequest:
    request = ServiceRequest(id="req_1", kind=RequestKind.BILL, session_id="ses_1", branch_id=LIMA.branch_id,
                             table_code="T4", customer_id="cus_guest", created_at="2025-12-02T01:30:00.000Z")
    if status is RequestStatus.ACKNOWLEDGED:
        request.acknowledge("stf_waiter", "2025-12-02T01:32:30.000Z")
    return request


def test_a_request_just_acknowledged_gives_its_row():
    found = facts(_request_record(a_request(RequestStatus.ACKNOWLEDGED)), _request_record(a_request()))
    every_column_present(found)
    [row] = [f.row for f in found]
    assert (row["fact_id"], row["kind"], row["created_ts"], row["acknowledged_ts"], row["acknowledged_by"], row["hour"]) == \
        ("requests:req_1", "bill", 1764639000.0, 1764639150.0, "stf_waiter", 20)
    assert facts(_request_record(a_request())) == [], "a new call is not finished"


def a_join(status=JoinStatus.WAITING, by=None) -> JoinRequest:
    join = JoinRequest(id="jr_1", branch_id=LIMA.branch_id, table_code="T4", session_id="ses_1",
                       customer_id="cus_guest", name="Ana", created_at="2025-12-02T00:20:00.000Z",
                       expires_at="2025-12-02T00:30:00.000Z", device_key_hash="h")
    if status is not JoinStatus.WAITING:
        join.status, join.decided_at = status, "2025-12-02T00:21:00.000Z"
        join.decided_by, join.decider_id = by, {DecidedBy.STAFF: "stf_waiter", DecidedBy.DINER: "cus_member"}.get(by)
    return join


@pytest.mark.parametrize(("status", "by", "decided_by"), [(JoinStatus.ALLOWED, DecidedBy.STAFF, "stf_waiter"),
                                                          (JoinStatus.ALLOWED, DecidedBy.DINER, "diner"),
                                                          (JoinStatus.DECLINED, DecidedBy.DINER, "diner"),
                                                          (JoinStatus.EXPIRED, None, None)])
def test_a_join_request_just_decided_gives_its_row(status, by, decided_by):
    found = facts(_join_request_record(a_join(status, by)), _join_request_record(a_join()))
    every_column_present(found)
    [row] = [f.row for f in found]
    assert (row["status"], row["decided_by"], row["decided_ts"] - row["created_ts"]) == (status.value, decided_by, 60.0)
    assert facts(_join_request_record(a_join())) == []


# -- members -------------------------------------------------------------------------------------
def a_customer(mode=RegistrationMode.LOYALTY) -> Customer:
    return Customer(id="cus_member", chain_id="ch_lima", mode=mode, name="Rosa", phone="+51999",
                    email="rosa@example.com", created_at="2025-12-02T00:05:00.000Z")


def test_a_loyalty_account_created_gives_a_member_row_with_no_personal_data():
    found = facts(_customer_record(a_customer()))
    every_column_present(found)
    [row] = [f.row for f in found]
    assert row == {"fact_id": "members:cus_member", "chain_id": "ch_lima", "branch_id": "", "day": "2025-12-01",
                   "hour": 19, "weekday": 1, "version": 0, "customer_id": "cus_member", "created_ts": 1764633900.0}
    assert "Rosa" not in str(found) and "+51999" not in str(found)


def test_guests_points_and_phone_codes_give_no_member_rows():
    assert facts(_customer_record(a_customer(RegistrationMode.QUICK))) == []
    richer = a_customer()
    richer.points = 40
    assert facts(_customer_record(richer), _customer_record(a_customer())) == []
    code = PhoneVerificationRecord("phone-verification#cus_x", chain_id="ch_lima", phone="+51999", code_hash="h",
                                   sent_at=1, expires_at=2)
    assert facts(code) == []


# -- availability (86) ---------------------------------------------------------------------------
def a_branch_item(available):
    return BranchItemRecord("ch_lima", f"B#{LIMA.branch_id}#lomo", branch_id=LIMA.branch_id, item_id="lomo",
                            available=available, updated_at="2025-12-02T02:00:00.000Z")


def test_an_item_86d_at_a_branch_and_back():
    [off] = facts(a_branch_item(False))
    every_column_present([off])
    assert {k: off.row[k] for k in ("branch_id", "item_id", "item_name", "available", "at_ts", "day", "hour")} == \
        {"branch_id": "br_downtown", "item_id": "lomo", "item_name": "Lomo Saltado", "available": False,
         "at_ts": 1764640800.0, "day": "2025-12-01", "hour": 21}
    back = a_branch_item(None)
    back.updated_at = "2025-12-02T03:00:00.000Z"
    [on] = facts(back, a_branch_item(False))
    assert on.row["available"] is True and on.row["fact_id"] != off.row["fact_id"]
    assert facts(a_branch_item(None)) == [], "a branch price set, availability untouched"
    assert facts(None, a_branch_item(False)) == [], "removed with its item: gone, not back in stock"


def an_item(available):
    return MenuItemRecord("ch_lima", "I#lomo", item_id="lomo", category_id="mains", name="Lomo Saltado", price=4_800,
                          available=available, updated_at="2025-12-02T02:00:00.000Z")


def test_an_item_86d_for_the_chain_is_a_row_at_every_branch():
    found = facts(an_item(False), an_item(True))
    assert sorted(f.row["branch_id"] for f in found) == ["br_downtown", "br_madrid"]
    assert {f.row["day"] for f in found} == {"2025-12-01", "2025-12-02"}, "each branch's own day"
    renamed = an_item(True)
    renamed.name = "Lomo"
    assert facts(renamed, an_item(True)) == []


def test_the_realtime_fan_out_ignores_the_customers_stream():
    from chalicelib.realtime.messages import messages_for_change

    code = PhoneVerificationRecord("phone-verification#cus_x", chain_id="ch_lima", phone="+51999", code_hash="h",
                                   sent_at=1, expires_at=2)
    for raw in (record(_customer_record(a_customer())), record(code), record(None, _customer_record(a_customer()))):
        assert messages_for_change(raw, repos=None) == []  # type: ignore[arg-type]


def test_a_chain_86_skips_a_branch_that_had_86d_it_itself_and_a_branch_flag_counts_only_while_the_chain_offers_it():
    PLACES.flags = (True, {MADRID.branch_id: False})
    try:
        assert [f.row["branch_id"] for f in facts(an_item(False), an_item(True))] == ["br_downtown"]
        PLACES.flags = (False, {})
        assert facts(a_branch_item(False)) == [], "the chain is out of it already: nothing changes at the branch"
    finally:
        PLACES.flags = (True, {})


def test_a_dish_sent_back_after_serving_writes_the_order_again_at_its_new_version():
    # A served order is finished and written; then a dish comes back (voided after serving): the
    # order's rows are written again under the same fact ids at the higher version, so the
    # reports, keeping the highest version per fact id, count it once and without that revenue.
    served = an_order(LineStatus.SERVED, LineStatus.SERVED, status=OrderStatus.SERVED)
    sent_back = copy.deepcopy(served)
    sent_back.void_line("ln_2", VoidReason.QUALITY_COMPLAINT, "cold", "stf_1", "2025-12-02T00:50:00.000Z")
    first = facts(_order_record(served, 5), _order_record(an_order(LineStatus.READY, LineStatus.SERVED,
                                                                            status=OrderStatus.READY), 4))
    again = facts(_order_record(sent_back, 6), _order_record(served, 5))
    rows = {(f.row["fact_id"], f.row["version"]): f.row for f in first + again if f.kind == "order_lines"}
    assert sorted(rows) == [("order_lines:ord_1:ln_1", 5), ("order_lines:ord_1:ln_1", 6),
                            ("order_lines:ord_1:ln_2", 5), ("order_lines:ord_1:ln_2", 6)]
    assert (rows[("order_lines:ord_1:ln_2", 6)]["status"], rows[("order_lines:ord_1:ln_2", 6)]["revenue"]) == ("voided", 0)
    assert facts(_order_record(sent_back, 7), _order_record(sent_back, 6)) == [], "nothing of it changed: nothing written"
