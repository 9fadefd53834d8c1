"""Errors named after the problem. `api/errors.py` alone maps them to HTTP."""
from __future__ import annotations

from typing import Any


class DomainError(Exception):
    """Base of every error a caller can cause; `code` is the API's SNAKE_CASE code."""

    code = "DOMAIN_ERROR"

    def __init__(self, message: str, *, field: str | None = None, details: dict[str, Any] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        self.details = details or {}  # extra members of the error body (e.g. when an item opens)


# -- families (each maps to one HTTP status) ---------------------------------------
class InvalidInput(DomainError):
    code = "INVALID_INPUT"


class Unauthenticated(DomainError):
    code = "UNAUTHENTICATED"


class Forbidden(DomainError):
    code = "FORBIDDEN"


class NotFound(DomainError):
    code = "NOT_FOUND"


class Conflict(DomainError):
    code = "CONFLICT"


class BusinessRuleViolation(DomainError):
    code = "BUSINESS_RULE"


class Unavailable(DomainError):
    """Something we depend on (the SMS provider) failed; trying again later may work."""

    code = "UNAVAILABLE"


class TooManyRequests(DomainError):
    code = "TOO_MANY_REQUESTS"

    def __init__(self, message: str, *, retry_after_s: int = 60) -> None:
        super().__init__(message)
        self.retry_after_s = retry_after_s


# -- specific problems ---------------------------------------------------------------
class InvalidToken(Unauthenticated):
    code = "INVALID_TOKEN"


class InvalidCredentials(Unauthenticated):
    code = "INVALID_CREDENTIALS"


class SessionEnded(Conflict):
    code = "SESSION_ENDED"


class SessionNotActive(Conflict):
    code = "SESSION_NOT_ACTIVE"


class IllegalTransition(Conflict):
    code = "ILLEGAL_TRANSITION"


class NothingToUndo(Conflict):
    code = "NOTHING_TO_UNDO"


class UndoWindowClosed(Conflict):
    code = "UNDO_WINDOW_CLOSED"


class RecallWindowClosed(Conflict):
    code = "RECALL_WINDOW_CLOSED"


class ConcurrentUpdate(Conflict):
    code = "CONCURRENT_UPDATE"


class AlreadyExists(Conflict):
    code = "ALREADY_EXISTS"


class IdempotencyKeyReused(Conflict):
    code = "IDEMPOTENCY_KEY_REUSED"


class RequestInProgress(Conflict):
    code = "REQUEST_IN_PROGRESS"


class ItemUnavailable(BusinessRuleViolation):
    code = "ITEM_UNAVAILABLE"


class ItemNotServedNow(BusinessRuleViolation):
    """Outside the item's (or its category's) service windows at this branch."""

    code = "ITEM_NOT_SERVED_NOW"


class KitchenPaused(BusinessRuleViolation):
    code = "KITCHEN_PAUSED"


class UnknownMenuItem(BusinessRuleViolation):
    code = "UNKNOWN_MENU_ITEM"


class RoleNotAllowed(Forbidden):
    code = "ROLE_NOT_ALLOWED"


class TableBusy(Conflict):
    code = "TABLE_BUSY"


class BranchArchived(NotFound):
    """The owner closed the branch: its QR codes seat nobody (a 404 the diner page explains)."""

    code = "BRANCH_ARCHIVED"


class SpendingCapExceeded(BusinessRuleViolation):
    code = "SPENDING_CAP_EXCEEDED"


class OrderAwaitingApproval(Conflict):
    code = "ORDER_AWAITING_APPROVAL"


class PendingSessionExists(Conflict):
    code = "PENDING_SESSION_EXISTS"


class RequestAlreadyOpen(Conflict):
    code = "REQUEST_ALREADY_OPEN"


class PayloadTooLarge(InvalidInput):
    code = "BODY_TOO_LARGE"


class UnsupportedMediaType(InvalidInput):
    code = "UNSUPPORTED_MEDIA_TYPE"


class UnknownOption(BusinessRuleViolation):
    code = "UNKNOWN_OPTION"


class OptionChoiceInvalid(BusinessRuleViolation):
    code = "OPTION_CHOICE_INVALID"


class JoinRequestDecided(Conflict):
    """The request to join is no longer waiting (allowed, declined or expired already)."""

    code = "JOIN_REQUEST_DECIDED"


class TooManyJoinRequests(TooManyRequests):
    code = "TOO_MANY_JOIN_REQUESTS"


class WrongPassword(InvalidInput):
    """The current password, asked again before a change, is not right (400: the sign-in stands)."""

    code = "WRONG_PASSWORD"
