"""A chain's menu partition: categories, items, each branch's settings, windows and pauses."""
from __future__ import annotations

import secrets
import time
from collections.abc import Callable, Iterable

from pynamodb.exceptions import TransactWriteError
from pynamodb.transactions import TransactWrite as _TransactWrite

from ..domain.errors import AlreadyExists, ConcurrentUpdate, Conflict
from ..domain.menu import BranchItemSetting, BranchSchedule, Category, ChainMenu, MenuItem
from ..domain.modifiers import Option, OptionGroup
from ..domain.pacing import CategoryPause
from ..domain.schedules import ServiceWindow
from ..domain.stations import Station
from .dynamodb import TransactWrite, _condition_failed, _get
from .menu_cache import MenuCache
from .models import (
    BranchItemRecord,
    BranchScheduleRecord,
    CategoryPauseRecord,
    CategoryRecord,
    MenuEntryRecord,
    MenuItemRecord,
    MenuVersionRecord,
    OptionGroupMap,
    OptionMap,
    ServiceWindowMap,
    StationMap,
    StationsRecord,
)


class MenuRepository:
    """A chain's menu: one Query reads categories, items and every branch's settings. The
    container keeps what it read, under the partition's version (`MenuVersionRecord`), which
    every write here changes in the same transaction: a reader that finds the version it kept
    the menu under reuses it (one GetItem instead of the Query), else Queries again."""

    def __init__(self, cache: MenuCache | None = None) -> None:
        self._cache = cache if cache is not None else MenuCache()

    def chain_menu(self, chain_id: str) -> tuple[list[Category], list[MenuItem], list[BranchItemSetting]]:
        whole = self.whole_menu(chain_id)
        return whole.categories, whole.items, whole.settings

    def whole_menu(self, chain_id: str) -> ChainMenu:
        """Everything of the chain's menu partition, every branch's windows and pauses included,
        as committed when this was called (the caller's own copy: change it freely)."""
        return self.whole_menu_and_version(chain_id)[0]

    def whole_menu_and_version(self, chain_id: str) -> tuple[ChainMenu, tuple[int, str] | None]:
        """`whole_menu` and the partition's version read before it (what is returned is at least
        that new; a write since may show in it, never the other way round)."""
        version = self.version(chain_id)
        if version is not None:
            kept = self._cache.get(chain_id, version)
            if kept is not None:
                return kept, version
        whole = self._query_whole_menu(chain_id)
        if version is not None:  # read after the version: at least that new
            self._cache.put(chain_id, version, whole)
        return whole, version

    def version(self, chain_id: str) -> tuple[int, str] | None:
        """The partition's version (strongly consistent); None before any write of this code
        (such a partition is read in full each time, never kept)."""
        record = _get(MenuVersionRecord, chain_id, MenuVersionRecord.ENTRY)
        return None if record is None else (int(record.version), record.stamp)

    @staticmethod
    def _query_whole_menu(chain_id: str) -> ChainMenu:
        whole = ChainMenu()
        for record in MenuEntryRecord.query(chain_id, consistent_read=True):
            if isinstance(record, CategoryRecord):
                whole.categories.append(_category(record))
            elif isinstance(record, MenuItemRecord):
                whole.items.append(_item(record))
            elif isinstance(record, BranchItemRecord):
                whole.settings.append(BranchItemSetting(
                    branch_id=record.branch_id, item_id=record.item_id,
                    available=record.available, price=int(record.price) if record.price is not None else None,
                ))
            elif isinstance(record, BranchScheduleRecord):
                whole.schedules.append(schedule_from_record(record))
            elif isinstance(record, CategoryPauseRecord):
                whole.pauses.append(pause_from_record(record))
            elif isinstance(record, StationsRecord):
                whole.stations = [Station(m.station_id, m.name) for m in record.stations or []]
        return whole

    def save_stations(self, chain_id: str, stations: list[Station], now: str) -> None:
        record = StationsRecord(chain_id, StationsRecord.ENTRY, updated_at=now,
                                stations=[StationMap(station_id=s.id, name=s.name) for s in stations])
        self._write(chain_id, lambda tx: tx.save(record))

    @staticmethod
    def _write(chain_id: str, write: Callable[[_TransactWrite], None]) -> None:
        """`write` and a new version of the partition, in one transaction. Two menu writes at
        once both change the version item, so DynamoDB may cancel one (`TransactionConflict`):
        it is sent again (it wrote nothing, and each write sets whole rows)."""
        for attempt in range(1, _MENU_WRITE_ATTEMPTS + 1):
            try:
                with TransactWrite() as tx:
                    write(tx)
                    tx.update(MenuVersionRecord(chain_id, MenuVersionRecord.ENTRY), actions=[
                        MenuVersionRecord.kind.set(MenuVersionRecord),
                        MenuVersionRecord.version.add(1),
                        MenuVersionRecord.stamp.set(secrets.token_hex(8)),
                    ])
                return
            except TransactWriteError as exc:
                if not _lost_to_another_transaction(exc):
                    raise
                if attempt == _MENU_WRITE_ATTEMPTS:
                    raise ConcurrentUpdate("The menu is being changed by someone else; try again.") from exc
                time.sleep(0.02 * attempt)

    def save_schedule(self, chain_id: str, schedule: BranchSchedule, now: str) -> None:
        record = BranchScheduleRecord(
            chain_id, f"S#{schedule.branch_id}#{schedule.kind}#{schedule.target_id}", branch_id=schedule.branch_id,
            target_kind=schedule.kind, target_id=schedule.target_id, updated_at=now,
            windows=[ServiceWindowMap(start=w.start, end=w.end, days=list(w.days)) for w in schedule.windows],
        )
        self._write(chain_id, lambda tx: tx.save(record))

    def save_pause(self, chain_id: str, pause: CategoryPause, now: str) -> None:
        record = CategoryPauseRecord(
            chain_id, f"P#{pause.branch_id}#{pause.category_id}", branch_id=pause.branch_id,
            category_id=pause.category_id, until=pause.until, updated_at=now,
        )
        self._write(chain_id, lambda tx: tx.save(record))

    def get_category(self, chain_id: str, category_id: str) -> Category | None:
        record = _get(CategoryRecord, chain_id, f"C#{category_id}")
        return None if record is None else _category(record)

    def get_item(self, chain_id: str, item_id: str) -> MenuItem | None:
        record = _get(MenuItemRecord, chain_id, f"I#{item_id}")
        return None if record is None else _item(record)

    def save_category(self, category: Category, now: str, *, new: bool = False) -> None:
        record = CategoryRecord(
            category.chain_id, f"C#{category.id}", category_id=category.id, name=category.name,
            position=category.position, updated_at=now, station_id=category.station_id,
            translations=category.translations or None,
        )
        self._save(record, CategoryRecord, new)

    def save_item(self, item: MenuItem, now: str, *, new: bool = False) -> None:
        record = MenuItemRecord(
            item.chain_id, f"I#{item.id}", item_id=item.id, category_id=item.category_id, name=item.name,
            description=item.description, price=item.price, image_key=item.image_key, tags=item.tags,
            allergens=item.allergens, position=item.position, available=item.available, updated_at=now,
            option_groups=[
                OptionGroupMap(
                    group_id=g.id, name=g.name, min_choices=g.min_choices, max_choices=g.max_choices,
                    options=[OptionMap(option_id=o.id, name=o.name, price_delta=o.price_delta,
                                       translations=o.translations or None) for o in g.options],
                    translations=g.translations or None,
                )
                for g in item.option_groups
            ],
            age_restricted=item.age_restricted,
            prep_minutes=item.prep_minutes,
            station_id=item.station_id,
            translations=item.translations or None,
        )
        self._save(record, MenuItemRecord, new)

    def _save(self, record, model, new: bool) -> None:
        condition = model.entry.does_not_exist() if new else model.entry.exists()
        try:
            self._write(record.chain_id, lambda tx: tx.save(record, condition=condition))
        except TransactWriteError as exc:
            if _condition_failed(exc):
                raise (AlreadyExists("It exists already.") if new else Conflict("It was deleted meanwhile.")) from exc
            raise

    def delete_category(self, chain_id: str, category_id: str) -> None:
        """Deleting a category that is gone already changes nothing (not even the version)."""
        try:
            self._write(chain_id, lambda tx: tx.delete(CategoryRecord(chain_id, f"C#{category_id}"),
                                                       condition=CategoryRecord.entry.exists()))
        except TransactWriteError as exc:
            if not _condition_failed(exc):
                raise

    def delete_item(self, chain_id: str, item_id: str, branch_ids: Iterable[str]) -> None:
        settings_of_branches = [BranchItemRecord(chain_id, f"B#{branch_id}#{item_id}") for branch_id in branch_ids]

        def write(tx: _TransactWrite) -> None:
            tx.delete(MenuItemRecord(chain_id, f"I#{item_id}"))
            for record in settings_of_branches:
                tx.delete(record)

        self._write(chain_id, write)

    def save_branch_setting(self, chain_id: str, setting: BranchItemSetting, now: str) -> None:
        record = BranchItemRecord(
            chain_id, f"B#{setting.branch_id}#{setting.item_id}", branch_id=setting.branch_id,
            item_id=setting.item_id, available=setting.available, price=setting.price, updated_at=now,
        )
        self._write(chain_id, lambda tx: tx.save(record))


_MENU_WRITE_ATTEMPTS = 3


def _lost_to_another_transaction(exc: TransactWriteError) -> bool:
    """Cancelled only because another transaction held one of its items (no condition failed)."""
    codes = {reason.code for reason in getattr(exc, "cancellation_reasons", None) or [] if reason is not None}
    return "TransactionConflict" in codes and not codes & {"ConditionalCheckFailed"}


def _category(r: CategoryRecord) -> Category:
    return Category(id=r.category_id, chain_id=r.chain_id, name=r.name, position=int(r.position or 0),
                    station_id=r.station_id or None, translations=dict(r.translations or {}))


def _item(r: MenuItemRecord) -> MenuItem:
    return MenuItem(
        id=r.item_id, chain_id=r.chain_id, category_id=r.category_id, name=r.name,
        description=r.description or "", price=int(r.price), image_key=r.image_key or "",
        tags=list(r.tags or []), allergens=list(r.allergens or []), position=int(r.position or 0),
        available=bool(r.available),
        option_groups=[
            OptionGroup(
                id=g.group_id, name=g.name, min_choices=int(g.min_choices or 0), max_choices=int(g.max_choices or 1),
                options=[Option(id=o.option_id, name=o.name, price_delta=int(o.price_delta or 0),
                                translations=dict(o.translations or {})) for o in g.options or []],
                translations=dict(g.translations or {}),
            )
            for g in r.option_groups or []
        ],
        age_restricted=bool(r.age_restricted),
        prep_minutes=int(r.prep_minutes) if r.prep_minutes is not None else None,
        station_id=r.station_id or None,
        translations=dict(r.translations or {}),
    )


def schedule_from_record(r: BranchScheduleRecord) -> BranchSchedule:
    return BranchSchedule(
        branch_id=r.branch_id, kind=r.target_kind, target_id=r.target_id,
        windows=[ServiceWindow(w.start, w.end, tuple(int(d) for d in w.days or [])) for w in r.windows or []],
    )


def pause_from_record(r: CategoryPauseRecord) -> CategoryPause:
    return CategoryPause(branch_id=r.branch_id, category_id=r.category_id, until=r.until)
