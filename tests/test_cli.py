"""The command line: outputs, stdin, exit codes, clear errors."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from msp_rules.cli import EXIT_BAD_INPUT, EXIT_OK, main

EXAMPLE = str(Path(__file__).resolve().parents[1] / "examples" / "domestic-abuse-children-at-risk.json")


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_decide_text_shows_outcome_actions_and_cited_trace(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "decide", EXAMPLE, "--engine", "reference", "--as-at", "2026-11-29")
    assert code == EXIT_OK
    for heading in ("ACTING WITHOUT CONSENT", "REQUIRED ACTIONS", "TRACE"):
        assert heading in out
    assert "Permitted if justified" in out and "G_OTHERS" in out and "Care Act 2014" in out


def test_decide_json_is_a_decision(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "decide", EXAMPLE, "--format", "json", "--engine", "reference")
    assert code == EXIT_OK and json.loads(out)["answers"]


def test_decide_markdown(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "decide", EXAMPLE, "--format", "markdown", "--engine", "reference")
    assert code == EXIT_OK and out.startswith("# ")


def test_decide_reads_stdin(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(Path(EXAMPLE).read_text()))
    code, out, _ = run(capsys, "decide", "-", "--format", "json", "--engine", "reference")
    assert code == EXIT_OK and json.loads(out)["case_id"] == "EX-02"


def test_decide_writes_a_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    target = tmp_path / "decision.json"
    code, out, _ = run(capsys, "decide", EXAMPLE, "--format", "json", "-o", str(target), "--engine", "reference")
    assert code == EXIT_OK and out == "" and json.loads(target.read_text())["case_id"] == "EX-02"


def test_a_bad_case_is_exit_2_with_the_field_named(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"adult": {"age": "old"}}))
    code, out, err = run(capsys, "decide", str(bad))
    assert code == EXIT_BAD_INPUT and out == "" and "adult.age" in err and "Traceback" not in err


def test_invalid_json_and_missing_files(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text("{\"adult\": ")
    code, _, err = run(capsys, "decide", str(broken))
    assert code == EXIT_BAD_INPUT and "not valid JSON (line 1" in err
    code, _, err = run(capsys, "decide", str(tmp_path / "absent.json"))
    assert code == EXIT_BAD_INPUT and "cannot read" in err


def test_a_binary_file_is_a_clear_error(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    binary = tmp_path / "case.json"
    binary.write_bytes(b"\xff\xfe{}")
    code, _, err = run(capsys, "decide", str(binary))
    assert code == EXIT_BAD_INPUT and "not UTF-8 text" in err and "Traceback" not in err


def test_bad_rules_directory(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = run(capsys, "decide", EXAMPLE, "--rules", str(tmp_path))
    assert code == EXIT_BAD_INPUT and "no ruleset.yaml" in err


@pytest.mark.parametrize("model", ["case", "decision"])
def test_schema(capsys: pytest.CaptureFixture[str], model: str) -> None:
    code, out, _ = run(capsys, "schema", model)
    schema = json.loads(out)
    assert code == EXIT_OK and schema["type"] == "object" and schema["properties"]


def test_no_command_prints_help(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, )
    assert code == EXIT_BAD_INPUT and "decide" in out
