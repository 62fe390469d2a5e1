"""The durable_rules engine: same results as the reference semantics, and safe to embed."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from msp_rules import decide, load_rules
from msp_rules.engines import durable_available

pytestmark = pytest.mark.skipif(not durable_available(), reason="durable_rules does not install on this Python")

RuleDirFactory = Callable[..., Path]
EXAMPLES = sorted((Path(__file__).resolve().parents[1] / "examples").glob("*.json"))
DAY = date(2026, 11, 29)


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_examples_decide_identically_on_both_engines(path: Path) -> None:
    case = json.loads(path.read_text())
    durable = decide(case, engine="durable", as_at=DAY)
    reference = decide(case, engine="reference", as_at=DAY)
    assert durable.fired() == reference.fired()
    assert durable.model_dump(exclude={"provenance"}) == reference.model_dump(exclude={"provenance"})
    assert durable.provenance.engine == "durable_rules 2.0.28"


COLLECTIONS = """
rules:
  - id: SOME-1
    title: Someone appropriate
    citations: [{instrument: T, provision: "1"}]
    when:
      some:
        of: network
        where:
          any:
            - all: [{paid_or_professional: false}, {implicated: false}]
            - adult_wants_them: true
    then: [{finding: {outcome: "yes"}}]
    explanation: Some.
  - id: NONE-1
    title: No one appropriate
    citations: [{instrument: T, provision: "2"}]
    when:
      none:
        of: network
        where:
          any:
            - all: [{paid_or_professional: false}, {implicated: false}]
            - adult_wants_them: true
    then: [{finding: {outcome: "no"}}]
    explanation: None.
  - id: EVERY-1
    title: Everyone paid
    citations: [{instrument: T, provision: "3"}]
    when:
      all:
        - every: {of: network, where: {paid_or_professional: true}}
        - not: {finding: {outcome: "yes"}}
    then: [{finding: {stage: closed}}]
    explanation: Every.
"""


@pytest.mark.parametrize(
    "network",
    [
        None,
        [],
        [{"paid_or_professional": False, "implicated": False}],
        [{"paid_or_professional": True}],
        [{"paid_or_professional": False}],
        [{"adult_wants_them": True}],
        [{"paid_or_professional": True, "implicated": True, "adult_wants_them": False},
         {"paid_or_professional": True, "adult_wants_them": False}],
        [{"paid_or_professional": True, "implicated": False}, {"paid_or_professional": False, "implicated": False}],
    ],
)
def test_collection_quantifiers_match_the_reference(rule_dir: RuleDirFactory, network: Any) -> None:
    rules = load_rules(rule_dir({"rules.yaml": COLLECTIONS}))
    case = {"network": network}
    assert decide(case, rules, engine="durable", as_at=DAY).fired() == \
        decide(case, rules, engine="reference", as_at=DAY).fired()


def test_more_cases_than_the_live_session_cap() -> None:
    """Each evaluation deletes its session: 1,100 cases in a row never hit durable's 1,024 cap."""
    case = json.loads(EXAMPLES[0].read_text())
    first = decide(case, engine="durable", as_at=DAY).fired()
    for _ in range(1100):
        assert decide(case, engine="durable", as_at=DAY).fired() == first


def test_two_rule_sets_side_by_side(rule_dir: RuleDirFactory) -> None:
    mine = load_rules(rule_dir({"rules.yaml": COLLECTIONS}))
    case = {"network": []}
    assert decide(case, mine, engine="durable", as_at=DAY).fired() == ["NONE-1", "EVERY-1"]
    assert decide(case, engine="durable", as_at=DAY).provenance.ruleset == load_rules().name
    assert decide(case, mine, engine="durable", as_at=DAY).fired() == ["NONE-1", "EVERY-1"]


def test_settings_compile_to_the_same_result(rule_dir: RuleDirFactory) -> None:
    text = COLLECTIONS.replace("    then: [{finding: {outcome: \"yes\"}}]\n    explanation: Some.",
                               "    then: [{finding: {outcome: \"yes\"}}]\n    explanation: Some.\n"
                               "    unless: {parameter: strict}")
    text = "parameters:\n  - {id: strict, title: S, citations: [{instrument: T, provision: '9'}], values: [{value: false}]}\n" + text
    rules = load_rules(rule_dir({"rules.yaml": text}))
    case = {"network": [{"adult_wants_them": True}]}
    for configured in (rules, rules.with_parameters({"strict": True})):
        assert decide(case, configured, engine="durable", as_at=DAY).fired() == \
            decide(case, configured, engine="reference", as_at=DAY).fired()
    assert "SOME-1" not in decide(case, rules.with_parameters({"strict": True}), engine="durable", as_at=DAY).fired()
