"""The embedded mode keeps running when a part dies (issue 9): the launcher
restarts a killed Redis, worker or scheduler while the web keeps serving,
and /health is back to all-ok within 30 s; Redis persists what it holds."""
import os
import signal
import time

import pytest
from redis import Redis

from tests.e2e.embedded import all_up, get, health, processes_mentioning, start_system, \
    stop_system


@pytest.fixture(scope="module")
def system(tmp_path_factory):
    system = start_system(str(tmp_path_factory.mktemp("supervised")))
    yield system
    stop_system(system)


def _pids(system, marker):
    return [pid for pid, cmdline in processes_mentioning(system["instance"])
            if marker in cmdline]


def _redis(system):
    return Redis(unix_socket_path=os.path.join(system["instance"], "redis.sock"),
                 socket_connect_timeout=1)


def _wait_all_up(system, seconds=30):
    deadline = time.monotonic() + seconds
    body = {}
    while time.monotonic() < deadline:
        body = health(system["base"])
        if all_up(body):
            return body
        time.sleep(0.5)
    pytest.fail(f"/health not all-ok within {seconds} s: {body}")


def test_embedded_redis_persists_to_the_instance_folder(system):
    conn = _redis(system)
    assert conn.config_get("save")["save"] == "60 1"
    assert conn.config_get("appendonly")["appendonly"] == "yes"
    assert conn.config_get("dir")["dir"] == os.path.realpath(system["instance"])


@pytest.mark.parametrize("part,marker", [("worker", "rq.cli worker"),
                                         ("scheduler", "rq.cli cron"),
                                         ("redis", "redis-server")])
def test_a_killed_part_is_restarted_and_the_site_keeps_serving(system, part, marker):
    _wait_all_up(system)
    if part == "redis":
        # Something queued survives the kill: the append-only file is synced each second.
        _redis(system).set("survives-kill", "yes")
        time.sleep(1.5)
    pids = _pids(system, marker)
    assert pids, f"no {part} process found"
    for pid in pids:
        os.kill(pid, signal.SIGKILL)
    # /health says what is down, and the web answers all along, Redis or not.
    seen_down = False
    for _ in range(6):
        status, body = get(system["base"] + "/login/")
        assert status == 200 and "Đăng nhập" in body
        seen_down = seen_down or not all_up(health(system["base"]))
        time.sleep(0.3)
    assert seen_down
    body = _wait_all_up(system)
    assert set(body["processes"]) == {"redis", "worker", "cron", "web"}
    new = _pids(system, marker)
    assert new and set(new).isdisjoint(pids)
    if part == "redis":
        assert _redis(system).get("survives-kill") == b"yes"
