"""The fake of `chalicelib.store.menu.MenuRepository`: a chain's menu partition and its version."""
from __future__ import annotations

import secrets
from collections.abc import Iterable

from chalicelib.domain.errors import AlreadyExists, Conflict
from chalicelib.domain.menu import BranchItemSetting, BranchSchedule, Category, ChainMenu, MenuItem
from chalicelib.domain.pacing import CategoryPause
from chalicelib.domain.stations import Station
from tests.fakes.tables import Tables, _copy


class InMemoryMenu:
    """Entries under the real sort keys (`C#…`, `I#…`, `B#branch#item`, `S#…`, `P#…`, `K`), so the
    whole menu comes back in the same order a Query of the partition returns it."""

    def __init__(self, db: Tables) -> None:
        self.db = db

    def _entries(self, chain_id: str) -> dict[str, object]:
        return self.db.menus.setdefault(chain_id, {})

    def _bump(self, chain_id: str) -> None:
        number, _ = self.db.menu_versions.get(chain_id, (0, ""))
        self.db.menu_versions[chain_id] = (number + 1, secrets.token_hex(8))

    def chain_menu(self, chain_id: str) -> tuple[list[Category], list[MenuItem], list[BranchItemSetting]]:
        whole = self.whole_menu(chain_id)
        return whole.categories, whole.items, whole.settings

    def whole_menu(self, chain_id: str) -> ChainMenu:
        whole = ChainMenu()
        for _, entry in sorted(self._entries(chain_id).items()):
            entry = _copy(entry)
            if isinstance(entry, Category):
                whole.categories.append(entry)
            elif isinstance(entry, MenuItem):
                whole.items.append(entry)
            elif isinstance(entry, BranchItemSetting):
                whole.settings.append(entry)
            elif isinstance(entry, BranchSchedule):
                whole.schedules.append(entry)
            elif isinstance(entry, CategoryPause):
                whole.pauses.append(entry)
            elif isinstance(entry, list) and all(isinstance(s, Station) for s in entry):
                whole.stations = list(entry)
        return whole

    def save_stations(self, chain_id: str, stations: list[Station], now: str) -> None:
        self._put(chain_id, "K", list(stations))

    def version(self, chain_id: str) -> tuple[int, str] | None:
        return self.db.menu_versions.get(chain_id)

    def whole_menu_and_version(self, chain_id: str) -> tuple[ChainMenu, tuple[int, str] | None]:
        version = self.version(chain_id)
        return self.whole_menu(chain_id), version

    def _put(self, chain_id: str, key: str, entry: object) -> None:
        self._entries(chain_id)[key] = _copy(entry)
        self._bump(chain_id)

    def save_schedule(self, chain_id: str, schedule: BranchSchedule, now: str) -> None:
        self._put(chain_id, f"S#{schedule.branch_id}#{schedule.kind}#{schedule.target_id}", schedule)

    def save_pause(self, chain_id: str, pause: CategoryPause, now: str) -> None:
        self._put(chain_id, f"P#{pause.branch_id}#{pause.category_id}", pause)

    def get_category(self, chain_id: str, category_id: str) -> Category | None:
        entry = self._entries(chain_id).get(f"C#{category_id}")
        return _copy(entry) if isinstance(entry, Category) else None

    def get_item(self, chain_id: str, item_id: str) -> MenuItem | None:
        entry = self._entries(chain_id).get(f"I#{item_id}")
        return _copy(entry) if isinstance(entry, MenuItem) else None

    def _save(self, chain_id: str, key: str, entry: object, new: bool) -> None:
        there = key in self._entries(chain_id)
        if new and there:
            raise AlreadyExists("It exists already.")
        if not new and not there:
            raise Conflict("It was deleted meanwhile.")
        self._put(chain_id, key, entry)

    def save_category(self, category: Category, now: str, *, new: bool = False) -> None:
        self._save(category.chain_id, f"C#{category.id}", category, new)

    def save_item(self, item: MenuItem, now: str, *, new: bool = False) -> None:
        self._save(item.chain_id, f"I#{item.id}", item, new)

    def delete_category(self, chain_id: str, category_id: str) -> None:
        if self._entries(chain_id).pop(f"C#{category_id}", None) is not None:
            self._bump(chain_id)

    def delete_item(self, chain_id: str, item_id: str, branch_ids: Iterable[str]) -> None:
        entries = self._entries(chain_id)
        entries.pop(f"I#{item_id}", None)
        for branch_id in branch_ids:
            entries.pop(f"B#{branch_id}#{item_id}", None)
        self._bump(chain_id)

    def save_branch_setting(self, chain_id: str, setting: BranchItemSetting, now: str) -> None:
        self._put(chain_id, f"B#{setting.branch_id}#{setting.item_id}", setting)
