"""The dataset's licence: a workspace setting, never assumed.

The articles belong to their publishers, so claimset cannot know the licence of a dataset built
from them. It is ``config.json``'s ``license`` or ``claimset export --license``, given as a Hub
licence id (``cc-by-4.0``) or its SPDX id (``CC-BY-4.0``); ``unknown`` by default, which the export
summary warns about. ``other`` means a licence the Hub does not list (describe it in the card).

``huggingface_hub`` ships no list of the licence ids the Hub accepts (it checks them on the
server, ``RepoCard.validate``, which needs the network), so the accepted ids are the list below:
the Hub's documented ids for datasets that a text dataset plausibly carries, with their SPDX
names; anything else is refused with one line saying to use ``other``.
"""

from __future__ import annotations

from pathlib import Path

from claims import workspace
from claims.errors import InputError

UNKNOWN = "unknown"
OTHER = "other"

#: Hub licence id -> SPDX id (None: the Hub id has no SPDX counterpart).
HUB_LICENSES: dict[str, str | None] = {
    "apache-2.0": "Apache-2.0",
    "mit": "MIT",
    "bsd-2-clause": "BSD-2-Clause",
    "bsd-3-clause": "BSD-3-Clause",
    "cc0-1.0": "CC0-1.0",
    "cc-by-2.0": "CC-BY-2.0",
    "cc-by-3.0": "CC-BY-3.0",
    "cc-by-4.0": "CC-BY-4.0",
    "cc-by-sa-3.0": "CC-BY-SA-3.0",
    "cc-by-sa-4.0": "CC-BY-SA-4.0",
    "cc-by-nc-2.0": "CC-BY-NC-2.0",
    "cc-by-nc-3.0": "CC-BY-NC-3.0",
    "cc-by-nc-4.0": "CC-BY-NC-4.0",
    "cc-by-nd-4.0": "CC-BY-ND-4.0",
    "cc-by-nc-nd-3.0": "CC-BY-NC-ND-3.0",
    "cc-by-nc-nd-4.0": "CC-BY-NC-ND-4.0",
    "cc-by-nc-sa-3.0": "CC-BY-NC-SA-3.0",
    "cc-by-nc-sa-4.0": "CC-BY-NC-SA-4.0",
    "cdla-permissive-1.0": "CDLA-Permissive-1.0",
    "cdla-permissive-2.0": "CDLA-Permissive-2.0",
    "cdla-sharing-1.0": "CDLA-Sharing-1.0",
    "odc-by": "ODC-By-1.0",
    "odbl": "ODbL-1.0",
    "pddl": "PDDL-1.0",
    "gpl-3.0": "GPL-3.0-only",
    "lgpl-3.0": "LGPL-3.0-only",
    "agpl-3.0": "AGPL-3.0-only",
    "mpl-2.0": "MPL-2.0",
    "unlicense": "Unlicense",
    "wtfpl": "WTFPL",
    OTHER: None,
    UNKNOWN: None,
}
_BY_SPDX = {spdx.lower(): hub for hub, spdx in HUB_LICENSES.items() if spdx}


def normalize_license(value: str, *, where: str = "--license") -> str:
    """The Hub licence id for ``value`` (a Hub or SPDX id, any case); ``InputError`` if unknown."""
    key = value.strip().lower()
    if key in HUB_LICENSES:
        return key
    if key in _BY_SPDX:
        return _BY_SPDX[key]
    raise InputError(
        f"{where}: {value!r} is not a licence id the Hub knows; give one such as cc-by-4.0 "
        f"or CC-BY-4.0, or 'other' (and describe it in the card)"
    )


def read_license(workdir: Path, override: str | None = None) -> str:
    """The licence: ``override`` (``--license``), else ``config.json``'s, else ``unknown``."""
    if override is not None:
        return normalize_license(override)
    try:
        config = workspace.read_config(Path(workdir))
    except workspace.WorkspaceError as e:
        raise InputError(str(e)) from None
    value = config.get("license")
    where = f"{Path(workdir) / workspace.CONFIG}: 'license'"
    if value is None:
        return UNKNOWN
    if not isinstance(value, str):
        raise InputError(f"{where} must be a licence id such as cc-by-4.0")
    return normalize_license(value, where=where)


def license_url(hub_id: str) -> str | None:
    """A URL for the licence (Croissant's ``license``), None for ``unknown`` and ``other``."""
    spdx = HUB_LICENSES.get(hub_id)
    if spdx is None:
        return None
    if spdx.startswith("CC-BY"):
        parts = spdx.lower().removeprefix("cc-").split("-")
        return f"https://creativecommons.org/licenses/{'-'.join(parts[:-1])}/{parts[-1]}/"
    if spdx == "CC0-1.0":
        return "https://creativecommons.org/publicdomain/zero/1.0/"
    return f"https://spdx.org/licenses/{spdx}.html"
