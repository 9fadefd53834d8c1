"""The diner's side: the table's entry page, registration, the session and the profile."""
from __future__ import annotations

from dataclasses import dataclass

from ..auth import DinerPrincipal, JoinPrincipal, TokenService
from ..config import settings
from ..domain.clock import new_id, now_iso
from ..domain.customers import Customer, RegistrationMode
from ..domain.errors import (
    BranchArchived,
    ConcurrentUpdate,
    InvalidInput,
    NotFound,
    PendingSessionExists,
    TooManyJoinRequests,
)
from ..domain.join_requests import (
    JoinRequest,
    device_key_hash,
    expiry_of,
    new_device_key,
    raced_with,
    sign_up_began,
    too_many_waiting,
)
from ..domain.sessions import Participant, SessionStatus, TableSession, seated_session
from ..domain.throttles import Limit, SignUpLimits, client_key
from ..domain.venues import Branch, DiningTable, table_id
from ..ports import Repositories
from .retries import with_retries


@dataclass(frozen=True)
class Registration:
    mode: RegistrationMode
    name: str
    phone: str | None = None
    email: str | None = None
    birth_date: str | None = None
    join: str | None = None  # kept for old clients: it grants nothing, the phone asks to join
    client_ip: str = ""  # who signs up: the per-client limits count it
    device_key: str | None = None  # the phone's own key from an earlier sign-up at this table
    start_new: bool = False
    received_at: str | None = None  # when API Gateway received the sign-up (its event says)
    marketing_consent: bool = False  # loyalty sign-ups only: agreed to offers and news from the chain


@dataclass(frozen=True)
class TableEntry:
    branch: Branch
    table: DiningTable
    active_session: TableSession | None  # the table's active session, else its pending one
    chain_name: str = ""  # the loyalty form's consent names the chain (issue 19)


@dataclass(frozen=True)
class Registered:
    """The phone is in the session (201)."""

    token: str
    session: TableSession
    customer: Customer
    device_key: str = ""


@dataclass(frozen=True)
class JoinAsked:
    """The table is in use: the phone asks to join and waits (202)."""

    request: JoinRequest
    request_token: str


def find_table(repos: Repositories, slug: str, code: str) -> tuple[Branch, DiningTable]:
    """The branch and table a QR code names. A closed (archived) branch says so whatever the
    table, even one removed before it closed: the diner learns the restaurant is closed."""
    branch = repos.venues.branch_by_slug(slug)
    if branch is not None and branch.archived:
        raise BranchArchived(f"{branch.name} no longer takes orders here; please ask a member of staff.")
    table = repos.venues.get_table(branch.id, code) if branch else None
    if branch is None or table is None:
        raise NotFound(f"There is no table {code!r} at {slug!r}.")
    return branch, table


def describe_table(repos: Repositories, slug: str, code: str) -> TableEntry:
    """The table and whether it is in use (its active session, else its pending one)."""
    branch, table = find_table(repos, slug, code)
    in_use = table.active_session_id or table.pending_session_id
    session = repos.sessions.get(in_use) if in_use else None
    chain = repos.venues.get_chain(branch.chain_id)
    return TableEntry(branch=branch, table=table, active_session=session if session and session.is_open else None,
                      chain_name=chain.name if chain else "")


def register_diner(repos: Repositories, tokens: TokenService, slug: str, code: str,
                   registration: Registration) -> Registered | JoinAsked:
    """Seats the phone (a new pending session, the one it raced into, or its own session again)
    or, at a table in use, files its request to join (docs/decisions.md, "Joining a table")."""
    began = sign_up_began(registration.received_at, now_iso())
    branch, table = find_table(repos, slug, code)
    _count_sign_up(repos, registration.client_ip, table_id(branch.id, code))
    if registration.device_key:
        back = _rejoin(repos, tokens, branch, code, registration)
        if back is not None:
            return back
    customer = _identify_customer(repos, branch.chain_id, registration)
    device_key = new_device_key()
    participant = Participant(customer_id=customer.id, name=registration.name, joined_at=began,
                              device_key_hash=device_key_hash(device_key))
    if registration.start_new:
        session: TableSession | JoinRequest = _start_new(repos, branch, code, participant)
    else:
        client = client_key(registration.client_ip)
        session = with_retries(lambda: _seat_or_ask(repos, branch, code, participant, began, client))
    if isinstance(session, JoinRequest):
        token = tokens.issue_join(JoinPrincipal(request_id=session.id, table_id=table_id(branch.id, code),
                                                branch_id=branch.id, device_key=device_key))
        return JoinAsked(request=session, request_token=token)
    return admit(tokens, session, customer, device_key)


def admit(tokens: TokenService, session: TableSession, customer: Customer, device_key: str) -> Registered:
    token = tokens.issue_diner(DinerPrincipal(
        customer_id=customer.id, table_id=table_id(session.branch_id, session.table_code), session_id=session.id,
        branch_id=session.branch_id,
    ))
    return Registered(token=token, session=session, customer=customer, device_key=device_key)


def _rejoin(repos: Repositories, tokens: TokenService, branch: Branch, code: str,
            registration: Registration) -> Registered | None:
    """The same phone coming back: its key belongs to a participant of the table's current
    session. It gets a new token and a new key (the old one stops working)."""
    def attempt() -> Registered | None:
        table = repos.venues.get_table(branch.id, code)
        for session_id in (table.pending_session_id, table.active_session_id) if table else ():
            session = repos.sessions.get(session_id) if session_id else None
            participant = session.participant_holding(registration.device_key or "") if session and session.is_open else None
            if session is None or participant is None:
                continue
            customer = repos.customers.get(participant.customer_id)
            if customer is None:
                return None
            device_key = new_device_key()
            session.add_participant(participant.customer_id, registration.name, now_iso(), device_key_hash(device_key))
            repos.sessions.save(session)
            return admit(tokens, session, customer, device_key)
        return None

    return with_retries(attempt)


def _start_new(repos: Repositories, branch: Branch, code: str, participant: Participant) -> TableSession:
    """"Start new": a pending session that, once staff approve it, replaces the active one.
    Another pending session at the table: 409 PENDING_SESSION_EXISTS."""
    table = repos.venues.get_table(branch.id, code)
    assert table is not None
    if table.pending_session_id:
        raise PendingSessionExists("The table already has a new session waiting for staff; ask staff.")
    session = TableSession(
        id=new_id(), branch_id=branch.id, table_code=code, status=SessionStatus.PENDING, started_at=now_iso(),
        participants=[participant], replaces_session_id=table.active_session_id,
    )
    repos.sessions.open_pending(session)
    return session


def _seat_or_ask(repos: Repositories, branch: Branch, code: str, participant: Participant,
                 began: str, client: str) -> TableSession | JoinRequest:
    """One attempt (re-run on ConcurrentUpdate): open the free table's pending session; or sit
    in the pending one that a phone signing up at the same moment just opened; or ask to join."""
    table = repos.venues.get_table(branch.id, code)
    assert table is not None
    if not table.pending_session_id and not table.active_session_id:
        session = TableSession(
            id=new_id(), branch_id=branch.id, table_code=code, status=SessionStatus.PENDING, started_at=now_iso(),
            participants=[participant],
        )
        try:
            repos.sessions.open_pending(session)
        except PendingSessionExists as exc:  # another phone at this table won the race: read it again
            raise ConcurrentUpdate(exc.message) from exc
        return session
    current_id = table.pending_session_id or table.active_session_id
    current = repos.sessions.get(current_id) if current_id else None
    if current is None or not current.is_open:
        raise ConcurrentUpdate("The table's session changed meanwhile.")
    session = current
    if session.status is SessionStatus.PENDING and not table.active_session_id \
            and raced_with(began, session.started_at):
        if session.has_participant(participant.customer_id):  # a loyalty phone number twice: one participant
            session.add_participant(participant.customer_id, participant.name, now_iso(), participant.device_key_hash)
            repos.sessions.save(session)
        else:
            repos.sessions.append_participant(session, participant)
        return session
    return _ask_to_join(repos, session, participant, client)


def _ask_to_join(repos: Repositories, session: TableSession, participant: Participant, client: str) -> JoinRequest:
    now = now_iso()
    if too_many_waiting(repos.join_requests.waiting_of_session(session.id), client, now):
        raise TooManyJoinRequests("Several people are already asking to join this table; ask staff.",
                                  retry_after_s=60)
    request = JoinRequest(
        id=new_id(), branch_id=session.branch_id, table_code=session.table_code, session_id=session.id,
        customer_id=participant.customer_id, name=participant.name, created_at=now, expires_at=expiry_of(now),
        device_key_hash=participant.device_key_hash or "", client=client,
    )
    repos.join_requests.add(request)
    return request


def sign_up_limits() -> SignUpLimits:
    window = settings.registration_window_s
    return SignUpLimits(per_client_and_table=Limit(settings.registrations_per_client_table_window, window),
                        per_client=Limit(settings.registrations_per_client_window, window))


def _count_sign_up(repos: Repositories, client_ip: str, table: str) -> None:
    """Sign-ups are limited per client address (at this table, and in all), never per table:
    a stranger's sign-ups cannot lock a table against the diners sitting at it."""
    message = "Too many sign-ins from this network; please wait a few minutes or ask staff."
    for counter in sign_up_limits().counters(client_key(client_ip), table):
        repos.rate_limiter.hit(counter.name, counter.caller, counter.limit.hits, counter.limit.window_s, message)


def _identify_customer(repos: Repositories, chain_id: str, registration: Registration) -> Customer:
    """Every sign-up is a new guest. A loyalty sign-up's phone is not proof of who is typing
    it: the guest links to (or becomes) the phone's account only once the code sent to it is
    entered (`services/phone_verification.py`), so the phone is not kept here."""
    if registration.mode is RegistrationMode.LOYALTY and not registration.phone:
        raise InvalidInput("A loyalty account needs a phone number.", field="phone")
    now = now_iso()
    consent = registration.mode is RegistrationMode.LOYALTY and registration.marketing_consent  # quick: ignored
    customer = Customer(
        id=new_id(), chain_id=chain_id, mode=RegistrationMode.QUICK, name=registration.name, created_at=now,
        phone=registration.phone if registration.mode is RegistrationMode.QUICK else None,
        email=registration.email, birth_date=registration.birth_date,
        marketing_consent=consent, consent_at=now if consent else None,
    )
    repos.customers.add(customer)
    return customer


# -- the signed-in diner -------------------------------------------------------------------
def diner_session(repos: Repositories, principal: DinerPrincipal) -> TableSession:
    """The caller's session, checked against every claim of the token."""
    return seated_session(repos.sessions.get(principal.session_id), principal.customer_id, principal.branch_id,
                          principal.table_id)


def get_profile(repos: Repositories, principal: DinerPrincipal) -> Customer:
    diner_session(repos, principal)
    customer = repos.customers.get(principal.customer_id)
    if customer is None:
        raise NotFound("Your profile no longer exists.")
    return customer


@dataclass(frozen=True)
class ProfileChange:
    """What a diner sent to change: `given` names the fields sent (others stay as they are);
    None clears the email and the birth date, and is refused for the name."""

    given: frozenset[str]
    name: str | None = None
    email: str | None = None
    birth_date: str | None = None
    avoid_allergens: list[str] | None = None
    marketing_consent: bool | None = None


def update_profile(repos: Repositories, principal: DinerPrincipal, change: ProfileChange) -> Customer:
    if "name" in change.given and change.name is None:
        raise InvalidInput("name: cannot be empty", field="name")
    diner_session(repos, principal).require_not_ended()
    customer = repos.customers.get(principal.customer_id)
    if customer is None:
        raise NotFound("Your profile no longer exists.")
    if "name" in change.given and change.name is not None:
        customer.name = change.name
    if "email" in change.given:
        customer.email = change.email
    if "birth_date" in change.given:
        customer.birth_date = change.birth_date
    if "avoid_allergens" in change.given:
        customer.avoid_allergens = list(dict.fromkeys(change.avoid_allergens or []))
    if "marketing_consent" in change.given:
        if change.marketing_consent is None:
            raise InvalidInput("marketingConsent: true or false", field="marketingConsent")
        if not customer.is_loyalty:
            raise InvalidInput("marketingConsent: only a loyalty member has offers to agree to",
                               field="marketingConsent")
        # "You can stop at any time": false clears the consent and its time; true keeps the
        # time of a consent already given (the sign-up's rule).
        customer.consent_at = (customer.consent_at or now_iso()) if change.marketing_consent else None
        customer.marketing_consent = change.marketing_consent
    repos.customers.save_profile(customer)
    return customer
