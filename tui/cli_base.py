"""The `claimline` command group, its error type and the options several commands share.

Adding a command is a one-module job: write `tui/cli_<name>.py` and define the command
there with click, on the group it belongs to:

    from tui.cli_base import claimline, import_group

    @claimline.command("agreement", short_help="…")     # claimline agreement …
    def agreement(…) -> None: …

    @import_group.command("claimreview", short_help="…")  # claimline import claimreview …

A new group (`store`, `cache`) is made the same way with `@claimline.group("store")`, in the
module of its first command; the others import it from there. The group imports every
`tui/cli_*.py` module the first time it is asked for a command it does not hold yet (or
for the list, for --help), so nothing else needs to list the command. `claimline` and
`claimline present` import only their own modules (`APP_COMMAND_MODULES`): the app's
first frame should not wait for the other commands. Keep imports of heavy modules
(Textual, the store, exports) inside the command's function.

A command reports a problem by raising `CliError(message, exit_code)`; `main` prints it
once, on standard error, and exits with its code: 0 done, 1 a problem with a dataset, a
store, a file or the settings, 2 a usage mistake (click's own usage errors exit 2 too). A
command that reports as it goes (`validate`, one result per file) returns its exit code
instead. Output goes through `write_stdout`, which ends quietly when the reader stops
early (`| head`).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

import click

if TYPE_CHECKING:  # completion only: not imported when `claimline` starts
    from click.shell_completion import CompletionItem

F = TypeVar("F", bound=Callable[..., Any])


class CliError(Exception):
    """A problem the user can fix, with the exit code to leave with.

    The message is printed exactly as given, on standard error: one line starting
    `claimline:`, or a dataset's located problems (`file:line:column: field: message`).
    """

    def __init__(self, message: str, exit_code: int = 1) -> None:
        super().__init__(message)
        self.message = message
        self.exit_code = exit_code


def usage_error(message: str) -> CliError:
    """A usage mistake found after click's parsing (exit 2), worded like argparse's were."""
    return CliError(f"claimline: error: {message}", exit_code=2)


class DatasetType(click.ParamType):
    """A dataset file or a bundled dataset's name; completes both in the shell."""

    name = "dataset"

    def shell_complete(
        self, ctx: click.Context, param: click.Parameter, incomplete: str
    ) -> list[CompletionItem]:
        from click.shell_completion import CompletionItem

        from facts.bundled import bundled_paths

        names = [path.stem for path in bundled_paths() if path.stem.startswith(incomplete)]
        return [CompletionItem(name) for name in names] + [CompletionItem(incomplete, "file")]


DATASET = DatasetType()


def dataset_argument(function: F) -> F:
    """The optional DATASET argument of the commands that read one dataset."""
    return click.argument(
        "dataset",
        required=False,
        type=DATASET,
        metavar="[DATASET]",
        help="a dataset file or a bundled dataset's name (default: ecuador-2025)",
    )(function)


def load_command_modules() -> None:
    """Import every `tui/cli_*.py` module, which adds its commands to their groups."""
    import importlib
    import pkgutil

    import tui

    for module in pkgutil.iter_modules(tui.__path__):
        if module.name.startswith("cli_"):
            importlib.import_module(f"tui.{module.name}")


class CommandsElsewhereGroup(click.Group):
    """A group whose commands are defined in modules imported only when asked for.

    Any group defined here, before its commands' modules are imported, needs this: asked
    for a command it does not hold yet, or for the list (--help), it imports them all.
    """

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands:
            load_command_modules()
        return super().get_command(ctx, cmd_name)

    def list_commands(self, ctx: click.Context) -> list[str]:
        load_command_modules()
        return super().list_commands(ctx)


class ClaimlineGroup(CommandsElsewhereGroup):
    """A group with a default command: `claimline x.yaml` is `claimline open x.yaml`.

    When the first argument is neither a command's name nor one of the group's own options
    (--help, --version), the default command's name is put in front of the arguments.
    The group's help lists the default command's options with the commands, and names the
    config file.
    """

    default_command = "open"

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        own_options = {name for param in self.get_params(ctx) for name in param.opts}
        if "--version" in args[: args.index("--") if "--" in args else len(args)]:
            args = ["--version"]  # `claimline x.yaml --version` too: the version, no usage error
        completing_first_word = ctx.resilient_parsing and not args
        if not completing_first_word and (
            not args or (args[0] not in own_options and not self._is_command(args[0]))
        ):
            args = [self.default_command, *args]
        return super().parse_args(ctx, args)

    def _is_command(self, word: str) -> bool:
        """Whether `word` names a command; a path (with `.` or `/`) or a bundled dataset's
        name never does, so `claimline big.json` or `claimline ecuador-2025` need not
        import every command module to know it."""
        from facts.bundled import bundled_path

        if word in self.commands:
            return True
        if word.startswith("-") or any(mark in word for mark in (".", "/", os.sep)):
            return False
        if bundled_path(word) is not None:
            return False
        load_command_modules()
        return word in self.commands

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        default = self.commands[self.default_command]
        own = {name for param in self.get_params(ctx) for name in param.opts}
        records = [
            record
            for param in default.get_params(ctx)
            if not set(param.opts) & own and (record := param.get_help_record(ctx))
        ]
        records += [
            record for param in self.get_params(ctx) if (record := param.get_help_record(ctx))
        ]
        with formatter.section("Options (of `claimline open`, the default command)"):
            formatter.write_dl(records)
        self.format_commands(ctx, formatter)

    def format_epilog(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        from tui.config import config_path

        formatter.write_paragraph()
        with formatter.indentation():
            formatter.write_text(
                f"Config file: {config_path()} (theme, reviewer, reviews, keymap; the "
                "command line and CLAIMLINE_THEME, CLAIMLINE_REVIEWER, CLAIMLINE_REVIEWS, "
                "CLAIMLINE_KEYMAP come first). `claimline COMMAND --help` tells more."
            )

    def shell_complete(self, ctx: click.Context, incomplete: str) -> list[CompletionItem]:
        """The commands' names, the default command's options, and datasets."""
        default = self.commands[self.default_command]
        items = super().shell_complete(ctx, incomplete)
        if incomplete.startswith("-"):
            return items + default.shell_complete(ctx, incomplete)
        return items + DATASET.shell_complete(ctx, default.params[0], incomplete)


@click.group(
    cls=ClaimlineGroup,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
    help="Check claims against a timeline. Without a command, opens the app on DATASET "
    "(a dataset file or a bundled dataset's name; the bundled ecuador-2025 by default).",
    options_metavar="",
    subcommand_metavar="[DATASET] [OPTIONS] | COMMAND [ARGS]...",
)
@click.option(
    "--version",
    is_flag=True,
    expose_value=False,
    is_eager=True,
    callback=lambda ctx, param, value: _print_version(ctx) if value else None,
    help="Show the version and exit.",
)
def claimline() -> None:
    """The root of every command (see the module's docstring for adding one)."""


def _print_version(ctx: click.Context) -> None:
    """`claimline --version`: the installed version, read only when asked (importlib's
    metadata lookup costs every start about as much as a screen's imports)."""
    from tui.version import package_version

    click.echo(f"claimline {package_version()}")
    ctx.exit()


@claimline.group(
    "import",
    cls=CommandsElsewhereGroup,
    short_help="convert a file from another tool into a dataset",
)
def import_group() -> None:
    """Convert a file made by another tool into a claimline dataset."""


def write_stdout(text: str) -> None:
    """Write `text` as UTF-8 whatever the console's encoding, line ends untouched.

    A reader that stops early (`claimline show | head`) has had what it wanted: the rest
    goes nowhere, quietly, and the command ends as if all was read (no BrokenPipeError,
    not even from Python's last flush at exit).
    """
    try:
        buffer = getattr(sys.stdout, "buffer", None)
        if buffer is None:
            sys.stdout.write(text)
        else:
            sys.stdout.flush()
            buffer.write(text.encode("utf-8"))
        sys.stdout.flush()
    except BrokenPipeError:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
