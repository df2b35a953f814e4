"""What the app, the exports and the command line may ask of any review store."""

from __future__ import annotations

from types import TracebackType
from typing import Protocol, Self

from facts.model import Claim
from facts.review import Review
from facts.store.records import Change, TeamReview
from facts.verdicts import Verdict


class Store(Protocol):
    """A review store, whichever backend holds it (an SQLite file, a PostgreSQL server).

    Every change is committed before the call returns, or raises `StoreError` and saves
    nothing; every read is of committed state.
    """

    @property
    def where(self) -> str:
        """The file or server (never with a password) that messages name."""
        ...

    def reviews(self, dataset_id: str, reviewer: str | None = None) -> dict[str, Review]: ...

    def team_reviews(self, dataset_id: str) -> dict[str, TeamReview]: ...

    def history(self, dataset_id: str, claim_id: str) -> list[Change]: ...

    def wording(self, fingerprint: str) -> str | None:
        """The claim text a verdict with this fingerprint judged (None: not recorded)."""
        ...

    def mark(
        self, dataset_id: str, claim: Claim, verdict: Verdict | None, *, reviewer: str
    ) -> Review: ...

    def set_note(
        self, dataset_id: str, claim: Claim, note: str | None, *, reviewer: str
    ) -> Review: ...

    def undo(self, dataset_id: str, *, reviewer: str) -> Change | None: ...

    def redo(self, dataset_id: str, *, reviewer: str) -> Change | None: ...

    def changed_by_others(self) -> bool:
        """Whether someone else committed since the last call; never blocks."""
        ...

    def wait_for_change(self, timeout: float) -> bool:
        """Block up to `timeout` seconds for someone else's commit (from a worker thread)."""
        ...

    def close(self) -> None: ...

    def __enter__(self) -> Self: ...

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None: ...
