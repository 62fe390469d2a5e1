"""Legal invariants, stated over the Decision API and the case's facts, checked on generated cases.

Profiles: ``ci`` (the default, modest) and ``long``; choose with the environment variable
``MSP_RULES_HYPOTHESIS_PROFILE=long``.
"""

from __future__ import annotations

import os
import re
from typing import Any

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from msp_rules import Decision, decide
from msp_rules.case import Case
from msp_rules.decision import Answer
from msp_rules.api import bundled_rules
from msp_rules.conditions import Known, walk
from msp_rules.facts import build_facts, fact_schema
from msp_rules.logic import lookup
from msp_rules.testing import DEFAULT_AS_AT
from msp_rules.testing.strategies import cases, with_facts

_COMMON: dict[str, Any] = {"deadline": None, "suppress_health_check": [HealthCheck.too_slow]}
settings.register_profile("ci", max_examples=100, **_COMMON)
settings.register_profile("long", max_examples=2000, **_COMMON)
PROFILE = settings.get_profile(os.environ.get("MSP_RULES_HYPOTHESIS_PROFILE", "ci"))

CAPACITOUS = {"has_capacity", "presumed_capacitous", "outside_mca"}
OVERRIDE_STRENGTH = {"not_permitted": 0, "ground_specific_steps_only": 1, "permitted_if_justified": 2}
"""How far an answer to 'may we act without consent?' departs from the adult's refusal."""

DECISION = "share_information"
REFUSED = [{"decision": DECISION, "response": "refused", "recorded_on": "2026-05-01"}]
GIVEN = [{"decision": DECISION, "response": "given", "recorded_on": "2026-05-01"}]
LACKS_CAPACITY = [{"decision": DECISION, "outcome": "lacks_capacity", "assessed_on": "2026-05-01"}]

TIER_A_FACTS: list[dict[str, Any]] = [
    {"concern.legal_requirement_to_act": True},
    {"others_at_risk.children": True, "others_at_risk.risk_of_serious_harm": True},
    {"concern.suspected_crime": True, "concern.crime_seriousness": "serious"},
    {"concern.risk_level": "life_threatening"},
]
"""Facts that, on their own, establish a ground able to justify acting without consent."""

about_the_decision = cases(overrides={"proposal.decision": st.just(DECISION)})


def decided(case: Case) -> Decision:
    return decide(case, engine="reference", as_at=DEFAULT_AS_AT)


def answer(decision: Decision, key: str) -> Answer:
    return decision.answer(key)


def value(decision: Decision, key: str) -> str | None:
    found = answer(decision, key)
    return found.value if found.status in ("established", "default") else None


def applying_grounds(decision: Decision, tier: str | None = None) -> set[str]:
    return {g.id for g in decision.grounds if g.status == "applies" and tier in (None, g.tier)}


def required(decision: Decision) -> set[str]:
    return {a.id for a in decision.required_actions if a.status == "required"}


def outcome(decision: Decision) -> tuple[Any, ...]:
    """What a practitioner acts on: answers, grounds and actions with their status."""
    return (tuple((a.key, a.status, a.value) for a in decision.answers),
            tuple((g.id, g.status) for g in decision.grounds),
            tuple((a.id, a.status) for a in decision.required_actions))


@PROFILE
@given(about_the_decision)
def test_a_capacitous_refusal_is_never_overridden_without_a_ground(case: Case) -> None:
    decision = decided(with_facts(case, {"consents": REFUSED}))
    acting = value(decision, "act_without_consent")
    if acting == "permitted_if_justified":
        assert applying_grounds(decision, "A")
    if acting == "ground_specific_steps_only":
        assert applying_grounds(decision)
    if value(decision, "capacity_status") in CAPACITOUS and not decision.grounds:
        assert acting == "not_permitted"


@PROFILE
@given(about_the_decision, st.sampled_from([REFUSED, GIVEN, []]))
def test_an_emergency_always_allows_action(case: Case, consents: list[dict[str, Any]]) -> None:
    decision = decided(with_facts(case, {"concern.risk_level": "life_threatening", "consents": consents}))
    assert "G_EMERGENCY" in applying_grounds(decision)
    assert "call_emergency_services" in required(decision)
    assert value(decision, "act_without_consent") != "not_permitted"


def test_a_current_assessment_of_incapacity_establishes_lack_of_capacity() -> None:
    case = with_facts(Case(), {"adult.age": 40, "proposal.decision": DECISION, "capacity_assessments": LACKS_CAPACITY})
    assert value(decided(case), "capacity_status") == "lacks_capacity"


@PROFILE
@given(about_the_decision, st.sampled_from([REFUSED, GIVEN, []]))
def test_lacking_capacity_means_best_interests_never_respecting_a_refusal(
        case: Case, consents: list[dict[str, Any]]) -> None:
    decision = decided(with_facts(case, {"capacity_assessments": LACKS_CAPACITY, "consents": consents}))
    if value(decision, "capacity_status") == "lacks_capacity":
        assert value(decision, "act_without_consent") == "best_interests"
        assert value(decision, "best_interests") == "applies"
        assert "agree_and_record_risk" not in required(decision)


@PROFILE
@given(about_the_decision, st.sampled_from(TIER_A_FACTS))
def test_adding_a_ground_never_removes_an_override(case: Case, ground_facts: dict[str, Any]) -> None:
    before = decided(with_facts(case, {"consents": REFUSED}))
    after = decided(with_facts(case, {"consents": REFUSED, **ground_facts}))
    assert applying_grounds(before) <= applying_grounds(after)
    strength_before = OVERRIDE_STRENGTH.get(value(before, "act_without_consent") or "")
    strength_after = OVERRIDE_STRENGTH.get(value(after, "act_without_consent") or "")
    if strength_before is not None and strength_after is not None:
        assert strength_after >= strength_before
    if value(after, "capacity_status") in CAPACITOUS:
        assert value(after, "act_without_consent") == "permitted_if_justified"


@PROFILE
@given(about_the_decision)
def test_giving_consent_never_adds_an_override(case: Case) -> None:
    refused = decided(with_facts(case, {"consents": REFUSED}))
    given_ = decided(with_facts(case, {"consents": GIVEN}))
    assert value(given_, "act_without_consent") not in OVERRIDE_STRENGTH
    assert applying_grounds(given_) == applying_grounds(refused)


def has_enquiry_or_review(case: Case, decision: Decision) -> bool | None:
    """The first s68 condition, from the facts (None: not known)."""
    signals = [case.process.s42_enquiry, case.process.safeguarding_adults_review,
               None if answer(decision, "s42_enquiry").status == "undetermined"
               else value(decision, "s42_enquiry") == "duty"]
    return True if True in signals else None if None in signals else False


@PROFILE
@given(cases())
def test_the_s68_duty_holds_exactly_when_its_three_conditions_hold(case: Case) -> None:
    decision = decided(case)
    advocacy = answer(decision, "care_act_advocacy")
    conditions = answer(decision, "s68_conditions")
    duty_kinds = {"duty", "duty_declined"}
    duty = advocacy.status == "established" and advocacy.value in duty_kinds
    if conditions.status == "established" and conditions.value == "met":
        # the duty arises; only whether a capacitous adult declines it may wait on unknown facts
        assert duty or (advocacy.status == "undetermined" and set(advocacy.candidates) <= duty_kinds)
    if duty:
        difficulty = case.adult.substantial_difficulty
        assert has_enquiry_or_review(case, decision) is True
        assert True in (difficulty.understanding, difficulty.retaining, difficulty.using_or_weighing,
                        difficulty.communicating)
        assert difficulty.persists_after_reasonable_adjustments is True
        assert case.network is not None and not any(
            m.paid_or_professional is False and m.implicated is False and m.able_to_facilitate_involvement is True
            and m.adult_wants_them is True for m in case.network)
    if advocacy.value == "duty_declined":
        assert case.adult.wants_advocate is False
    if advocacy.value == "duty":
        assert case.adult.wants_advocate is not False or value(decision, "capacity_status") not in CAPACITOUS


@PROFILE
@given(cases())
def test_undetermined_answers_come_with_the_information_needed(case: Case) -> None:
    decision = decided(case)
    if any(a.status == "undetermined" for a in decision.answers) or any(
            g.status == "undetermined" for g in decision.grounds):
        assert decision.provisional
        assert decision.information_needed
    assert decision.provisional == bool(decision.information_needed)


def settable(path: str) -> list[Any]:
    """Values to try for a case fact, from the case model (empty if it is not a plain yes/no or choice)."""
    fact = fact_schema().get(path)
    if fact is None or path.split(".")[0] in VIEWS:
        return []
    if fact.kind == "boolean":
        return [True, False]
    if fact.kind == "string" and fact.values:
        return list(fact.values)
    if fact.kind == "integer":
        return [0, 17, 18, 70]
    return []


VIEWS = ("capacity", "consent")
"""Parts of the fact document derived from the case (listed as needed under their own names)."""
PRESUMED = frozenset(n.path for rule in bundled_rules().rules for n in walk(rule.condition) if isinstance(n, Known))
"""Facts some rule reads as 'known or not': an unknown there is a presumption, not a gap."""


def unknown_facts(case: Case) -> list[str]:
    data = build_facts(case, {}, DEFAULT_AS_AT)
    return sorted(p for p in fact_schema() if settable(p) and p not in PRESUMED and lookup(data, p) is None)


def views(case: Case) -> dict[str, Any]:
    facts = build_facts(case, bundled_rules().parameters_at(DEFAULT_AS_AT), DEFAULT_AS_AT)
    return {name: facts[name] for name in VIEWS}


@settings(PROFILE, max_examples=max(20, PROFILE.max_examples // 3))
@given(cases(), st.data())
def test_an_unknown_fact_that_could_change_the_outcome_is_listed_as_needed(case: Case, data: st.DataObject) -> None:
    candidates = unknown_facts(case)
    assume(candidates)
    path = data.draw(st.sampled_from(candidates), label="unknown fact")
    decision = decided(case)
    listed = {re.sub(r"\[\d+\]", "", item.path) for item in decision.information_needed}
    for fact_value in data.draw(st.lists(st.sampled_from(settable(path)), min_size=1, max_size=3, unique=True)):
        changed = with_facts(case, {path: fact_value})
        if views(changed) == views(case) and outcome(decided(changed)) != outcome(decision):
            assert path in listed, f"setting unknown {path} to {fact_value!r} changes the outcome, " \
                                   f"but it is not listed as information needed"


@PROFILE
@given(about_the_decision, st.sampled_from([REFUSED, []]), st.booleans())
def test_nothing_licenses_compelling_a_capacitous_adult(
        case: Case, consents: list[dict[str, Any]], compel: bool) -> None:
    decision = decided(with_facts(case, {"consents": consents, "proposal.would_compel_adult": compel}))
    assert not any("compel" in scope for ground in decision.grounds for scope in ground.licenses)
    if value(decision, "capacity_status") in CAPACITOUS:
        assert value(decision, "compelling_the_adult") == "not_licensed"
        if compel:
            assert "seek_legal_advice_inherent_jurisdiction" in required(decision)
