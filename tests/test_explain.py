"""Explanations: information needed, why-not and what would change, on small cases of our own."""

from __future__ import annotations

import shutil
import time
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from msp_rules import Explanation, RuleSetError, apply_changes, decide, explain, load_rules
from msp_rules.api import bundled_rules
from msp_rules.loader import bundled_rules_dir

DAY = date(2026, 1, 15)


def refusal(**others: Any) -> dict[str, Any]:
    """A capacitous adult (no reason to doubt) refuses sharing; no tier A ground established unless given."""
    return {
        "case_id": "X-REFUSAL",
        "adult": {"age": 40, "in_local_authority_area": True, "care_and_support_needs": True,
                  "unable_to_protect_self_because_of_needs": True},
        "concern": {"abuse_or_neglect_suspected": True, "abuse_types": ["domestic"], "risk_level": "moderate",
                    "imminent": False, "suspected_crime": False, "marac_threshold_met": False,
                    "coercion_or_undue_influence_indicators": False, "legal_requirement_to_act": False},
        "alleged_perpetrators": [{"relationship": "partner", "position_of_trust": False,
                                  "care_and_support_needs": False}],
        "others_at_risk": {"adults": False, "risk_of_serious_harm": True, **others},
        "proposal": {"decision": "share_information", "reason_to_doubt_capacity": False,
                     "would_compel_adult": False},
        "consents": [{"decision": "share_information", "response": "refused", "recorded_on": "2026-01-10"}],
    }


def emergency_with_unknowns() -> dict[str, Any]:
    """Acting without consent is already permitted (tier A grounds); other grounds still unknown."""
    case = refusal(children=True)
    case["concern"] = {**case["concern"], "risk_level": "life_threatening", "legal_requirement_to_act": None,
                       "coercion_or_undue_influence_indicators": None}
    return case


def test_children_unknown_is_the_first_information_needed_and_it_says_why() -> None:
    explanation = explain(refusal(), engine="reference", as_at=DAY)
    decision = explanation.decision
    assert decision.provisional
    assert decision.answer("act_without_consent").status == "undetermined"
    first = decision.information_needed[0]
    assert first.path == "others_at_risk.children"
    assert first.changes_answer
    assert "children" in first.question.lower()
    assert any(e.startswith("If yes:") and "May we act without the adult's consent?" in e
               and "children's services" in e for e in first.effects)
    assert first.citations, "the legal reason to ask is given"


def test_an_unknown_that_can_no_longer_change_an_answer_ranks_last_and_says_so() -> None:
    decision = decide(emergency_with_unknowns(), engine="reference", as_at=DAY)
    assert decision.answer("act_without_consent").value == "permitted_if_justified"
    paths = [item.path for item in decision.information_needed]
    coercion = decision.information_needed[paths.index("concern.coercion_or_undue_influence_indicators")]
    assert not coercion.changes_answer
    assert any("cannot change any answer" in e for e in coercion.effects)
    changing = [i for i, item in enumerate(decision.information_needed) if item.changes_answer]
    assert all(i < paths.index("concern.coercion_or_undue_influence_indicators") for i in changing)


def test_undetermined_is_never_reported_as_no() -> None:
    explanation = explain(refusal(), engine="reference", as_at=DAY)
    for value in ("not_permitted", "permitted_if_justified"):
        assert explanation.pathway("finding", "act_without_consent", value).status == "undetermined"
    assert explanation.pathway("ground", "G_OTHERS").status == "undetermined"
    for answer in explanation.decision.answers:
        if answer.status in ("default", "not_reached"):
            pathways = [w for w in explanation.why_not if w.kind == "finding" and w.key == answer.key]
            assert all(w.status != "undetermined" or w.value == answer.value for w in pathways), answer.key


def test_why_not_names_the_failed_condition_and_the_overriding_rule() -> None:
    explanation = explain(refusal(children=True), engine="reference", as_at=DAY)
    assert explanation.decision.answer("act_without_consent").value == "permitted_if_justified"
    consented = explanation.pathway("finding", "act_without_consent", "not_needed")
    assert consented.status == "blocked"
    checks = [c for account in consented.rules for c in account.checks]
    assert any(c.test == "consent.response is given" and c.found == "refused" and c.result is False
               for c in checks)
    assert all(account.citations for account in consented.rules)
    refused = explanation.pathway("finding", "act_without_consent", "not_permitted")
    assert refused.status == "blocked"
    assert any(account.status == "overridden" and account.overridden_by for account in refused.rules)
    assert explanation.pathway("ground", "G_OTHERS").status == "fired"


def test_undetermined_pathway_names_the_unknown_facts() -> None:
    pathway = explain(refusal(), engine="reference", as_at=DAY).pathway("ground", "G_OTHERS")
    unknown = {c.path for account in pathway.rules for c in account.checks if c.result is None}
    assert "others_at_risk.children" in unknown


def test_what_would_change_flips_the_outcome_when_applied() -> None:
    case = refusal(children=False)
    explanation = explain(case, engine="reference", as_at=DAY)
    assert explanation.decision.answer("act_without_consent").value == "not_permitted"
    consent = [cf for cf in explanation.what_would_change
               if cf.key == "act_without_consent" and cf.changes == ["consent_given"]]
    assert consent and consent[0].then.startswith("Not needed")
    actionable = set(bundled_rules().actionable)
    for cf in explanation.what_would_change:
        assert set(cf.changes) <= actionable and 1 <= len(cf.changes) <= 2
        changed = decide(apply_changes(case, cf.changes, as_at=DAY), engine="reference", as_at=DAY)
        if cf.kind == "answer":
            before, after = explanation.decision.answer(cf.key), changed.answer(cf.key)
            assert (before.status, before.value) != (after.status, after.value), cf
        else:
            grounds = {g.id: g.status for g in changed.grounds}
            was = {g.id: g.status for g in explanation.decision.grounds}
            assert grounds.get(cf.key) != was.get(cf.key), cf


def test_what_would_change_never_touches_fixed_characteristics() -> None:
    explanation = explain(refusal(children=False), engine="reference", as_at=DAY)
    texts = " ".join(t for cf in explanation.what_would_change for t in cf.texts).lower()
    assert "age" not in texts.split() and "deceased" not in texts


def test_explanation_is_deterministic_and_round_trips() -> None:
    first = explain(refusal(), engine="reference", as_at=DAY)
    second = explain(refusal(), engine="reference", as_at=DAY)
    assert first.to_json() == second.to_json()
    assert Explanation.model_validate_json(first.to_json()) == first


def test_explain_is_fast_enough() -> None:
    start = time.perf_counter()
    explain(refusal(), engine="reference", as_at=DAY)
    assert time.perf_counter() - start < 5


def test_actionable_change_with_an_unknown_path_is_a_located_rule_error(tmp_path: Path) -> None:
    rules = tmp_path / "rules"
    shutil.copytree(bundled_rules_dir(), rules)
    (rules / "zz_bad.yaml").write_text(
        "actionable:\n  - id: bogus\n    text: Something\n    set: {adult.favourite_colour: true}\n")
    with pytest.raises(RuleSetError) as raised:
        load_rules(rules)
    error = raised.value.errors[0]
    assert error.file and error.file.endswith("zz_bad.yaml") and error.line == 2
    assert "adult.favourite_colour" in str(error)


def test_apply_changes_refuses_an_unknown_change() -> None:
    with pytest.raises(Exception, match="no actionable change"):
        apply_changes(refusal(), ["win_the_lottery"], as_at=DAY)
