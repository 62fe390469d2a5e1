"""Loading rule files: every defect is refused whole, with file, line and rule id."""

from __future__ import annotations

import pytest

from msp_rules import RuleSetError, load_rules
from msp_rules.conditions import AllOf, Derived, Not

from collections.abc import Callable
from pathlib import Path

RuleDirFactory = Callable[..., Path]

RULE = """
rules:
  - id: R-1
    title: First
    citations: [{instrument: Test Act, provision: "s1"}]
    when:
      adult.age: {gte: {param: adult_age}}
    then:
      - finding: {outcome: "yes"}
    explanation: Adults.
"""


def errors_for(rule_dir: RuleDirFactory, text: str, name: str = "rules") -> list[str]:
    with pytest.raises(RuleSetError) as caught:
        load_rules(rule_dir({"rules.yaml": text}, name=name))
    return [str(e) for e in caught.value.errors]


def test_a_valid_rule_set_loads_with_version_and_hash(rule_dir: RuleDirFactory) -> None:
    rules = load_rules(rule_dir({"rules.yaml": RULE}))
    assert rules.label == "test-rules 1.0.0"
    assert rules.content_hash.startswith("sha256:")
    assert [r.id for r in rules.rules] == ["R-1"]
    assert rules.rule("R-1").line == 3


def test_the_hash_changes_when_a_rule_changes(rule_dir: RuleDirFactory, tmp_path) -> None:  # type: ignore[no-untyped-def]
    first = load_rules(rule_dir({"rules.yaml": RULE}, name="a"))
    second = load_rules(rule_dir({"rules.yaml": RULE.replace("Adults.", "Adults only.")}, name="b"))
    assert first.content_hash != second.content_hash


def test_invalid_yaml_names_file_and_line(rule_dir: RuleDirFactory) -> None:
    (message,) = errors_for(rule_dir, "rules:\n  - id: R-1\n    title: [unclosed\n")
    assert "rules/rules.yaml:" in message and "not valid YAML" in message


def test_duplicate_keys_are_refused(rule_dir: RuleDirFactory) -> None:
    (message,) = errors_for(rule_dir, RULE.replace("    title: First\n", "    title: First\n    title: Again\n"))
    assert "rules.yaml:5" in message and "duplicate key 'title'" in message


def test_a_rule_without_citation_is_refused_with_its_id(rule_dir: RuleDirFactory) -> None:
    (message,) = errors_for(rule_dir, RULE.replace('    citations: [{instrument: Test Act, provision: "s1"}]\n',
                                                   "    citations: []\n"))
    assert "rule R-1" in message and "citations" in message


def test_unknown_fact_path_is_refused(rule_dir: RuleDirFactory) -> None:
    (message,) = errors_for(rule_dir, RULE.replace("adult.age", "adult.shoe_size"))
    assert "rules.yaml:7" in message and "rule R-1" in message and "adult.shoe_size" in message


def test_impossible_value_is_refused(rule_dir: RuleDirFactory) -> None:
    text = RULE.replace("adult.age: {gte: {param: adult_age}}", "concern.risk_level: catastrophic")
    (message,) = errors_for(rule_dir, text)
    assert "'catastrophic' is not a possible value of 'concern.risk_level'" in message


def test_type_mismatch_is_refused(rule_dir: RuleDirFactory) -> None:
    (message,) = errors_for(rule_dir, RULE.replace("adult.age: {gte: {param: adult_age}}",
                                                   "adult.care_and_support_needs: 'yes'"))
    assert "true/false" in message


def test_unknown_parameter_operator_and_conclusion_are_refused(rule_dir: RuleDirFactory) -> None:
    assert "unknown parameter 'adult_years'" in errors_for(
        rule_dir, RULE.replace("{param: adult_age}", "{param: adult_years}"), "a")[0]
    assert "unknown operator 'over'" in errors_for(rule_dir, RULE.replace("gte:", "over:"), "b")[0]
    assert "has no value 'maybe'" in errors_for(rule_dir, RULE.replace('outcome: "yes"', "outcome: maybe"), "c")[0]


def test_yes_and_no_stay_text(rule_dir: RuleDirFactory) -> None:
    message = errors_for(rule_dir, RULE.replace("adult.age: {gte: {param: adult_age}}",
                                                "adult.care_and_support_needs: no"))[0]
    assert "is true/false; found 'no'" in message


def test_a_bad_file_refuses_the_whole_set(rule_dir: RuleDirFactory) -> None:
    directory = rule_dir({"a.yaml": RULE, "b.yaml": RULE.replace("R-1", "R-2").replace("adult.age", "adult.nope")})
    with pytest.raises(RuleSetError) as caught:
        load_rules(directory)
    assert len(caught.value.errors) == 1 and "b.yaml" in str(caught.value)


def test_duplicate_rule_ids_across_files(rule_dir: RuleDirFactory) -> None:
    with pytest.raises(RuleSetError, match="duplicate rule id"):
        load_rules(rule_dir({"a.yaml": RULE, "b.yaml": RULE}))


CONFLICT = RULE + """
  - id: R-2
    title: Second
    citations: [{instrument: Test Act, provision: "s3"}]
    when:
      adult.care_and_support_needs: true
    then:
      - finding: {outcome: "no"}
    explanation: Needs.
"""


def test_conflicting_conclusions_need_declared_precedence(rule_dir: RuleDirFactory) -> None:
    (message,) = errors_for(rule_dir, CONFLICT)
    assert "rule R-1" in message and "R-2" in message and "overrides" in message


def test_declared_precedence_resolves_a_conflict(rule_dir: RuleDirFactory) -> None:
    rules = load_rules(rule_dir({"rules.yaml": CONFLICT + "    overrides: [R-1]\n"}))
    assert rules.overriders["R-1"] == ("R-2",)
    assert [r.id for r in rules.rules] == ["R-2", "R-1"]  # the overrider is evaluated first


def test_exclusive_conditions_need_no_precedence(rule_dir: RuleDirFactory) -> None:
    text = CONFLICT.replace("adult.care_and_support_needs: true", "adult.age: {lt: {param: adult_age}}")
    assert len(load_rules(rule_dir({"rules.yaml": text})).rules) == 2


def test_cycles_are_refused(rule_dir: RuleDirFactory) -> None:
    text = """
    rules:
      - id: A-1
        title: A
        citations: [{instrument: T, provision: "1"}]
        when: {finding: {stage: closed}}
        then: [{finding: {outcome: "yes"}}]
        explanation: A.
      - id: B-1
        title: B
        citations: [{instrument: T, provision: "2"}]
        when: {finding: {outcome: "yes"}}
        then: [{finding: {stage: closed}}]
        explanation: B.
    """
    with pytest.raises(RuleSetError, match="cycle"):
        load_rules(rule_dir({"rules.yaml": text}))


def test_unless_and_tiers_are_expanded(rule_dir: RuleDirFactory) -> None:
    text = RULE.replace("    then:", "    unless:\n      ground: {tier: A}\n    then:")
    condition = load_rules(rule_dir({"rules.yaml": text})).rule("R-1").condition
    assert isinstance(condition, AllOf) and isinstance(condition.items[1], Not)
    assert Derived("ground", "G_TEST", "applies") in condition.items[1].item.items  # type: ignore[attr-defined]


def test_missing_manifest(tmp_path) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(RuleSetError, match="no ruleset.yaml"):
        load_rules(tmp_path)


def test_local_rules_extend_the_bundled_set(tmp_path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "ruleset.yaml").write_text("name: local\nversion: '1'\nextends: bundled\n")
    (tmp_path / "local.yaml").write_text(
        "actions:\n  - {id: tell_local_team, text: Tell the local team.}\n"
        "rules:\n  - id: LOCAL-1\n    title: Local\n    citations: [{instrument: Local policy, provision: '3.1'}]\n"
        "    when: {adult.age: {gte: 90}}\n    then: [{action: tell_local_team}]\n    explanation: Local practice.\n")
    rules = load_rules(tmp_path)
    assert rules.name.endswith("+ local") and rules.rule("LOCAL-1")
    assert load_rules().rule("CON-3")  # the bundled rules are all there too


SETTING = """
parameters:
  - id: strict_mode
    title: A local setting
    citations: [{instrument: Local policy, provision: "1"}]
    values: [{value: false}]
rules:
  - id: SET-1
    title: Only where configured
    citations: [{instrument: Test Act, provision: "s9"}]
    when: {parameter: strict_mode}
    then: [{finding: {stage: closed}}]
    explanation: Configured.
"""


def test_a_rule_switched_by_a_setting(rule_dir: RuleDirFactory) -> None:
    from datetime import date

    from msp_rules import decide

    rules = load_rules(rule_dir({"rules.yaml": SETTING}))
    day = date(2026, 6, 1)
    assert decide({}, rules, engine="reference", as_at=day).fired() == []
    configured = rules.with_parameters({"strict_mode": True})
    assert decide({}, configured, engine="reference", as_at=day).fired() == ["SET-1"]
    assert configured.content_hash != rules.content_hash and "strict_mode" in configured.version


def test_a_setting_must_be_true_or_false(rule_dir: RuleDirFactory) -> None:
    assert "needs a true/false parameter" in errors_for(rule_dir, SETTING.replace(
        "{parameter: strict_mode}", "{parameter: adult_age}"))[0]


def test_with_parameters_refuses_unknown_names_and_wrong_types(rule_dir: RuleDirFactory) -> None:
    from msp_rules import RuleError

    rules = load_rules(rule_dir({"rules.yaml": SETTING}))
    with pytest.raises(RuleError, match="unknown parameter 'strict'"):
        rules.with_parameters({"strict": True})
    with pytest.raises(RuleError, match="takes bool values"):
        rules.with_parameters({"strict_mode": 3})
