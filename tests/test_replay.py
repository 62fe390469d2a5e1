"""Replay: a recorded Decision re-evaluated with its date and engine; differences reported."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from msp_rules import decide, load_rules, replay
from msp_rules.cli import main
from msp_rules.loader import bundled_rules_dir

DAY = date(2026, 1, 15)
CASE: dict[str, Any] = {
    "case_id": "X-REPLAY",
    "adult": {"age": 52, "in_local_authority_area": True, "care_and_support_needs": True,
              "unable_to_protect_self_because_of_needs": True},
    "concern": {"abuse_or_neglect_suspected": True, "risk_level": "moderate", "suspected_crime": False},
    "others_at_risk": {"children": True, "adults": False, "risk_of_serious_harm": True},
    "proposal": {"decision": "share_information", "reason_to_doubt_capacity": False},
    "consents": [{"decision": "share_information", "response": "refused", "recorded_on": "2026-01-02"}],
}


def copy_rules(tmp_path: Path) -> Path:
    """The bundled rules, copied to ``tmp_path`` to be edited."""
    target = tmp_path / "rules"
    shutil.copytree(bundled_rules_dir(), target)
    return target


def edit_rule(rules: Path, edit: Callable[[dict[str, Any]], bool]) -> Path:
    """Apply ``edit`` to each rule in ``rules`` until it returns true (it edited that rule)."""
    for path in sorted(rules.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for rule in data.get("rules", []) if isinstance(data, dict) else []:
            if edit(rule):
                path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
                return rules
    raise AssertionError("no rule was edited")


def concludes(rule: dict[str, Any], kind: str, key: str) -> bool:
    return any(item.get(kind) == key or (isinstance(item.get(kind), dict) and key in item[kind])
               for item in rule["then"])


def test_replay_of_an_unchanged_run_is_identical() -> None:
    recorded = decide(CASE, engine="reference", as_at=DAY)
    report = replay(recorded, CASE)
    assert report.identical and report.same_rules and report.same_input
    assert report.differences == []
    assert report.summary().startswith("identical")


def test_replay_detects_a_changed_rule(tmp_path: Path) -> None:
    recorded = decide(CASE, engine="reference", as_at=DAY)
    assert "G_OTHERS" in {g.id for g in recorded.grounds if g.status == "applies"}

    def retire_others_ground(rule: dict[str, Any]) -> bool:
        if concludes(rule, "ground", "G_OTHERS"):
            rule["in_force"] = {"from": "2100-01-01"}
            return True
        return False

    changed = load_rules(edit_rule(copy_rules(tmp_path), retire_others_ground))
    report = replay(recorded, CASE, changed)
    assert not report.identical and not report.same_rules and report.same_input
    items = {(d.section, d.item) for d in report.differences}
    assert ("grounds", "G_OTHERS") in items
    assert ("answers", "act_without_consent") in items
    assert "rules changed" in report.summary()


def test_replay_detects_a_changed_case() -> None:
    recorded = decide(CASE, engine="reference", as_at=DAY)
    other = {**CASE, "others_at_risk": {"children": False, "adults": False, "risk_of_serious_harm": True}}
    report = replay(recorded, other)
    assert not report.identical and not report.same_input and report.same_rules


def test_replay_command_exit_codes(tmp_path: Path, capsys: Any) -> None:
    case_file, decision_file = tmp_path / "case.json", tmp_path / "decision.json"
    case_file.write_text(json.dumps(CASE))
    decision_file.write_text(decide(CASE, engine="reference", as_at=DAY).to_json())
    assert main(["replay", str(decision_file), "--case", str(case_file)]) == 0
    assert "identical" in capsys.readouterr().out
    case_file.write_text(json.dumps({**CASE, "consents": []}))
    assert main(["replay", str(decision_file), "--case", str(case_file)]) == 1
    assert "case changed" in capsys.readouterr().out
    decision_file.write_text("{}")
    assert main(["replay", str(decision_file), "--case", str(case_file)]) == 2
    assert "not a recorded Decision" in capsys.readouterr().err
