"""Retrying a request that a busy Label Studio refused for a moment.

Label Studio's default database is SQLite, which takes one writer at a time; with several
pushes writing at once a request can wait longer than the server's lock timeout and fail with
HTTP 500 ("database is locked"). Such a failure is transient: the push waits and asks again.
Every request retried here is safe to repeat: listings and deletes are idempotent, a settings
PATCH too, and an import that did land before its 500 only adds duplicates that the same push
removes at its end (``annotations.duplicates``). A server that is down, or one that refuses the
request (4xx), fails at once as before.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from typing import ParamSpec, TypeVar

from claims.errors import ServerError

T = TypeVar("T")
P = ParamSpec("P")

#: ``LabelStudioClient``'s message for an answer with a 5xx status.
BUSY = re.compile(r"failed with HTTP 5\d\d")
#: Seconds to wait before each retry (about half a minute in all).
DELAYS = (0.5, 1.0, 2.0, 4.0, 8.0, 16.0)


def retry_busy(call: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
    """``call(*args, **kwargs)``, called again after a pause while it fails with a 5xx
    ``ServerError``."""
    for delay in DELAYS:
        try:
            return call(*args, **kwargs)
        except ServerError as e:
            if not BUSY.search(str(e)):
                raise
        time.sleep(delay)
    return call(*args, **kwargs)
