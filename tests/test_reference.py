"""Reference semantics: precedence, undetermined exceptions and conclusions."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from msp_rules import decide, load_rules, parse_case
from msp_rules.logic import Tri

RuleDirFactory = Callable[..., Path]

RULES = """
rules:
  - id: BASE-1
    title: General rule
    citations: [{instrument: Test Act, provision: "s1"}]
    when: {consent.response: refused}
    then: [{finding: {outcome: "no"}}]
    explanation: Respect the refusal.
  - id: EXC-1
    title: Exception
    citations: [{instrument: Test Act, provision: "s2"}]
    when: {ground: G_TEST}
    overrides: [BASE-1]
    then: [{finding: {outcome: "yes"}}, {action: act_now}]
    explanation: The ground prevails.
  - id: GROUND-1
    title: Ground
    citations: [{instrument: Test Act, provision: "s3"}]
    when: {others_at_risk.children: true}
    then: [{ground: G_TEST}]
    explanation: Children at risk.
"""

REFUSED = {"proposal": {"decision": "share_information"},
           "consents": [{"decision": "share_information", "response": "refused"}]}
DAY = date(2026, 6, 1)


def decided(rule_dir: RuleDirFactory, children: bool | None, **extra: Any) -> Any:
    rules = load_rules(rule_dir({"rules.yaml": RULES}))
    return decide({**REFUSED, "others_at_risk": {"children": children}, **extra}, rules, engine="reference", as_at=DAY)


def test_the_exception_prevails_and_the_trace_says_over_what(rule_dir: RuleDirFactory) -> None:
    decision = decided(rule_dir, True)
    assert decision.answer("outcome").value == "yes"
    assert decision.fired() == ["GROUND-1", "EXC-1"]
    assert decision.trace[1].overrode == ["BASE-1"]


def test_without_the_exception_the_general_rule_holds(rule_dir: RuleDirFactory) -> None:
    decision = decided(rule_dir, False)
    assert decision.answer("outcome").value == "no" and decision.fired() == ["BASE-1"]
    assert not decision.provisional


def test_an_undetermined_exception_leaves_the_answer_undetermined(rule_dir: RuleDirFactory) -> None:
    decision = decided(rule_dir, None)
    answer = decision.answer("outcome")
    assert answer.status == "undetermined" and set(answer.candidates) == {"yes", "no"}
    assert decision.provisional
    assert [i.path for i in decision.information_needed] == ["others_at_risk.children"]
    assert [(g.id, g.status) for g in decision.grounds] == [("G_TEST", "undetermined")]
    assert [(a.id, a.status) for a in decision.required_actions] == [("act_now", "possibly_required")]


def test_a_default_answer_needs_every_producer_false(rule_dir: RuleDirFactory) -> None:
    assert decided(rule_dir, False).answer("stage").status == "default"


def test_rules_not_in_force_do_not_apply(rule_dir: RuleDirFactory) -> None:
    text = RULES.replace("    overrides: [BASE-1]\n", "    overrides: [BASE-1]\n    in_force: {from: 2027-01-01}\n")
    rules = load_rules(rule_dir({"rules.yaml": text}))
    case = {**REFUSED, "others_at_risk": {"children": True}}
    assert decide(case, rules, engine="reference", as_at=DAY).answer("outcome").value == "no"
    assert decide(case, rules, engine="reference", as_at=date(2027, 2, 1)).answer("outcome").value == "yes"


def test_evaluation_values(rule_dir: RuleDirFactory) -> None:
    from msp_rules.facts import build_facts
    from msp_rules.reference import evaluate_rules

    rules = load_rules(rule_dir({"rules.yaml": RULES}))
    facts = build_facts(parse_case({**REFUSED, "others_at_risk": {"children": True}}), {}, DAY)
    evaluation = evaluate_rules(rules, facts, {}, rules.in_force(DAY))
    assert evaluation.outcomes["BASE-1"].value == Tri.FALSE
    assert evaluation.outcomes["BASE-1"].overridden_by == ("EXC-1",)
    assert evaluation.conclusions["finding:outcome=yes"] == Tri.TRUE


def test_a_parameter_not_in_force_leaves_the_decision_provisional(rule_dir: RuleDirFactory) -> None:
    text = """
parameters:
  - id: window
    title: A dated threshold
    citations: [{instrument: Test Act, provision: "s8"}]
    values: [{value: 10, in_force: {from: 2027-01-01}}]
rules:
  - id: DATED-1
    title: Needs a threshold in force
    citations: [{instrument: Test Act, provision: "s8"}]
    when: {adult.age: {gte: {param: window}}}
    then: [{finding: {stage: closed}}]
    explanation: Dated.
"""
    rules = load_rules(rule_dir({"rules.yaml": text}))
    decision = decide({"adult": {"age": 40}}, rules, engine="reference", as_at=DAY)
    assert decision.answer("stage").status == "undetermined"
    assert decision.provisional
    (item,) = decision.information_needed
    assert item.path == "parameter:window" and "window (A dated threshold)" in item.question
