"""The command line: validate, schema, datasets, --version and --help, with their exit codes."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

import click
import pytest

import facts.bundled
from facts.model import dataset_json_schema
from tui import cli
from tui.cli_datasets import schema_text

ROOT = Path(__file__).parent.parent
BAD = Path(__file__).parent / "bad"
RAW_CONTROL = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f]")


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """`claimline ARGS` in this process: exit code, standard output, standard error."""
    try:
        code = cli.main(list(args))
    except SystemExit as exit:  # main returns its code; it never exits the process
        pytest.fail(f"main raised SystemExit({exit.code})")
    out, err = capsys.readouterr()
    return code, out, err


# -- validate ----------------------------------------------------------------------------


def test_validate_a_good_file(capsys, mini_path: Path) -> None:
    assert run(capsys, "validate", str(mini_path)) == (
        0,
        f"ok: {mini_path} (3 events, 2 claims)\n",
        "",
    )


def test_validate_a_bad_file_prints_its_located_problems(capsys, monkeypatch) -> None:
    monkeypatch.chdir(BAD)
    code, out, _ = run(capsys, "validate", "date-words.yaml")
    assert code == 1
    assert out == (
        "date-words.yaml: 1 problem\n"
        "  date-words.yaml:10:11: events[0].date: "
        "expected a date like 2025, 2025-02 or 2025-02-19, got 'Febuary 2025'\n"
    )


def test_validate_reports_every_file_and_fails_if_any_fails(
    capsys, mini_path: Path, monkeypatch
) -> None:
    monkeypatch.chdir(BAD)
    code, out, _ = run(capsys, "validate", str(mini_path), "empty.yaml", "missing.yaml")
    assert code == 1
    assert out.splitlines() == [
        f"ok: {mini_path} (3 events, 2 claims)",
        "empty.yaml: 1 problem",
        "  empty.yaml: the file is empty; a dataset starts with `schema_version: 1`",
        "missing.yaml: 1 problem",
        "  missing.yaml: no such file; check the path (`claimline datasets` lists the bundled "
        "ones)",
    ]


def test_validate_json_output_for_scripts(capsys, mini_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(BAD)
    code, out, _ = run(
        capsys, "validate", "--format", "json", str(mini_path), "several-problems.yaml"
    )
    assert code == 1
    good, bad = json.loads(out)["results"]
    assert good == {"path": str(mini_path), "ok": True, "events": 3, "claims": 2}
    assert bad["ok"] is False and bad["path"] == "several-problems.yaml"
    assert bad["problems"][0] == {
        "file": "several-problems.yaml",
        "line": 2,
        "column": 5,
        "field": "id",
        "message": "ids use letters, digits, '.', '_' and '-', start with a letter or digit "
        "and are at most 128 characters; got 'bad dataset'",
    }
    assert len(bad["problems"]) == 8


def test_validate_json_output_when_all_are_good(capsys, mini_path: Path) -> None:
    code, out, _ = run(capsys, "validate", "--format", "json", str(mini_path))
    assert code == 0
    assert json.loads(out)["results"][0]["ok"] is True


def test_no_bad_file_puts_a_raw_control_character_on_the_terminal(capsys, monkeypatch) -> None:
    monkeypatch.chdir(BAD)
    names = sorted(path.name for path in BAD.iterdir())
    for output in ("text", "json"):
        code, out, err = run(capsys, "validate", "--format", output, *names)
        assert code == 1
        assert not RAW_CONTROL.search(out + err)
    assert "U+001B" in out


@pytest.mark.parametrize(
    "args",
    [
        ["validate"],
        ["validate", "--format", "xml", "x.yaml"],
        ["validate", "--no-such-option", "x.yaml"],
        ["schema", "extra-argument"],
        ["datasets", "extra-argument"],
    ],
)
def test_usage_mistakes_exit_2_with_the_usage(capsys, args: list[str]) -> None:
    code, out, err = run(capsys, *args)
    assert code == 2
    assert out == ""
    assert err.startswith("Usage: claimline")


# -- schema --------------------------------------------------------------------------------


def test_schema_prints_the_json_schema(capsys) -> None:
    code, out, _ = run(capsys, "schema")
    assert code == 0
    assert json.loads(out) == dataset_json_schema()
    assert out == schema_text()


def test_the_repository_copy_of_the_schema_is_in_sync() -> None:
    kept = (ROOT / "facts" / "dataset.schema.json").read_text(encoding="utf-8")
    assert kept == schema_text(), (
        "facts/dataset.schema.json is out of date: run "
        "`claimline schema > facts/dataset.schema.json`"
    )


# -- datasets ------------------------------------------------------------------------------


def test_datasets_lists_each_bundled_dataset(
    capsys, mini_path: Path, tmp_path: Path, monkeypatch
) -> None:
    shutil.copy(mini_path, tmp_path / "mini.yaml")
    monkeypatch.setattr(facts.bundled, "bundled_dir", lambda: tmp_path)
    assert run(capsys, "datasets") == (0, "mini\tA small test dataset\t3 events, 2 claims\n", "")


def test_datasets_fails_when_a_bundled_dataset_is_broken(
    capsys, mini_path: Path, tmp_path: Path, monkeypatch
) -> None:
    shutil.copy(mini_path, tmp_path / "mini.yaml")
    (tmp_path / "broken.yaml").write_text("schema_version: 1\n", encoding="utf-8")
    monkeypatch.setattr(facts.bundled, "bundled_dir", lambda: tmp_path)
    code, out, err = run(capsys, "datasets")
    assert code == 1
    assert out == "mini\tA small test dataset\t3 events, 2 claims\n"
    assert "broken.yaml: 3 problems" in err


def test_every_bundled_dataset_is_valid(capsys) -> None:
    code, out, err = run(capsys, "datasets")
    assert (code, err) == (0, "")
    assert len(out.splitlines()) == len(facts.bundled.bundled_paths())


# -- --version and --help --------------------------------------------------------------------


def test_version(capsys) -> None:
    assert run(capsys, "--version") == (0, f"claimline {version('claimline')}\n", "")


@pytest.mark.parametrize("args", [["ecuador-2025", "--version"], ["x.json", "--version"]])
def test_version_after_a_dataset_is_the_version_not_a_usage_error(capsys, args) -> None:
    assert run(capsys, *args) == (0, f"claimline {version('claimline')}\n", "")


def command_paths(
    group: click.Group, parent: click.Context | None = None, prefix: tuple[str, ...] = ()
) -> list[tuple[str, ...]]:
    """Every command and sub-command of the group, as argument lists."""
    context = click.Context(group, parent=parent, info_name=prefix[-1] if prefix else "claimline")
    found: list[tuple[str, ...]] = []
    for name in group.list_commands(context):
        command = group.get_command(context, name)
        found.append((*prefix, name))
        if isinstance(command, click.Group):
            found += command_paths(command, context, (*prefix, name))
    return found


COMMANDS = command_paths(cli.load_commands())


def test_the_issue_commands_exist() -> None:
    assert {("validate",), ("schema",), ("datasets",)} <= set(COMMANDS)


@pytest.mark.parametrize("command", [(), ("some-dataset.yaml",), *COMMANDS], ids=" ".join)
def test_every_command_has_help(capsys, command: tuple[str, ...]) -> None:
    code, out, err = run(capsys, *command, "--help")
    assert (code, err) == (0, "")
    if command in COMMANDS:
        assert out.startswith("Usage: claimline " + " ".join(command))
    elif command:  # the app itself
        assert out.startswith("Usage: claimline") and "DATASET" in out
    else:  # the overview lists the commands
        assert all(f"\n  {name} " in out for (name, *_) in COMMANDS)
        assert "DATASET" in out and "--reviews" in out  # and the app's own options


# -- the installed console script --------------------------------------------------------------


def installed_claimline() -> str:
    script = shutil.which("claimline", path=os.path.dirname(sys.executable))
    if script is None:
        pytest.fail(
            "the claimline console script is not installed beside this Python: "
            'run `pip install -e ".[test]"`'
        )
    return script


def test_the_installed_command_validates(mini_path: Path) -> None:
    script = installed_claimline()
    good = subprocess.run(
        [script, "validate", str(mini_path)],
        capture_output=True,
        text=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
    )
    assert (good.returncode, good.stdout) == (0, f"ok: {mini_path} (3 events, 2 claims)\n")
    bad = subprocess.run(
        [script, "validate", str(BAD / "control-char.yaml")],
        capture_output=True,
        text=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
    )
    assert bad.returncode == 1
    assert "control-char.yaml:17:15: control character U+001B" in bad.stdout
    assert "Traceback" not in bad.stdout + bad.stderr
    usage = subprocess.run(
        [script, "validate"], capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL
    )
    assert usage.returncode == 2


def test_the_shell_completes_commands_datasets_and_themes() -> None:
    """What README's `eval "$(_CLAIMLINE_COMPLETE=bash_source claimline)"` line relies on."""

    def complete(*words: str) -> list[str]:
        env = {
            **os.environ,
            "_CLAIMLINE_COMPLETE": "bash_complete",
            "COMP_WORDS": " ".join(("claimline", *words)),
            "COMP_CWORD": str(len(words)),
        }
        done = subprocess.run(
            [installed_claimline()],
            capture_output=True,
            text=True,
            timeout=60,
            env=env,
            stdin=subprocess.DEVNULL,
        )
        assert done.returncode == 0, done.stderr
        return done.stdout.splitlines()

    assert "plain,present" in complete("pr")
    assert complete("ecu") == ["plain,ecuador-2025", "file,ecu"]
    assert complete("--theme", "nor") == ["plain,nord"]
    assert "plain,--reviewer" in complete("--rev")
    assert "plain,--status" in complete("export", "--st")


@pytest.mark.parametrize(
    "words",
    [("import", "claimreview"), ("import", "timelinejs"), ("import", "factcheck-api")],
)
def test_a_subcommand_of_a_group_is_found_in_a_fresh_process(words: tuple[str, ...]) -> None:
    """Command modules load only when asked for; a new shell has loaded none of them (a
    test in this process may have, which hid `claimline import claimreview` failing)."""
    result = subprocess.run(
        [sys.executable, "-m", "tui.cli", *words, "--help"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"Usage: claimline {' '.join(words)}" in result.stdout
