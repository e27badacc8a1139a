"""The Redis connection and the RQ queue, from ``REDIS_URL``."""
from flask import current_app
from redis import Redis
from rq import Queue


def redis_from_url(url):
    return Redis.from_url(url, socket_connect_timeout=2, socket_timeout=5)


def get_redis():
    return redis_from_url(current_app.config["REDIS_URL"])


def get_queue(connection=None):
    return Queue(current_app.config["RQ_QUEUE"], connection=connection or get_redis())
