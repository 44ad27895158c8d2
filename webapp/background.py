"""A web process's own background jobs (the retention purge, telling people who wait for a
duty worker): each started in a thread with the first request the process serves, so `flask`
commands and imports never start one."""

from __future__ import annotations

import threading
from collections.abc import Callable

from flask import Flask


def start_with_first_request(
    app: Flask, name: str, run: Callable[[Flask, threading.Event], None]
) -> None:
    """Run `run(app, stop)` in a daemon thread from this process's first request on; the
    event in `app.extensions[name + "_stop"]` asks it to stop."""
    started = threading.Lock()

    @app.before_request
    def _start() -> None:
        if started.acquire(blocking=False):
            stop = threading.Event()
            threading.Thread(target=run, args=(app, stop), daemon=True, name=name).start()
            app.extensions[f"{name}_stop"] = stop
