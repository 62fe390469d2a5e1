"""Scenario files: loading, validation against the rule set, the runner, coverage, CLI and pytest plugin."""

from __future__ import annotations

import json
import shutil
import textwrap
from pathlib import Path

import pytest

from msp_rules.api import bundled_rules
from msp_rules.cli import main
from msp_rules.testing import (
    DEFAULT_AS_AT,
    Coverage,
    ScenarioError,
    available_engines,
    check_scenarios,
    format_result,
    load_scenarios,
    run_scenarios,
)

pytest_plugins = ["pytester"]

FIXTURES = Path(__file__).parent / "toolkit_fixtures"
SAMPLE = FIXTURES / "refusal.yaml"


def write(directory: Path, name: str, text: str) -> Path:
    path = directory / name
    path.write_text(textwrap.dedent(text))
    return path


def lead_copy(tmp_path: Path) -> Path:
    """A policy lead's copy of the sample with one fact changed: children are now at risk of serious harm."""
    text = SAMPLE.read_text().replace(
        "others_at_risk: {children: false, adults: false, risk_of_serious_harm: false}",
        "others_at_risk: {children: true, adults: false, risk_of_serious_harm: true}")
    assert "children: true" in text
    text = text.replace("id: sample-", "id: lead-")
    shutil.copy(FIXTURES / "unknowns.case.json", tmp_path)
    return write(tmp_path, "lead.yaml", text)


# -- running ------------------------------------------------------------------------------


def test_sample_scenarios_pass_on_every_engine() -> None:
    results = run_scenarios(load_scenarios(SAMPLE), bundled_rules())
    assert [(r.scenario.id, r.engine) for r in results] == [
        (sid, engine) for sid in ("sample-capacitous-refusal-no-ground", "sample-unknowns-from-file")
        for engine in available_engines()]
    assert all(r.passed for r in results), "\n".join(format_result(r) for r in results if not r.passed)


def test_as_at_defaults_to_a_fixed_date() -> None:
    scenarios = load_scenarios(SAMPLE)
    assert [s.as_at for s in scenarios] == [scenarios[0].spec.as_at, DEFAULT_AS_AT]


def test_a_changed_fact_fails_naming_each_broken_expectation(tmp_path: Path) -> None:
    results = run_scenarios(load_scenarios(lead_copy(tmp_path)), bundled_rules(), ["reference"])
    failed = [r for r in results if not r.passed]
    assert [r.scenario.id for r in failed] == ["lead-capacitous-refusal-no-ground"]
    broken = {f.expectation: (f.expected, f.actual) for f in failed[0].failures}
    assert broken["answers.act_without_consent"] == ("not_permitted", "permitted_if_justified")
    assert broken["grounds.G_OTHERS"] == ("absent", "applies")
    assert broken["fired CON-3"] == ("fired", "not fired")
    assert broken["not_fired CON-4"] == ("not fired", "fired")
    report = format_result(failed[0])
    assert "FAIL lead-capacitous-refusal-no-ground [reference]" in report
    assert "answers.act_without_consent: expected not_permitted, got permitted_if_justified (line 24)" in report
    assert "CON-4 (A tier A ground can justify acting without consent) applied, relying on:" in report
    assert "CON-3 (Respect a capacitous refusal) was overridden by CON-4" in report
    assert "GRD-OTHERS (Others, adults or children, at risk of serious harm) applied, relying on: " \
           "others_at_risk.children = true" in report


def test_undetermined_answer_failure_shows_the_facts_it_waits_on(tmp_path: Path) -> None:
    shutil.copy(FIXTURES / "unknowns.case.json", tmp_path)
    path = write(tmp_path, "s.yaml", """
        scenarios:
          - id: expects-a-duty
            title: Wrongly expects the s42 duty
            case_file: unknowns.case.json
            expect: {answers: {s42_enquiry: duty}, provisional: false}
        """)
    (result,) = run_scenarios(load_scenarios(path), bundled_rules(), ["reference"])
    report = format_result(result)
    assert "answers.s42_enquiry: expected duty, got undetermined" in report
    assert "provisional: expected false, got true" in report
    assert "adult.care_and_support_needs" in report
    assert "S42-1 (The s42 enquiry duty) is undetermined, waiting on:" in report


# -- bad input ----------------------------------------------------------------------------


def problems_of(*paths: Path) -> list[str]:
    with pytest.raises(ScenarioError) as caught:
        check_scenarios(load_scenarios(*paths), bundled_rules())
    return [str(p) for p in caught.value.problems]


def test_bad_yaml_names_file_and_line(tmp_path: Path) -> None:
    path = write(tmp_path, "bad.yaml", "scenarios:\n  - id: x\n    title: [unclosed\n")
    (problem,) = problems_of(path)
    assert problem.startswith(f"{path}:") and "not valid YAML" in problem


def test_a_file_that_is_not_a_mapping_says_what_a_scenario_file_is(tmp_path: Path) -> None:
    (problem,) = problems_of(write(tmp_path, "list.yaml", "- 1\n"))
    assert problem.endswith("a scenario file is a mapping with a 'scenarios:' list")
    assert "_ScenarioFile" not in problem


def test_invalid_case_names_field_line_and_scenario(tmp_path: Path) -> None:
    path = write(tmp_path, "case.yaml", """
        scenarios:
          - id: bad-case
            title: A case with a wrong value
            case:
              concern:
                risk_level: extreme
        """)
    (problem,) = problems_of(path)
    assert problem.startswith(f"{path}:7: scenario bad-case: invalid case: case field concern.risk_level")


def test_unknown_keys_are_refused(tmp_path: Path) -> None:
    path = write(tmp_path, "keys.yaml", """
        scenarios:
          - id: typo-key
            title: Misspelt expectation section
            case: {}
            expect: {answer: {s42_enquiry: duty}}
        """)
    (problem,) = problems_of(path)
    assert problem == f"{path}:6: scenario typo-key: expect.answer: unknown key"


@pytest.mark.parametrize(("expect", "message"), [
    ("{answers: {s42_enquiri: duty}}", "answers: no finding 's42_enquiri' (did you mean 's42_enquiry'?)"),
    ("{answers: {s42_enquiry: dutty}}", "answers.s42_enquiry: 'dutty' is not a value of s42_enquiry"),
    ("{grounds: {G_OTHER: applies}}", "grounds: no ground 'G_OTHER' (did you mean 'G_OTHERS'?)"),
    ("{grounds: {G_OTHERS: apply}}", "expect.grounds.G_OTHERS: Input should be 'applies', 'undetermined' or 'absent'"),
    ("{actions: {call_999: required}}", "actions: no action 'call_999'"),
    ("{fired: [CON-33]}", "fired: no rule 'CON-33'"),
    ("{not_fired: [con-3]}", "not_fired: no rule 'con-3' (did you mean 'CON-3'?)"),
    ("{information_needed: [adult.shoe_size]}", "information_needed: the case model has no fact 'adult.shoe_size'"),
    ("{citations: [Care Act 2041]}", "citations: no rule cites 'Care Act 2041'"),
])
def test_expectations_must_name_what_the_rule_set_has(tmp_path: Path, expect: str, message: str) -> None:
    path = write(tmp_path, "names.yaml", f"""
        scenarios:
          - id: typo
            title: A typo in an expectation
            case: {{}}
            expect: {expect}
        """)
    (problem,) = problems_of(path)
    assert problem.startswith(f"{path}:") and message in problem


def test_collection_fields_are_fact_paths(tmp_path: Path) -> None:
    path = write(tmp_path, "paths.yaml", """
        scenarios:
          - id: collection-field
            title: A field of a network member is a fact path
            case: {}
            expect: {information_needed: [network.implicated]}
        """)
    check_scenarios(load_scenarios(path), bundled_rules())


def test_duplicate_ids_across_files_and_case_source(tmp_path: Path) -> None:
    first = write(tmp_path, "a.yaml", "scenarios:\n  - {id: same, title: One, case: {}}\n")
    write(tmp_path, "b.yaml", "scenarios:\n  - {id: same, title: Two, case: {}}\n"
                              "  - {id: neither, title: No case}\n  - {id: missing, title: M, case_file: nope.json}\n")
    problems = problems_of(tmp_path)
    assert f"{tmp_path / 'b.yaml'}:2: scenario same: duplicate scenario id (first defined at {first}:2)" in problems
    assert any("scenario neither: give exactly one of 'case' and 'case_file'" in p for p in problems)
    assert any("scenario missing: case_file" in p and "does not exist" in p for p in problems)


# -- coverage -----------------------------------------------------------------------------


def test_coverage_counts_each_rule_both_ways(tmp_path: Path) -> None:
    ruleset = bundled_rules()
    coverage = Coverage.of(ruleset, run_scenarios(load_scenarios(lead_copy(tmp_path), SAMPLE), ruleset))
    by_rule = {r.rule: r for r in coverage.rules}
    assert len(by_rule) == len(ruleset.rules)
    # the refusal scenario and the lead's copy: CON-3 applies in one, is overridden in the other
    con3 = by_rule["CON-3"]
    assert (con3.fired, con3.not_fired, con3.undetermined) == (1, 1, 2)
    assert by_rule["CON-4"].fired == 1 and by_rule["CON-4"].both_ways
    assert by_rule["S42-1"].undetermined == 2
    assert 0 < coverage.fired_percent < 100 and 0 < coverage.percent < 100
    assert "CON-3" not in coverage.never_fired()


# -- command line -------------------------------------------------------------------------


def test_cli_passes(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["test", str(SAMPLE)]) == 0
    assert capsys.readouterr().out.strip() == f"2 of 2 scenarios passed on {', '.join(sorted(available_engines()))}"


def test_cli_fails_with_report(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["test", str(lead_copy(tmp_path)), "--engine", "reference"]) == 1
    out = capsys.readouterr().out
    assert "answers.act_without_consent: expected not_permitted, got permitted_if_justified" in out
    assert out.strip().endswith("1 of 2 scenarios passed on reference; 1 failed")


def test_cli_bad_input_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, "bad.yaml", "scenarios: []\n")
    assert main(["test", str(path)]) == 2
    assert "scenarios: List should have at least 1 item" in capsys.readouterr().err
    assert main(["test", str(tmp_path / "missing.yaml")]) == 2


def test_cli_coverage_json_and_threshold(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["test", str(SAMPLE), "--format", "json", "--coverage"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["passed"] is True and len(data["results"]) == 2 * len(available_engines())
    con3 = next(r for r in data["coverage"]["rules"] if r["rule"] == "CON-3")
    assert (con3["fired"], con3["not_fired"], con3["undetermined"]) == (1, 0, 1)
    assert main(["test", str(SAMPLE), "--min-coverage", "99"]) == 1
    assert "is below the minimum 99%" in capsys.readouterr().out


# -- pytest plugin ------------------------------------------------------------------------


def test_pytest_plugin_collects_and_reports(pytester: pytest.Pytester, tmp_path: Path) -> None:
    scenarios = pytester.mkdir("scenarios")
    shutil.copy(SAMPLE, scenarios / "refusal.yaml")
    shutil.copy(FIXTURES / "unknowns.case.json", scenarios)
    (scenarios / "unrelated.yaml").write_text("settings: {colour: blue}\n")
    (pytester.path / "lead.scenarios.yaml").write_text(lead_copy(tmp_path).read_text())
    shutil.copy(FIXTURES / "unknowns.case.json", pytester.path)
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")
    engines = len(available_engines())
    result.assert_outcomes(passed=3 * engines, failed=engines)
    result.stdout.fnmatch_lines([
        "*FAIL lead-capacitous-refusal-no-ground*",
        "*answers.act_without_consent: expected not_permitted, got permitted_if_justified*",
    ])
    assert "Traceback" not in result.stdout.str()


def test_pytest_plugin_reports_bad_files_without_traceback(pytester: pytest.Pytester) -> None:
    pytester.makefile(".scenarios.yaml", bad="scenarios:\n  - {id: x, title: T, case: {}, expect: {fired: [NOPE-1]}}\n")
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(["*bad.scenarios.yaml:2: scenario x: fired: no rule 'NOPE-1'*"])


def test_pytest_plugin_can_be_switched_off(pytester: pytest.Pytester) -> None:
    pytester.makefile(".scenarios.yaml", some="scenarios:\n  - {id: x, title: T, case: {}}\n")
    pytester.makeini("[pytest]\nmsp_rules_scenarios = false\n")
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")
    assert result.ret == pytest.ExitCode.NO_TESTS_COLLECTED
