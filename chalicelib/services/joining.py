"""Requests to join a table: the asking phone reads its answer; a phone already in the session,
or staff, allow or decline it. Expiry is read lazily: a waiting request past its time is
stored as expired by whoever reads it next (so its pushes go out), never decided."""
from __future__ import annotations

from dataclasses import dataclass

from ..auth import DinerPrincipal, JoinPrincipal, StaffPrincipal, TokenService
from ..domain.audit import AuditAction
from ..domain.clock import now_iso
from ..domain.errors import JoinRequestDecided, NotFound, SessionEnded
from ..domain.join_requests import DecidedBy, JoinRequest, JoinStatus, device_key_matches
from ..domain.sessions import SessionStatus, TableSession
from ..domain.staff import Permission
from ..domain.venues import table_id
from ..ports import Repositories
from . import audit
from .diners import Registered, admit, diner_session
from .retries import with_retries


@dataclass(frozen=True)
class JoinAnswer:
    """What the asking phone sees: its request and, once allowed, its way in."""

    request: JoinRequest
    admitted: Registered | None = None


def _settle_if_due(repos: Repositories, request: JoinRequest, session: TableSession | None = None) -> JoinRequest:
    """A waiting request past its expiry, or whose session has ended, is stored as expired."""
    now = now_iso()
    ended = session is not None and not session.is_open
    if request.status is not JoinStatus.WAITING or not (ended or request.status_at(now) is JoinStatus.EXPIRED):
        return request
    request.status = JoinStatus.EXPIRED
    request.decided_at = now
    try:
        repos.join_requests.settle(request)
    except JoinRequestDecided:  # decided (or expired) by someone else meanwhile: theirs stands
        fresh = repos.join_requests.get(request.id)
        return fresh if fresh is not None else request
    return request


def _waiting(repos: Repositories, requests: list[JoinRequest]) -> list[JoinRequest]:
    now = now_iso()
    out = []
    for request in requests:
        if request.is_waiting(now):
            out.append(request)
        else:
            _settle_if_due(repos, request)
    return out


def waiting_of_session(repos: Repositories, session_id: str) -> list[JoinRequest]:
    return _waiting(repos, repos.join_requests.waiting_of_session(session_id))


def waiting_of_branch(repos: Repositories, principal: StaffPrincipal, branch_id: str) -> list[JoinRequest]:
    principal.require(Permission.VIEW_FLOOR, branch_id)
    return _waiting(repos, repos.join_requests.waiting_of_branch(branch_id))


# -- the asking phone ---------------------------------------------------------------------------
def read_join_request(repos: Repositories, tokens: TokenService, principal: JoinPrincipal,
                      request_id: str) -> JoinAnswer:
    """Only the request token's holder reads it; once allowed it carries the diner token (and
    the device key the token carried: the server never stored it)."""
    request = repos.join_requests.get(request_id) if request_id == principal.request_id else None
    if request is None or request.branch_id != principal.branch_id \
            or table_id(request.branch_id, request.table_code) != principal.table_id \
            or not device_key_matches(principal.device_key, request.device_key_hash):
        raise NotFound("No such request to join.")
    session = repos.sessions.get(request.session_id)
    request = _settle_if_due(repos, request, session)
    if request.status is not JoinStatus.ALLOWED or session is None or not session.has_participant(request.customer_id):
        return JoinAnswer(request=request)
    customer = repos.customers.get(request.customer_id)
    if customer is None:
        raise NotFound("Your profile no longer exists.")
    return JoinAnswer(request=request, admitted=admit(tokens, session, customer, principal.device_key))


# -- deciding -------------------------------------------------------------------------------------
def decide_as_diner(repos: Repositories, principal: DinerPrincipal, request_id: str, allow: bool) -> JoinRequest:
    """A phone in the session decides; another session's request does not exist for it (404)."""
    session = diner_session(repos, principal)
    session.require_not_ended()
    request = repos.join_requests.get(request_id)
    if request is None or request.session_id != session.id:
        raise NotFound("No such request to join at your table.")
    return _decide(repos, request_id, allow, DecidedBy.DINER, principal.customer_id)


def decide_as_staff(repos: Repositories, principal: StaffPrincipal, request_id: str, allow: bool) -> JoinRequest:
    request = repos.join_requests.get(request_id)
    if request is None or request.branch_id not in principal.branch_ids:
        raise NotFound("No such request to join, or not at one of your branches.")
    principal.require(Permission.MANAGE_SESSIONS, request.branch_id)
    decided = _decide(repos, request_id, allow, DecidedBy.STAFF, principal.staff_id)
    if allow:  # a sensitive floor action: in the branch's audit trail (issue 18)
        audit.record(repos, principal, branch_id=decided.branch_id, action=AuditAction.JOIN_ALLOWED,
                     target=decided.table_code, after={"name": decided.name, "session": decided.session_id,
                                                       "request": decided.id})
    return decided


def _decide(repos: Repositories, request_id: str, allow: bool, by: DecidedBy, decider_id: str) -> JoinRequest:
    """Declining is one write on the request still waiting; allowing is one transaction of that
    write and the session with the new participant (re-read and re-applied if the session
    changed meanwhile). Someone else decided first, or it expired: 409."""
    def attempt() -> JoinRequest:
        request = repos.join_requests.get(request_id)
        if request is None:
            raise NotFound("No such request to join.")
        session = repos.sessions.get(request.session_id)
        if session is None or not session.is_open:
            _settle_if_due(repos, request, session)
            raise SessionEnded("This table session has ended; the request to join lapsed with it.")
        if request.status_at(now_iso()) is JoinStatus.EXPIRED:
            _settle_if_due(repos, request)
        request.decide(allow, by, decider_id, now_iso())
        if not allow:
            repos.join_requests.settle(request)
            return request
        session.add_participant(request.customer_id, request.name, request.decided_at or now_iso(),
                                request.device_key_hash)
        repos.join_requests.allow(request, session)
        if session.status is SessionStatus.ACTIVE:  # pending sessions count visits when approved
            repos.customers.record_visit(request.customer_id)
        return request

    return with_retries(attempt)

