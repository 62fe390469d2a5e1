"""Three-valued evaluation: unknown is never false."""

from __future__ import annotations

from typing import Any

import pytest

from msp_rules.conditions import AllOf, AnyOf, Condition, Derived, FactTest, Known, Not, ParamRef, Quantified
from msp_rules.logic import Tri, evaluate


def value(condition: Condition, facts: dict[str, Any], derived: Tri = Tri.FALSE, **params: Any) -> Tri:
    return evaluate(condition, facts, lambda d: derived, params).value


NEEDS = FactTest("adult.care_and_support_needs", "is", True)
AGE = FactTest("adult.age", "gte", ParamRef("adult_age"))


@pytest.mark.parametrize(("needs", "expected"), [(True, Tri.TRUE), (False, Tri.FALSE), (None, Tri.UNKNOWN)])
def test_a_fact_test(needs: bool | None, expected: Tri) -> None:
    assert value(NEEDS, {"adult": {"care_and_support_needs": needs}}) == expected


def test_not_of_unknown_is_unknown() -> None:
    assert value(Not(NEEDS), {"adult": {}}) == Tri.UNKNOWN


def test_all_and_any_follow_kleene_logic() -> None:
    facts = {"adult": {"care_and_support_needs": None, "age": 70}}
    assert value(AllOf((NEEDS, AGE)), facts, adult_age=18) == Tri.UNKNOWN
    assert value(AnyOf((NEEDS, AGE)), facts, adult_age=18) == Tri.TRUE
    assert value(AllOf((NEEDS, AGE)), facts, adult_age=80) == Tri.FALSE
    assert value(AnyOf((NEEDS, AGE)), facts, adult_age=80) == Tri.UNKNOWN


def test_a_parameter_not_in_force_leaves_the_test_undetermined() -> None:
    assert value(AGE, {"adult": {"age": 70}}) == Tri.UNKNOWN


def test_known_is_always_determined() -> None:
    assert value(Known("adult.age", known=True), {"adult": {}}) == Tri.FALSE
    assert value(Known("adult.age", known=False), {"adult": {}}) == Tri.TRUE


def test_list_operators() -> None:
    facts = {"concern": {"abuse_types": ["financial"]}}
    assert value(FactTest("concern.abuse_types", "contains", "financial"), facts) == Tri.TRUE
    assert value(FactTest("concern.abuse_types", "contains_any", ("sexual", "physical")), facts) == Tri.FALSE
    assert value(FactTest("concern.abuse_types", "contains", "financial"), {"concern": {}}) == Tri.UNKNOWN


APPROPRIATE = AllOf((FactTest("paid_or_professional", "is", False), FactTest("implicated", "is", False)))


@pytest.mark.parametrize(
    ("network", "some", "none", "every"),
    [
        (None, Tri.UNKNOWN, Tri.UNKNOWN, Tri.UNKNOWN),
        ([], Tri.FALSE, Tri.TRUE, Tri.TRUE),
        ([{"paid_or_professional": False, "implicated": False}], Tri.TRUE, Tri.FALSE, Tri.TRUE),
        ([{"paid_or_professional": True}], Tri.FALSE, Tri.TRUE, Tri.FALSE),
        ([{"paid_or_professional": False}], Tri.UNKNOWN, Tri.UNKNOWN, Tri.UNKNOWN),
        ([{"paid_or_professional": True}, {"paid_or_professional": False, "implicated": False}],
         Tri.TRUE, Tri.FALSE, Tri.FALSE),
    ],
)
def test_quantifiers(network: list[dict[str, Any]] | None, some: Tri, none: Tri, every: Tri) -> None:
    facts = {"network": network}
    assert value(Quantified("some", "network", APPROPRIATE), facts) == some
    assert value(Quantified("none", "network", APPROPRIATE), facts) == none
    assert value(Quantified("every", "network", APPROPRIATE), facts) == every


def test_evaluation_records_facts_relied_on_and_unknowns() -> None:
    facts = {"adult": {"care_and_support_needs": True}, "network": [{"paid_or_professional": False}]}
    result = evaluate(AllOf((NEEDS, Quantified("some", "network", APPROPRIATE))), facts, lambda d: Tri.FALSE, {})
    assert result.value == Tri.UNKNOWN
    assert [leaf.path for leaf in result.unknown_leaves()] == ["network[0].implicated"]
    true_part = evaluate(NEEDS, facts, lambda d: Tri.FALSE, {})
    assert [(leaf.path, leaf.fact) for leaf in true_part.leaves()] == [("adult.care_and_support_needs", True)]


def test_why_false_names_the_failing_test() -> None:
    facts = {"adult": {"care_and_support_needs": False, "age": 70}}
    result = evaluate(AllOf((AGE, NEEDS)), facts, lambda d: Tri.FALSE, {"adult_age": 18})
    assert [leaf.path for leaf in result.unmet()] == ["adult.care_and_support_needs"]


def test_derived_conditions_use_the_given_values() -> None:
    grounded = Derived("ground", "G_OTHERS", "applies")
    assert value(grounded, {}, derived=Tri.UNKNOWN) == Tri.UNKNOWN
    assert value(Not(grounded), {}, derived=Tri.TRUE) == Tri.FALSE
