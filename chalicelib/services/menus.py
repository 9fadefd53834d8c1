"""Menus: what a branch offers (public), and the chain catalogue that managers edit."""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

from ..auth import StaffPrincipal
from ..config import settings
from ..domain.audit import AuditAction
from ..domain.clock import iso, new_id, now_iso, utcnow
from ..domain.errors import Conflict, InvalidInput, NotFound
from ..domain.menu import BranchItemSetting, BranchMenu, BranchSchedule, Category, MenuItem, thumb_key
from ..domain.modifiers import OptionGroup, check_option_groups
from ..domain.pacing import CategoryPause
from ..domain.schedules import ServiceWindow, check_windows
from ..domain.staff import Permission, require_catalogue
from ..domain.stations import Station, check_station, check_station_list, stations_or_default
from ..domain.translations import check_translations
from ..domain.venues import Branch
from ..ports import Repositories, UrlSigner
from . import audit
from .access import staff_branch
from .idempotency import NO_KEY, Once

IMAGE_TYPES = {"image/jpeg": "jpg", "image/png": "png", "image/webp": "webp"}
MAX_IMAGE_BYTES = 5 * 1024 * 1024


def public_menu(repos: Repositories, slug: str) -> tuple[Branch, BranchMenu]:
    branch = repos.venues.branch_by_slug(slug)
    if branch is None:
        raise NotFound(f"There is no branch {slug!r}.")
    return branch, _compose(repos, branch)


def public_menu_and_revision(repos: Repositories, slug: str) -> tuple[Branch, BranchMenu, str | None]:
    """`public_menu` and its `menu_revision` read before it (None before the partition's first
    write): the `v` of the menu's cacheable URL."""
    branch = repos.venues.branch_by_slug(slug)
    if branch is None:
        raise NotFound(f"There is no branch {slug!r}.")
    whole, version = repos.menu.whole_menu_and_version(branch.chain_id)
    menu = BranchMenu.compose(branch.id, branch.currency, whole.categories, whole.items, whole.settings,
                              schedules=whole.schedules, pauses=whole.pauses, timezone=branch.timezone,
                              now=utcnow(), stations=whole.stations)
    return branch, menu, None if version is None else revision_of(version[0], branch)


def menu_revision(repos: Repositories, branch: Branch) -> str | None:
    """What the branch's public menu answers depend on, besides the clock and the language: the
    chain menu partition's version number (every menu write changes it, a branch's 86 and
    pauses included: one strongly consistent GetItem) and the branch's own fields the menu
    carries (name, time zone, languages, currency). None before the partition's first write."""
    version = repos.menu.version(branch.chain_id)
    return None if version is None else revision_of(version[0], branch)


def revision_of(version: int, branch: Branch) -> str:
    fields = json.dumps([branch.name, branch.timezone, branch.languages, branch.currency, branch.slug])
    return f"{version}-{hashlib.sha256(fields.encode()).hexdigest()[:8]}"


def branch_menu_by_id(repos: Repositories, branch_id: str) -> BranchMenu:
    return branch_and_menu(repos, branch_id)[1]


def branch_and_menu(repos: Repositories, branch_id: str) -> tuple[Branch, BranchMenu]:
    branch = repos.venues.get_branch(branch_id)
    if branch is None:
        raise NotFound("This branch no longer exists.")
    return branch, _compose(repos, branch)


def _compose(repos: Repositories, branch: Branch) -> BranchMenu:
    whole = repos.menu.whole_menu(branch.chain_id)
    return BranchMenu.compose(branch.id, branch.currency, whole.categories, whole.items, whole.settings,
                              schedules=whole.schedules, pauses=whole.pauses, timezone=branch.timezone,
                              now=utcnow(), stations=whole.stations)


# -- staff ---------------------------------------------------------------------------------
def _catalogue_for(repos: Repositories, principal: StaffPrincipal, branch_id: str) -> Branch:
    """The branch, if the caller may edit the chain's shared catalogue (the rule:
    domain.staff.may_edit_catalogue). A branch's own price and availability do not need it."""
    branch = staff_branch(repos, principal, branch_id, Permission.EDIT_MENU)
    require_catalogue(principal.role, principal.branch_ids,
                      [b.id for b in repos.venues.branches_of_chain(branch.chain_id)])
    return branch


def staff_menu(repos: Repositories, principal: StaffPrincipal, branch_id: str) -> tuple[Branch, BranchMenu]:
    branch = staff_branch(repos, principal, branch_id, Permission.VIEW_ORDERS)
    return branch, _compose(repos, branch)


@dataclass(frozen=True)
class CategoryChange:
    name: str | None = None
    position: int | None = None
    station_id: str | None = None
    translations: dict[str, dict[str, str]] | None = None


def _check_item_texts(branch: Branch, translations: dict[str, dict[str, str]] | None, groups: list[OptionGroup] | None) -> None:
    """Texts only in the chain's languages (400 naming the field, e.g. `translations.fr`)."""
    check_translations(translations, branch.languages, "translations")
    for g_index, group in enumerate(groups or []):
        check_translations(group.translations, branch.languages, f"optionGroups[{g_index}].translations")
        for o_index, option in enumerate(group.options):
            check_translations(option.translations, branch.languages,
                               f"optionGroups[{g_index}].options[{o_index}].translations")


def _station(repos: Repositories, chain_id: str, station_id: str | None, field: str) -> str | None:
    """A station id the caller gave, checked against the chain's stations (400 naming `field`)."""
    if station_id is None or station_id == "":
        return station_id
    return check_station(repos.menu.whole_menu(chain_id).stations, station_id, field)


def create_category(repos: Repositories, principal: StaffPrincipal, branch_id: str, name: str, position: int = 0,
                    once: Once = NO_KEY, station_id: str | None = None,
                    translations: dict[str, dict[str, str]] | None = None) -> Category:
    def create() -> Category:
        branch = _catalogue_for(repos, principal, branch_id)
        station = _station(repos, branch.chain_id, station_id, "station")
        check_translations(translations, branch.languages, "translations")
        category = Category(id=new_id(), chain_id=branch.chain_id, name=name, position=position,
                            station_id=station or None, translations=dict(translations or {}))
        repos.menu.save_category(category, now_iso(), new=True)
        return category

    return once.run(f"category:{principal.staff_id}:{branch_id}", Category, create)


def update_category(repos: Repositories, principal: StaffPrincipal, branch_id: str, category_id: str,
                    change: CategoryChange) -> Category:
    branch = _catalogue_for(repos, principal, branch_id)
    category = repos.menu.get_category(branch.chain_id, category_id)
    if category is None:
        raise NotFound(f"There is no category {category_id!r}.")
    if change.name is not None:
        category.name = change.name
    if change.position is not None:
        category.position = change.position
    if change.station_id is not None:
        category.station_id = _station(repos, branch.chain_id, change.station_id, "station") or None
    if change.translations is not None:
        check_translations(change.translations, branch.languages, "translations")
        category.translations = dict(change.translations)
    repos.menu.save_category(category, now_iso())
    return category


def delete_category(repos: Repositories, principal: StaffPrincipal, branch_id: str, category_id: str) -> None:
    branch = _catalogue_for(repos, principal, branch_id)
    categories, items, _ = repos.menu.chain_menu(branch.chain_id)
    if not any(c.id == category_id for c in categories):
        raise NotFound(f"There is no category {category_id!r}.")
    if any(item.category_id == category_id for item in items):
        raise Conflict("Move or delete the category's items first.")
    repos.menu.delete_category(branch.chain_id, category_id)


@dataclass(frozen=True)
class ItemFields:
    category_id: str | None = None
    name: str | None = None
    description: str | None = None
    price: int | None = None
    image_key: str | None = None
    tags: list[str] | None = None
    allergens: list[str] | None = None
    position: int | None = None
    available: bool | None = None
    option_groups: list[OptionGroup] | None = None
    age_restricted: bool | None = None
    prep_minutes: int | None = None
    station_id: str | None = None  # "" clears the item's own station (it follows its category again)
    translations: dict[str, dict[str, str]] | None = None  # replaces the item's own (its groups' come with them)


def create_item(repos: Repositories, principal: StaffPrincipal, branch_id: str, fields: ItemFields,
                once: Once = NO_KEY) -> MenuItem:
    def create() -> MenuItem:
        branch = _catalogue_for(repos, principal, branch_id)
        if fields.category_id is None or repos.menu.get_category(branch.chain_id, fields.category_id) is None:
            raise InvalidInput("There is no such category.", field="categoryId")
        check_option_groups(fields.option_groups or [])
        _check_item_texts(branch, fields.translations, fields.option_groups)
        station = _station(repos, branch.chain_id, fields.station_id, "station")
        item = MenuItem(
            id=new_id(), chain_id=branch.chain_id, category_id=fields.category_id, name=fields.name or "",
            description=fields.description or "", price=fields.price or 0, image_key=fields.image_key or "",
            tags=fields.tags or [], allergens=fields.allergens or [], position=fields.position or 0,
            available=True if fields.available is None else fields.available,
            option_groups=fields.option_groups or [], age_restricted=bool(fields.age_restricted),
            prep_minutes=fields.prep_minutes, station_id=station or None, translations=dict(fields.translations or {}),
        )
        repos.menu.save_item(item, now_iso(), new=True)
        return item

    return once.run(f"item:{principal.staff_id}:{branch_id}", MenuItem, create)


def update_item(repos: Repositories, principal: StaffPrincipal, branch_id: str, item_id: str, fields: ItemFields) -> MenuItem:
    branch = _catalogue_for(repos, principal, branch_id)
    item = repos.menu.get_item(branch.chain_id, item_id)
    if item is None:
        raise NotFound(f"There is no menu item {item_id!r}.")
    if fields.category_id is not None and repos.menu.get_category(branch.chain_id, fields.category_id) is None:
        raise InvalidInput("There is no such category.", field="categoryId")
    if fields.option_groups is not None:
        check_option_groups(fields.option_groups)
    _check_item_texts(branch, fields.translations, fields.option_groups)
    station = _station(repos, branch.chain_id, fields.station_id, "station")
    old_price = item.price
    for attribute, value in vars(fields).items():
        if value is not None:
            setattr(item, attribute, value)
    if station is not None:
        item.station_id = station or None
    repos.menu.save_item(item, now_iso())
    if item.price != old_price:  # the chain's price of a dish: in the audit trail of the branch it was set from
        audit.record(repos, principal, branch_id=branch_id, action=AuditAction.PRICE_CHANGED, target=item_id,
                     before={"price": old_price, "scope": "chain"}, after={"price": item.price, "scope": "chain"})
    return item


def delete_item(repos: Repositories, principal: StaffPrincipal, branch_id: str, item_id: str) -> None:
    branch = _catalogue_for(repos, principal, branch_id)
    if repos.menu.get_item(branch.chain_id, item_id) is None:
        raise NotFound(f"There is no menu item {item_id!r}.")
    branch_ids = [b.id for b in repos.venues.branches_of_chain(branch.chain_id)]
    repos.menu.delete_item(branch.chain_id, item_id, branch_ids)


def set_availability(repos: Repositories, principal: StaffPrincipal, branch_id: str, item_id: str,
                     available: bool, price: int | None = None) -> BranchMenu:
    """The one-tap 86 (and, for managers, the branch's own price)."""
    branch = staff_branch(repos, principal, branch_id, Permission.SET_AVAILABILITY)
    if price is not None:
        principal.require(Permission.EDIT_MENU, branch_id)
    if repos.menu.get_item(branch.chain_id, item_id) is None:
        raise NotFound(f"There is no menu item {item_id!r}.")
    current = next(
        (s for s in repos.menu.chain_menu(branch.chain_id)[2] if s.branch_id == branch_id and s.item_id == item_id),
        None,
    )
    setting = BranchItemSetting(
        branch_id=branch_id, item_id=item_id, available=available,
        price=price if price is not None else (current.price if current else None),
    )
    repos.menu.save_branch_setting(branch.chain_id, setting, now_iso())
    before = {"available": current.available if current else True, "price": current.price if current else None}
    after = {"available": setting.available, "price": setting.price}
    if before != after:  # the 86 and a branch's price: in its audit trail (issue 18)
        action = AuditAction.PRICE_CHANGED if before["price"] != after["price"] else AuditAction.ITEM_AVAILABILITY
        audit.record(repos, principal, branch_id=branch_id, action=action, target=item_id, before=before, after=after)
    return _compose(repos, branch)


def set_stations(repos: Repositories, principal: StaffPrincipal, branch_id: str,
                 stations: list[Station]) -> list[Station]:
    """The chain's kitchen stations (a catalogue edit: every branch has the same). A category or
    item routed to a station removed here routes to its category's, else the first one."""
    branch = _catalogue_for(repos, principal, branch_id)
    cleaned = check_station_list(stations)
    repos.menu.save_stations(branch.chain_id, cleaned, now_iso())
    return cleaned


def stations_of(repos: Repositories, principal: StaffPrincipal, branch_id: str) -> list[Station]:
    branch = staff_branch(repos, principal, branch_id, Permission.VIEW_ORDERS)
    return stations_or_default(repos.menu.whole_menu(branch.chain_id).stations)


# -- service windows and the kitchen's pauses (this branch's own) --------------------------
def set_schedule(repos: Repositories, principal: StaffPrincipal, branch_id: str, kind: str, target_id: str,
                 windows: list[ServiceWindow]) -> BranchMenu:
    """When this branch serves a category or an item (an empty list: always)."""
    branch = staff_branch(repos, principal, branch_id, Permission.SET_SCHEDULES)
    check_windows(windows)
    found = (repos.menu.get_category(branch.chain_id, target_id) if kind == "category"
             else repos.menu.get_item(branch.chain_id, target_id))
    if found is None:
        raise NotFound(f"There is no {kind} {target_id!r}.")
    repos.menu.save_schedule(branch.chain_id, BranchSchedule(branch.id, kind, target_id, windows), now_iso())
    return _compose(repos, branch)


def pause_category(repos: Repositories, principal: StaffPrincipal, branch_id: str, category_id: str,
                   minutes: int) -> CategoryPause:
    """The kitchen catches its breath: the category's items cannot be ordered for a few minutes.
    Zero minutes resumes it now."""
    branch = staff_branch(repos, principal, branch_id, Permission.PAUSE_KITCHEN)
    if repos.menu.get_category(branch.chain_id, category_id) is None:
        raise NotFound(f"There is no category {category_id!r}.")
    now = utcnow()
    pause = (CategoryPause(branch.id, category_id, iso(now)) if minutes == 0
             else CategoryPause.starting(branch.id, category_id, now, minutes))
    repos.menu.save_pause(branch.chain_id, pause, iso(now))
    return pause


@dataclass(frozen=True)
class ImageUpload:
    upload_url: str
    image_key: str
    thumb_upload_url: str
    thumb_key: str
    content_type: str
    max_bytes: int


def image_upload(repos: Repositories, s3: UrlSigner, principal: StaffPrincipal, branch_id: str, item_id: str,
                 content_type: str) -> ImageUpload:
    """Pre-signed S3 PUTs for the item's photo and its grid thumbnail (the staff page draws
    the thumbnail with a canvas, so no image library runs in a Lambda); the caller then sets
    `imageKey` on the item."""
    branch = _catalogue_for(repos, principal, branch_id)
    if repos.menu.get_item(branch.chain_id, item_id) is None:
        raise NotFound(f"There is no menu item {item_id!r}.")
    extension = IMAGE_TYPES.get(content_type)
    if extension is None:
        raise InvalidInput(f"Photos must be one of {', '.join(IMAGE_TYPES)}.", field="contentType")
    image_key = f"menu/{branch.chain_id}/{item_id}/{new_id()}.{extension}"

    def signed_put(key: str) -> str:
        return s3.generate_presigned_url(
            "put_object", Params={"Bucket": settings.bucket, "Key": f"media/{key}", "ContentType": content_type},
            ExpiresIn=900,
        )

    return ImageUpload(upload_url=signed_put(image_key), image_key=image_key,
                       thumb_upload_url=signed_put(thumb_key(image_key)), thumb_key=thumb_key(image_key),
                       content_type=content_type, max_bytes=MAX_IMAGE_BYTES)
