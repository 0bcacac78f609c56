"""MythCheck: lessons and myth-tracking quizzes about clonazepam misuse."""

from flask import Flask

from . import database, errors, security, templating, timezones
from .config import ROOT, config_for_environment
from .extensions import compress, csrf, db, limiter, login_manager, migrate


def create_app(test_config: dict | None = None) -> Flask:
    """Build the app; `test_config` overrides settings (tests pass a dict)."""
    app = Flask(__name__, template_folder="../templates", static_folder="../static")

    app.config.from_object(config_for_environment())
    if test_config:
        app.config.update(test_config)

    database.configure(app)
    db.init_app(app)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"))
    csrf.init_app(app)
    limiter.init_app(app)
    compress.init_app(app)
    login_manager.init_app(app)
    security.init_app(app)
    errors.init_app(app)
    templating.init_app(app)
    timezones.init_app(app)
    _register_blueprints(app)
    from . import cli

    cli.init_app(app)
    return app


def _register_blueprints(app: Flask) -> None:
    from .account import bp as account_bp
    from .auth import bp as auth_bp
    from .learn import bp as learn_bp
    from .teach import bp as teach_bp
    from .teach import join_bp

    app.register_blueprint(auth_bp)
    app.register_blueprint(account_bp)
    app.register_blueprint(learn_bp)
    app.register_blueprint(teach_bp)
    app.register_blueprint(join_bp)
    from .admin import bp as admin_bp

    app.register_blueprint(admin_bp)
