"""Kitchen stations: where a dish is made (the grill, the bar, the cold side), so each screen shows its own.

A chain's menu has its stations (docs/decisions.md, "Stations"); a category routes to one, an item
may route elsewhere, and each order line keeps the station it was routed to when it was ordered.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from .errors import InvalidInput


@dataclass(frozen=True)
class Station:
    id: str
    name: str


DEFAULT_STATION = Station("kitchen", "Kitchen")  # a chain that configured none: everything is the kitchen's
MAX_STATIONS = 12
MAX_STATION_NAME = 40
_STATION_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,31}$")


def stations_or_default(stations: Sequence[Station]) -> list[Station]:
    """The chain's stations; one "Kitchen" when it configured none (data stored before stations)."""
    return list(stations) or [DEFAULT_STATION]


def check_station(stations: Sequence[Station], station_id: str, field: str) -> str:
    """A station of the chain, or 400 naming `field`."""
    known = stations_or_default(stations)
    if not any(station.id == station_id for station in known):
        names = ", ".join(station.id for station in known)
        raise InvalidInput(f"{field}: there is no station {station_id!r} (stations: {names}).", field=field)
    return station_id


def route_to_station(stations: Sequence[Station], item_station: str | None, category_station: str | None) -> str:
    """Where a dish is made: the item's own station, else its category's, else the first station.
    A station removed since falls through to the next rule, so nothing routes nowhere."""
    known = {station.id for station in stations_or_default(stations)}
    for candidate in (item_station, category_station):
        if candidate and candidate in known:
            return candidate
    return stations_or_default(stations)[0].id


def check_station_list(stations: Sequence[Station]) -> list[Station]:
    """A chain's new list of stations: 1 to 12, ids `a-z0-9-` unique, names 1-40 characters."""
    if not 1 <= len(stations) <= MAX_STATIONS:
        raise InvalidInput(f"stations: between 1 and {MAX_STATIONS} stations.", field="stations")
    seen: set[str] = set()
    cleaned = []
    for index, station in enumerate(stations):
        if not _STATION_ID.match(station.id):
            raise InvalidInput(f"stations[{index}].id: lowercase letters, digits and '-', at most 32.",
                               field=f"stations[{index}].id")
        if station.id in seen:
            raise InvalidInput(f"stations[{index}].id: {station.id!r} is listed twice.", field=f"stations[{index}].id")
        seen.add(station.id)
        name = " ".join(station.name.split())
        if not 1 <= len(name) <= MAX_STATION_NAME:
            raise InvalidInput(f"stations[{index}].name: 1 to {MAX_STATION_NAME} characters.",
                               field=f"stations[{index}].name")
        cleaned.append(Station(station.id, name))
    return cleaned
