"""The `claimline` console script: the command modules, then the one place errors end.

The commands live in `tui/cli_*.py` (see tui/cli_base.py for adding one); importing them
registers them on the `claimline` group, which imports them all when it needs a command
it does not hold yet. The app's two commands are imported here; the others only when
used, so that `claimline big.json` paints its first frame sooner.
"""

from __future__ import annotations

import sys

import click

import tui.cli_app
import tui.cli_present  # noqa: F401  (registers `present`)
from tui.cli_base import CliError, claimline, load_command_modules


def load_commands() -> click.Group:
    """The `claimline` group with every command (for tests and tools that list them)."""
    load_command_modules()
    return claimline


def main(argv: list[str] | None = None) -> int:
    """Run `claimline ARGS`; return the exit code (0 done, 1 a problem, 2 a usage mistake).

    Shell completion (`_CLAIMLINE_COMPLETE=bash_source claimline`) is click's own.
    """
    group = claimline
    args = sys.argv[1:] if argv is None else argv
    try:
        result = group.main(args, prog_name="claimline", standalone_mode=False)
    except CliError as error:
        print(error.message, file=sys.stderr)
        return error.exit_code
    except click.ClickException as error:  # click's usage errors: the usage, then why
        error.show()
        return error.exit_code
    except click.Abort:  # ctrl+c at a prompt
        return 130
    return result if isinstance(result, int) else 0


if __name__ == "__main__":
    sys.exit(main())
