"""A chain's catalogue of categories and items, and what one branch offers of it."""
from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

from .clock import iso, parse_iso, utcnow
from .errors import ItemNotServedNow, ItemUnavailable, KitchenPaused, UnknownMenuItem
from .modifiers import OptionGroup, choose_options, options_total
from .orders import LineRequest, OrderLine
from .pacing import CategoryPause
from .schedules import OpenSpan, ServiceWindow, open_span
from .stations import Station, route_to_station, stations_or_default

THUMBNAIL_WIDTH = 480  # px: the menu grid's cards at 2x on a phone


def thumb_key(image_key: str) -> str:
    """Where an item photo's grid thumbnail lives: `menu/x.jpg` -> `menu/x.thumb.jpg`."""
    stem, dot, extension = image_key.rpartition(".")
    return f"{stem}.thumb.{extension}" if dot else image_key


@dataclass
class Category:
    id: str
    chain_id: str
    name: str
    position: int = 0
    station_id: str | None = None  # where its dishes are made; None: the chain's first station
    translations: dict[str, dict[str, str]] = field(default_factory=dict)  # {"es": {"name": ...}}


@dataclass
class MenuItem:
    id: str
    chain_id: str
    category_id: str
    name: str
    description: str
    price: int
    image_key: str = ""
    tags: list[str] = field(default_factory=list)
    allergens: list[str] = field(default_factory=list)
    position: int = 0
    available: bool = True
    option_groups: list[OptionGroup] = field(default_factory=list)
    age_restricted: bool = False  # alcohol: staff check the diner's ID when serving
    prep_minutes: int | None = None  # None: the branch's default
    station_id: str | None = None  # None: its category's station
    translations: dict[str, dict[str, str]] = field(default_factory=dict)  # {"es": {"name", "description"}}


@dataclass
class BranchSchedule:
    """When a branch serves a category or an item (`kind` "category" or "item"); no windows: always."""

    branch_id: str
    kind: str
    target_id: str
    windows: list[ServiceWindow] = field(default_factory=list)


@dataclass
class BranchItemSetting:
    """A branch's own availability and price for a chain item; None means the chain's."""

    branch_id: str
    item_id: str
    available: bool | None = None
    price: int | None = None


@dataclass
class ChainMenu:
    """The chain's whole menu partition: catalogue plus every branch's own settings."""

    categories: list[Category] = field(default_factory=list)
    items: list[MenuItem] = field(default_factory=list)
    settings: list[BranchItemSetting] = field(default_factory=list)
    schedules: list[BranchSchedule] = field(default_factory=list)
    pauses: list[CategoryPause] = field(default_factory=list)
    stations: list[Station] = field(default_factory=list)  # none configured: the default "Kitchen"


@dataclass
class OfferedItem:
    id: str
    category_id: str
    name: str
    description: str
    price: int
    image_key: str
    tags: list[str]
    allergens: list[str]
    available: bool
    position: int
    option_groups: list[OptionGroup] = field(default_factory=list)
    age_restricted: bool = False
    prep_minutes: int | None = None
    windows: list[ServiceWindow] = field(default_factory=list)  # the item's own, at this branch
    served: OpenSpan | None = None  # current or next span it is served in (category and item); None: not this week
    paused_until: str | None = None  # its category is paused by the kitchen until then
    station_id: str = ""  # the station its dishes are routed to
    station_override: str | None = None  # the item's own station (None: it follows its category)
    translations: dict[str, dict[str, str]] = field(default_factory=dict)

    def served_at(self, moment: datetime) -> bool:
        return self.served is not None and self.served.is_open_at(moment)


def local_moment(moment: datetime, timezone: str, now: datetime) -> str:
    """'07:00', 'tomorrow 07:00' or 'Monday 07:00' in the branch's clock (for messages)."""
    zone = ZoneInfo(timezone)
    local, today = moment.astimezone(zone), now.astimezone(zone).date()
    days = (local.date() - today).days
    clock = local.strftime("%H:%M")
    if days <= 0:
        return clock
    if days == 1:
        return f"tomorrow {clock}"
    return f"{local.strftime('%A')} {clock}"


@dataclass
class BranchMenu:
    branch_id: str
    currency: str
    categories: list[Category]
    items: list[OfferedItem]
    timezone: str = "UTC"
    now: datetime | None = None
    category_windows: dict[str, list[ServiceWindow]] = field(default_factory=dict)
    pauses: dict[str, str] = field(default_factory=dict)  # category id -> paused until (active ones)
    stations: list[Station] = field(default_factory=list)
    category_stations: dict[str, str] = field(default_factory=dict)  # category id -> its station

    @classmethod
    def compose(
        cls,
        branch_id: str,
        currency: str,
        categories: list[Category],
        items: list[MenuItem],
        settings: list[BranchItemSetting],
        *,
        schedules: Sequence[BranchSchedule] = (),
        pauses: Sequence[CategoryPause] = (),
        timezone: str = "UTC",
        now: datetime | None = None,
        stations: Sequence[Station] = (),
    ) -> BranchMenu:
        now = now or utcnow()
        known = stations_or_default(stations)
        category_stations = {c.id: route_to_station(known, None, c.station_id) for c in categories}
        windows = {(s.kind, s.target_id): s.windows for s in schedules if s.branch_id == branch_id and s.windows}
        paused = {p.category_id: p.until for p in pauses if p.branch_id == branch_id and p.active_at(now)}
        own = {s.item_id: s for s in settings if s.branch_id == branch_id}
        offered = []
        for item in items:
            setting = own.get(item.id)
            available = item.available
            price = item.price
            if setting is not None:
                if setting.available is not None:
                    available = available and setting.available
                if setting.price is not None:
                    price = setting.price
            offered.append(
                OfferedItem(
                    id=item.id, category_id=item.category_id, name=item.name,
                    description=item.description, price=price, image_key=item.image_key,
                    tags=list(item.tags), allergens=list(item.allergens),
                    option_groups=item.option_groups, age_restricted=item.age_restricted,
                    available=available, position=item.position, prep_minutes=item.prep_minutes,
                    windows=windows.get(("item", item.id), []),
                    served=open_span([windows.get(("category", item.category_id), []),
                                      windows.get(("item", item.id), [])], timezone, now),
                    paused_until=paused.get(item.category_id),
                    station_id=route_to_station(known, item.station_id, category_stations.get(item.category_id)),
                    station_override=item.station_id, translations=item.translations,
                )
            )
        ordered_categories = sorted(categories, key=lambda c: (c.position, c.name))
        offered.sort(key=lambda i: (i.position, i.name))
        category_windows = {c.id: windows.get(("category", c.id), []) for c in categories}
        return cls(branch_id=branch_id, currency=currency, categories=ordered_categories, items=offered,
                   timezone=timezone, now=now, category_windows=category_windows, pauses=paused,
                   stations=known, category_stations=category_stations)

    def item(self, item_id: str) -> OfferedItem:
        for item in self.items:
            if item.id == item_id:
                return item
        raise UnknownMenuItem(f"There is no menu item {item_id!r} at this branch.", field="menuItemId")

    def price_lines(self, requests: list[LineRequest], new_line_id: Callable[[], str],
                    default_prep_minutes: int | None = None) -> list[OrderLine]:
        """Turns what the diner asked for into priced lines; prices never come from the client.
        Each line keeps its cook-minutes (the item's, else the branch's default), so the
        kitchen's queue can be weighed from the order alone."""
        lines = []
        for index, request in enumerate(requests):
            try:
                item = self.item(request.menu_item_id)
            except UnknownMenuItem as exc:
                raise UnknownMenuItem(exc.message, field=f"items[{index}].menuItemId") from exc
            self.check_orderable(item, field=f"items[{index}].menuItemId")
            chosen = choose_options(item.option_groups, list(request.options), f"items[{index}].options")
            lines.append(
                OrderLine(
                    id=new_line_id(), menu_item_id=item.id, name=item.name, quantity=request.quantity,
                    unit_price=item.price + options_total(chosen), notes=request.notes, category_id=item.category_id,
                    options=chosen, age_restricted=item.age_restricted,
                    prep_minutes=item.prep_minutes or default_prep_minutes, station_id=item.station_id,
                )
            )
        return lines

    def category_span(self, category_id: str) -> OpenSpan | None:
        return open_span([self.category_windows.get(category_id, [])], self.timezone, self.now or utcnow())

    def check_orderable(self, item: OfferedItem, field: str) -> None:
        """Staff's 86, the kitchen's pause and the service windows, in the branch's clock."""
        now = self.now or utcnow()
        if not item.available:
            raise ItemUnavailable(f"{item.name} is not available right now.", field=field)
        if item.paused_until and iso(now) < item.paused_until:
            back = local_moment(parse_iso(item.paused_until), self.timezone, now)
            raise KitchenPaused(f"The kitchen has paused {item.name} for a few minutes; back at {back}.",
                                field=field, details={"menuItemId": item.id, "availableAt": item.paused_until})
        if not item.served_at(now):
            if item.served is None or item.served.start is None:
                raise ItemNotServedNow(f"{item.name} is not served this week.", field=field,
                                       details={"menuItemId": item.id, "availableAt": None})
            opens = local_moment(item.served.start, self.timezone, now)
            raise ItemNotServedNow(f"{item.name} is served from {opens}.", field=field,
                                   details={"menuItemId": item.id, "availableAt": iso(item.served.start)})

    def next_change(self) -> datetime | None:
        """The first moment after `now` at which this menu's answer reads differently by the clock
        alone: a service window of an item or a category opens or closes, or a kitchen pause ends
        (None: nothing changes within the schedules' horizon). A cached copy must not outlive it."""
        now = self.now or utcnow()
        moments: list[datetime] = []
        spans = [item.served for item in self.items] + [self.category_span(c.id) for c in self.categories]
        for span in spans:
            if span is not None:
                moments += [m for m in (span.start, span.end) if m is not None and m > now]
        for until in self.pauses.values():
            moment = parse_iso(until)
            if moment > now:
                moments.append(moment)
        return min(moments, default=None)

    def version_tag(self, language: str | None = None) -> str:
        """A strong validator for the menu's content in one language (the HTTP ETag): every
        language's texts are in the hash, and the language asked for too, so each language's
        menu has its own version."""
        payload = json.dumps(
            [self.branch_id, self.currency, self.pauses, [asdict(s) for s in self.stations]]
            + ([language] if language else [])
            + [asdict(c) for c in self.categories]
            + [asdict(i) for i in self.items],
            sort_keys=True, default=str,
        ).encode()
        return hashlib.sha256(payload).hexdigest()[:32]
