"""The processes of the embedded mode: the Redis server, the connection helpers, the launcher."""
