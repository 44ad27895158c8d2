"""Gunicorn settings for the web app (used by `make run` and scripts/run-web)."""

import os

# Flask-SocketIO in threading mode: one worker process holds the Socket.IO state, and each
# connected chat uses a thread while its WebSocket is open, so allow plenty of threads.
workers = 1
worker_class = "gthread"
threads = int(os.environ.get("WEB_THREADS", "400"))
# A WebSocket stays open far longer than a request; don't let gunicorn kill the worker.
timeout = 0
graceful_timeout = 10
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "info")


def post_worker_init(worker: object) -> None:
    """Load the safety net's classifier before the worker takes its first message, so the
    first person to write after a start is not kept waiting. Only the server does this: the
    `flask` commands that prepare the database never assess a message."""
    from webapp.services.safety import classifier

    classifier.current()
