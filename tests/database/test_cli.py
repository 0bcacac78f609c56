from quizapp.extensions import db
from quizapp.models import User
from quizapp.users.accounts import authenticate


def test_create_user_with_role(app):
    result = app.test_cli_runner().invoke(
        args=["create-user", "Ms-Rivera", "--role", "teacher", "--password", "a fine password"]
    )
    assert result.exit_code == 0, result.output
    user = authenticate("ms-rivera", "a fine password")
    assert user is not None and user.role == "teacher"


def test_create_user_rejects_short_password_and_duplicates(app):
    runner = app.test_cli_runner()
    short = runner.invoke(args=["create-user", "kid", "--password", "short"])
    assert short.exit_code != 0 and "8 characters" in short.output
    runner.invoke(args=["create-user", "kid", "--password", "long enough"])
    again = runner.invoke(args=["create-user", "KID", "--password", "long enough"])
    assert again.exit_code != 0 and "taken" in again.output
    assert db.session.execute(db.select(db.func.count(User.id))).scalar() == 1


def test_seed_demo_refuses_production(app):
    app.config["IS_PRODUCTION"] = True
    result = app.test_cli_runner().invoke(args=["seed-demo"])
    assert result.exit_code != 0
    assert db.session.execute(db.select(db.func.count(User.id))).scalar() == 0


def test_load_content_check_reports_course_rules(app):
    result = app.test_cli_runner().invoke(args=["load-content", "--check"])
    assert result.exit_code == 0, result.output
    assert "Content is well formed" in result.output
    assert "course rule" not in result.output
