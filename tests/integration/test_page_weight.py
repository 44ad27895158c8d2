"""Small on the wire: the first chat page, with everything the browser fetches to show it on
a phone, weighs under 150 KB compressed (issue 21), so a young person on little credit and
patchy data gets the chat, and the crisis numbers in it, quickly.

Measured in the real browser, as a Lighthouse budget is: every response the page asks for
until the network is idle (the page, the stylesheet, the scripts, the icons, the socket's
first exchange, the service worker and the offline pages it keeps). Each body is counted as
it travels, with its headers: as sent when the server compressed it, else gzipped at level 6
(as deploy/nginx.conf compresses text in front of the web processes)."""

from __future__ import annotations

import gzip
from dataclasses import dataclass

from playwright.sync_api import Page, Response

from tests.support.live import LiveWeb

BUDGET_BYTES = 150 * 1024
# Types a web server compresses (deploy/nginx gzip_types); images and fonts travel as they are.
COMPRESSED_TYPES = ("text/", "application/javascript", "application/json", "image/svg+xml")


@dataclass(frozen=True)
class Fetched:
    url: str
    kind: str
    body: int
    on_the_wire: int


def on_the_wire(response: Response) -> Fetched | None:
    """What one response cost: its headers, and its body as it travelled. A file the browser
    only asked about again (the service worker keeping what the page just loaded) travels
    with no body."""
    try:
        sizes = response.request.sizes()
    except Exception:  # an answer that never completed (a socket poll left open)
        return None
    sent = sizes["responseBodySize"]
    kind = response.headers.get("content-type", "").split(";")[0]
    compressible = kind.startswith(COMPRESSED_TYPES) or kind.endswith("+json")
    already = response.headers.get("content-encoding") in {"gzip", "br", "deflate"}
    body = sent
    if sent and compressible and not already:
        body = len(gzip.compress(response.body(), compresslevel=6))
    return Fetched(response.url, kind, sent, sizes["responseHeadersSize"] + body)


def weigh_first_visit(page: Page, url: str) -> list[Fetched]:
    responses: list[Response] = []
    page.context.on("response", lambda response: responses.append(response))
    page.goto(url, wait_until="networkidle")
    # The service worker keeps the offline pages once it is installed: that is part of the
    # first visit's cost too.
    page.wait_for_function("() => navigator.serviceWorker.controller !== null", timeout=20_000)
    page.wait_for_load_state("networkidle")
    return [f for r in responses if (f := on_the_wire(r)) is not None]


def test_the_first_chat_page_and_its_assets_are_under_150_kb_compressed(
    phone: Page, web_alone: LiveWeb
) -> None:
    fetched = weigh_first_visit(phone, web_alone.url + "/")
    total = sum(f.on_the_wire for f in fetched)
    listing = "\n".join(
        f"{f.on_the_wire:>8} {f.body:>8} {f.kind:<24} {f.url}"
        for f in sorted(fetched, key=lambda f: -f.on_the_wire)
    )
    print(f"\nfirst visit: {total / 1024:.1f} KB on the wire\n{listing}")
    assert any(f.kind == "text/css" for f in fetched), "the stylesheet was not fetched"
    assert any(f.kind.endswith("javascript") for f in fetched), "no script was fetched"
    assert total < BUDGET_BYTES, f"{total / 1024:.1f} KB over the 150 KB budget:\n{listing}"
