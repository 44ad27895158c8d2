"""The staff area through the running server (gunicorn, no assistant needed): a forged Host
is refused, staff pages are never cached, and a cookie saved before sign-out no longer signs
anyone in."""

from __future__ import annotations

import re

import requests

from tests.support.live import LiveWeb

EMAIL, PASSWORD = "signout.check@example.org", "a long test passphrase 43"


def signed_in_session(web: LiveWeb) -> requests.Session:
    """A browser signed in to the staff area, as a person would: the form, its CSRF token."""
    browser = requests.Session()
    page = browser.get(f"{web.url}/staff/login", timeout=10).text
    token = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert token is not None
    data = {"csrf_token": token[1], "email": EMAIL, "password": PASSWORD}
    signed = browser.post(f"{web.url}/staff/login", data=data, timeout=10, allow_redirects=False)
    assert signed.status_code == 302, signed.text[:200]
    return browser


def test_a_forged_host_is_refused_not_redirected_to(web_alone: LiveWeb) -> None:
    web_url = web_alone.url
    for host in ("evil.example", "evil.example:80"):
        response = requests.get(
            f"{web_url}/staff", headers={"Host": host}, timeout=10, allow_redirects=False
        )
        assert response.status_code == 400
        assert "evil.example" not in response.headers.get("Location", "") + response.text
    assert requests.get(f"{web_url}/staff", timeout=10, allow_redirects=False).status_code == 308


def test_a_staff_cookie_saved_before_sign_out_is_refused_afterwards(web_alone: LiveWeb) -> None:
    web = web_alone
    web.flask("staff", "create-user", "--email", EMAIL, "--name", "Sign Out",
              "--role", "editor", "--password", PASSWORD)  # fmt: skip
    browser = signed_in_session(web)
    page = browser.get(f"{web.url}/staff/", timeout=10, allow_redirects=False)
    assert page.status_code == 200 and page.headers["Cache-Control"] == "no-store"
    saved = requests.Session()
    saved.cookies.update(browser.cookies)
    assert saved.get(f"{web.url}/staff/", timeout=10, allow_redirects=False).status_code == 200

    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert token is not None
    browser.post(f"{web.url}/staff/logout", data={"csrf_token": token[1]}, timeout=10)
    again = saved.get(f"{web.url}/staff/", timeout=10, allow_redirects=False)
    assert again.status_code == 302 and "/staff/login" in again.headers["Location"]
