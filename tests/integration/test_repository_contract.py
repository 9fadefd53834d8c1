"""The repositories' contract: each case runs on the in-memory fakes (`tests/fakes/`) and on the
DynamoDB repositories on moto, so the fakes the service tests stand on cannot drift from the
real adapters (the same conditions, the same domain errors, all or nothing, key order)."""
from __future__ import annotations

import pytest

from chalicelib.domain.customers import Customer, RegistrationMode
from chalicelib.domain.errors import (
    AlreadyExists,
    ConcurrentUpdate,
    Conflict,
    JoinRequestDecided,
    NotFound,
    PendingSessionExists,
    RequestAlreadyOpen,
    TableBusy,
    TooManyRequests,
)
from chalicelib.domain.join_requests import JoinRequest, JoinStatus
from chalicelib.domain.menu import BranchItemSetting, Category, MenuItem
from chalicelib.domain.orders import LineStatus, LineVoid, Order, OrderLine, OrderStatus, VoidReason
from chalicelib.domain.pacing import QueuedOrder
from chalicelib.domain.payments import settle
from chalicelib.domain.phone_verification import MAX_TRIES, PhoneVerification
from chalicelib.domain.sections import Section, TableAssignment
from chalicelib.domain.service_requests import RequestStatus, ServiceRequest
from chalicelib.domain.sessions import EndReason, RequestKind, SessionStatus, TableSession
from chalicelib.domain.staff import Role, StaffMember
from chalicelib.domain.venues import Branch, Chain, DiningTable, OrderSafety
from chalicelib.ports import Repositories
from tests.fakes import in_memory_repositories

CHAIN = "ch_c"
BRANCH = "br_b"


@pytest.fixture(params=["memory", "dynamodb"])
def repos(request) -> Repositories:
    """A venue with tables T1, T2 and T10 and no sessions, in one kind of repositories."""
    if request.param == "memory":
        built = in_memory_repositories()
    else:
        request.getfixturevalue("aws")  # empty moto tables
        from chalicelib import bootstrap

        built = bootstrap.repositories.__wrapped__()  # a fresh set (its own menu cache)
    built.venues.save_chain(Chain(CHAIN, "Chain", "PEN", ["es"]))
    built.venues.add_branch(Branch(BRANCH, CHAIN, "b-slug", "Branch", "PEN", ["es"]))
    for code in ("T1", "T2", "T10"):
        built.venues.add_table(DiningTable(BRANCH, code, f"Table {code}"))
    return built


def session(sid: str, code: str = "T1", status: SessionStatus = SessionStatus.PENDING,
            started: str = "2026-12-01T12:00:00Z") -> TableSession:
    return TableSession(id=sid, branch_id=BRANCH, table_code=code, status=status, started_at=started)


def active(repos: Repositories, sid: str = "s1", code: str = "T1", started: str = "2026-12-01T12:00:00Z") -> TableSession:
    s = session(sid, code, SessionStatus.ACTIVE, started)
    repos.sessions.open_for_staff(s)
    return s


def order(oid: str, sid: str = "s1", price: int = 1000, quantity: int = 1, created: str = "2026-12-01T12:05:00Z") -> Order:
    return Order(id=oid, session_id=sid, branch_id=BRANCH, table_code="T1", customer_id="c1", customer_name="Ana",
                 currency="PEN", lines=[OrderLine("l1", "item", "Dish", quantity, price)],
                 created_at=created, updated_at=created)


# -- venues ------------------------------------------------------------------------------
def test_sections_hold_tables_one_section_each_and_a_gone_section_holds_none(repos):
    salon, patio = Section("s1", BRANCH, "Salon", "st_a", "Ana"), Section("s2", BRANCH, "Patio")
    repos.sections.add_section(salon)
    repos.sections.add_section(patio)
    with pytest.raises(AlreadyExists):
        repos.sections.add_section(salon)
    with pytest.raises(NotFound):
        repos.sections.save_section(Section("s9", BRANCH, "Bar"))
    with pytest.raises(NotFound):
        repos.sections.assign_table(BRANCH, "T1", "s9")
    repos.sections.assign_table(BRANCH, "T1", "s1")
    repos.sections.assign_table(BRANCH, "T10", "s1")
    repos.sections.assign_table(BRANCH, "T2", "s2")
    repos.sections.assign_table(BRANCH, "T2", "s1")  # out of the patio, into the salon
    repos.sections.save_section(Section("s2", BRANCH, "Terrace"))

    floor = repos.sections.floor_of(BRANCH)
    assert floor.sections == [salon, Section("s2", BRANCH, "Terrace")]
    assert floor.assignments == [TableAssignment(BRANCH, code, "s1") for code in ("T1", "T10", "T2")]
    assert repos.sections.floor_of("br_other").sections == []

    repos.sections.assign_table(BRANCH, "T10", None)
    repos.sections.delete_section(BRANCH, "s1", ["T1"])
    floor = repos.sections.floor_of(BRANCH)
    assert [s.id for s in floor.sections] == ["s2"]
    assert floor.by_table() == {}  # T2 still names s1, which is gone: in no section


def test_a_chain_s_staff_in_id_order(repos):
    for sid, chain in (("st_b", CHAIN), ("st_a", CHAIN), ("st_c", "ch_other")):
        repos.staff.add(StaffMember(sid, chain, f"{sid}@x.pe", sid, Role.WAITER, [BRANCH]))

    assert [m.id for m in repos.staff.of_chain(CHAIN)] == ["st_a", "st_b"]


def test_a_taken_slug_or_table_code_is_already_exists_naming_the_field(repos):
    with pytest.raises(AlreadyExists) as slug:
        repos.venues.add_branch(Branch("br_other", CHAIN, "b-slug", "Other", "PEN", ["es"]))
    with pytest.raises(AlreadyExists) as code:
        repos.venues.add_table(DiningTable(BRANCH, "T1", "again"))
    assert (slug.value.field, code.value.field) == ("slug", "code")
    assert repos.venues.branch_by_slug("b-slug").id == BRANCH


def test_tables_come_in_key_order_and_branches_by_slug(repos):
    assert [t.code for t in repos.venues.tables_of_branch(BRANCH)] == ["T1", "T10", "T2"]
    repos.venues.add_branch(Branch("br_a", CHAIN, "a-slug", "A", "PEN", ["es"]))
    assert [b.slug for b in repos.venues.branches_of_chain(CHAIN)] == ["a-slug", "b-slug"]


def test_order_safety_changes_only_itself_and_a_missing_branch_is_a_conflict(repos):
    repos.venues.set_order_safety(BRANCH, OrderSafety(spending_cap=5000, approval_threshold=None, approval_portions=None))
    branch = repos.venues.get_branch(BRANCH)
    assert branch.order_safety == OrderSafety(spending_cap=5000, approval_threshold=None, approval_portions=None)
    assert branch.name == "Branch"
    with pytest.raises(Conflict):
        repos.venues.set_order_safety("br_gone", OrderSafety())


# -- customers and staff ---------------------------------------------------------------------
def test_a_loyalty_phone_is_claimed_once_per_chain(repos):
    first = Customer("c1", CHAIN, RegistrationMode.LOYALTY, "Ana", "2026-12-01T12:00:00Z", phone="+51911111111")
    repos.customers.add(first)
    with pytest.raises(AlreadyExists) as taken:
        repos.customers.add(Customer("c2", CHAIN, RegistrationMode.LOYALTY, "Eva", "2026-12-01T12:00:00Z",
                                     phone="+51911111111"))
    assert taken.value.field == "phone"
    assert repos.customers.id_for_phone(CHAIN, "+51911111111") == "c1"
    assert repos.customers.get("c2") is None


def test_profile_visits_and_points(repos):
    repos.customers.add(Customer("c1", CHAIN, RegistrationMode.QUICK, "Ana", "2026-12-01T12:00:00Z", email="a@x.pe"))
    guest = repos.customers.get("c1")
    guest.name, guest.email, guest.avoid_allergens = "Ana María", None, ["gluten"]
    repos.customers.save_profile(guest)
    repos.customers.record_visit("c1")
    repos.customers.add_points("c1", 7)
    stored = repos.customers.get("c1")
    assert (stored.name, stored.email, stored.avoid_allergens, stored.visits, stored.points) == \
        ("Ana María", None, ["gluten"], 1, 7)


def test_staff_e_mail_is_unique_without_regard_to_case(repos):
    member = StaffMember("st1", CHAIN, "Ana@Demo.pe", "Ana", Role.MANAGER, [BRANCH], "hash")
    repos.staff.add(member)
    with pytest.raises(AlreadyExists) as taken:
        repos.staff.add(StaffMember("st2", CHAIN, "ana@demo.pe", "Eva", Role.WAITER, [BRANCH], "hash"))
    assert taken.value.field == "email"
    assert repos.staff.by_email("ANA@demo.PE").id == "st1"
    assert repos.staff.get("st1").email == "ana@demo.pe"


# -- sessions ----------------------------------------------------------------------------
def test_a_table_has_one_pending_session_and_staff_seat_only_a_free_table(repos):
    repos.sessions.open_pending(session("s1"))
    with pytest.raises(PendingSessionExists):
        repos.sessions.open_pending(session("s2"))
    with pytest.raises(TableBusy) as busy:
        repos.sessions.open_for_staff(session("s3", status=SessionStatus.ACTIVE))
    assert busy.value.field == "tableCode"
    assert repos.venues.get_table(BRANCH, "T1").pending_session_id == "s1"
    assert repos.sessions.get("s2") is None and repos.sessions.get("s3") is None


def test_a_session_is_written_on_the_version_it_was_read_at(repos):
    repos.sessions.open_pending(session("s1"))
    first, second = repos.sessions.get("s1"), repos.sessions.get("s1")
    first.reason_note = "first"
    repos.sessions.save(first)
    second.reason_note = "second"
    with pytest.raises(ConcurrentUpdate):
        repos.sessions.save(second)
    assert repos.sessions.get("s1").reason_note == "first"
    assert repos.sessions.get("s1").version == first.version


def test_participants_append_only_while_pending(repos):
    from chalicelib.domain.sessions import Participant

    s = session("s1")
    repos.sessions.open_pending(s)
    stale = repos.sessions.get("s1")
    repos.sessions.append_participant(stale, Participant("c1", "Ana", "2026-12-01T12:00:00Z"))
    assert [p.name for p in repos.sessions.get("s1").participants] == ["Ana"]
    pending = repos.sessions.get("s1")
    pending.approve("2026-12-01T12:01:00Z")
    repos.sessions.activate(pending, None)
    with pytest.raises(ConcurrentUpdate):
        repos.sessions.append_participant(pending, Participant("c2", "Eva", "2026-12-01T12:02:00Z"))


def test_activating_replaces_the_active_session_and_ending_frees_the_table(repos):
    old = active(repos, "s0")
    new = session("s1")
    repos.sessions.open_pending(new)
    new.approve("2026-12-01T12:01:00Z")
    old.close("2026-12-01T12:01:00Z", EndReason.REPLACED)
    repos.sessions.activate(new, old)
    table = repos.venues.get_table(BRANCH, "T1")
    assert (table.active_session_id, table.pending_session_id) == ("s1", None)
    with pytest.raises(ConcurrentUpdate):  # the same approval again: the pointer moved
        repos.sessions.activate(repos.sessions.get("s1"), None)
    ending = repos.sessions.get("s1")
    ending.status = SessionStatus.COMPLETED
    repos.sessions.end(ending, SessionStatus.ACTIVE)
    assert repos.venues.get_table(BRANCH, "T1").active_session_id is None
    assert repos.sessions.get("s1").status is SessionStatus.COMPLETED


def test_a_closed_sessions_payment_is_kept(repos):
    closing = active(repos)
    paid = settle(3000, [("card", 2500), ("cash", 1000)], 500, "st_ana", "2026-12-01T13:00:00Z")
    closing.payment = paid
    closing.close("2026-12-01T13:00:00Z")
    repos.sessions.end(closing, SessionStatus.ACTIVE)
    assert repos.sessions.get("s1").payment == paid


def test_a_move_is_all_or_nothing(repos):
    s = active(repos, "s1", "T1")
    active(repos, "s2", "T2")
    placed = order("o1")
    repos.orders.add(placed, repos.sessions.get("s1"), 0, None)
    moving = repos.sessions.get("s1")
    left = moving.move_to("T2")
    with pytest.raises(ConcurrentUpdate):  # T2 is seated
        repos.sessions.move(moving, left, [repos.orders.get("o1")], [])
    assert repos.venues.get_table(BRANCH, "T1").active_session_id == "s1"
    assert repos.orders.get("o1").table_code == "T1"
    moving = repos.sessions.get("s1")
    left = moving.move_to("T10")
    repos.sessions.move(moving, left, [repos.orders.get("o1")], [])
    assert repos.venues.get_table(BRANCH, "T1").active_session_id is None
    assert repos.venues.get_table(BRANCH, "T10").active_session_id == "s1"
    assert repos.orders.get("o1").table_code == "T10"
    assert s.id == "s1"


def test_sessions_of_a_branch_newest_first_within_the_range(repos):
    for sid, code, started in (("s1", "T1", "2026-12-01T10:00:00Z"), ("s2", "T2", "2026-12-01T12:00:00Z"),
                               ("s3", "T10", "2026-12-01T11:00:00Z")):
        active(repos, sid, code, started)
    assert [s.id for s in repos.sessions.of_branch(BRANCH, SessionStatus.ACTIVE)] == ["s2", "s3", "s1"]
    assert [s.id for s in repos.sessions.of_branch(BRANCH, SessionStatus.ACTIVE, "2026-12-01T10:30:00Z",
                                                   "2026-12-01T11:30:00Z")] == ["s3"]
    assert [s.id for s in repos.sessions.of_branch(BRANCH, SessionStatus.ACTIVE, limit=1)] == ["s2"]
    assert repos.sessions.of_branch(BRANCH, SessionStatus.PENDING) == []


# -- orders ------------------------------------------------------------------------------
def test_the_spending_cap_is_checked_in_the_same_write_all_or_nothing(repos):
    s = active(repos)
    repos.orders.add(order("o1", price=3000), repos.sessions.get("s1"), 0, 5000)
    with pytest.raises(ConcurrentUpdate):
        repos.orders.add(order("o2", price=2500), repos.sessions.get("s1"), 0, 5000)
    assert repos.orders.get("o2") is None
    assert repos.sessions.get("s1").ordered_total == 3000
    repos.orders.add(order("o3", price=2000), repos.sessions.get("s1"), 0, 5000)
    assert repos.sessions.get("s1").ordered_total == 5000
    assert s.id == "s1"


def test_orders_only_on_an_active_session(repos):
    repos.sessions.open_pending(session("s1"))
    with pytest.raises(ConcurrentUpdate):
        repos.orders.add(order("o1"), repos.sessions.get("s1"), 0, None)
    assert repos.orders.get("o1") is None


def test_a_cancellation_gives_its_amount_back_to_the_running_total(repos):
    active(repos)
    placed = order("o1", price=1000, quantity=3)
    repos.orders.add(placed, repos.sessions.get("s1"), 0, None)
    assert placed.counted_subtotal == 3000
    read = repos.orders.get("o1")
    read.lines[0].status = LineStatus.CANCELLED
    read.status = OrderStatus.CANCELLED
    repos.orders.save(read)
    assert repos.sessions.get("s1").ordered_total == 0
    stale = placed
    with pytest.raises(ConcurrentUpdate):
        repos.orders.save(stale)


def test_a_void_is_kept_on_its_line_and_its_amount_leaves_the_running_total(repos):
    active(repos)
    placed = order("o1", price=1000, quantity=2)
    repos.orders.add(placed, repos.sessions.get("s1"), 0, None)
    read = repos.orders.get("o1")
    read.void(VoidReason.OTHER, "Spilled", "st_ana", "2026-12-01T12:30:00Z")
    repos.orders.save(read)
    stored = repos.orders.get("o1")
    assert stored.lines[0].void == LineVoid(VoidReason.OTHER, "st_ana", "2026-12-01T12:30:00Z", 2000, "Spilled")
    assert (stored.status, repos.sessions.get("s1").ordered_total) == (OrderStatus.CANCELLED, 0)


def test_orders_of_a_session_newest_first_and_the_kitchen_board_oldest_first(repos):
    active(repos)
    for oid, created in (("o1", "2026-12-01T12:03:00Z"), ("o2", "2026-12-01T12:01:00Z"), ("o3", "2026-12-01T12:02:00Z")):
        repos.orders.add(order(oid, created=created), repos.sessions.get("s1"), 0, None)
    assert [o.id for o in repos.orders.of_session("s1")] == ["o3", "o2", "o1"]
    assert [o.id for o in repos.orders.open_of_branch(BRANCH)] == ["o2", "o3", "o1"]
    served = repos.orders.get("o2")
    served.status = OrderStatus.SERVED
    repos.orders.save(served)
    assert [o.id for o in repos.orders.open_of_branch(BRANCH)] == ["o3", "o1"]
    assert [(o.id, o.status) for o in repos.orders.of_session("s1")][1] == ("o2", OrderStatus.SERVED)


def test_the_kitchen_queue_sets_and_drops_entries(repos):
    assert repos.kitchen_queues.of_branch(BRANCH).orders == {}
    repos.kitchen_queues.apply(BRANCH, {"o1": QueuedOrder(2.5, "2026-12-01T12:00:00Z"),
                                        "o2": QueuedOrder(4.0, "2026-12-01T12:01:00Z")})
    repos.kitchen_queues.apply(BRANCH, {"o1": None})
    assert dict(repos.kitchen_queues.of_branch(BRANCH).orders) == {"o2": QueuedOrder(4.0, "2026-12-01T12:01:00Z")}


# -- service and join requests -------------------------------------------------------------
def request(rid: str, kind: RequestKind = RequestKind.WAITER, created: str = "2026-12-01T12:05:00Z") -> ServiceRequest:
    return ServiceRequest(rid, kind, "s1", BRANCH, "T1", "c1", created)


def test_one_open_request_of_a_kind_per_session(repos):
    active(repos)
    repos.requests.open(request("r1"), repos.sessions.get("s1"))
    with pytest.raises(RequestAlreadyOpen):
        repos.requests.open(request("r2"), repos.sessions.get("s1"))
    repos.requests.open(request("r3", RequestKind.BILL, "2026-12-01T12:04:00Z"), repos.sessions.get("s1"))
    assert repos.sessions.get("s1").open_requests == {"waiter": "r1", "bill": "r3"}
    assert [q.id for q in repos.requests.open_of_branch(BRANCH)] == ["r3", "r1"]
    assert [q.id for q in repos.requests.of_session("s1")] == ["r3", "r1"]


def test_a_request_is_acknowledged_once(repos):
    active(repos)
    repos.requests.open(request("r1"), repos.sessions.get("s1"))
    first, second = repos.requests.get("r1"), repos.requests.get("r1")
    first.acknowledge("st1", "2026-12-01T12:06:00Z")
    repos.requests.acknowledge(first, repos.sessions.get("s1"))
    assert repos.sessions.get("s1").open_requests == {}
    second.acknowledge("st2", "2026-12-01T12:06:01Z")
    with pytest.raises(ConcurrentUpdate):
        repos.requests.acknowledge(second, repos.sessions.get("s1"))
    assert repos.requests.get("r1").acknowledged_by == "st1"
    assert repos.requests.open_of_branch(BRANCH) == []
    assert [(q.id, q.status) for q in repos.requests.of_session("s1")] == [("r1", RequestStatus.ACKNOWLEDGED)]


def join(qid: str, created: str = "2026-12-01T12:05:00Z", expires: str = "2026-12-01T12:15:00Z") -> JoinRequest:
    return JoinRequest(qid, BRANCH, "T1", "s1", "c9", "Luis", created, expires, "hash")


def test_a_join_request_needs_an_open_session_and_is_decided_once(repos):
    with pytest.raises(ConcurrentUpdate):
        repos.join_requests.add(join("q0"))
    active(repos)
    repos.join_requests.add(join("q2", "2026-12-01T12:06:00Z"))
    repos.join_requests.add(join("q1", "2026-12-01T12:05:00Z"))
    assert [q.id for q in repos.join_requests.waiting_of_session("s1")] == ["q1", "q2"]
    assert [q.id for q in repos.join_requests.waiting_of_branch(BRANCH)] == ["q1", "q2"]
    allowed, declined = repos.join_requests.get("q1"), repos.join_requests.get("q1")
    allowed.status, allowed.decided_at = JoinStatus.ALLOWED, "2026-12-01T12:07:00Z"
    repos.join_requests.allow(allowed, repos.sessions.get("s1"))
    declined.status, declined.decided_at = JoinStatus.DECLINED, "2026-12-01T12:07:01Z"
    with pytest.raises(JoinRequestDecided):
        repos.join_requests.settle(declined)
    late = repos.join_requests.get("q2")
    late.status, late.decided_at = JoinStatus.ALLOWED, "2026-12-01T12:20:00Z"  # after it expired
    with pytest.raises(JoinRequestDecided):
        repos.join_requests.allow(late, repos.sessions.get("s1"))
    expired = repos.join_requests.get("q2")
    expired.status, expired.decided_at = JoinStatus.EXPIRED, "2026-12-01T12:20:00Z"
    repos.join_requests.settle(expired)
    assert repos.join_requests.waiting_of_session("s1") == []


def test_allowing_on_a_stale_session_is_a_concurrent_update(repos):
    active(repos)
    repos.join_requests.add(join("q1"))
    stale = repos.sessions.get("s1")
    fresh = repos.sessions.get("s1")
    repos.sessions.save(fresh)
    allowed = repos.join_requests.get("q1")
    allowed.status, allowed.decided_at = JoinStatus.ALLOWED, "2026-12-01T12:07:00Z"
    with pytest.raises(ConcurrentUpdate):
        repos.join_requests.allow(allowed, stale)
    assert repos.join_requests.get("q1").status is JoinStatus.WAITING


# -- menu --------------------------------------------------------------------------------
def test_menu_writes_check_existence_and_change_the_version(repos):
    assert repos.menu.version(CHAIN) is None
    repos.menu.save_category(Category("cat_b", CHAIN, "Mains", 1), "now", new=True)
    with pytest.raises(AlreadyExists):
        repos.menu.save_category(Category("cat_b", CHAIN, "Again", 1), "now", new=True)
    with pytest.raises(Conflict):
        repos.menu.save_category(Category("cat_gone", CHAIN, "Gone", 2), "now")
    before = repos.menu.version(CHAIN)
    repos.menu.save_item(MenuItem("i2", CHAIN, "cat_b", "Lomo", "", price=3000), "now", new=True)
    repos.menu.save_item(MenuItem("i1", CHAIN, "cat_b", "Ceviche", "", price=2500), "now", new=True)
    repos.menu.save_category(Category("cat_a", CHAIN, "Starters", 0), "now", new=True)
    repos.menu.save_branch_setting(CHAIN, BranchItemSetting(BRANCH, "i1", available=False), "now")
    assert repos.menu.version(CHAIN) != before
    whole = repos.menu.whole_menu(CHAIN)
    assert [c.id for c in whole.categories] == ["cat_a", "cat_b"]
    assert [i.id for i in whole.items] == ["i1", "i2"]
    assert [(s.item_id, s.available) for s in whole.settings] == [("i1", False)]
    whole.items.clear()  # the caller's own copy
    assert len(repos.menu.whole_menu(CHAIN).items) == 2
    repos.menu.delete_item(CHAIN, "i1", [BRANCH])
    assert repos.menu.get_item(CHAIN, "i1") is None and repos.menu.whole_menu(CHAIN).settings == []
    kept = repos.menu.version(CHAIN)
    repos.menu.delete_category(CHAIN, "cat_gone")  # gone already: nothing changes
    assert repos.menu.version(CHAIN) == kept


# -- rate limits, phone codes, connections ----------------------------------------------------------
def test_a_rate_limit_counts_up_to_its_limit(repos):
    from tests.conftest import away_from_a_window_edge

    away_from_a_window_edge(60, 2)
    for _ in range(3):
        repos.rate_limiter.check("login", "ip", 3, 60, "slow down")
        repos.rate_limiter.hit("login", "ip", 3, 60, "slow down")
    with pytest.raises(TooManyRequests) as refused:
        repos.rate_limiter.hit("login", "ip", 3, 60, "slow down")
    with pytest.raises(TooManyRequests):
        repos.rate_limiter.check("login", "ip", 3, 60, "slow down")
    assert 0 < refused.value.retry_after_s <= 60
    repos.rate_limiter.hit("login", "other-ip", 3, 60, "slow down")


def test_phone_codes_resend_tries_use_and_claim(repos):
    repos.customers.add(Customer("c1", CHAIN, RegistrationMode.QUICK, "Ana", "2026-12-01T12:00:00Z"))
    code = PhoneVerification("c1", CHAIN, "+51911111111", "h1", sent_at=1000, expires_at=1600)
    assert repos.phone_verifications.replace(code, 30)
    assert not repos.phone_verifications.replace(PhoneVerification("c1", CHAIN, "+51911111111", "h2", 1020, 1620), 30)
    assert repos.phone_verifications.replace(PhoneVerification("c1", CHAIN, "+51911111111", "h3", 1030, 1630), 30)
    assert repos.phone_verifications.count_try("c1", "h1") is None  # replaced
    for tried in range(1, MAX_TRIES + 1):
        assert repos.phone_verifications.count_try("c1", "h3").tries == tried
    assert repos.phone_verifications.count_try("c1", "h3") is None
    assert not repos.phone_verifications.consume("c1", "h1")
    assert repos.phone_verifications.consume("c1", "h3")
    assert not repos.phone_verifications.consume("c1", "h3")
    repos.phone_verifications.claim_phone("c1", CHAIN, "+51911111111")
    claimed = repos.customers.get("c1")
    assert (claimed.mode, claimed.phone) == (RegistrationMode.LOYALTY, "+51911111111")
    repos.customers.add(Customer("c2", CHAIN, RegistrationMode.QUICK, "Eva", "2026-12-01T12:00:00Z"))
    with pytest.raises(AlreadyExists):
        repos.phone_verifications.claim_phone("c2", CHAIN, "+51911111111")


def test_connections_listen_by_channel_and_are_forgotten_whole(repos):
    from datetime import UTC, datetime

    expires = datetime(2026, 12, 2, tzinfo=UTC)
    repos.connections.register("k2", ["floor#b", "session#s1"], "st1", expires, token_id="t1", connected_at="2")
    repos.connections.register("k1", ["floor#b"], "st1", expires, token_id="t1", connected_at="1")
    assert repos.connections.listeners("floor#b") == ["k1", "k2"]
    assert repos.connections.of_token("t1") == [("1", "k1"), ("2", "k2")]
    assert repos.connections.channels_of("k2") == ["floor#b", "session#s1"]
    repos.connections.forget("k2")
    repos.connections.forget("k2")
    assert repos.connections.listeners("session#s1") == []
    assert repos.connections.of_token("t1") == [("1", "k1")]
    assert repos.connections.channels_of("k2") == []


def test_a_table_is_relabelled_and_removed_only_while_free(repos):
    table = repos.venues.get_table(BRANCH, "T2")
    table.label, table.seats = "Window", 4
    repos.venues.save_table(table)
    assert (repos.venues.get_table(BRANCH, "T2").label, repos.venues.get_table(BRANCH, "T2").seats) == ("Window", 4)
    repos.sessions.open_pending(session("s1", "T1"))

    with pytest.raises(TableBusy) as busy:
        repos.venues.remove_table(BRANCH, "T1")
    repos.venues.remove_table(BRANCH, "T2")

    assert busy.value.field == "code" and repos.venues.get_table(BRANCH, "T1") is not None
    assert repos.venues.get_table(BRANCH, "T2") is None
    with pytest.raises(NotFound):
        repos.venues.remove_table(BRANCH, "T2")
    with pytest.raises(NotFound):
        repos.venues.save_table(table)


def test_an_archived_branch_reads_archived(repos):
    branch = repos.venues.get_branch(BRANCH)
    assert branch.archived is False
    branch.archived = True
    repos.venues.update_branch(branch)
    assert repos.venues.get_branch(BRANCH).archived is True


def test_the_audit_trail_is_per_branch_newest_first_between_ids(repos):
    from chalicelib.domain.audit import AuditEntry

    for entry_id in ("01A", "01B", "01C"):
        repos.audit.add(AuditEntry(branch_id=BRANCH, id=entry_id, at="2026-12-01T12:00:00Z", actor_id="st_1",
                                   actor_name="", actor_role="owner", action="table.added", target="T1",
                                   after={"label": "Table 1"}))
    repos.audit.add(AuditEntry(branch_id="br_other", id="01D", at="2026-12-01T12:00:00Z", actor_id="st_1",
                               actor_name="", actor_role="owner", action="table.added", target="T1"))

    assert [e.id for e in repos.audit.of_branch(BRANCH)] == ["01C", "01B", "01A"]
    assert [e.id for e in repos.audit.of_branch(BRANCH, after_id="01A")] == ["01C", "01B"]
    assert [e.id for e in repos.audit.of_branch(BRANCH, before_id="01C", limit=1)] == ["01B"]
    assert repos.audit.of_branch(BRANCH)[0].after == {"label": "Table 1"}
