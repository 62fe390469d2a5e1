"""A silent record read as the law presumes is never silent: the Decision lists it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from msp_rules import decide, load_rules

RuleDirFactory = Callable[..., Path]
DAY = date(2026, 6, 1)

RULES = """
rules:
  - id: ORDER-1
    title: A court order on record
    citations: [{instrument: Test Act, provision: "s1"}]
    when:
      all:
        - known: concern.legal_requirement_to_act
        - concern.legal_requirement_to_act: true
        - adult.care_and_support_needs: true
    then: [{ground: G_TEST}]
    explanation: Only a recorded order counts.
  - id: AREA-1
    title: In the area unless recorded otherwise
    citations: [{instrument: Test Act, provision: "s2"}]
    when:
      any:
        - unknown: adult.in_local_authority_area
        - adult.in_local_authority_area: true
    then: [{finding: {stage: closed}}]
    explanation: Presumed in the area.
"""


def presumed(rule_dir: RuleDirFactory, **sections: Any) -> dict[str, list[str]]:
    rules = load_rules(rule_dir({"rules.yaml": RULES}))
    decision = decide(sections, rules, engine="reference", as_at=DAY)
    return {p.path: p.rules for p in decision.presumptions}


def test_silent_facts_that_decided_a_rule_are_listed(rule_dir: RuleDirFactory) -> None:
    listed = presumed(rule_dir, adult={"care_and_support_needs": True})
    assert listed == {"adult.in_local_authority_area": ["AREA-1"], "concern.legal_requirement_to_act": ["ORDER-1"]}


def test_recorded_facts_are_not_presumptions(rule_dir: RuleDirFactory) -> None:
    listed = presumed(rule_dir, adult={"care_and_support_needs": True, "in_local_authority_area": True},
                      concern={"legal_requirement_to_act": False})
    assert listed == {}


def test_a_silence_that_did_not_decide_anything_is_not_listed(rule_dir: RuleDirFactory) -> None:
    listed = presumed(rule_dir, adult={"care_and_support_needs": False, "in_local_authority_area": True})
    assert "concern.legal_requirement_to_act" not in listed  # ORDER-1 fails on the recorded needs anyway


def test_presumptions_are_rendered(rule_dir: RuleDirFactory) -> None:
    from msp_rules.render import render

    rules = load_rules(rule_dir({"rules.yaml": RULES}))
    decision = decide({"adult": {"care_and_support_needs": True}}, rules, engine="reference", as_at=DAY)
    assert "NOT RECORDED, SO PRESUMED" in render(decision, "text")
    assert "Not recorded, so presumed" in render(decision, "markdown")
    assert "id='presumptions'" in render(decision, "html")


def test_an_unrecorded_age_is_presumed_adult_and_listed() -> None:
    refused = {"proposal": {"decision": "share_information"},
               "consents": [{"decision": "share_information", "response": "refused"}]}
    decision = decide(refused, engine="reference", as_at=DAY)
    assert decision.answer("capacity_status").value == "presumed_capacitous"
    assert "adult.age" in {p.path for p in decision.presumptions}
    under_16 = decide({**refused, "adult": {"age": 15}}, engine="reference", as_at=DAY)
    assert under_16.answer("capacity_status").value == "mca_not_applicable_under_16"
    assert "adult.age" not in {p.path for p in under_16.presumptions}
