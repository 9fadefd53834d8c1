"""Pending phone codes, and a verified phone's claim on its loyalty account (`docs/data-model.md`)."""
from __future__ import annotations

from pynamodb.exceptions import DeleteError, PutError, TransactWriteError, UpdateError

from ..domain.customers import RegistrationMode
from ..domain.errors import AlreadyExists
from ..domain.phone_verification import MAX_TRIES, PhoneVerification
from .dynamodb import TransactWrite, _condition_failed, _get, lookup_key
from .models import CustomerRecord, LookupRecord, PhoneVerificationRecord

KEY_PREFIX = "phone-verification#"


def _key(customer_id: str) -> str:
    return KEY_PREFIX + customer_id


def _verification(r: PhoneVerificationRecord) -> PhoneVerification:
    return PhoneVerification(
        customer_id=r.key[len(KEY_PREFIX):], chain_id=r.chain_id, phone=r.phone, code_hash=r.code_hash,
        sent_at=int(r.sent_at), expires_at=int(r.expires_at), tries=int(r.tries or 0),
    )


class PhoneVerificationRepository:
    def get(self, customer_id: str) -> PhoneVerification | None:
        record = _get(PhoneVerificationRecord, _key(customer_id))
        return None if record is None else _verification(record)

    def replace(self, verification: PhoneVerification, resend_interval_s: int) -> bool:
        """Stores a new code in place of the guest's last one, unless that one was sent less
        than `resend_interval_s` ago (one conditional write: two resends at once send one code)."""
        record = PhoneVerificationRecord(
            _key(verification.customer_id), chain_id=verification.chain_id, phone=verification.phone,
            code_hash=verification.code_hash, sent_at=verification.sent_at, expires_at=verification.expires_at,
            tries=0,
        )
        try:
            record.save(condition=PhoneVerificationRecord.key.does_not_exist()
                        | (PhoneVerificationRecord.sent_at <= verification.sent_at - resend_interval_s))
        except PutError as exc:
            if _condition_failed(exc):
                return False
            raise
        return True

    def count_try(self, customer_id: str, code_hash: str) -> PhoneVerification | None:
        """Counts one try at the code stored as `code_hash`; None once its tries are used up
        (or it was replaced or used meanwhile). Returns the verification with the try counted."""
        record = PhoneVerificationRecord(_key(customer_id))
        try:
            record.update(
                actions=[PhoneVerificationRecord.tries.add(1)],
                condition=(PhoneVerificationRecord.code_hash == code_hash)
                & (PhoneVerificationRecord.tries < MAX_TRIES),
            )
        except UpdateError as exc:
            if _condition_failed(exc):
                return None
            raise
        return _verification(record)

    def consume(self, customer_id: str, code_hash: str) -> bool:
        """Deletes the code that was just entered right; False if another request used it first."""
        try:
            PhoneVerificationRecord(_key(customer_id)).delete(condition=PhoneVerificationRecord.code_hash == code_hash)
        except DeleteError as exc:
            if _condition_failed(exc):
                return False
            raise
        return True

    def claim_phone(self, customer_id: str, chain_id: str, phone: str) -> None:
        """The guest becomes the chain's loyalty account of `phone`: the phone's lookup item and
        the customer's mode in one transaction, the lookup only if no account has the phone."""
        try:
            with TransactWrite() as tx:
                tx.save(LookupRecord(lookup_key("phone", chain_id, phone), target_id=customer_id),
                        condition=LookupRecord.key.does_not_exist())
                tx.update(CustomerRecord(customer_id),
                          actions=[CustomerRecord.mode.set(RegistrationMode.LOYALTY.value),
                                   CustomerRecord.phone.set(phone)],
                          condition=CustomerRecord.customer_id.exists())
        except TransactWriteError as exc:
            if _condition_failed(exc):
                raise AlreadyExists("This phone number already has a loyalty account.", field="phone") from exc
            raise
