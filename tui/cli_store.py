"""`claimline store init URL` and `claimline store copy FROM TO`: a team's store, set up
and moved (the logic is facts.store.transfer; this is its command line).

Exit codes: 0 done, 1 a store problem (said in one line, naming the file or the server,
never a password), 2 a usage mistake.
"""

from __future__ import annotations

import click

from tui.cli_base import CliError, claimline, write_stdout


@claimline.group("store", short_help="set up a review store, or copy one to another place")
def store_group() -> None:
    """Review stores: an SQLite file (the default) or a PostgreSQL database for a team.

    A password never goes in a URL on the command line (it would stay in the shell's
    history and show in `ps`): put it in ~/.pgpass or PGPASSWORD. docs/team.md says how
    to set up a team server.
    """


@store_group.command(
    "init",
    short_help="create claimline's tables in a database (or a file)",
    epilog="""\b
examples:
  claimline store init postgresql://claimline_owner@db.example.org/claims
  claimline store init ~/checks/reviews.sqlite3""",
)
@click.argument("location", metavar="STORE")
def init_command(location: str) -> None:
    """Create the review store at STORE: claimline's schema in a PostgreSQL database
    (beside any tables it already holds), or a new SQLite file. A store already there is
    checked (and brought up to this claimline's version), never emptied."""
    from facts.store import StoreError
    from facts.store.transfer import init_store

    try:
        where, history = init_store(location)
    except StoreError as error:
        raise CliError(f"claimline: {error}") from None
    state = f"it holds {history} changes" if history else "it is empty"
    write_stdout(f"review store ready at {where}: {state}\n")


@store_group.command(
    "copy",
    short_help="copy every verdict, note and history row to another store",
    epilog="""\b
examples:
  claimline store copy ~/.local/share/claimline/reviews.sqlite3 \\
      postgresql://alice@db.example.org/claims
  claimline store copy postgresql://alice@db.example.org/claims backup.sqlite3""",
)
@click.argument("source", metavar="FROM")
@click.argument("target", metavar="TO")
def copy_command(source: str, target: str) -> None:
    """Copy the store FROM into the empty store TO (a file or a postgresql:// URL, either
    way): every reviewer's verdicts and notes and the whole history, in one transaction.
    The counts are printed and checked in TO; a TO that already holds verdicts is refused."""
    from facts.store import StoreError
    from facts.store.transfer import copy_store

    try:
        copied = copy_store(source, target)
    except StoreError as error:
        raise CliError(f"claimline: {error}") from None
    write_stdout(
        f"copied {copied.history} history rows and {copied.current} reviewer verdicts and "
        f"notes to {copied.where}; counted there, the same as in the source\n"
    )
