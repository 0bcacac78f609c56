import runpy
from types import SimpleNamespace

import pytest

from quizapp import create_app
from quizapp.config import ROOT, Config, ProductionConfig, config_for_environment


def test_production_refuses_to_start_without_a_real_secret_key(monkeypatch):
    monkeypatch.setenv("MYTHCHECK_ENV", "production")
    monkeypatch.setenv("MYTHCHECK_PUBLIC_URL", "https://mythcheck.example")
    monkeypatch.delenv("SECRET_KEY", raising=False)
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app()
    monkeypatch.setenv("SECRET_KEY", "short")
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        config_for_environment()


def test_production_config_with_a_key_uses_secure_cookies(monkeypatch):
    monkeypatch.setenv("MYTHCHECK_ENV", "production")
    monkeypatch.setenv("MYTHCHECK_PUBLIC_URL", "https://mythcheck.example")
    monkeypatch.setenv("SECRET_KEY", "x" * 40)
    config = config_for_environment()
    assert isinstance(config, ProductionConfig)
    assert config.SESSION_COOKIE_SECURE and config.HSTS


def test_development_is_the_default(monkeypatch):
    monkeypatch.delenv("MYTHCHECK_ENV", raising=False)
    assert type(config_for_environment()) is Config


def test_gunicorn_master_compiles_every_template_before_forking():
    app = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://"})
    settings = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    server = SimpleNamespace(app=SimpleNamespace(wsgi=lambda: app))
    environment = app.jinja_env
    assert not environment.cache

    settings["when_ready"](server)

    compiled = {name for _, name in environment.cache}
    assert compiled == set(environment.list_templates())
    assert "learn/_card_swap.html" in compiled


def test_the_access_log_keeps_no_address_agent_query_or_row_id():
    from gunicorn.config import Config as GunicornConfig

    from quizapp.accesslog import PrivateAccessLogger

    settings = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    config = GunicornConfig()
    config.set("access_log_format", settings["access_log_format"])
    logger = PrivateAccessLogger(config)
    environ = {
        "REMOTE_ADDR": "203.0.113.7",
        "HTTP_X_FORWARDED_FOR": "198.51.100.4",
        "HTTP_USER_AGENT": "Pixel 7 school-issued",
        "REQUEST_METHOD": "POST",
        "RAW_URI": "/attempts/4821/answer?next=/q/3",
        "PATH_INFO": "/attempts/4821/answer",
        "QUERY_STRING": "next=/q/3",
        "SERVER_PROTOCOL": "HTTP/1.1",
    }
    response = SimpleNamespace(status="200 OK", sent=512, headers=[("X-Request-ID", "abc123")])
    from datetime import timedelta

    atoms = logger.atoms(response, SimpleNamespace(headers=[]), environ, timedelta(milliseconds=7))
    line = settings["access_log_format"] % atoms
    assert settings["logger_class"].endswith("PrivateAccessLogger")
    assert '"POST /attempts/<id>/answer" 200 512 7ms rid=abc123' in line
    for kept_out in ("203.0.113.7", "198.51.100.4", "Pixel", "4821", "next="):
        assert kept_out not in line
