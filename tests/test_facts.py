"""The fact document: decision-specific capacity and consent, current at the evaluation date."""

from __future__ import annotations

from datetime import date

from msp_rules import Case
from msp_rules.facts import build_facts, fact_schema

DAY = date(2026, 6, 1)
WINDOW = {"capacity_assessment_max_age_days": 90}


def facts(case: dict) -> dict:  # type: ignore[type-arg]
    return build_facts(Case.model_validate(case), WINDOW, DAY)


def test_capacity_is_read_for_the_decision_in_question_only() -> None:
    case = {"proposal": {"decision": "finances"},
            "capacity_assessments": [{"decision": "residence", "outcome": "lacks_capacity", "assessed_on": "2026-05-01"}]}
    view = facts(case)["capacity"]
    assert view["assessed"] is False and view["outcome"] is None


def test_the_most_recent_current_assessment_counts() -> None:
    case = {"proposal": {"decision": "finances"}, "capacity_assessments": [
        {"decision": "finances", "outcome": "lacks_capacity", "assessed_on": "2026-04-01"},
        {"decision": "finances", "outcome": "has_capacity", "assessed_on": "2026-05-20"}]}
    view = facts(case)["capacity"]
    assert view["outcome"] == "has_capacity" and view["assessment_age_days"] == 12


def test_a_stale_assessment_does_not_count_but_is_flagged() -> None:
    case = {"proposal": {"decision": "finances"},
            "capacity_assessments": [{"decision": "finances", "outcome": "lacks_capacity", "assessed_on": "2025-01-01"}]}
    view = facts(case)["capacity"]
    assert view["assessed"] is False and view["stale_assessment_on_record"] is True


def test_consent_is_the_latest_response_for_the_decision() -> None:
    case = {"proposal": {"decision": "share_information"}, "consents": [
        {"decision": "share_information", "response": "refused", "recorded_on": "2026-05-01"},
        {"decision": "share_information", "response": "given", "recorded_on": "2026-05-10"},
        {"decision": "police_report", "response": "refused", "recorded_on": "2026-05-11"}]}
    assert facts(case)["consent"]["response"] == "given"


def test_no_consent_on_record_is_unknown_not_refused() -> None:
    assert facts({"proposal": {"decision": "share_information"}})["consent"]["response"] is None


def test_unknown_is_accepted_as_a_word() -> None:
    assert Case.model_validate({"adult": {"care_and_support_needs": "unknown"}}).adult.care_and_support_needs is None


def test_the_fact_schema_knows_paths_types_and_values() -> None:
    schema = fact_schema()
    assert schema["adult.age"].kind == "integer"
    assert schema["concern.risk_level"].values is not None and "high" in schema["concern.risk_level"].values
    assert schema["network"].kind == "collection" and schema["network"].fields is not None
    assert schema["network"].fields["implicated"].kind == "boolean"
    assert schema["capacity.outcome"].kind == "string"
