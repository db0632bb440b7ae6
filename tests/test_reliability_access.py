"""The staff page behind its login, over real HTTP on loopback (the admin API's tokens, CORS and the rate limit are
covered in test_api.py and test_admin_api.py)."""

from __future__ import annotations

import pytest

pytest_plugins = ["web_server"]
pytestmark = pytest.mark.integration

# What a browser or a script without the login would reach for: the page's config, its API list, its event calls.
PROTECTED = [("GET", "/admin/config", None), ("GET", "/admin/gradio_api/info", None),
             ("GET", "/admin/gradio_api/queue/status", None),
             ("POST", "/admin/gradio_api/queue/join", {"data": [False], "fn_index": 0, "session_hash": "x1"}),
             ("POST", "/admin/gradio_api/run/predict", {"data": [False], "fn_index": 0})]


@pytest.fixture(scope="module")
def full_server(web_app, tmp_path_factory):
    """The whole app (pages included) around the session's assistant, with its own database."""
    from web_server import running, web_settings_for

    from assistant.web.app import create_app

    settings = web_settings_for(tmp_path_factory.mktemp("access") / "data")
    with running(create_app(settings, web_app.state.assistant)) as base_url:
        yield base_url


def test_the_admin_page_needs_the_login(full_server, new_client):
    from web_server import ADMIN_TOKEN

    stranger = new_client(full_server)
    for method, path, body in PROTECTED:
        response = stranger.request(method, path, json=body)
        assert response.status_code == 401, (path, response.status_code, response.text[:200])
        assert "referral" not in response.text.lower() and "@" not in response.text

    for user, password in (("admin", "wrong"), ("admin", ""), ("", ADMIN_TOKEN), ("root", ADMIN_TOKEN),
                           ("admin", ADMIN_TOKEN + " "), ("admin", ADMIN_TOKEN.upper())):
        response = stranger.post("/admin/login", data={"username": user, "password": password})
        assert response.status_code in (400, 401, 422), (user, password, response.status_code)
        assert not response.cookies, "a failed login must not set a session cookie"
    assert stranger.get("/admin/gradio_api/info").status_code == 401

    staff = new_client(full_server)
    assert staff.post("/admin/login", data={"username": "admin", "password": ADMIN_TOKEN}).status_code == 200
    info = staff.get("/admin/gradio_api/info")
    assert info.status_code == 200 and "named_endpoints" in info.json()


def test_the_chat_page_exposes_no_staff_action(full_server, new_client):
    """The public page's own API lists only the chat's events, never the staff page's."""
    info = new_client(full_server).get("/gradio_api/info")
    assert info.status_code == 200, info.text[:200]
    names = " ".join(info.json().get("named_endpoints", {})).lower()
    for staff_action in ("referrals", "handled", "export", "reindex", "upload", "gaps", "feedback_list"):
        assert staff_action not in names, names
