"""Domain objects -> the JSON shapes of API.md (camelCase, money in minor units): what the REST
answers and the live messages (realtime/messages.py) both send, so a shape has one home."""
from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from .config import settings
from .domain.clock import iso
from .domain.customers import Customer
from .domain.join_requests import JoinRequest
from .domain.menu import BranchMenu, Category, MenuItem, OfferedItem, thumb_key
from .domain.modifiers import ChosenOption, OptionGroup
from .domain.orders import AllDayCount, Order, OrderLine, PersonShare, WaitEstimate
from .domain.pacing import CategoryPause
from .domain.payments import Payment
from .domain.schedules import OpenSpan, ServiceWindow
from .domain.sections import Section
from .domain.service_requests import ServiceRequest
from .domain.sessions import TableSession
from .domain.staff import StaffMember
from .domain.stations import Station
from .domain.translations import text_in
from .domain.venues import Branch, DiningTable, table_id


def media_url(key: str) -> str | None:
    return f"{settings.media_base_url.rstrip('/')}/{key}" if key else None


def branch(b: Branch) -> dict[str, Any]:
    return {"id": b.id, "slug": b.slug, "name": b.name, "currency": b.currency, "languages": b.languages,
            "timezone": b.timezone, "address": b.address,
            "orderSafety": {"spendingCap": b.order_safety.spending_cap,
                            "approvalThreshold": b.order_safety.approval_threshold,
                            "approvalPortions": b.order_safety.approval_portions}}


def branch_settings(b: Branch) -> dict[str, Any]:
    s = b.settings
    return {"defaultPrepMinutes": s.default_prep_minutes, "kitchenParallelism": s.kitchen_parallelism,
            "waiterCallUrgentMinutes": s.waiter_call_urgent_minutes,
            "billRequestUrgentMinutes": s.bill_request_urgent_minutes,
            "readyLineUrgentMinutes": s.ready_line_urgent_minutes}


def estimate(e: WaitEstimate | None) -> dict[str, Any] | None:
    return None if e is None else {"minMinutes": e.min_minutes, "maxMinutes": e.max_minutes,
                                   "readyFrom": e.ready_from, "readyTo": e.ready_to}


def table(t: DiningTable) -> dict[str, Any]:
    return {"id": table_id(t.branch_id, t.code), "code": t.code, "label": t.label, "seats": t.seats}


def table_in_use(s: TableSession) -> dict[str, Any]:
    """What the public entry page may know of a table's session: that there is one, and since when."""
    return {"status": s.status.value, "startedAt": s.started_at}


def session_summary(s: TableSession) -> dict[str, Any]:
    return {
        "id": s.id,
        "status": s.status.value,
        "startedAt": s.started_at,
        "participants": [{"customerId": p.customer_id, "name": p.name, "joinedAt": p.joined_at} for p in s.participants],
    }


def session(s: TableSession) -> dict[str, Any]:
    return {
        **session_summary(s),
        "branchId": s.branch_id,
        "tableCode": s.table_code,
        "approvedAt": s.approved_at,
        "endedAt": s.ended_at,
        "endReason": s.end_reason.value if s.end_reason else None,
        "reason": s.reason_note,
        "replacesSessionId": s.replaces_session_id,
        "openRequests": dict(s.open_requests),
        "payment": payment(s.payment),
    }


def payment(p: Payment | None) -> dict[str, Any] | None:
    """How a closed table paid (who recorded it stays in the store)."""
    if p is None:
        return None
    return {"billTotal": p.bill_total, "tip": p.tip, "paid": p.paid, "at": p.at,
            "payments": [{"method": t.method.value, "amount": t.amount} for t in p.tenders]}


def chosen_option(c: ChosenOption) -> dict[str, Any]:
    return {"groupId": c.group_id, "groupName": c.group_name, "optionId": c.option_id, "name": c.name,
            "priceDelta": c.price_delta}


class InLanguage:
    """Menu texts resolved for one language (the diner's menu); without one (staff, live
    pushes) the base texts go out with their `translations`, for the reader to choose."""

    def __init__(self, language: str | None = None, default: str | None = None) -> None:
        self.language, self.default = language, default

    def texts(self, base: dict[str, str], translations: dict[str, dict[str, str]]) -> dict[str, Any]:
        if self.language is None:
            return {**base, "translations": translations}
        return {key: text_in(value, translations, key, self.language, self.default) for key, value in base.items()}


AS_STORED = InLanguage()


def option_group(g: OptionGroup, lang: InLanguage = AS_STORED) -> dict[str, Any]:
    return {
        "id": g.id, **lang.texts({"name": g.name}, g.translations), "required": g.required,
        "minChoices": g.min_choices, "maxChoices": g.max_choices,
        "options": [{"id": o.id, **lang.texts({"name": o.name}, o.translations), "priceDelta": o.price_delta}
                    for o in g.options],
    }


def order(o: Order) -> dict[str, Any]:
    return {
        "id": o.id,
        "sessionId": o.session_id,
        "branchId": o.branch_id,
        "tableCode": o.table_code,
        "status": o.status.value,
        "customerId": o.customer_id,
        "orderedBy": o.customer_name,
        "currency": o.currency,
        "items": [
            {"id": line.id, "menuItemId": line.menu_item_id, "name": line.name, "quantity": line.quantity,
             "unitPrice": line.unit_price, "total": line.total, "notes": line.notes, "status": line.status.value,
             "options": [chosen_option(c) for c in line.options], "ageRestricted": line.age_restricted,
             "readyAt": line.ready_at, "void": line_void(line), "undoUntil": line.undo_until(),
             "undoTo": line.previous_status.value if line.previous_status else None, "station": line.station_id}
            for line in o.lines
        ],
        "estimate": estimate(o.estimate),
        "subtotal": o.subtotal,
        "total": o.total,
        "notes": o.notes,
        "createdAt": o.created_at,
        "updatedAt": o.updated_at,
        "version": o.version,
        "placedBy": "staff" if o.placed_by_staff else "diner",
        "addedByStaff": bool(o.placed_by_staff),
        "awaitingApproval": o.awaiting_approval,
        "rejectionReason": o.rejection_reason,
        "recallUntil": o.recall_until(),
    }


def line_void(line: OrderLine) -> dict[str, Any] | None:
    """Why and when staff took the line off the bill (who, and the note, stay in the store for reports)."""
    if line.void is None:
        return None
    return {"reason": line.void.reason.value, "at": line.void.at, "amount": line.void.amount}


def all_day_count(c: AllDayCount) -> dict[str, Any]:
    return {"menuItemId": c.menu_item_id, "name": c.name, "quantity": c.quantity}


def bill_line(o: Order, line: OrderLine) -> dict[str, Any]:
    return {"orderId": o.id, "lineId": line.id, "name": line.name, "quantity": line.quantity,
            "unitPrice": line.unit_price, "total": line.total, "notes": line.notes, "status": line.status.value,
            "orderedBy": o.customer_name, "options": [chosen_option(c) for c in line.options],
            "ageRestricted": line.age_restricted, "addedByStaff": bool(o.placed_by_staff)}


def person_share(share: PersonShare, *, with_customer_id: bool) -> dict[str, Any]:
    """One person's lines and subtotal; `name` is empty for what staff ordered for the whole table.
    Staff audiences get no customer ids (as on every staff message)."""
    shaped: dict[str, Any] = {"name": share.name, "lines": [bill_line(o, line) for o, line in share.lines],
                              "subtotal": share.subtotal}
    if with_customer_id:
        shaped["customerId"] = share.customer_id or None
    return shaped


def service_request(r: ServiceRequest) -> dict[str, Any]:
    return {
        "id": r.id, "kind": r.kind.value, "status": r.status.value, "sessionId": r.session_id,
        "branchId": r.branch_id, "tableCode": r.table_code, "createdAt": r.created_at,
        "acknowledgedAt": r.acknowledged_at,
    }


def customer(c: Customer) -> dict[str, Any]:
    return {
        "id": c.id, "name": c.name, "mode": c.mode.value, "loyalty": c.is_loyalty, "phone": c.phone,
        "email": c.email, "birthDate": c.birth_date, "points": c.points, "visits": c.visits,
        "avoidAllergens": list(c.avoid_allergens), "marketingConsent": c.marketing_consent,
    }


def code_sent(sent) -> dict[str, Any]:
    """A phone code sent (or not yet, `throttled`): the phone masked, never the code."""
    from .domain.phone_verification import mask_phone

    return {
        "status": sent.status, "phone": mask_phone(sent.phone),
        "expiresAt": iso(datetime.fromtimestamp(sent.expires_at, tz=UTC)) if sent.expires_at else None,
        "resendAfter": sent.resend_after_s,
    }


def staff_member(m: StaffMember, branch_ids: tuple[str, ...] | list[str]) -> dict[str, Any]:
    return {"id": m.id, "name": m.name, "email": m.email, "role": m.role.value, "branches": list(branch_ids)}


def offered_item(i: OfferedItem, lang: InLanguage = AS_STORED) -> dict[str, Any]:
    return {
        "id": i.id, "categoryId": i.category_id,
        **lang.texts({"name": i.name, "description": i.description}, i.translations), "price": i.price,
        "imageUrl": media_url(i.image_key), "thumbUrl": media_url(thumb_key(i.image_key)) if i.image_key else None,
        "available": i.available, "tags": i.tags, "allergens": i.allergens,
        "optionGroups": [option_group(g, lang) for g in i.option_groups], "ageRestricted": i.age_restricted,
        "prepMinutes": i.prep_minutes, "windows": windows(i.windows), **served(i.served), "pausedUntil": i.paused_until,
        "station": i.station_id, "stationOverride": i.station_override,
    }


def windows(ws: list[ServiceWindow]) -> list[dict[str, Any]]:
    return [{"start": w.start, "end": w.end, "days": list(w.days)} for w in ws]


def served(span: OpenSpan | None) -> dict[str, Any]:
    """When it is served: `servedFrom`..`servedUntil` is the current or next span (null ends:
    open-ended); `served` "always", or "not_this_week" when no window opens within a week."""
    if span is None:
        return {"served": "not_this_week", "servedFrom": None, "servedUntil": None}
    if span.start is None and span.end is None:
        return {"served": "always", "servedFrom": None, "servedUntil": None}
    return {"served": "windows", "servedFrom": iso(span.start) if span.start else None,
            "servedUntil": iso(span.end) if span.end else None}


def category_timing(m: BranchMenu, category_id: str) -> dict[str, Any]:
    return {"id": category_id, "windows": windows(m.category_windows.get(category_id, [])),
            **served(m.category_span(category_id)), "pausedUntil": m.pauses.get(category_id)}


def pause(p: CategoryPause) -> dict[str, Any]:
    return {"branchId": p.branch_id, "categoryId": p.category_id, "pausedUntil": p.until}


def station(s: Station) -> dict[str, Any]:
    return {"id": s.id, "name": s.name}


def menu(b: Branch, m: BranchMenu, language: str | None = None) -> dict[str, Any]:
    """The branch's menu; with a `language`, its texts resolved for it (the diner's), else the
    base texts with every `translations` map (the staff's editor)."""
    lang = InLanguage(language, b.languages[0] if b.languages else None) if language else AS_STORED
    by_category: dict[str, list[dict[str, Any]]] = {c.id: [] for c in m.categories}
    for item in m.items:
        if item.category_id in by_category:
            by_category[item.category_id].append(offered_item(item, lang))
    return {
        "branch": {"id": b.id, "slug": b.slug, "name": b.name, "timezone": b.timezone, "languages": b.languages},
        "currency": m.currency,
        "language": language,
        "version": m.version_tag(language),
        "stations": [station(s) for s in m.stations],
        "categories": [{"id": c.id, **lang.texts({"name": c.name}, c.translations), "position": c.position,
                        **category_timing(m, c.id),
                        "station": m.category_stations.get(c.id), "items": by_category[c.id]}
                       for c in m.categories],
    }


def category(c: Category) -> dict[str, Any]:
    return {"id": c.id, "name": c.name, "position": c.position, "station": c.station_id,
            "translations": c.translations}


def menu_item(i: MenuItem) -> dict[str, Any]:
    return {
        "id": i.id, "categoryId": i.category_id, "name": i.name, "description": i.description, "price": i.price,
        "imageKey": i.image_key or None, "imageUrl": media_url(i.image_key),
        "thumbUrl": media_url(thumb_key(i.image_key)) if i.image_key else None,
        "tags": i.tags, "allergens": i.allergens, "position": i.position, "available": i.available,
        "optionGroups": [option_group(g) for g in i.option_groups], "ageRestricted": i.age_restricted,
        "prepMinutes": i.prep_minutes, "stationOverride": i.station_id, "translations": i.translations,
    }


def join_request_for_asker(r: JoinRequest, now: str) -> dict[str, Any]:
    return {"id": r.id, "status": r.status_at(now).value, "name": r.name, "expiresAt": r.expires_at}


def join_request_for_table(r: JoinRequest) -> dict[str, Any]:
    """What the phones already in the session see of someone asking to join."""
    return {"id": r.id, "name": r.name, "createdAt": r.created_at}


def join_request_for_staff(r: JoinRequest) -> dict[str, Any]:
    return {"id": r.id, "name": r.name, "tableCode": r.table_code, "sessionId": r.session_id,
            "createdAt": r.created_at, "expiresAt": r.expires_at}


def join_decision(r: JoinRequest) -> dict[str, Any]:
    return {"id": r.id, "status": r.status.value}


def admitted(token: str, s: TableSession, c: Customer, device_key: str) -> dict[str, Any]:
    """The 201 of a sign-up (and an allowed request's way in)."""
    return {"token": token, "session": {"id": s.id, "status": s.status.value},
            "customer": {"id": c.id, "name": c.name, "loyalty": c.is_loyalty}, "deviceKey": device_key}


def table_section(s: Section) -> dict[str, Any]:
    """The section a table is in, as the Tables page and the POS show it."""
    return {"id": s.id, "name": s.name, "staffId": s.staff_id, "staffName": s.staff_name}


def section(s: Section, table_codes: list[str]) -> dict[str, Any]:
    return {**table_section(s), "tableCodes": table_codes}


def floor_staff_member(m: StaffMember) -> dict[str, Any]:
    """A waiter in the sections picker: a name to choose, nothing else of the account."""
    return {"id": m.id, "name": m.name}
