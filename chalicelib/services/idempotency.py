"""Doing a creating request once per Idempotency-Key, with Powertools' idempotency utility.

A use case takes a `Once` (the request's key and body, and where the records are kept) and
runs its own work through it: the first call stores the domain result, a replay with the same
key and body returns that result rebuilt, and the handler presents either the same way. Nothing
here calls back into the API layer."""
from __future__ import annotations

import dataclasses
import types
import typing
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import Enum
from typing import Any, TypeVar

from ..domain.errors import IdempotencyKeyReused, RequestInProgress

T = TypeVar("T")
EXPIRES_AFTER_S = 24 * 3600
RECORD_FORMAT = 2  # the record holds the domain result (format 1, before issue 15: the presented answer)


@dataclass(frozen=True)
class Once:
    """A creating request's promise to act once: its Idempotency-Key ("" when it sent none: the
    work just runs), its body (a replay must repeat it), the Lambda's context (an in-progress
    record expires with the invocation) and a getter of the persistence layer (Powertools'
    `DynamoDBPersistenceLayer` from bootstrap; called only when there is a key)."""

    key: str = ""
    body: dict[str, Any] = field(default_factory=dict)
    lambda_context: Any = None
    store: Callable[[], Any] | None = None

    def run(self, scope: str, result: type[T], action: Callable[[], T]) -> T:
        """`action()` once per (scope, key) for 24 h; a replay returns the first result, rebuilt
        as `result`. The same key with another body is refused, and so is one still running."""
        if not self.key:
            return action()
        if self.store is None:
            raise ValueError("An idempotent request needs a persistence layer.")
        from aws_lambda_powertools.utilities.idempotency import IdempotencyConfig, idempotent_function
        from aws_lambda_powertools.utilities.idempotency.exceptions import (
            IdempotencyAlreadyInProgressError,
            IdempotencyValidationError,
        )
        from aws_lambda_powertools.utilities.idempotency.serialization.custom_dict import CustomDictSerializer

        config = IdempotencyConfig(
            event_key_jmespath="key", payload_validation_jmespath="body", expires_after_seconds=EXPIRES_AFTER_S,
        )
        if self.lambda_context is not None and hasattr(self.lambda_context, "get_remaining_time_in_millis"):
            config.register_lambda_context(self.lambda_context)
        serializer = CustomDictSerializer(to_dict=lambda answer: {"format": RECORD_FORMAT, "result": plain(answer)},
                                          from_dict=lambda record: replayed(result, record))

        def work(request: dict[str, Any]) -> T:
            return action()

        # Records are keyed by the wrapped function's module and qualified name: kept as it was
        # before issue 15, so a retry across that deploy finds its record (and gets a 409).
        work.__qualname__ = "run_once.<locals>.once"
        once = idempotent_function(work, data_keyword_argument="request", persistence_store=self.store(),
                                   config=config, output_serializer=serializer)
        try:
            answer: T = once(request={"key": f"{scope}:{self.key}", "body": self.body})
        except IdempotencyValidationError as exc:
            raise IdempotencyKeyReused("This Idempotency-Key was used with a different request body.") from exc
        except IdempotencyAlreadyInProgressError as exc:
            raise RequestInProgress("The same request is still being processed; retry in a moment.") from exc
        return answer


NO_KEY = Once()


def replayed(kind: type[T], record: dict[str, Any]) -> T:
    """The result a stored record holds; one of before the record held domain results is a 409."""
    if record.get("format") != RECORD_FORMAT:
        raise IdempotencyKeyReused("This Idempotency-Key was used before the service was updated and its answer "
                                   "cannot be replayed: read the current state before sending the request again.")
    answer: T = rebuilt(kind, record["result"])
    return answer


# -- a domain result as the idempotency record keeps it ---------------------------------------
def plain(value: Any) -> Any:
    """A domain result (dataclasses, enums, lists, dicts of them) as JSON-ready data."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: plain(getattr(value, f.name)) for f in dataclasses.fields(value) if f.init}
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, list | tuple):
        return [plain(item) for item in value]
    if isinstance(value, dict):
        return {key: plain(item) for key, item in value.items()}
    return value


def rebuilt(kind: Any, data: Any) -> Any:
    """The inverse of `plain`, led by the type hints of the result's dataclasses."""
    if data is None:
        return None
    origin, args = typing.get_origin(kind), typing.get_args(kind)
    if origin in (typing.Union, types.UnionType):
        options = [option for option in args if option is not type(None)]
        if len(options) != 1:
            raise TypeError(f"{kind}: a stored result's field may be one type or None")
        return rebuilt(options[0], data)
    if origin is list:
        return [rebuilt(args[0], item) for item in data]
    if origin is tuple:
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(rebuilt(args[0], item) for item in data)
        return tuple(rebuilt(arg, item) for arg, item in zip(args, data, strict=True))
    if origin is dict:
        return {key: rebuilt(args[1], item) for key, item in data.items()}
    if isinstance(kind, type) and dataclasses.is_dataclass(kind):
        hints = typing.get_type_hints(kind)
        return kind(**{f.name: rebuilt(hints[f.name], data[f.name])
                       for f in dataclasses.fields(kind) if f.init and f.name in data})
    if isinstance(kind, type) and issubclass(kind, Enum):
        return kind(data)
    return data
