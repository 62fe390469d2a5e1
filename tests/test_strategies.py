"""The hypothesis strategies generate valid, varied cases and honour their options."""

from __future__ import annotations

from datetime import date
from collections.abc import Callable, Iterable
from typing import Annotated, Any, Literal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel, Field

from msp_rules import CaseValidationError, parse_case
from msp_rules.case import Case
from msp_rules.facts import build_facts
from msp_rules.testing import DEFAULT_AS_AT
from msp_rules.testing.strategies import (
    capacity_assessments,
    cases,
    maybe_unknown,
    network_members,
    records,
    with_facts,
)

FAST = settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow], deadline=None)


def optional_leaves(record: BaseModel, prefix: str = "") -> dict[str, Any]:
    """Every field that may be unknown (annotated ``X | None``), by dotted path."""
    found: dict[str, Any] = {}
    for name, info in type(record).model_fields.items():
        value = getattr(record, name)
        path = prefix + name
        if isinstance(value, BaseModel):
            found.update(optional_leaves(value, path + "."))
        elif "None" in str(info.annotation):
            found[path] = value
    return found


@FAST
@given(cases())
def test_generated_cases_are_valid_and_round_trip(case: Case) -> None:
    assert parse_case(case.model_dump(mode="json")) == case


@FAST
@given(cases(unknown_rate=0))
def test_unknown_rate_zero_leaves_nothing_unknown(case: Case) -> None:
    assert all(value is not None for value in optional_leaves(case).values())


@FAST
@given(cases(unknown_rate=1))
def test_unknown_rate_one_leaves_everything_unknown(case: Case) -> None:
    assert all(value is None for value in optional_leaves(case).values())


def observed(strategy: st.SearchStrategy[Case], label: Callable[[Case], Iterable[str]]) -> set[str]:
    """The labels seen over a reproducible run of generated cases."""
    seen: set[str] = set()

    @settings(FAST, max_examples=150, derandomize=True, database=None)
    @given(strategy)
    def run(case: Case) -> None:
        seen.update(label(case))

    run()
    return seen


def test_unknown_and_known_empty_lists_are_both_generated() -> None:
    kinds = observed(cases(), lambda c: ["unknown" if c.network is None else "empty" if not c.network else "some"])
    assert kinds == {"unknown", "empty", "some"}


def test_consents_and_assessments_often_concern_the_proposal() -> None:
    def views(case: Case) -> list[str]:
        facts = build_facts(case, {"capacity_assessment_max_age_days": 90}, DEFAULT_AS_AT)
        return [f"consent={facts['consent']['response']}", f"capacity={facts['capacity']['outcome']}",
                f"stale={facts['capacity']['stale_assessment_on_record']}"]

    assert {"consent=refused", "consent=given", "capacity=lacks_capacity", "capacity=has_capacity",
            "stale=True"} <= observed(cases(), views)


@FAST
@given(cases(overrides={"adult.age": st.just(40), "network.implicated": st.just(False),
                        "consents.response": st.just("refused")}))
def test_overrides_reach_nested_fields_and_list_elements(case: Case) -> None:
    assert case.adult.age == 40
    assert all(member.implicated is False for member in case.network or [])
    assert all(consent.response == "refused" for consent in case.consents)


@FAST
@given(capacity_assessments(decision="residence", as_at=date(2030, 1, 1)))
def test_assessments_for_a_named_decision_dated_before_as_at(assessment: Any) -> None:
    assert assessment.decision == "residence"
    assert assessment.assessed_on is None or assessment.assessed_on <= date(2030, 1, 1)


@FAST
@given(network_members(unknown_rate=0))
def test_smaller_strategies(member: Any) -> None:
    assert member.paid_or_professional is not None and member.implicated is not None


def test_unknown_field_in_overrides_is_refused() -> None:
    with pytest.raises(KeyError, match="no field 'agee'"):
        cases(overrides={"adult.agee": st.just(3)})


@pytest.mark.parametrize("rate", [-0.1, 1.5])
def test_rate_out_of_range_is_refused(rate: float) -> None:
    with pytest.raises(ValueError, match="unknown_rate"):
        maybe_unknown(st.just(1), rate)


class _Future(BaseModel):
    """A stand-in for a field the case model may gain."""

    level: Literal["a", "b"] | None = None
    count: Annotated[int | None, Field(ge=5, le=7)] = None
    seen: date | None = None
    tags: list[Literal["x", "y"]] | None = None


@FAST
@given(records(_Future, unknown_rate=0))
def test_records_derive_from_any_model(record: _Future) -> None:
    assert record.level in ("a", "b")
    assert record.count is not None and 5 <= record.count <= 7
    assert record.seen is not None and record.seen <= DEFAULT_AS_AT
    assert record.tags is not None and len(set(record.tags)) == len(record.tags)


def test_unsupported_field_type_names_the_field() -> None:
    class Odd(BaseModel):
        blob: bytes

    with pytest.raises(TypeError, match=r"Odd\.blob"):
        records(Odd)


def test_with_facts_sets_paths_and_validates() -> None:
    case = with_facts(Case(), {"adult.age": 70, "concern.risk_level": "high", "network": []})
    assert (case.adult.age, case.concern.risk_level, case.network) == (70, "high", [])
    with pytest.raises(CaseValidationError, match="risk_level"):
        with_facts(case, {"concern.risk_level": "extreme"})
    with pytest.raises(KeyError, match="adult.nope"):
        with_facts(case, {"adult.nope": 1})
