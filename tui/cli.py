"""The `claimline` command: open the app, or run one of the subcommands."""

from __future__ import annotations

import argparse
import sys
from importlib.metadata import PackageNotFoundError, version

from tui import cli_datasets, cli_export, cli_present

SUBCOMMAND_MODULES = [cli_datasets, cli_export, cli_present]


def _version() -> str:
    try:
        return version("claimline")
    except PackageNotFoundError:
        return "unknown"


def _subcommand_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="claimline",
        description="Check claims against a timeline. Without a command, opens the app.",
    )
    parser.add_argument("--version", action="version", version=f"claimline {_version()}")
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")
    for module in SUBCOMMAND_MODULES:
        module.register(commands)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point of the console script; returns the exit code."""
    args = sys.argv[1:] if argv is None else argv
    parser = _subcommand_parser()
    commands = parser._subparsers._group_actions[0].choices  # type: ignore[union-attr]
    if args and (args[0] in commands or args[0] in ("-h", "--help", "--version")):
        namespace = parser.parse_args(args)
        return namespace.run(namespace)
    from tui.cli_app import run_app

    return run_app(args, commands=sorted(commands))


if __name__ == "__main__":
    sys.exit(main())
