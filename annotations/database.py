"""Which database the embedded Label Studio uses: SQLite in its data directory, or PostgreSQL.

Label Studio reads its PostgreSQL settings from ``DJANGO_DB=default`` and ``POSTGRE_NAME``,
``POSTGRE_USER``, ``POSTGRE_PASSWORD``, ``POSTGRE_HOST``, ``POSTGRE_PORT``. ``claimset studio
--database postgresql://USER[:PASSWORD]@HOST[:PORT]/NAME`` (or ``$CLAIMSET_STUDIO_DATABASE``)
is turned into exactly those variables; without it, a caller whose environment already sets
``DJANGO_DB=default`` (or ``postgresql``) and ``POSTGRE_*`` gets them passed through. A password
missing from the URL comes from ``PGPASSWORD``, the PostgreSQL clients' own variable (a
password on a command line is visible to every user of the machine in ``ps``).

The password never appears in a message: ``shown_database`` prints the URL without it.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from urllib.parse import unquote, urlsplit

from claims.errors import InputError

DATABASE_ENV = "CLAIMSET_STUDIO_DATABASE"
_SCHEMES = ("postgresql", "postgres")
_NAMES = ("POSTGRE_NAME", "POSTGRE_USER", "POSTGRE_PASSWORD", "POSTGRE_HOST", "POSTGRE_PORT")


def database_environment(url: str, environ: Mapping[str, str] | None = None) -> dict[str, str]:
    """Label Studio's variables for a ``postgresql://`` URL; ``InputError`` (one line) if bad."""
    environ = os.environ if environ is None else environ
    parts = urlsplit(url)
    shown = shown_url(url)
    if parts.scheme not in _SCHEMES:
        raise InputError(
            f"--database {shown}: only postgresql://USER:PASSWORD@HOST:PORT/NAME is supported "
            "(without --database, Label Studio keeps SQLite in its data directory)"
        )
    name = unquote(parts.path.lstrip("/"))
    try:
        port = parts.port or 5432
    except ValueError:
        raise InputError(f"--database {shown}: the port is not a number") from None
    if not name or not parts.hostname or not parts.username:
        raise InputError(
            f"--database {shown}: give the user, host and database name, "
            "e.g. postgresql://labelstudio@db.example:5432/labelstudio"
        )
    password = unquote(parts.password) if parts.password else environ.get("PGPASSWORD", "")
    return {
        "DJANGO_DB": "default",
        "POSTGRE_NAME": name,
        "POSTGRE_USER": unquote(parts.username),
        "POSTGRE_PASSWORD": password,
        "POSTGRE_HOST": parts.hostname,
        "POSTGRE_PORT": str(port),
    }


def inherited_database(environ: Mapping[str, str] | None = None) -> dict[str, str] | None:
    """The caller's own ``DJANGO_DB``/``POSTGRE_*`` settings if they select PostgreSQL."""
    environ = os.environ if environ is None else environ
    if environ.get("DJANGO_DB") not in ("default", "postgresql"):
        return None
    found = {k: environ[k] for k in _NAMES if k in environ}
    return {"DJANGO_DB": str(environ["DJANGO_DB"]), **found}


def shown_url(url: str) -> str:
    """``url`` with any password replaced by ``***`` (for messages)."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.rsplit("@", 1)
    user = netloc[0].split(":", 1)[0]
    return parts._replace(netloc=f"{user}:***@{netloc[1]}").geturl()


def shown_database(env: Mapping[str, str] | None) -> str:
    """Where the database is, for messages: ``postgresql://USER@HOST:PORT/NAME`` or SQLite."""
    if not env:
        return "SQLite in the data directory"
    user = env.get("POSTGRE_USER", "postgres")
    host = env.get("POSTGRE_HOST", "localhost")
    port = env.get("POSTGRE_PORT", "5432")
    return f"postgresql://{user}@{host}:{port}/{env.get('POSTGRE_NAME', 'postgres')}"
