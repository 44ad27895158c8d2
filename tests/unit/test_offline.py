"""Installable and the crisis numbers offline: the manifest, the service worker (from the
site's root, never kept by the HTTP cache, its version following the crisis lines) and the
offline page of every language, with the live numbers as tel: and sms: links."""

from __future__ import annotations

import re

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.support.content import change_samaritans_number
from webapp.config import LANGUAGES

WORKER = "/service-worker.js"


def test_the_manifest_makes_the_chat_installable(client: FlaskClient) -> None:
    response = client.get("/manifest.webmanifest")
    assert response.status_code == 200
    assert response.mimetype == "application/manifest+json"
    manifest = response.get_json()
    assert manifest["start_url"] == "/" and manifest["scope"] == "/"
    assert manifest["display"] == "standalone"
    assert manifest["theme_color"] == "#005eb8"
    assert manifest["name"] and manifest["short_name"] == "Support chat"
    sizes = {icon["sizes"] for icon in manifest["icons"] if "purpose" not in icon}
    assert {"192x192", "512x512"} <= sizes
    for icon in manifest["icons"]:
        with client.get(icon["src"]) as image:
            assert image.status_code == 200 and image.mimetype == "image/png", icon["src"]


def test_the_manifest_names_the_app_in_the_pages_language(client: FlaskClient) -> None:
    manifest = client.get("/manifest.webmanifest?lang=ur").get_json()
    assert manifest["lang"] == "ur" and manifest["dir"] == "rtl"
    assert manifest["short_name"] != "Support chat"


def test_every_page_links_the_manifest_and_the_home_screen_icon(client: FlaskClient) -> None:
    page = client.get("/?lang=ar", follow_redirects=True).get_data(as_text=True)
    assert '<link rel="manifest" href="/manifest.webmanifest?lang=ar">' in page
    assert 'rel="apple-touch-icon" href="/icons/apple-touch-icon.png"' in page
    assert '<meta name="theme-color" content="#005eb8">' in page


def test_the_service_worker_is_served_from_the_root_for_the_whole_site(
    client: FlaskClient,
) -> None:
    response = client.get(WORKER)
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/javascript; charset=utf-8"
    assert response.headers["Service-Worker-Allowed"] == "/"
    assert response.headers["Cache-Control"] == "no-cache"


def test_the_service_worker_keeps_every_languages_offline_page_and_its_files(
    client: FlaskClient,
) -> None:
    script = client.get(WORKER).get_data(as_text=True)
    for code in LANGUAGES:
        assert f'"{code}": "/offline/{code}"' in script
    for asset in ("/static/main.css", "/static/nhsuk.js", "/static/quick-exit.js"):
        assert f'"{asset}"' in script
    page = client.get("/offline/en").get_data(as_text=True)
    for loaded in re.findall(r'(?:src|href)="(/static/[^"]+)"', page):
        assert f'"{loaded}"' in script, f"the offline page loads {loaded}, which is not kept"


def version(client: FlaskClient) -> str:
    found = re.search(r'const VERSION = "([0-9a-f]+)";', client.get(WORKER).get_data(as_text=True))
    assert found
    return found.group(1)


def test_the_workers_version_changes_when_staff_change_a_crisis_number(
    app: Flask, client: FlaskClient
) -> None:
    before = version(client)
    assert version(client) == before
    change_samaritans_number(app, "116 124")
    assert version(client) != before


@pytest.mark.parametrize("code", list(LANGUAGES))
def test_the_offline_page_of_each_language_gives_the_crisis_numbers_as_links(
    client: FlaskClient, code: str
) -> None:
    response = client.get(f"/offline/{code}")
    assert response.status_code == 200
    assert response.headers["Content-Language"] == code
    page = response.get_data(as_text=True)
    assert f'<html lang="{code}"' in page
    assert f'dir="{LANGUAGES[code][1]}"' in page
    for link in ("tel:999", "tel:111", "tel:116123", "tel:08001111", "tel:08088003302"):
        assert f'href="{link}"' in page, link
    assert 'href="sms:85258?&body=SHOUT"' in page
    assert "lpt-central-access-point" in page
    if code != "en":
        assert "You are offline" not in page, "the page is not translated"


def test_the_offline_pages_in_urdu_and_arabic_read_right_to_left(client: FlaskClient) -> None:
    for code in ("ur", "ar"):
        page = client.get(f"/offline/{code}").get_data(as_text=True)
        assert re.search(rf'<html lang="{code}"\s+dir="rtl"', page)


def test_the_offline_page_shows_a_crisis_number_staff_changed(
    app: Flask, client: FlaskClient
) -> None:
    change_samaritans_number(app, "116 124")
    page = client.get("/offline/ur").get_data(as_text=True)
    assert 'href="tel:116124"' in page and 'href="tel:116123"' not in page


def test_an_unknown_language_has_no_offline_page(client: FlaskClient) -> None:
    assert client.get("/offline/zz").status_code == 404


def test_pages_say_their_language_for_the_worker(client: FlaskClient) -> None:
    client.get("/?lang=pl")
    assert client.get("/").headers["Content-Language"] == "pl"
    assert client.get("/help/").headers["Content-Language"] == "pl"
