"""The linter: one fixture rules directory per defect class, and the bundled rules lint clean."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from msp_rules.cli import main
from msp_rules.lint import has_errors, lint

FIXTURES = Path(__file__).parent / "lint_fixtures"

# fixture directory -> (severity, code, rule id or None, text in the message)
EXPECTED = {
    "schema_error": ("error", "schema", "R-BAD", "explanation: Field required"),
    "duplicate_id": ("error", "duplicate-id", "R-YES", "duplicate rule id"),
    "missing_citation": ("error", "missing-citation", "R-UNCITED", "citations"),
    "unknown_fact": ("error", "unknown-fact", "R-FACT", "adult.shoe_size"),
    "conflict": ("error", "conflict", "R-YES", "R-CLASH"),
    "contradictory_conditions": ("error", "never-fires", "R-NEVER", "adult.age"),
    "impossible_value": ("error", "never-fires", "R-OLD", "allows 0 to 130"),
    "unproduced_dependency": ("error", "never-fires", "R-WAITS", "ground:G_OTHER"),
    "never_in_force": ("error", "never-in-force", "R-EXPIRED", "empty"),
    "unproduced_conclusions": ("warning", "unproduced-value", None, "outcome=maybe"),
    "unused_parameter": ("warning", "unused-parameter", None, "forgotten_threshold"),
    "citation_without_url": ("info", "citation-url", "R-NOURL", "Test Act s5"),
    "missing_question": ("warning", "missing-question", "R-YES", "no question for adult.age"),
}


def test_every_fixture_directory_is_checked() -> None:
    assert {p.name for p in FIXTURES.iterdir() if p.is_dir()} == set(EXPECTED) | {"clean"}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_defect_class_is_caught_with_its_location(name: str) -> None:
    severity, code, rule, text = EXPECTED[name]
    findings = lint(FIXTURES / name)
    matching = [f for f in findings if f.code == code and f.rule == rule and text in f.message]
    assert matching, "\n".join(map(str, findings))
    found = matching[0]
    assert found.severity == severity
    assert found.file is not None and found.file.startswith(f"{name}/") and found.line is not None


def test_unproduced_conclusions_name_each_one() -> None:
    codes = {(f.code, f.message) for f in lint(FIXTURES / "unproduced_conclusions")}
    assert ("unanswered-finding", "no rule concludes any value of finding 'stage'") in codes
    assert ("unproduced-action", "action 'never_required' is defined but no rule concludes it") in codes


def test_unproduced_dependency_is_also_a_warning_on_the_ground() -> None:
    codes = {f.code for f in lint(FIXTURES / "unproduced_dependency")}
    assert {"unproduced-ground", "unproduced-dependency", "never-fires"} <= codes


def test_clean_fixture_has_no_findings() -> None:
    assert lint(FIXTURES / "clean") == []


def test_bundled_rules_lint_without_errors() -> None:
    findings = lint()
    assert not has_errors(findings), "\n".join(str(f) for f in findings if f.severity == "error")


def test_a_rule_switched_off_by_a_parameter_is_a_warning_not_an_error(tmp_path: Path) -> None:
    directory = tmp_path / "switch"
    directory.mkdir()
    for source in (FIXTURES / "clean").iterdir():
        (directory / source.name).write_text(source.read_text())
    (directory / "switch.yaml").write_text("""
parameters:
  - id: feature_on
    title: Local switch
    citations: [{instrument: Local policy, provision: "1", url: "https://example.org/p"}]
    values: [{value: false}]
rules:
  - id: R-SWITCHED
    title: Applies only when the local switch is on
    citations: [{instrument: Local policy, provision: "1", url: "https://example.org/p"}]
    when:
      all:
        - adult.deceased: true
        - parameter: feature_on
    then: [{action: act_now}]
    explanation: Switched.
""")
    findings = lint(directory)
    assert [(f.severity, f.code, f.rule) for f in findings] == [("warning", "disabled-by-parameter", "R-SWITCHED")]


def test_cli_text_and_exit_codes(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["lint", str(FIXTURES / "duplicate_id")]) == 1
    out = capsys.readouterr().out
    assert "duplicate_id/rules.yaml:14: error [duplicate-id]: rule R-YES" in out
    assert out.strip().endswith("lint: 1 error, 0 warnings, 0 infos")
    assert main(["lint", str(FIXTURES / "unused_parameter")]) == 0


def test_cli_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["lint", str(FIXTURES / "conflict"), "--format", "json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["ok"] is False and data["counts"] == {"error": 1, "warning": 0, "info": 0}
    assert data["findings"][0] | {"message": ""} == {
        "severity": "error", "code": "conflict", "message": "", "file": "conflict/rules.yaml", "line": 2,
        "rule": "R-YES"}
