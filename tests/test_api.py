"""The public API: input validation, determinism, provenance, engine choice."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

import msp_rules
from msp_rules import CaseValidationError, Decision, EngineUnavailableError, decide
from msp_rules.engines import durable_available

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
DAY = date(2026, 11, 29)


def example(name: str) -> dict:  # type: ignore[type-arg]
    return json.loads((EXAMPLES / name).read_text())


def test_public_surface() -> None:
    for name in ("Case", "Decision", "decide", "load_rules", "RuleSet", "CaseValidationError", "RuleSetError"):
        assert name in msp_rules.__all__


def test_a_bad_case_names_each_field() -> None:
    with pytest.raises(CaseValidationError) as caught:
        decide({"adult": {"age": -3, "care_and_support_needs": "perhaps"}, "concern": {"risk": "high"}})
    fields = [field for field, _ in caught.value.problems]
    assert fields == ["adult.age", "adult.care_and_support_needs", "concern.risk"]


def test_as_at_must_be_a_date() -> None:
    with pytest.raises(TypeError, match="as_at must be a datetime.date, not str"):
        decide({}, as_at="2026-01-01")  # type: ignore[arg-type]


def test_unknown_engine_is_a_clear_error() -> None:
    with pytest.raises(EngineUnavailableError, match="unknown engine"):
        decide({}, engine="drools")  # type: ignore[arg-type]


@pytest.mark.skipif(durable_available(), reason="durable_rules is installed here")
def test_durable_engine_missing_is_a_clear_error() -> None:
    with pytest.raises(EngineUnavailableError, match="reference"):
        decide({}, engine="durable")


def test_same_case_same_rules_same_bytes() -> None:
    case = example("domestic-abuse-children-at-risk.json")
    first = decide(case, engine="reference", as_at=DAY).to_json()
    reordered = json.loads(json.dumps(case, sort_keys=True))
    assert decide(reordered, engine="reference", as_at=DAY).to_json() == first


def test_a_decision_round_trips_through_json() -> None:
    decision = decide(example("advocacy-no-appropriate-person.json"), engine="reference", as_at=DAY)
    assert Decision.model_validate_json(decision.to_json()) == decision


def test_provenance_records_what_produced_the_decision() -> None:
    decision = decide(example("respect-capacitous-refusal.json"), engine="reference", as_at=DAY)
    p = decision.provenance
    rules = msp_rules.load_rules()
    assert (p.ruleset, p.ruleset_version, p.ruleset_hash) == (rules.name, rules.version, rules.content_hash)
    assert p.library_version == msp_rules.__version__ and p.engine == "reference" and p.as_at == DAY
    assert p.input_hash.startswith("sha256:")


def test_the_input_hash_changes_with_the_case() -> None:
    case = example("respect-capacitous-refusal.json")
    other = json.loads(json.dumps(case))
    other["adult"]["age"] = 79
    first = decide(case, engine="reference", as_at=DAY).provenance.input_hash
    assert decide(other, engine="reference", as_at=DAY).provenance.input_hash != first


def test_decisions_are_immutable() -> None:
    decision = decide({}, engine="reference", as_at=DAY)
    with pytest.raises(Exception):
        decision.provisional = False  # type: ignore[misc]


def test_default_engine() -> None:
    expected = "durable_rules 2.0.28" if durable_available() else "reference"
    assert decide({}, as_at=DAY).provenance.engine == expected


def test_an_empty_record_is_provisional_and_asks_questions() -> None:
    decision = decide({}, engine="reference", as_at=DAY)
    assert decision.provisional and decision.information_needed
