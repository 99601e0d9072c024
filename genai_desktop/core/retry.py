"""When a refused request is asked again by itself, and after how long: the retry policy.

Only a refusal before any byte of the answer is retried (a stream that sent text never is), and
only where waiting helps: a rate limit (429, not a used-up quota) and an overloaded or unreachable
upstream behind a gateway (502, 503, 504). Not retried:

- 500: local servers (Ollama, LM Studio, vLLM) answer it for failures a retry repeats (a model
  that does not load, out of memory); the error shows at once, with Retry.
- connection errors and timeouts: a refused connection or an unknown host stays so for longer than
  any sensible wait, and a connection lost after the request went out may have been answered (and
  billed) already; "could not be reached" at once says more than a silent or counted-down delay.

Every wait is shown by the caller (llm.run_chat hands it on before sleeping), so no retry is
silent. Pure functions: the caller passes the clock and the random draw.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Mapping

from .errors import ChatError, ErrorKind

MAX_ATTEMPTS = 4  # the first request and three retries
MAX_WAIT_SECONDS = 60.0  # a longer wait the server asks for is not waited out: the user is told when to try
BACKOFF_FIRST_SECONDS = 2.0  # without a server hint: 2, 4, 8 s, each less up to a quarter (jitter)
BACKOFF_LONGEST_SECONDS = 16.0
RETRIED_STATUSES = frozenset({429, 502, 503, 504})
_LONGEST_HEADER = 64  # a longer value is no delay anyone wrote by hand or by a sane server


@dataclass(frozen=True)
class RetryWait:
    """A refusal that will be asked again: the attempt to come (2 for the first retry) after seconds."""

    attempt: int
    seconds: float
    error: ChatError  # why: RATE_LIMIT or SERVER, with the status


def server_wait_seconds(headers: Mapping[str, str], now: float) -> float | None:
    """How long the server asked to wait: retry-after-ms, then Retry-After as seconds or HTTP date.

    None when it named no (readable) time. A date in the past is 0 s; an absurd value is infinity
    (more than anyone waits: not retried). now: the wall clock (time.time()), for a date.
    """
    milliseconds = _number(headers.get("retry-after-ms"))
    if milliseconds is not None:
        return milliseconds / 1000
    value = headers.get("retry-after")
    seconds = _number(value)
    if seconds is not None or value is None:
        return seconds
    return _seconds_until_date(value, now)


def _number(value: object) -> float | None:
    """A non-negative number of the header's value; infinity for a huge one; None for anything else."""
    if not isinstance(value, str) or len(value) > _LONGEST_HEADER:
        return None
    text = value.strip()
    # Digits with at most one point: float() would also take "nan", "inf", "1e400", "١٢" and "_".
    if not text.isascii() or not text.replace(".", "", 1).isdigit():
        return None
    number = float(text)
    return number if math.isfinite(number) else math.inf


def _seconds_until_date(value: str, now: float) -> float | None:
    if len(value) > _LONGEST_HEADER:
        return None
    import email.utils  # loaded with the SDK by then; not with the window, which only needs RetryWait

    try:
        parsed = email.utils.parsedate_tz(value)
        if parsed is None:
            return None
        when = email.utils.mktime_tz(parsed)
    except (TypeError, ValueError, OverflowError, OSError, IndexError):
        return None
    return max(0.0, float(when - now))


def retry_wait(error: ChatError, server_wait: float | None, attempts_made: int, jitter: float) -> float | None:
    """Seconds to wait before asking again after error, or None: do not ask again.

    server_wait: from server_wait_seconds; attempts_made: requests sent so far (1 after the first);
    jitter: a random draw in [0, 1) that spreads the back-off of many clients.
    """
    if error.status not in RETRIED_STATUSES or error.kind not in (ErrorKind.RATE_LIMIT, ErrorKind.SERVER):
        return None  # a used-up quota is QUOTA: waiting does not bring it back
    if attempts_made >= MAX_ATTEMPTS:
        return None
    if server_wait is not None and server_wait > 0:
        return server_wait if server_wait <= MAX_WAIT_SECONDS else None
    backoff = min(BACKOFF_FIRST_SECONDS * 2.0 ** (attempts_made - 1), BACKOFF_LONGEST_SECONDS)
    return backoff * (1 - 0.25 * min(max(jitter, 0.0), 1.0))


def advised_wait_text(server_wait: float | None) -> str:
    """The server's wait as whole seconds for the error's advice ("Wait 90 seconds"), "" if none or absurd."""
    if server_wait is None or not math.isfinite(server_wait) or server_wait > 86400:
        return ""
    return str(math.ceil(server_wait))
