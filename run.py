"""``python run.py`` (``make run``): the whole embedded system in one process tree.

Starts the embedded Redis (unless ``REDIS_URL`` is set), prepares the database,
then one ``rq worker``, one ``rq cron`` and the web server on 127.0.0.1:8080;
Ctrl-C stops every one of them.
"""
from app import create_app

app = create_app()

if __name__ == "__main__":
    from app.runtime.launcher import main

    main()
