"""The rule catalogue names every rule, its legal basis and the scenarios that exercise it."""

from __future__ import annotations

import datetime
from pathlib import Path

from msp_rules import load_rules
from msp_rules.catalogue import render_catalogue, scenario_coverage
from msp_rules.cli import main

SCENARIOS = Path(__file__).parent / "scenarios"


def test_catalogue_lists_every_rule_with_its_citations() -> None:
    ruleset = load_rules()
    text = render_catalogue(ruleset, {}, datetime.date(2026, 6, 1))
    for rule in ruleset.rules:
        assert f"### {rule.id}: {rule.spec.title}" in text
        for citation in rule.spec.citations:
            assert citation.instrument in text


def test_catalogue_marks_contested_rules() -> None:
    ruleset = load_rules()
    text = render_catalogue(ruleset, {}, datetime.date(2026, 6, 1))
    contested = [r for r in ruleset.rules if r.spec.contested]
    assert contested
    assert text.count("contested: professional judgement needed") == len(contested)


def test_scenario_coverage_names_the_scenarios_of_a_rule() -> None:
    coverage = scenario_coverage(SCENARIOS, load_rules())
    assert "consent-capacitous-refusal-no-ground" in coverage["CON-3"]
    text = render_catalogue(load_rules(), coverage, datetime.date(2026, 6, 1))
    assert "`consent-capacitous-refusal-no-ground`" in text


def test_cli_writes_the_catalogue(tmp_path: Path) -> None:
    out = tmp_path / "rules.md"
    assert main(["catalogue", "--scenarios", str(SCENARIOS), "--as-at", "2026-06-01", "-o", str(out)]) == 0
    assert out.read_text(encoding="utf-8").startswith("# Rule catalogue")
