"""Chains, branches and their tables."""
from __future__ import annotations

from pynamodb.exceptions import DeleteError, PutError, TransactWriteError, UpdateError
from pynamodb.expressions.update import Action

from ..domain.errors import AlreadyExists, Conflict, NotFound, TableBusy
from ..domain.venues import DEFAULT_APPROVAL_PORTIONS, Branch, BranchSettings, Chain, DiningTable, OrderSafety
from .dynamodb import TransactWrite, _condition_failed, _get, lookup_key
from .models import BranchRecord, ChainRecord, DiningTableRecord, LookupRecord


class VenueRepository:
    """Chains, branches and their tables."""

    def get_chain(self, chain_id: str) -> Chain | None:
        record = _get(ChainRecord, chain_id)
        return None if record is None else Chain(
            id=record.chain_id, name=record.name, currency=record.currency,
            languages=list(record.languages), timezone=record.timezone,
        )

    def save_chain(self, chain: Chain) -> None:
        ChainRecord(
            chain.id, name=chain.name, currency=chain.currency,
            languages=chain.languages, timezone=chain.timezone,
        ).save()

    def get_branch(self, branch_id: str) -> Branch | None:
        record = _get(BranchRecord, branch_id)
        return None if record is None else _branch(record)

    def branch_id_for_slug(self, slug: str) -> str | None:
        record = _get(LookupRecord, lookup_key("slug", slug))
        return None if record is None else record.target_id

    def branch_by_slug(self, slug: str) -> Branch | None:
        branch_id = self.branch_id_for_slug(slug)
        return None if branch_id is None else self.get_branch(branch_id)

    def branches_of_chain(self, chain_id: str) -> list[Branch]:
        return [_branch(r) for r in BranchRecord.by_chain.query(chain_id)]

    def add_branch(self, branch: Branch) -> None:
        """Stores a new branch and claims its slug; a taken slug is AlreadyExists."""
        try:
            with TransactWrite() as tx:
                tx.save(
                    LookupRecord(lookup_key("slug", branch.slug), target_id=branch.id),
                    condition=LookupRecord.key.does_not_exist(),
                )
                tx.save(_branch_record(branch), condition=BranchRecord.branch_id.does_not_exist())
        except TransactWriteError as exc:
            if _condition_failed(exc):
                raise AlreadyExists(f"The branch slug {branch.slug!r} is taken.", field="slug") from exc
            raise

    def update_branch(self, branch: Branch) -> None:
        _branch_record(branch).save(condition=BranchRecord.branch_id.exists())

    def set_order_safety(self, branch_id: str, safety: OrderSafety) -> None:
        """Only the order-safety attributes change (one UpdateItem; a missing branch is refused)."""
        actions: list[Action] = [
            BranchRecord.spending_cap.set(safety.spending_cap) if safety.spending_cap is not None
            else BranchRecord.spending_cap.remove(),
            BranchRecord.approval_threshold.set(safety.approval_threshold) if safety.approval_threshold is not None
            else BranchRecord.approval_threshold.remove(),
            BranchRecord.approval_portions.set(_stored_portions(safety.approval_portions)),
        ]
        try:
            BranchRecord(branch_id).update(actions=actions, condition=BranchRecord.branch_id.exists())
        except UpdateError as exc:
            if _condition_failed(exc):
                raise Conflict("The branch no longer exists.") from exc
            raise

    def get_table(self, branch_id: str, code: str) -> DiningTable | None:
        record = _get(DiningTableRecord, branch_id, code)
        return None if record is None else _table(record)

    def tables_of_branch(self, branch_id: str) -> list[DiningTable]:
        return [_table(r) for r in DiningTableRecord.query(branch_id, consistent_read=True)]

    def add_table(self, table: DiningTable) -> None:
        try:
            DiningTableRecord(
                table.branch_id, table.code, label=table.label, seats=table.seats,
            ).save(condition=DiningTableRecord.code.does_not_exist())
        except PutError as exc:
            if _condition_failed(exc):
                raise AlreadyExists(f"Table {table.code} already exists.", field="code") from exc
            raise

    def save_table(self, table: DiningTable) -> None:
        """Only its label and seats (its sessions are the sessions' to change); gone: NotFound."""
        actions: list[Action] = [
            DiningTableRecord.label.set(table.label),
            DiningTableRecord.seats.set(table.seats) if table.seats is not None else DiningTableRecord.seats.remove(),
        ]
        try:
            DiningTableRecord(table.branch_id, table.code).update(
                actions=actions, condition=DiningTableRecord.code.exists())
        except UpdateError as exc:
            if _condition_failed(exc):
                raise NotFound(f"There is no table {table.code} at this branch.", field="code") from exc
            raise

    def remove_table(self, branch_id: str, code: str) -> None:
        """Deletes the table while no session is open at it (else TableBusy, field "code"); gone: NotFound."""
        free = DiningTableRecord.active_session_id.does_not_exist() & \
            DiningTableRecord.pending_session_id.does_not_exist()
        try:
            DiningTableRecord(branch_id, code).delete(condition=DiningTableRecord.code.exists() & free)
        except DeleteError as exc:
            if not _condition_failed(exc):
                raise
            if self.get_table(branch_id, code) is None:
                raise NotFound(f"There is no table {code} at this branch.", field="code") from exc
            raise TableBusy(f"Table {code} has an open session; close it before removing the table.",
                            field="code") from exc


def _branch(r: BranchRecord) -> Branch:
    stored = r.settings.as_dict() if r.settings is not None else {}
    known = {name: int(value) for name, value in stored.items() if name in BranchSettings.LIMITS}
    return Branch(
        id=r.branch_id, chain_id=r.chain_id, slug=r.slug, name=r.name, currency=r.currency,
        languages=list(r.languages), timezone=r.timezone, address=r.address, settings=BranchSettings(**known),
        order_safety=OrderSafety(
            spending_cap=int(r.spending_cap) if r.spending_cap is not None else None,
            approval_threshold=int(r.approval_threshold) if r.approval_threshold is not None else None,
            approval_portions=DEFAULT_APPROVAL_PORTIONS if r.approval_portions is None else int(r.approval_portions) or None,
        ),
        archived=bool(r.archived),
    )


def _stored_portions(portions: int | None) -> int:
    """The portions rule as stored: 0 is "off" (absent is the default, on)."""
    return 0 if portions is None else portions


def _branch_record(b: Branch) -> BranchRecord:
    return BranchRecord(
        b.id, chain_id=b.chain_id, slug=b.slug, name=b.name, currency=b.currency,
        languages=b.languages, timezone=b.timezone, address=b.address,
        settings={name: getattr(b.settings, name) for name in BranchSettings.LIMITS},
        spending_cap=b.order_safety.spending_cap, approval_threshold=b.order_safety.approval_threshold,
        approval_portions=_stored_portions(b.order_safety.approval_portions),
        archived=True if b.archived else None,
    )


def _table(r: DiningTableRecord) -> DiningTable:
    return DiningTable(
        branch_id=r.branch_id, code=r.code, label=r.label, seats=int(r.seats) if r.seats is not None else None,
        active_session_id=r.active_session_id, pending_session_id=r.pending_session_id,
    )
