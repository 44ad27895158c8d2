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
