"""schemathesis 4.32.5 with pytest 9.2 (both pinned in requirements-dev.txt).

schemathesis's lazy pytest integration (``schemathesis.pytest.from_fixture``,
used by test_api_fuzz.py because the app is a fixture) renames the running
test after each API operation through ``Node._nodeid``; pytest 9.2 keeps the
id in ``Node._id`` and has no ``_nodeid`` any more, so every such test fails
with AttributeError before it starts. The property below gives it back, read
and write, in terms of ``_id``. Without effect once schemathesis stops using
it; drop it then.
"""
import pytest
from _pytest.nodeid import coerce_node_id

if not hasattr(pytest.Function, "_nodeid"):
    pytest.Function._nodeid = property(
        lambda node: str(node._id),
        lambda node, value: setattr(node, "_id", coerce_node_id(value)))
