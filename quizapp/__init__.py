"""MythCheck: lessons and myth-tracking quizzes about clonazepam misuse."""

import click
from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from . import database, errors, languages, security, templating, timezones
from .config import ROOT, config_for_environment
from .demo import refuse_demo_accounts
from .extensions import compress, csrf, db, limiter, login_manager, migrate


def create_app(test_config: dict | None = None) -> Flask:
    """Build the app; `test_config` overrides settings (tests pass a dict)."""
    app = Flask(__name__, template_folder="../templates", static_folder="../static")

    app.config.from_object(config_for_environment())
    if test_config:
        app.config.update(test_config)

    database.configure(app)
    db.init_app(app)
    database.init_app(app)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"))
    csrf.init_app(app)
    limiter.init_app(app)
    compress.init_app(app)
    login_manager.init_app(app)
    security.init_app(app)
    errors.init_app(app)
    templating.init_app(app)
    languages.init_app(app)
    timezones.init_app(app)
    _register_blueprints(app)
    from . import cli

    cli.init_app(app)
    _trust_proxies(app)
    if app.config["IS_PRODUCTION"] and not _running_a_flask_command():
        with app.app_context():
            refuse_demo_accounts()
    return app


def _trust_proxies(app: Flask) -> None:
    """Behind PROXY_HOPS reverse proxies, take the client's address, scheme and host
    from their X-Forwarded-* headers (and from no one else's)."""
    hops = app.config["PROXY_HOPS"]
    if hops:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)


def _running_a_flask_command() -> bool:
    """`flask ...` (remove-demo, db upgrade) must run where serving is refused."""
    return click.get_current_context(silent=True) is not None


def _register_blueprints(app: Flask) -> None:
    from .account import bp as account_bp
    from .auth import bp as auth_bp
    from .join import bp as join_bp
    from .learn import bp as learn_bp
    from .live.pages import bp as live_bp
    from .teach import bp as teach_bp

    app.register_blueprint(auth_bp)
    app.register_blueprint(account_bp)
    app.register_blueprint(learn_bp)
    app.register_blueprint(teach_bp)
    app.register_blueprint(join_bp)
    app.register_blueprint(live_bp)
    from .admin import bp as admin_bp
    from .lti import bp as lti_bp

    app.register_blueprint(admin_bp)
    app.register_blueprint(lti_bp)
