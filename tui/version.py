"""The installed version of claimline, for `--version`."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version


def package_version() -> str:
    try:
        return version("claimline")
    except PackageNotFoundError:
        return "unknown (not installed)"
