import shutil

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


def test_load_content_check_lists_a_translation_still_in_progress(app, course_dir):
    draft = course_dir / "fr"  # a language the app does not offer (yet)
    shutil.copytree(course_dir / "es", draft)
    (draft / "lessons/01-basics.yaml").unlink()
    runner = app.test_cli_runner()
    result = runner.invoke(args=["load-content", "--check", "--content-dir", str(course_dir)])
    assert "Translation 'fr' (not offered yet): 2 files match the English" in result.output
    assert f"still to translate: {draft / 'lessons/01-basics.yaml'}" in result.output
    (draft / "myths.yaml").write_text("myths: []\n")
    broken = runner.invoke(args=["load-content", "--check", "--content-dir", str(course_dir)])
    assert broken.exit_code != 0 and "Translation" not in broken.output
    assert "fr/myths.yaml: myths[0]: is missing (the English has 'prescribed-safe')" in (
        broken.output
    )
    writes = runner.invoke(args=["load-content", "--content-dir", str(course_dir)])
    assert writes.exit_code != 0 and "only checks" in writes.output


def test_load_content_refuses_an_offered_language_with_a_file_missing(app, course_dir):
    (course_dir / "es/lessons/01-basics.yaml").unlink()
    checked = ["load-content", "--check", "--content-dir", str(course_dir)]
    result = app.test_cli_runner().invoke(args=checked)
    assert result.exit_code != 0
    assert "es/lessons/01-basics.yaml: file: is missing (the es course)" in result.output
