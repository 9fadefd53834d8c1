"""Menu management: categories, items, per-branch availability (the 86) and photo uploads."""
from __future__ import annotations

from typing import TYPE_CHECKING

from chalice import Blueprint, Response

from .. import bootstrap
from ..domain.menu import THUMBNAIL_WIDTH
from ..domain.modifiers import Option, OptionGroup, option_group
from ..domain.schedules import ServiceWindow
from ..domain.stations import Station
from ..lazy import lazy_import
from .idempotency import once_per_key
from .parsing import parse_body
from .routing import json_response, route

if TYPE_CHECKING:  # mypy sees the modules; at run time each is imported on first use (lazy.py)
    from .. import presenters as present
    from ..auth import StaffPrincipal
    from ..services import menus
    from . import schemas
else:
    schemas = lazy_import("chalicelib.api.schemas")
    menus = lazy_import("chalicelib.services.menus")
    present = lazy_import("chalicelib.presenters")

staff_menu = Blueprint(__name__)
TAG = "staff: menu"
BASE = "/staff/branches/{branch_id}/menu"


@route(staff_menu, BASE, "GET", auth="staff", tag=TAG, summary="The branch's menu as staff see it.")
def read_menu(principal: StaffPrincipal, branch_id: str) -> Response:
    branch, menu = menus.staff_menu(bootstrap.repositories(), principal, branch_id)
    return json_response(present.menu(branch, menu))


@route(staff_menu, BASE + "/categories", "POST", auth="staff", tag=TAG, body="CategoryBody", status=201, idempotent=True,
       summary="Add a category to the chain's menu.")
def add_category(principal: StaffPrincipal, branch_id: str) -> Response:
    request = staff_menu.current_request
    body = parse_body(request, schemas.CategoryBody)
    category = menus.create_category(bootstrap.repositories(), principal, branch_id, body.name, body.position,
                                     once_per_key(staff_menu, body), station_id=body.station,
                                     translations=_texts(body.translations))
    return json_response(present.category(category), status=201)


@route(staff_menu, BASE + "/categories/{category_id}", "PATCH", auth="staff", tag=TAG, body="CategoryPatchBody",
       summary="Rename or reorder a category, or route it to another station.")
def edit_category(principal: StaffPrincipal, branch_id: str, category_id: str) -> Response:
    request = staff_menu.current_request
    body = parse_body(request, schemas.CategoryPatchBody)
    category = menus.update_category(bootstrap.repositories(), principal, branch_id, category_id,
                                     menus.CategoryChange(name=body.name, position=body.position,
                                                          station_id=body.station,
                                                          translations=_texts(body.translations)))
    return json_response(present.category(category))


@route(staff_menu, BASE + "/categories/{category_id}", "DELETE", auth="staff", tag=TAG, status=204,
       summary="Delete an empty category.")
def remove_category(principal: StaffPrincipal, branch_id: str, category_id: str) -> Response:
    menus.delete_category(bootstrap.repositories(), principal, branch_id, category_id)
    return Response(body="", status_code=204)


def _texts(translations: dict | None) -> dict[str, dict[str, str]] | None:
    """A body's `translations` as stored: per language, only the texts given."""
    if translations is None:
        return None
    return {code: {key: value for key, value in texts.model_dump().items() if value}
            for code, texts in translations.items()}


def _option_groups(groups: list[schemas.OptionGroupBody] | None) -> list[OptionGroup] | None:
    if groups is None:
        return None
    return [
        option_group(g.id, g.name, [Option(id=o.id, name=o.name, price_delta=o.priceDelta,
                                           translations=_texts(o.translations) or {}) for o in g.options],
                     required=g.required, min_choices=g.minChoices, max_choices=g.maxChoices,
                     field_name=f"optionGroups[{index}]", translations=_texts(g.translations))
        for index, g in enumerate(groups)
    ]


def _item_fields(body) -> menus.ItemFields:
    return menus.ItemFields(
        category_id=body.categoryId, name=body.name, description=body.description, price=body.price,
        image_key=body.imageKey, tags=body.tags, allergens=body.allergens, position=body.position,
        available=body.available, option_groups=_option_groups(body.optionGroups), age_restricted=body.ageRestricted,
        prep_minutes=body.prepMinutes, station_id=body.station, translations=_texts(body.translations),
    )


@route(staff_menu, BASE + "/items", "POST", auth="staff", tag=TAG, body="ItemBody", status=201, idempotent=True,
       summary="Add an item to the chain's menu.")
def add_item(principal: StaffPrincipal, branch_id: str) -> Response:
    request = staff_menu.current_request
    body = parse_body(request, schemas.ItemBody)
    once = once_per_key(staff_menu, body)
    item = menus.create_item(bootstrap.repositories(), principal, branch_id, _item_fields(body), once)
    return json_response(present.menu_item(item), status=201)


@route(staff_menu, BASE + "/items/{item_id}", "PATCH", auth="staff", tag=TAG, body="ItemPatchBody",
       summary="Edit an item (only the fields given).")
def edit_item(principal: StaffPrincipal, branch_id: str, item_id: str) -> Response:
    request = staff_menu.current_request
    body = parse_body(request, schemas.ItemPatchBody)
    item = menus.update_item(bootstrap.repositories(), principal, branch_id, item_id, _item_fields(body))
    return json_response(present.menu_item(item))


@route(staff_menu, BASE + "/items/{item_id}", "DELETE", auth="staff", tag=TAG, status=204,
       summary="Delete an item from the chain's menu.")
def remove_item(principal: StaffPrincipal, branch_id: str, item_id: str) -> Response:
    menus.delete_item(bootstrap.repositories(), principal, branch_id, item_id)
    return Response(body="", status_code=204)


@route(staff_menu, BASE + "/stations", "GET", auth="staff", tag=TAG,
       summary="The chain's kitchen stations (one \"Kitchen\" when none are configured): `{stations: [{id, name}]}`.")
def read_stations(principal: StaffPrincipal, branch_id: str) -> Response:
    stations = menus.stations_of(bootstrap.repositories(), principal, branch_id)
    return json_response({"stations": [present.station(s) for s in stations]})


@route(staff_menu, BASE + "/stations", "PUT", auth="staff", tag=TAG, body="StationsBody",
       summary="Replace the chain's kitchen stations (owners, and managers of every branch).")
def put_stations(principal: StaffPrincipal, branch_id: str) -> Response:
    body = parse_body(staff_menu.current_request, schemas.StationsBody)
    stations = menus.set_stations(bootstrap.repositories(), principal, branch_id,
                                  [Station(s.id, s.name) for s in body.stations])
    return json_response({"stations": [present.station(s) for s in stations]})


@route(staff_menu, BASE + "/items/{item_id}/availability", "POST", auth="staff", tag=TAG, body="AvailabilityBody",
       summary="The one-tap 86: available or not at this branch (and, for managers, its price here).")
def availability(principal: StaffPrincipal, branch_id: str, item_id: str) -> Response:
    request = staff_menu.current_request
    body = parse_body(request, schemas.AvailabilityBody)
    menu = menus.set_availability(bootstrap.repositories(), principal, branch_id, item_id,
                                  body.available, body.price)
    item = menu.item(item_id)
    return json_response(present.offered_item(item))


@route(staff_menu, BASE + "/items/{item_id}/image-upload", "POST", auth="staff", tag=TAG, body="ImageUploadBody",
       status=201, summary="A pre-signed S3 URL to PUT the item's photo; then PATCH the item's imageKey.")
def image_upload(principal: StaffPrincipal, branch_id: str, item_id: str) -> Response:
    request = staff_menu.current_request
    body = parse_body(request, schemas.ImageUploadBody)
    upload = menus.image_upload(bootstrap.repositories(), bootstrap.s3_client(), principal, branch_id,
                                item_id, body.contentType)
    return json_response({"uploadUrl": upload.upload_url, "method": "PUT", "imageKey": upload.image_key,
                          "thumbUploadUrl": upload.thumb_upload_url, "thumbKey": upload.thumb_key,
                          "thumbWidth": THUMBNAIL_WIDTH,
                          "headers": {"Content-Type": upload.content_type}, "maxBytes": upload.max_bytes}, status=201)


def _windows(body: schemas.ScheduleBody) -> list[ServiceWindow]:
    return [ServiceWindow.parse(w.start, w.end, w.days, f"windows[{i}]") for i, w in enumerate(body.windows)]


@route(staff_menu, BASE + "/categories/{category_id}/schedule", "PUT", auth="staff", tag=TAG, body="ScheduleBody",
       summary="When this branch serves a category (its local time; an empty list: always). Managers and owners.")
def category_schedule(principal: StaffPrincipal, branch_id: str, category_id: str) -> Response:
    body = parse_body(staff_menu.current_request, schemas.ScheduleBody)
    menu = menus.set_schedule(bootstrap.repositories(), principal, branch_id, "category", category_id, _windows(body))
    return json_response(present.category_timing(menu, category_id))


@route(staff_menu, BASE + "/items/{item_id}/schedule", "PUT", auth="staff", tag=TAG, body="ScheduleBody",
       summary="When this branch serves an item (on top of its category's windows). Managers and owners.")
def item_schedule(principal: StaffPrincipal, branch_id: str, item_id: str) -> Response:
    body = parse_body(staff_menu.current_request, schemas.ScheduleBody)
    menu = menus.set_schedule(bootstrap.repositories(), principal, branch_id, "item", item_id, _windows(body))
    return json_response(present.offered_item(menu.item(item_id)))


@route(staff_menu, BASE + "/categories/{category_id}/pause", "PUT", auth="staff", tag=TAG, body="PauseBody",
       summary="The kitchen pauses a category for 5, 10 or 15 minutes (0 resumes it); it ends by itself.")
def pause_category(principal: StaffPrincipal, branch_id: str, category_id: str) -> Response:
    body = parse_body(staff_menu.current_request, schemas.PauseBody)
    pause = menus.pause_category(bootstrap.repositories(), principal, branch_id, category_id, body.minutes)
    return json_response(present.pause(pause))
