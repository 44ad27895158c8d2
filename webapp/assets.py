"""Serves the NHS.UK frontend's images at /assets, where its stylesheet expects them."""

from pathlib import Path

from flask import Blueprint

bp = Blueprint(
    "assets",
    __name__,
    static_folder=str(Path(__file__).parent / "static" / "build" / "assets"),
    static_url_path="/assets",
)
