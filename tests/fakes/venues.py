"""The fake of `chalicelib.store.venues.VenueRepository`: chains, branches and tables."""
from __future__ import annotations

from dataclasses import replace

from chalicelib.domain.errors import AlreadyExists, Conflict, NotFound, TableBusy
from chalicelib.domain.venues import Branch, Chain, DiningTable, OrderSafety
from tests.fakes.tables import Tables, _copy


class InMemoryVenues:
    def __init__(self, db: Tables) -> None:
        self.db = db

    def get_chain(self, chain_id: str) -> Chain | None:
        return _copy(self.db.chains.get(chain_id))

    def save_chain(self, chain: Chain) -> None:
        self.db.chains[chain.id] = _copy(chain)

    def get_branch(self, branch_id: str) -> Branch | None:
        return _copy(self.db.branches.get(branch_id))

    def branch_id_for_slug(self, slug: str) -> str | None:
        return self.db.lookups.get(f"slug#{slug}")

    def branch_by_slug(self, slug: str) -> Branch | None:
        branch_id = self.branch_id_for_slug(slug)
        return None if branch_id is None else self.get_branch(branch_id)

    def branches_of_chain(self, chain_id: str) -> list[Branch]:
        found = [b for b in self.db.branches.values() if b.chain_id == chain_id]
        return [_copy(b) for b in sorted(found, key=lambda b: b.slug)]

    def add_branch(self, branch: Branch) -> None:
        if f"slug#{branch.slug}" in self.db.lookups or branch.id in self.db.branches:
            raise AlreadyExists(f"The branch slug {branch.slug!r} is taken.", field="slug")
        self.db.lookups[f"slug#{branch.slug}"] = branch.id
        self.db.branches[branch.id] = _copy(branch)

    def update_branch(self, branch: Branch) -> None:
        if branch.id not in self.db.branches:
            raise Conflict("The branch no longer exists.")
        self.db.branches[branch.id] = _copy(branch)

    def set_order_safety(self, branch_id: str, safety: OrderSafety) -> None:
        stored = self.db.branches.get(branch_id)
        if stored is None:
            raise Conflict("The branch no longer exists.")
        stored.order_safety = _copy(safety)

    def get_table(self, branch_id: str, code: str) -> DiningTable | None:
        return _copy(self.db.tables.get((branch_id, code)))

    def tables_of_branch(self, branch_id: str) -> list[DiningTable]:
        return [_copy(t) for key, t in sorted(self.db.tables.items()) if key[0] == branch_id]

    def add_table(self, table: DiningTable) -> None:
        key = (table.branch_id, table.code)
        if key in self.db.tables:
            raise AlreadyExists(f"Table {table.code} already exists.", field="code")
        self.db.tables[key] = replace(_copy(table), active_session_id=None, pending_session_id=None)

    def save_table(self, table: DiningTable) -> None:
        stored = self.db.tables.get((table.branch_id, table.code))
        if stored is None:
            raise NotFound(f"There is no table {table.code} at this branch.", field="code")
        stored.label, stored.seats = table.label, table.seats

    def remove_table(self, branch_id: str, code: str) -> None:
        stored = self.db.tables.get((branch_id, code))
        if stored is None:
            raise NotFound(f"There is no table {code} at this branch.", field="code")
        if stored.active_session_id or stored.pending_session_id:
            raise TableBusy(f"Table {code} has an open session; close it before removing the table.", field="code")
        del self.db.tables[(branch_id, code)]
