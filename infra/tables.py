"""The DynamoDB tables of a stage, built from the PynamoDB models so the two cannot drift.

Everything a table is comes from its model: name (the stage's prefix + the model's short
name), keys, attribute definitions, global secondary indexes with their projections, the
stream view type and the TTL attribute. The template adds what a model cannot say:
on-demand billing (the models ask for it too), point-in-time recovery and, in production,
deletion protection and a Retain policy.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pynamodb.attributes import TTLAttribute
from pynamodb.models import Model

from chalicelib.config import settings
from chalicelib.store.models import ALL_MODELS, STREAM_MODELS

from .stages import Stage


@dataclass(frozen=True)
class TableSpec:
    model: type[Model]
    short_name: str  # e.g. "dining-tables"

    @property
    def logical_id(self) -> str:
        return "".join(part.capitalize() for part in self.short_name.split("-")) + "Table"

    @property
    def index_names(self) -> list[str]:
        return [index["index_name"] for index in self.model._get_schema()["global_secondary_indexes"]]

    @property
    def stream_view_type(self) -> str | None:
        return getattr(self.model.Meta, "stream_view_type", None)

    @property
    def ttl_attribute(self) -> str | None:
        names = [a.attr_name for a in self.model.get_attributes().values() if isinstance(a, TTLAttribute)]
        return names[0] if names else None


def short_name(model: type[Model]) -> str:
    """The table's name without the prefix the running process was configured with."""
    name = model.Meta.table_name
    if not name.startswith(settings.table_prefix):
        raise ValueError(f"{model.__name__}: table {name!r} does not start with {settings.table_prefix!r}")
    return name[len(settings.table_prefix):]


def table_specs() -> list[TableSpec]:
    return [TableSpec(model, short_name(model)) for model in ALL_MODELS]


def stream_specs() -> list[TableSpec]:
    return [spec for spec in table_specs() if spec.model in STREAM_MODELS]


def _keys(key_schema: list[dict[str, str]]) -> list[dict[str, str]]:
    ordered = sorted(key_schema, key=lambda k: 0 if k["KeyType"] == "HASH" else 1)
    return [{"AttributeName": k["AttributeName"], "KeyType": k["KeyType"]} for k in ordered]


def table_properties(spec: TableSpec, stage: Stage) -> dict[str, Any]:
    schema = spec.model._get_schema()
    definitions = {d["AttributeName"]: d["AttributeType"] for d in schema["attribute_definitions"]}
    properties: dict[str, Any] = {
        "TableName": stage.table_name(spec.short_name),
        "BillingMode": "PAY_PER_REQUEST",
        "AttributeDefinitions": [{"AttributeName": n, "AttributeType": t} for n, t in sorted(definitions.items())],
        "KeySchema": _keys(schema["key_schema"]),
        "PointInTimeRecoverySpecification": {"PointInTimeRecoveryEnabled": True},
        "SSESpecification": {"SSEEnabled": True},
    }
    if schema["global_secondary_indexes"]:
        properties["GlobalSecondaryIndexes"] = [
            {"IndexName": index["index_name"], "KeySchema": _keys(index["key_schema"]),
             "Projection": _projection(index["projection"])}
            for index in schema["global_secondary_indexes"]
        ]
    if schema["local_secondary_indexes"]:
        raise NotImplementedError(f"{spec.model.__name__}: local secondary indexes are not templated yet")
    if spec.stream_view_type:
        properties["StreamSpecification"] = {"StreamViewType": spec.stream_view_type}
    if spec.ttl_attribute:
        properties["TimeToLiveSpecification"] = {"AttributeName": spec.ttl_attribute, "Enabled": True}
    if stage.is_production:
        properties["DeletionProtectionEnabled"] = True
    return properties


def _projection(projection: dict[str, Any]) -> dict[str, Any]:
    out = {"ProjectionType": projection["ProjectionType"]}
    if projection.get("NonKeyAttributes"):
        out["NonKeyAttributes"] = list(projection["NonKeyAttributes"])
    return out


def table_resources(stage: Stage) -> dict[str, Any]:
    policy = "Retain" if stage.is_production else "Delete"
    return {
        spec.logical_id: {
            "Type": "AWS::DynamoDB::Table",
            "DeletionPolicy": policy,
            "UpdateReplacePolicy": policy,
            "Properties": table_properties(spec, stage),
        }
        for spec in table_specs()
    }
