"""What a review store's backend provides: transactions, and its rows for copying.

`changes.SharedStore` writes the review rules once over this; an SQLite file and a
PostgreSQL database each implement the hooks (how a transaction begins and commits, how a
copy's numbering goes on) and nothing else.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Sequence
from contextlib import AbstractContextManager
from types import TracebackType
from typing import NoReturn, Protocol, Self

from facts.store.change_sql import Plan
from facts.store.errors import StoreError
from facts.store.records import CURRENT_COLUMNS, HISTORY_COLUMNS, text


class Tx(Protocol):
    """A transaction (or a read) on one backend's connection."""

    def rows(self, sql: str, params: Sequence[object] = ()) -> list[tuple[object, ...]]:
        """Run one statement with `?` placeholders; the rows it returns (maybe none)."""
        ...

    def many(self, sql: str, rows: Iterable[Sequence[object]]) -> None:
        """Run one statement once per row of parameters, as one batch."""
        ...


class Backend(ABC):
    """A store's connection to its database, as the review rules use it."""

    _clock: Callable[[], str]

    @abstractmethod
    def _record(
        self,
        unsaved: str,
        dataset_id: str,
        reviewer: str,
        plan: Plan,
        *,
        maybe: str,
        wording: str | None = None,
        claim_id: str | None = None,
    ) -> tuple[tuple[object, ...] | None, tuple[object, ...] | None]:
        """Append the history row `plan` yields (if any), bring the reviewer's `current`
        row to match and keep the judged `wording`, in one transaction committed before
        this returns; the appended row (every history column) and, given `claim_id`, the
        reviewer's state of that claim afterwards (verdict, note, fingerprint, at).

        It must serialise changes by the same reviewer in the same dataset (two instances
        of one reviewer must not plan a change on the same old state); `unsaved` ends the
        error message when it fails ("the verdict was NOT saved"), and `maybe` when it
        can't tell whether the commit happened ("the verdict MAY have been saved": only a
        server's answer can be lost on the way).
        """

    @abstractmethod
    def _writing(self, unsaved: str, dataset_id: str, reviewer: str) -> AbstractContextManager[Tx]:
        """A transaction that writes, serialised as `_record` is (copying uses it)."""

    @abstractmethod
    def _reading(self) -> AbstractContextManager[Tx]:
        """A read of committed state."""

    @abstractmethod
    def _fail_damaged(self, detail: str) -> NoReturn:
        """Refuse a store holding what the schema's checks forbid (a look-alike)."""

    # -- copying ------------------------------------------------------------------------

    def counts(self) -> tuple[int, int]:
        """(history rows, current rows) of every dataset: what a copy must carry over."""
        with self._reading() as tx:
            (history,) = tx.rows("SELECT count(*) FROM history")[0]
            (current,) = tx.rows("SELECT count(*) FROM current")[0]
        return int(history), int(current)  # type: ignore[call-overload]

    def raw_rows(self) -> tuple[list[tuple[object, ...]], list[tuple[object, ...]]]:
        """Every history row (in order) and every current row, exactly as stored."""
        with self._reading() as tx:
            history = tx.rows(f"SELECT {HISTORY_COLUMNS} FROM history ORDER BY seq")
            current = tx.rows(f"SELECT {CURRENT_COLUMNS} FROM current")
        return history, current

    def wording(self, fingerprint: str) -> str | None:
        """The claim's text a verdict with this fingerprint judged; None when the verdict
        was made before the store kept wordings (version 3)."""
        with self._reading() as tx:
            found = tx.rows("SELECT text FROM wordings WHERE fingerprint = ?", (fingerprint,))
        return text(found[0][0]) if found else None

    def raw_wordings(self) -> list[tuple[object, ...]]:
        """Every judged wording (fingerprint, text), for a copy."""
        with self._reading() as tx:
            return tx.rows("SELECT fingerprint, text FROM wordings ORDER BY fingerprint")

    def load_rows(
        self,
        history: Sequence[Sequence[object]],
        current: Sequence[Sequence[object]],
        wordings: Sequence[Sequence[object]] = (),
    ) -> None:
        """Write another store's rows into this empty one, numbers and all, in one
        transaction: a copy is complete or not made at all."""
        with self._writing("nothing was copied", "", "") as tx:
            if tx.rows("SELECT count(*) FROM history")[0][0]:
                raise StoreError(
                    f"The review store {self.where} already holds verdicts; nothing was "
                    "copied. Copy into a new file or an empty database.",
                    self.where,
                    "io",
                )
            marks = ", ".join("?" * len(HISTORY_COLUMNS.split(",")))
            tx.many(f"INSERT INTO history ({HISTORY_COLUMNS}) VALUES ({marks})", history)
            marks = ", ".join("?" * len(CURRENT_COLUMNS.split(",")))
            tx.many(f"INSERT INTO current ({CURRENT_COLUMNS}) VALUES ({marks})", current)
            tx.many("INSERT INTO wordings (fingerprint, text) VALUES (?, ?)", wordings)
            self._after_copy(tx)

    @abstractmethod
    def _after_copy(self, tx: Tx) -> None:
        """What the backend must do after rows came in with their own numbers."""

    @abstractmethod
    def close(self) -> None:
        """Close the store; every change is already committed, so nothing is lost."""

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    @property
    @abstractmethod
    def where(self) -> str:
        """The file or server (without password) messages name."""
