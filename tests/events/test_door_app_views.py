"""The door app's service worker and manifest: served from /door/ so the worker's scope covers
every scanner page, never cached stale, nothing personal, no sign-in needed."""

from __future__ import annotations

import json

import pytest


@pytest.mark.django_db
def test_service_worker_is_javascript_scoped_to_the_door_and_never_stale(client):
    response = client.get("/door/sw.js")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert response["Cache-Control"] == "no-cache"
    assert response["Service-Worker-Allowed"] == "/door/"
    body = response.content.decode()
    prelude = json.loads(body.split("\n", 1)[0].removeprefix("self.DOOR = ").rstrip(";"))
    assert "/static/js/scanner.js" in prelude["precache"]
    assert "/static/zxing/zxing_reader.wasm" in prelude["precache"]
    assert any(url.endswith(".woff2") for url in prelude["precache"])
    assert len(prelude["version"]) == 12


@pytest.mark.django_db
def test_manifest_installs_the_scanner_page_it_was_linked_from(client):
    answer = client.get("/door/manifest.webmanifest", {"start": "/door/7/"})
    elsewhere = client.get("/door/manifest.webmanifest", {"start": "https://evil.example/"})

    assert answer["Content-Type"] == "application/manifest+json"
    manifest = answer.json()
    assert manifest["start_url"] == "/door/7/" and manifest["scope"] == "/door/"
    assert manifest["display"] == "standalone"
    assert {icon["sizes"] for icon in manifest["icons"]} == {"192x192", "512x512"}
    assert elsewhere.json()["start_url"] == "/door/"
    for icon in manifest["icons"]:
        assert client.get(icon["src"]).status_code == 200
