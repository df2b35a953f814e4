"""The domain (`facts`) never needs Textual: scripts and exports use it without a terminal UI."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

import pytest

FACTS = Path(__file__).parent.parent / "facts"
FACTS_FILES = sorted(FACTS.rglob("*.py"))


def module_name(path: Path) -> str:
    parts = path.relative_to(FACTS.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def test_importing_every_facts_module_loads_no_textual() -> None:
    modules = ["facts", "facts.load", "facts.timeline", *map(module_name, FACTS_FILES)]
    script = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "import facts\n"
        "facts.load(sys.argv[1])\n"
        "loaded = sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.'))\n"
        "tui = sorted(m for m in sys.modules if m == 'tui' or m.startswith('tui.'))\n"
        "print(loaded, tui)\n"
    )
    mini = Path(__file__).parent / "data" / "mini.yaml"
    result = subprocess.run(
        [sys.executable, "-c", script, str(mini)],
        capture_output=True,
        text=True,
        timeout=120,
        stdin=subprocess.DEVNULL,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[] []"


def imported_modules(path: Path) -> set[str]:
    """The modules a file imports, at any depth (inside functions too)."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


@pytest.mark.parametrize("path", FACTS_FILES, ids=lambda path: module_name(path))
def test_no_facts_module_imports_textual_or_the_interface(path: Path) -> None:
    forbidden = {
        name for name in imported_modules(path) if name.split(".")[0] in ("textual", "tui")
    }
    assert not forbidden, f"{path.name} imports {sorted(forbidden)}: keep facts/ free of the UI"


def test_the_check_sees_every_kind_of_import(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text(
        "import textual.app\nfrom textual import on\ndef f():\n    from tui.cli import main\n"
    )
    assert imported_modules(sample) == {"textual.app", "textual", "tui.cli"}


WIDGETS = sorted((FACTS.parent / "tui" / "widgets").glob("*.py"))
RENDERING = [FACTS.parent / "tui" / name for name in ("renderables.py", "slides.py")]


@pytest.mark.parametrize("path", WIDGETS + RENDERING, ids=lambda path: path.stem)
def test_widgets_and_renderables_take_store_types_from_the_session(path: Path) -> None:
    """A widget draws what a session holds: the store's records come through
    `facts.session`, so a new store backend never reaches into the interface."""
    store = {name for name in imported_modules(path) if name.startswith("facts.store")}
    assert not store, f"{path.name} imports {sorted(store)}: take them from facts.session"


# What the first frame (the loading screen) must not wait for: the models, the store's
# backends, the exports, YAML and pydantic-settings come later, in the worker.
HEAVY = (
    "pydantic",
    "pydantic_settings",
    "yaml",
    "facts.model",
    "facts.export",
    "facts.store.sqlite",
    "facts.session",
    "tui.screens.review",
    "tui.screens.presentation",
)
# Lighter, but together a few milliseconds of a first frame that is about 20 ms over a
# bare Textual app's: the help screen (opened by `?`), Textual's ProgressBar (the loading
# screen draws its own bar), shell completion, `json` (the loader imports it when it
# reads), `pkgutil` (listing the command modules) and `importlib.resources` (the bundled
# datasets are a folder beside `facts/bundled.py`).
DEFERRED = (
    "tui.screens.help",
    "textual.widgets._progress_bar",
    "click.shell_completion",
    "json",
    "pkgutil",
    "importlib.resources",
)


def test_the_command_line_imports_no_models_store_or_exports_before_the_app() -> None:
    """What `claimline big.json` imports before its first frame, so that frame is as
    quick as a bare Textual app's (benchmarks/)."""
    script = (
        "import sys\n"
        "import tui.cli, tui.app, tui.startup, tui.opening\n"
        "from facts.store import default_store_path\n"
        "from tui.config import load_settings\n"
        "load_settings({})\n"
        f"print(sorted(name for name in {HEAVY!r} if name in sys.modules))\n"
    )
    assert run_without_settings(script) == "[]"


FIRST_FRAME = (
    "import sys\n"
    "from textual.app import App\n"
    "def run(app, *args, **kwargs):\n"
    f"    print(sorted(name for name in {HEAVY + DEFERRED!r} if name in sys.modules))\n"
    "App.run = run\n"
    "from tui.cli import main\n"
    "sys.exit(main(sys.argv[2:] + ['--reviews', sys.argv[1]]))\n"
)


@pytest.mark.parametrize(
    "words",
    [[], ["ecuador-2025"], ["present"], ["tests/data/mini.yaml"], ["--reviewer", "Ana"]],
    ids=" ".join,
)
def test_any_dataset_is_imported_behind_the_first_frame(words: list[str]) -> None:
    """`claimline` with the bundled dataset (or any small file, or a reviewer's name to
    check) runs the whole command line up to `App.run` before importing the models or the
    store: they load in the worker."""
    assert run_without_settings(FIRST_FRAME, os.devnull + "-no-store", *words) == "[]"


def test_a_config_file_and_variables_of_plain_values_need_no_pydantic(tmp_path: Path) -> None:
    """ctrl+p → Theme writes a config file, so most people have one: reading it (and the
    CLAIMLINE_* variables) must not bring pydantic-settings before the first frame; only
    a value that needs its report does (tests/test_config.py: the same settings)."""
    config = tmp_path / "config.toml"
    config.write_text('theme = "nord"\nreviewer = "Ana"\n')
    settings = {"CLAIMLINE_CONFIG": str(config), "CLAIMLINE_REVIEWER": "Bea"}
    assert run_without_settings(FIRST_FRAME, os.devnull + "-no-store", **settings) == "[]"


def run_without_settings(script: str, *args: str, **settings: str) -> str:
    """What `script` prints, run with no config file and no CLAIMLINE_* variables but
    `settings` (a config file that needs pydantic-settings' report brings it in before
    the first frame, on purpose: tui/config.py)."""
    environment = {
        name: value for name, value in os.environ.items() if not name.startswith("CLAIMLINE_")
    }
    result = subprocess.run(
        [sys.executable, "-c", script, *args],
        capture_output=True,
        text=True,
        timeout=120,
        stdin=subprocess.DEVNULL,
        env={**environment, "CLAIMLINE_CONFIG": os.devnull + "-none", **settings},
        cwd=FACTS.parent,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()
