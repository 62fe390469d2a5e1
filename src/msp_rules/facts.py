"""The fact document: a case as the rules see it.

The rules test dotted paths into this document. It is the case itself plus two views
that read the decision-specific records for the decision in question (MCA 2005
ss2-3: capacity is about *this* decision at *this* time):

* ``capacity``: the most recent capacity assessment for ``proposal.decision`` that is
  no older than the rule parameter ``capacity_assessment_max_age_days``;
* ``consent``: the most recent consent or refusal recorded for ``proposal.decision``.

No legal threshold lives here: the age limit on assessments is a rule parameter.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any, Literal

from pydantic import Field

from .case import Case, Flag, _Record

CAPACITY_WINDOW_PARAMETER = "capacity_assessment_max_age_days"


class CapacityView(_Record):
    """The current assessment of capacity for the decision in question, if any."""

    assessed: bool = Field(description="A current assessment for this decision is on record.")
    outcome: Literal["has_capacity", "lacks_capacity"] | None = None
    fluctuating: Flag = None
    all_practicable_steps_taken: Flag = None
    inability_because_of_impairment: Flag = None
    assessment_age_days: int | None = None
    stale_assessment_on_record: bool = Field(
        description="An assessment for this decision exists but is older than the accepted period."
    )


class ConsentView(_Record):
    """The adult's most recent response about the decision in question."""

    response: Literal["given", "refused"] | None = None


class FactDocument(Case):
    """A case plus the decision-specific views the rules test."""

    capacity: CapacityView
    consent: ConsentView


def build_facts(case: Case, parameters: dict[str, Any], as_at: date) -> dict[str, Any]:
    """The fact document for ``case`` evaluated on ``as_at``, as plain JSON data."""
    decision = case.proposal.decision
    window = parameters.get(CAPACITY_WINDOW_PARAMETER)
    relevant = [a for a in case.capacity_assessments if decision is not None and a.decision == decision]
    current = [
        a for a in relevant if window is None or (a.assessed_on is not None and (as_at - a.assessed_on).days <= window)
    ]
    latest = max(current, key=lambda a: a.assessed_on or date.min, default=None)
    capacity = CapacityView(
        assessed=latest is not None,
        outcome=latest.outcome if latest else None,
        fluctuating=latest.fluctuating if latest else None,
        all_practicable_steps_taken=latest.all_practicable_steps_taken if latest else None,
        inability_because_of_impairment=latest.inability_because_of_impairment if latest else None,
        assessment_age_days=(as_at - latest.assessed_on).days if latest and latest.assessed_on else None,
        stale_assessment_on_record=len(relevant) > len(current),
    )
    consents = [c for c in case.consents if decision is not None and c.decision == decision]
    last_consent = max(consents, key=lambda c: c.recorded_on or date.min, default=None)
    consent = ConsentView(response=last_consent.response if last_consent else None)
    document = FactDocument(**dict(case), capacity=capacity, consent=consent)
    return document.model_dump(mode="json")


@dataclass(frozen=True)
class FactType:
    """What the case model says about one fact path, for validating rule conditions."""

    kind: Literal["boolean", "integer", "string", "date", "list", "collection", "object"]
    values: tuple[str, ...] | None = None
    """Allowed values of a string fact or of a list's items, where the model fixes them."""
    fields: dict[str, FactType] | None = None
    """For a collection: the fields of each element."""


@cache
def fact_schema() -> dict[str, FactType]:
    """Every path a rule may test, with its type (derived from the case model)."""
    schema = FactDocument.model_json_schema()
    return _walk_object(schema, schema.get("$defs", {}), "")


def _resolve(node: dict[str, Any], defs: dict[str, Any]) -> dict[str, Any]:
    if "$ref" in node:
        return _resolve(defs[node["$ref"].rsplit("/", 1)[-1]], defs)
    options = [o for o in node.get("anyOf", []) if o.get("type") != "null"]
    if len(options) == 1:
        return _resolve(options[0], defs)
    return node


def _walk_object(node: dict[str, Any], defs: dict[str, Any], prefix: str) -> dict[str, FactType]:
    paths: dict[str, FactType] = {}
    for name, raw in node.get("properties", {}).items():
        path = f"{prefix}{name}"
        prop = _resolve(raw, defs)
        if prop.get("type") == "object" or "properties" in prop:
            paths[path] = FactType("object")
            paths.update(_walk_object(prop, defs, path + "."))
        elif prop.get("type") == "array":
            item = _resolve(prop.get("items", {}), defs)
            if "properties" in item:
                paths[path] = FactType("collection", fields=_walk_object(item, defs, ""))
            else:
                paths[path] = FactType("list", values=_enum(item))
        else:
            paths[path] = _scalar(prop)
    return paths


def _enum(node: dict[str, Any]) -> tuple[str, ...] | None:
    if "enum" in node:
        return tuple(node["enum"])
    if "const" in node:
        return (node["const"],)
    return None


def _scalar(node: dict[str, Any]) -> FactType:
    kind = node.get("type")
    if kind == "boolean":
        return FactType("boolean")
    if kind == "integer":
        return FactType("integer")
    if node.get("format") == "date":
        return FactType("date")
    return FactType("string", values=_enum(node))


def fact_type(path: str) -> FactType | None:
    """The type of a fact path, or ``None``; a collection's fields are ``collection.field``."""
    schema = fact_schema()
    if path in schema:
        return schema[path]
    head, _, rest = path.partition(".")
    while rest:
        fact = schema.get(head)
        if fact is not None and fact.kind == "collection" and fact.fields is not None:
            return fact.fields.get(rest)
        step, _, rest = rest.partition(".")
        head = f"{head}.{step}"
    return None


def is_fact_path(path: str) -> bool:
    """Whether ``path`` names a fact of the case model (a collection's fields as ``collection.field``)."""
    return fact_type(path) is not None
