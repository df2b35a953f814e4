"""A PostgreSQL URL as messages may show it: the server and database, never the password."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

_SECRET_PARAMETERS = {"password", "sslpassword"}


def redacted(url: str) -> str:
    """The URL with any password (in the login part or a `password=` parameter) removed.

    Every message about a server store names it by this, so a password typed into
    `--reviews` (which docs/team.md advises against) still never reaches a screen, a log or
    an error report.
    """
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
        port = parts.port
    except ValueError:  # a malformed URL: show its scheme only
        return url.split("://", 1)[0] + "://…"
    login = parts.username or ""
    netloc = f"{login}@" if login else ""
    netloc += f"[{host}]" if ":" in host else host
    if port is not None:
        netloc += f":{port}"
    query = [(k, v) for k, v in parse_qsl(parts.query) if k.lower() not in _SECRET_PARAMETERS]
    return urlunsplit((parts.scheme, netloc, parts.path, urlencode(query), ""))


def server_name(url: str) -> str:
    """Which server and database, for messages: `db on host:port` (or the socket folder)."""
    try:
        parts = urlsplit(url)
        query = dict(parse_qsl(parts.query))
        host = parts.hostname or query.get("host") or "localhost"
        port = parts.port or query.get("port") or 5432
    except ValueError:
        return redacted(url)
    database = parts.path.lstrip("/") or query.get("dbname") or "(default database)"
    return f"database {database} on {host}:{port}"


def password(url: str) -> str | None:
    """The password written in the URL, so no message can echo it."""
    try:
        parts = urlsplit(url)
        return parts.password or dict(parse_qsl(parts.query)).get("password")
    except ValueError:
        return None
