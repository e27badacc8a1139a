from datetime import datetime, timedelta

import pytest

from app.rules.accounts import cool_down_over, is_locked, locked_until_after_failure

NOW = datetime(2026, 12, 2, 8, 0)


@pytest.mark.parametrize("locked_until, locked, over", [
    (None, False, False),
    (NOW + timedelta(seconds=1), True, False),
    (NOW, False, True),
    (NOW - timedelta(minutes=1), False, True),
])
def test_lock_state(locked_until, locked, over):
    assert is_locked(locked_until, NOW) is locked
    assert cool_down_over(locked_until, NOW) is over


@pytest.mark.parametrize("failures, max_failures, expected", [
    (0, 5, None), (4, 5, None), (5, 5, NOW + timedelta(minutes=15)),
    (9, 5, NOW + timedelta(minutes=15)), (100, 0, None),  # 0: lockout off
])
def test_locked_until_after_failure(failures, max_failures, expected):
    assert locked_until_after_failure(failures, NOW, max_failures, 15) == expected
