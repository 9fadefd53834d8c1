"""Diners' accounts (guest or loyalty), a loyalty account's phone claimed in its chain."""
from __future__ import annotations

from pynamodb.exceptions import TransactWriteError

from ..domain.customers import Customer, RegistrationMode
from ..domain.errors import AlreadyExists
from .dynamodb import TransactWrite, _condition_failed, _get, lookup_key
from .models import CustomerRecord, LookupRecord


class CustomerRepository:
    def get(self, customer_id: str) -> Customer | None:
        record = _get(CustomerRecord, customer_id)
        return None if record is None else _customer(record)

    def id_for_phone(self, chain_id: str, phone: str) -> str | None:
        record = _get(LookupRecord, lookup_key("phone", chain_id, phone))
        return None if record is None else record.target_id

    def add(self, customer: Customer) -> None:
        """Stores a new customer; a loyalty customer also claims their phone in the chain."""
        record = _customer_record(customer)
        if not customer.is_loyalty:
            record.save(condition=CustomerRecord.customer_id.does_not_exist())
            return
        try:
            with TransactWrite() as tx:
                tx.save(
                    LookupRecord(lookup_key("phone", customer.chain_id, customer.phone or ""), target_id=customer.id),
                    condition=LookupRecord.key.does_not_exist(),
                )
                tx.save(record, condition=CustomerRecord.customer_id.does_not_exist())
        except TransactWriteError as exc:
            if _condition_failed(exc):
                raise AlreadyExists("This phone number already has a loyalty account.", field="phone") from exc
            raise

    def save_profile(self, customer: Customer) -> None:
        CustomerRecord(customer.id).update(
            actions=[
                CustomerRecord.name.set(customer.name),
                CustomerRecord.email.set(customer.email) if customer.email else CustomerRecord.email.remove(),
                CustomerRecord.birth_date.set(customer.birth_date) if customer.birth_date else CustomerRecord.birth_date.remove(),
                CustomerRecord.avoid_allergens.set(list(customer.avoid_allergens)),
                CustomerRecord.marketing_consent.set(customer.marketing_consent),
                CustomerRecord.consent_at.set(customer.consent_at) if customer.consent_at
                else CustomerRecord.consent_at.remove(),
            ],
            condition=CustomerRecord.customer_id.exists(),
        )

    def record_consent(self, customer_id: str, at: str) -> None:
        """The customer agrees to offers and news; the time of a consent already given stays."""
        CustomerRecord(customer_id).update(
            actions=[CustomerRecord.marketing_consent.set(True),
                     CustomerRecord.consent_at.set(CustomerRecord.consent_at | at)],
            condition=CustomerRecord.customer_id.exists(),
        )

    def members_of_chain(self, chain_id: str) -> list[Customer]:
        records = CustomerRecord.by_chain.query(chain_id, filter_condition=CustomerRecord.mode == RegistrationMode.LOYALTY.value)
        return [_customer(r) for r in records]

    def record_visit(self, customer_id: str) -> None:
        CustomerRecord(customer_id).update(actions=[CustomerRecord.visits.add(1)])

    def add_points(self, customer_id: str, points: int) -> None:
        CustomerRecord(customer_id).update(actions=[CustomerRecord.points.add(points)])


def _customer(r: CustomerRecord) -> Customer:
    return Customer(
        id=r.customer_id, chain_id=r.chain_id, mode=RegistrationMode(r.mode), name=r.name,
        created_at=r.created_at, phone=r.phone, email=r.email, birth_date=r.birth_date,
        points=int(r.points or 0), visits=int(r.visits or 0), avoid_allergens=list(r.avoid_allergens or []),
        marketing_consent=bool(r.marketing_consent), consent_at=r.consent_at,
    )


customer_from_record = _customer  # the stream's readers (reports' facts) decode images with it


def _customer_record(c: Customer) -> CustomerRecord:
    return CustomerRecord(
        c.id, chain_id=c.chain_id, mode=c.mode.value, name=c.name, phone=c.phone, email=c.email,
        birth_date=c.birth_date, points=c.points, visits=c.visits, created_at=c.created_at,
        avoid_allergens=list(c.avoid_allergens), marketing_consent=c.marketing_consent, consent_at=c.consent_at,
    )
