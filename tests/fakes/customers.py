"""The fake of `chalicelib.store.customers.CustomerRepository`."""
from __future__ import annotations

from chalicelib.domain.customers import Customer
from chalicelib.domain.errors import AlreadyExists, Conflict
from tests.fakes.tables import Tables, _copy


class InMemoryCustomers:
    def __init__(self, db: Tables) -> None:
        self.db = db

    def get(self, customer_id: str) -> Customer | None:
        return _copy(self.db.customers.get(customer_id))

    def id_for_phone(self, chain_id: str, phone: str) -> str | None:
        return self.db.lookups.get(f"phone#{chain_id}#{phone}")

    def add(self, customer: Customer) -> None:
        lookup = f"phone#{customer.chain_id}#{customer.phone or ''}"
        if customer.id in self.db.customers or (customer.is_loyalty and lookup in self.db.lookups):
            raise AlreadyExists("This phone number already has a loyalty account.", field="phone")
        if customer.is_loyalty:
            self.db.lookups[lookup] = customer.id
        self.db.customers[customer.id] = _copy(customer)

    def save_profile(self, customer: Customer) -> None:
        stored = self.db.customers.get(customer.id)
        if stored is None:
            raise Conflict("The customer no longer exists.")
        stored.name, stored.email, stored.birth_date = customer.name, customer.email or None, customer.birth_date or None
        stored.avoid_allergens = list(customer.avoid_allergens)
        stored.marketing_consent, stored.consent_at = customer.marketing_consent, customer.consent_at or None

    def record_consent(self, customer_id: str, at: str) -> None:
        stored = self.db.customers.get(customer_id)
        if stored is None:
            raise Conflict("The customer no longer exists.")
        stored.marketing_consent, stored.consent_at = True, stored.consent_at or at

    def members_of_chain(self, chain_id: str) -> list[Customer]:
        return [_copy(c) for _, c in sorted(self.db.customers.items()) if c.chain_id == chain_id and c.is_loyalty]

    def record_visit(self, customer_id: str) -> None:
        if customer_id in self.db.customers:
            self.db.customers[customer_id].visits += 1

    def add_points(self, customer_id: str, points: int) -> None:
        if customer_id in self.db.customers:
            self.db.customers[customer_id].points += points
