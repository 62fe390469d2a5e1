"""The rules as at a date: rules and parameter values in force on that day, and no other."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import yaml
from test_replay import concludes, copy_rules, edit_rule

from msp_rules import decide, load_rules

ADULT_CASE: dict[str, Any] = {
    "adult": {"age": 19, "in_local_authority_area": True, "care_and_support_needs": True,
              "unable_to_protect_self_because_of_needs": True},
    "concern": {"abuse_or_neglect_suspected": True},
}
BEFORE, COMMENCEMENT, AFTER = date(2029, 12, 31), date(2030, 1, 1), date(2030, 6, 1)


def test_a_rule_in_force_from_a_later_date_does_not_apply_before_it(tmp_path: Path) -> None:
    def commence_later(rule: dict[str, Any]) -> bool:
        if concludes(rule, "finding", "s42_enquiry") and rule["then"][0]["finding"]["s42_enquiry"] == "duty":
            rule["in_force"] = {"from": COMMENCEMENT.isoformat()}
            return True
        return False

    rules = load_rules(edit_rule(copy_rules(tmp_path), commence_later))
    before = decide(ADULT_CASE, rules, engine="reference", as_at=BEFORE)
    on_the_day = decide(ADULT_CASE, rules, engine="reference", as_at=COMMENCEMENT)
    assert before.answer("s42_enquiry").value != "duty"
    assert on_the_day.answer("s42_enquiry").value == "duty"
    assert before.provenance.as_at == BEFORE and on_the_day.provenance.as_at == COMMENCEMENT
    assert decide(ADULT_CASE, engine="reference", as_at=BEFORE).answer("s42_enquiry").value == "duty"


def test_a_dated_parameter_value_is_the_one_in_force_on_the_day(tmp_path: Path) -> None:
    rules_dir = copy_rules(tmp_path)
    path = rules_dir / "parameters.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    (age,) = [p for p in data["parameters"] if p["id"] == "adult_age"]
    age["values"] = [{"value": 18, "in_force": {"until": COMMENCEMENT.isoformat()}},
                     {"value": 21, "in_force": {"from": COMMENCEMENT.isoformat()}}]
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    rules = load_rules(rules_dir)
    assert decide(ADULT_CASE, rules, engine="reference", as_at=BEFORE).answer("s42_enquiry").value == "duty"
    assert decide(ADULT_CASE, rules, engine="reference", as_at=AFTER).answer("s42_enquiry").value \
        == "childrens_procedures"


def test_the_same_day_gives_the_same_decision() -> None:
    first = decide(ADULT_CASE, engine="reference", as_at=BEFORE)
    assert first.to_json() == decide(ADULT_CASE, engine="reference", as_at=BEFORE).to_json()
