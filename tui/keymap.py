"""A user's own keys: `keymap.yaml` maps binding ids to keys, e.g. `review.verified: y`.

Every binding in claimline has an id (see the help screen, `?`), so people on other keyboard
layouts, or with other habits, can rebind any action without touching the code.
"""

from __future__ import annotations

from pathlib import Path

from platformdirs import user_config_path


def default_keymap_path() -> Path:
    return user_config_path("claimline") / "keymap.yaml"


class KeymapError(Exception):
    """A keymap file that cannot be used; the message names the file and the problem."""


def read_keymap(path: Path) -> dict[str, str]:
    """The binding id → keys mapping in `path`; empty when the file does not exist."""
    if not path.exists():
        return {}
    import yaml  # only for a keymap there is: most starts have none

    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        raise KeymapError(f"{path}: cannot read the keymap ({error}); fix or remove it") from None
    if data is None:
        return {}
    if not isinstance(data, dict) or not all(
        isinstance(key, str) and isinstance(value, str) for key, value in data.items()
    ):
        raise KeymapError(
            f"{path}: a keymap maps binding ids to keys, one per line, "
            "e.g. `review.verified: y` (the help screen, ?, lists every id)"
        )
    return data
