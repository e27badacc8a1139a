"""Sign-in lockout (issue 9): after ``max_failures`` wrong passwords in a row an
account is locked for ``minutes``, or until an administrator unlocks it.
Times are naive UTC, as FAB stores its own."""
from datetime import timedelta


def is_locked(locked_until, now):
    return locked_until is not None and now < locked_until


def cool_down_over(locked_until, now):
    """A lock that has run out: the count of failures starts again."""
    return locked_until is not None and now >= locked_until


def locked_until_after_failure(failures, now, max_failures, minutes):
    """When the account is locked until, after its ``failures``-th failure
    in a row; None while it may still try."""
    if max_failures and failures >= max_failures:
        return now + timedelta(minutes=minutes)
    return None
