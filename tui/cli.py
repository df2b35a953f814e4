"""The `claimline` command: open the app, or run one of the subcommands."""

from __future__ import annotations

import argparse
import sys

from tui import cli_datasets, cli_export, cli_present
from tui.version import package_version

SUBCOMMAND_MODULES = [cli_datasets, cli_export, cli_present]


def _subcommand_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="claimline",
        description="Check claims against a timeline. Without a command, opens the app.",
    )
    parser.add_argument("--version", action="version", version=f"claimline {package_version()}")
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")
    for module in SUBCOMMAND_MODULES:
        module.register(commands)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point of the console script; returns the exit code."""
    args = sys.argv[1:] if argv is None else argv
    parser = _subcommand_parser()
    subcommands = parser._subparsers._group_actions[0]  # type: ignore[union-attr]
    if args and (args[0] in subcommands.choices or args[0] == "--version"):
        namespace = parser.parse_args(args)
        return namespace.run(namespace)
    from tui.cli_app import run_app

    # `claimline --help` is the app's help: it lists the commands too.
    commands = [(action.dest, action.help or "") for action in subcommands._choices_actions]
    return run_app(args, commands=commands)


if __name__ == "__main__":
    sys.exit(main())
