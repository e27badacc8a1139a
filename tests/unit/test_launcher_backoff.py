"""The pause before a dead child of the embedded mode is started again."""
import pytest

from app.runtime.launcher import MAX_PAUSE, STABLE_AFTER, next_pause


@pytest.mark.parametrize("previous,ran_for,expected", [
    (None, 0.0, 1.0),                # first death: one second
    (1.0, 0.5, 2.0),                 # died again at once: doubles
    (2.0, 3.0, 4.0),
    (32.0, 1.0, MAX_PAUSE),          # capped
    (MAX_PAUSE, 1.0, MAX_PAUSE),
    (16.0, STABLE_AFTER, 1.0),       # ran a good while: starts over
    (16.0, STABLE_AFTER + 100, 1.0),
])
def test_next_pause(previous, ran_for, expected):
    assert next_pause(previous, ran_for) == expected
