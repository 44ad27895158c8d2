"""Secrets every process of one site shares (SECRET_KEY, RASA_TOKEN): taken from the
environment, else made once into the instance folder, where the web app and scripts/run-rasa
both find them."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from webapp.config import ROOT, instance_secret


def test_a_secret_is_made_once_into_the_instance_folder_and_kept_from_other_users(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("RASA_TOKEN", raising=False)
    with ThreadPoolExecutor(max_workers=8) as pool:  # processes starting at the same moment
        tokens = set(pool.map(lambda _: instance_secret("RASA_TOKEN", tmp_path), range(8)))
    assert len(tokens) == 1
    token = tokens.pop()
    path = tmp_path / "rasa_token"
    assert len(token) == 64 and path.read_text() == token
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert list(tmp_path.iterdir()) == [path]
    assert instance_secret("RASA_TOKEN", tmp_path) == token


def test_a_secret_in_the_environment_is_used_as_it_is(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("RASA_TOKEN", "set-by-the-operator")
    assert instance_secret("RASA_TOKEN", tmp_path) == "set-by-the-operator"
    assert not (tmp_path / "rasa_token").exists()


def test_by_default_the_web_app_sends_rasa_the_token_in_its_instance_folder(
    tmp_path: Path,
) -> None:
    env = {k: v for k, v in os.environ.items() if k != "RASA_TOKEN"}
    configured = subprocess.run(
        [sys.executable, "-c", "from webapp.config import Config; print(Config.RASA_TOKEN)"],
        env={**env, "INSTANCE_PATH": str(tmp_path)},
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    assert configured.stdout.strip() == (tmp_path / "rasa_token").read_text()
