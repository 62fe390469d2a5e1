"""Hypothesis strategies for valid case records, derived from the case model.

Every strategy walks the pydantic model, so a field added to :mod:`msp_rules.case` is
generated without changes here. Facts that a record may lack are left unknown (``None``)
with probability ``unknown_rate``; lists that may be unknown are ``None``, empty or
filled, so "unknown" and "known: none" are both exercised.

>>> from hypothesis import given
>>> from msp_rules.testing.strategies import cases
>>> @given(cases(unknown_rate=0.2))
... def test_never_crashes(case): ...

``overrides`` maps a dotted field path (relative to the model generated) to a strategy
for that field, e.g. ``cases(overrides={"adult.age": st.integers(18, 95)})``. For a
field inside list elements use the list's name: ``{"network.implicated": st.just(False)}``.
"""

from __future__ import annotations

import types
import typing
from collections.abc import Mapping
from datetime import date, timedelta
from typing import Any, Literal, TypeVar, Union, get_args, get_origin

import annotated_types
from hypothesis import strategies as st
from pydantic import BaseModel
from pydantic.fields import FieldInfo

from ..api import parse_case
from ..case import (
    AdvanceDecision,
    AllegedPerpetrator,
    CapacityAssessment,
    Case,
    ConsentRecord,
    LegalAuthority,
    NetworkMember,
    Proposal,
)
from ._defaults import DEFAULT_AS_AT

M = TypeVar("M", bound=BaseModel)
T = TypeVar("T")
Overrides = Mapping[str, st.SearchStrategy[Any]]

DEFAULT_UNKNOWN_RATE = 0.3
DEFAULT_MAX_ITEMS = 3
DATE_SPAN_DAYS = 730
"""Generated dates fall in the two years up to ``as_at``."""
RECENT_DAYS = 60
"""Most generated assessment and consent dates fall this close to ``as_at``."""

_COIN_BITS = 12


def maybe_unknown(strategy: st.SearchStrategy[T], unknown_rate: float) -> st.SearchStrategy[T | None]:
    """``strategy``, or ``None`` (unknown) with probability ``unknown_rate``; shrinks towards unknown."""
    _check_rate(unknown_rate)
    if unknown_rate == 0:
        return strategy
    if unknown_rate == 1:
        return st.none()
    return _unknown_or(strategy, unknown_rate)


def records(model: type[M], *, unknown_rate: float = DEFAULT_UNKNOWN_RATE, as_at: date = DEFAULT_AS_AT,
            max_items: int = DEFAULT_MAX_ITEMS, overrides: Overrides | None = None) -> st.SearchStrategy[M]:
    """Valid instances of any record of the case model (or any pydantic model built the same way)."""
    _check_rate(unknown_rate)
    options = _Options(unknown_rate, as_at, max_items)
    return _model(model, options, dict(overrides or {}), model.__name__)


def cases(*, unknown_rate: float = DEFAULT_UNKNOWN_RATE, as_at: date = DEFAULT_AS_AT,
          max_items: int = DEFAULT_MAX_ITEMS, overrides: Overrides | None = None) -> st.SearchStrategy[Case]:
    """Valid :class:`~msp_rules.case.Case` records with realistic partial unknowns.

    About half the consents and capacity assessments concern the proposal's decision (the
    ones the rules read), the rest other decisions; dates are spread so that some
    assessments are current on ``as_at`` and some stale. ``overrides`` (dotted paths) win
    over all of this.
    """
    given = dict(overrides or {})
    kwargs: dict[str, Any] = {"unknown_rate": unknown_rate, "as_at": as_at, "max_items": max_items}
    decided = {"consents": consents, "capacity_assessments": capacity_assessments}
    placeholders = {name: st.none() for name in ["proposal", *decided] if name not in given}
    _check_rate(unknown_rate)
    rest = _field_values(Case, _Options(unknown_rate, as_at, max_items), {**given, **placeholders}, "Case")
    proposal = given.get("proposal", records(Proposal, overrides=_below(given, "proposal"), **kwargs))
    focused = {
        name: st.lists(st.tuples(st.booleans(), make(overrides=_below(given, name), **kwargs)), max_size=max_items)
        for name, make in decided.items() if name not in given
    }

    @st.composite
    def build(draw: st.DrawFn) -> Case:
        values = draw(rest)
        chosen = values["proposal"] if "proposal" in given else draw(proposal)
        values["proposal"] = chosen
        for name, strategy in focused.items():
            values[name] = [
                item.model_copy(update={"decision": chosen.decision}) if focus and chosen.decision else item
                for focus, item in draw(strategy)
            ]
        return Case(**values)

    return build()


def network_members(**kwargs: Any) -> st.SearchStrategy[NetworkMember]:
    """People in the adult's network (appropriate-person candidates)."""
    return records(NetworkMember, **kwargs)


def perpetrators(**kwargs: Any) -> st.SearchStrategy[AllegedPerpetrator]:
    """Alleged perpetrators."""
    return records(AllegedPerpetrator, **kwargs)


def legal_authorities(**kwargs: Any) -> st.SearchStrategy[LegalAuthority]:
    """Lasting or enduring powers of attorney and deputyships."""
    return records(LegalAuthority, **kwargs)


def advance_decisions(**kwargs: Any) -> st.SearchStrategy[AdvanceDecision]:
    """Advance decisions to refuse treatment."""
    return records(AdvanceDecision, **kwargs)


def consents(*, decision: str | st.SearchStrategy[str] | None = None, unknown_rate: float = DEFAULT_UNKNOWN_RATE,
             as_at: date = DEFAULT_AS_AT, overrides: Overrides | None = None,
             **kwargs: Any) -> st.SearchStrategy[ConsentRecord]:
    """Consents and refusals; ``decision`` fixes (or draws) the decision they concern."""
    return records(ConsentRecord, unknown_rate=unknown_rate, as_at=as_at, overrides={
        **_dated(decision, "recorded_on", unknown_rate, as_at), **(overrides or {})}, **kwargs)


def capacity_assessments(*, decision: str | st.SearchStrategy[str] | None = None,
                         unknown_rate: float = DEFAULT_UNKNOWN_RATE, as_at: date = DEFAULT_AS_AT,
                         overrides: Overrides | None = None, **kwargs: Any) -> st.SearchStrategy[CapacityAssessment]:
    """Capacity assessments, most of them recent; ``decision`` fixes (or draws) the decision assessed."""
    return records(CapacityAssessment, unknown_rate=unknown_rate, as_at=as_at, overrides={
        **_dated(decision, "assessed_on", unknown_rate, as_at), **(overrides or {})}, **kwargs)


def with_facts(case: Case, facts: Mapping[str, Any]) -> Case:
    """A copy of ``case`` with the dotted fact paths set (``None`` = unknown), validated again.

    Raises :class:`~msp_rules.errors.CaseValidationError` if a value does not fit the model.
    """
    data = case.model_dump(mode="json")
    for path, value in facts.items():
        *parents, leaf = path.split(".")
        node = data
        for step in parents:
            if not isinstance(node.get(step), dict):
                raise KeyError(f"{path!r} is not a field path of the case model")
            node = node[step]
        if leaf not in node:
            raise KeyError(f"{path!r} is not a field path of the case model")
        node[leaf] = value.model_dump(mode="json") if isinstance(value, BaseModel) else value
    return parse_case(data)


@st.composite
def _unknown_or(draw: st.DrawFn, strategy: st.SearchStrategy[T], unknown_rate: float) -> T | None:
    return None if draw(_coin(unknown_rate)) else draw(strategy)


def _check_rate(unknown_rate: float) -> None:
    if not 0 <= unknown_rate <= 1:
        raise ValueError(f"unknown_rate must be between 0 and 1, not {unknown_rate}")


@st.composite
def _coin(draw: st.DrawFn, probability: float) -> bool:
    """True with ``probability``, from fair bits (hypothesis skews integers and floats towards edges).

    The bits read as a binary fraction U in [0, 1); the result is U < probability, so
    shrinking the bits to zero gives True.
    """
    for position in range(1, _COIN_BITS + 1):
        digit = int(probability * 2**position) % 2
        bit = int(draw(st.booleans()))
        if bit != digit:
            return bit < digit
    return False


# -- derivation from the model ------------------------------------------------------------


class _Options(typing.NamedTuple):
    unknown_rate: float
    as_at: date
    max_items: int


def _model(model: type[M], options: _Options, overrides: dict[str, st.SearchStrategy[Any]],
           where: str) -> st.SearchStrategy[M]:
    return _field_values(model, options, overrides, where).map(lambda values: model(**values))


def _field_values(model: type[BaseModel], options: _Options, overrides: dict[str, st.SearchStrategy[Any]],
                  where: str) -> st.SearchStrategy[dict[str, Any]]:
    fields = {
        name: overrides[name] if name in overrides
        else _field(info, options, _below(overrides, name), f"{where}.{name}")
        for name, info in model.model_fields.items()
    }
    stray = sorted({k.split(".", 1)[0] for k in overrides} - set(model.model_fields))
    if stray:
        raise KeyError(f"{where} has no field {stray[0]!r}")
    return st.fixed_dictionaries(fields)


def _field(info: FieldInfo, options: _Options, overrides: dict[str, st.SearchStrategy[Any]],
           where: str) -> st.SearchStrategy[Any]:
    annotation, optional = _strip_none(info.annotation)
    strategy = _value(annotation, info.metadata, options, overrides, where)
    return maybe_unknown(strategy, options.unknown_rate) if optional else strategy


def _value(annotation: Any, metadata: list[Any], options: _Options, overrides: dict[str, st.SearchStrategy[Any]],
           where: str) -> st.SearchStrategy[Any]:
    origin = get_origin(annotation)
    if origin is Literal:
        return st.sampled_from(get_args(annotation))
    if origin is list:
        (item,) = get_args(annotation)
        item_strategy = _value(item, [], options, overrides, where)
        unique = get_origin(item) is Literal
        return st.lists(item_strategy, max_size=options.max_items, unique=unique)
    if origin is typing.Annotated:
        inner, *extra = get_args(annotation)
        return _value(inner, [*metadata, *extra], options, overrides, where)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return _model(annotation, options, overrides, where)
    if annotation is bool:
        return st.booleans()
    if annotation is int:
        low = next((int(m.ge) for m in metadata if isinstance(m, annotated_types.Ge)), 0)  # type: ignore[call-overload]
        high = next((int(m.le) for m in metadata if isinstance(m, annotated_types.Le)), low + DATE_SPAN_DAYS)  # type: ignore[call-overload]
        return st.integers(low, high)
    if annotation is float:
        return st.floats(0, 1000, allow_nan=False)
    if annotation is date:
        return st.dates(options.as_at - timedelta(days=DATE_SPAN_DAYS), options.as_at)
    if annotation is str:
        return st.text(st.characters(min_codepoint=ord("a"), max_codepoint=ord("z")), min_size=1, max_size=10)
    raise TypeError(f"no strategy for {where} ({annotation!r}); pass one in overrides")


def _strip_none(annotation: Any) -> tuple[Any, bool]:
    if get_origin(annotation) in (Union, types.UnionType):
        others = [a for a in get_args(annotation) if a is not type(None)]
        if len(others) < len(get_args(annotation)):
            return (others[0] if len(others) == 1 else Union[tuple(others)]), True
    return annotation, False


def _below(overrides: Mapping[str, st.SearchStrategy[Any]], name: str) -> dict[str, st.SearchStrategy[Any]]:
    prefix = name + "."
    return {k[len(prefix):]: v for k, v in overrides.items() if k.startswith(prefix)}


def _dated(decision: str | st.SearchStrategy[str] | None, date_field: str, unknown_rate: float,
           as_at: date) -> dict[str, st.SearchStrategy[Any]]:
    recent = st.dates(as_at - timedelta(days=RECENT_DAYS), as_at)
    older = st.dates(as_at - timedelta(days=DATE_SPAN_DAYS), as_at)
    chosen: dict[str, st.SearchStrategy[Any]] = {date_field: maybe_unknown(st.one_of(recent, recent, older), unknown_rate)}
    if decision is not None:
        chosen["decision"] = decision if isinstance(decision, st.SearchStrategy) else st.just(decision)
    return chosen
