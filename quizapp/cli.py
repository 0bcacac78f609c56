"""flask commands: load-content, create-user, seed-demo, remove-demo."""

import time

import click
from flask import Flask, current_app

from .backup import backup_command
from .content import ContentError, course_problems, drafts, load_content, read_course
from .demo import DEMO_PASSWORD, DEMO_USERS, remove_demo_accounts
from .demo_class import demo_class_exists, seed_demo_class
from .extensions import db
from .languages import LANGUAGES
from .models import ROLES
from .users.accounts import AccountError, create_user, find_user
from .users.passwords import password_problem

__all__ = ["DEMO_PASSWORD", "DEMO_USERS", "init_app"]


@click.command("load-content")
@click.option("--check", is_flag=True, help="Only validate the files; write nothing.")
@click.option(
    "--content-dir",
    type=click.Path(exists=True, file_okay=False),
    help="Check this folder instead of the app's questions/ (with --check).",
)
def load_content_command(check: bool, content_dir: str | None) -> None:
    """Validate questions/ in every language the app offers and sync it into the database."""
    directory = content_dir or current_app.config["CONTENT_DIR"]
    if content_dir and not check:
        raise click.UsageError("--content-dir only checks; add --check.")
    try:
        if check:
            course = read_course(directory, tuple(LANGUAGES))
            _report_drafts(directory, course)
            _report_course(course)
            return
        counts = load_content(directory, tuple(LANGUAGES))
    except ContentError as error:
        raise click.ClickException(f"Content not loaded. {error}") from None
    click.echo(
        f"Content loaded: {counts['myths']} myths, {counts['lessons']} lessons, "
        f"{counts['questions']} questions."
    )


def _report_course(course) -> None:
    languages = ", ".join(c.language for c in (course, *course.translations))
    click.echo(
        f"Content is well formed: {len(course.myths)} myths, {len(course.lessons)} lessons, "
        f"{len(course.questions)} questions; in {languages}."
    )
    problems = course_problems(course)
    for problem in problems:
        click.echo(f"  course rule: {problem}")
    if problems:
        raise click.ClickException(f"{len(problems)} course rules not met.")


def _report_drafts(directory, english) -> None:
    """Translations the app does not offer yet: their files so far are checked, the rest listed."""
    for draft in drafts(directory, tuple(LANGUAGES), english):
        click.echo(
            f"Translation '{draft.language}' (not offered yet): {len(draft.checked)} files "
            f"match the English, {len(draft.missing)} still to translate."
        )
        for path in draft.missing:
            click.echo(f"  still to translate: {path}")


@click.command("create-user")
@click.argument("username")
@click.option("--role", type=click.Choice(ROLES), default="student", show_default=True)
@click.password_option(help="Asked for when not given.")
def create_user_command(username: str, role: str, password: str) -> None:
    """Create an account with the given role."""
    problem = password_problem(password, username)
    if problem:
        raise click.ClickException(problem)
    try:
        create_user(username, password, role)
    except AccountError as error:
        raise click.ClickException(str(error)) from None
    db.session.commit()
    click.echo(f"Created {role} '{username}'.")


@click.command("seed-demo")
def seed_demo_command() -> None:
    """Create the demo accounts and demo-teacher's class with three weeks of made-up
    history (demo mode only: never with the production config). Running it again
    adds nothing."""
    if current_app.config.get("IS_PRODUCTION"):
        raise click.ClickException("Demo accounts are never created in production.")
    for username, role in DEMO_USERS:
        if find_user(username) is None:
            create_user(username, DEMO_PASSWORD, role)
    db.session.commit()
    click.echo(f"Demo accounts ready: {', '.join(u for u, _ in DEMO_USERS)} / {DEMO_PASSWORD}")
    teacher = find_user("demo-teacher")
    if not demo_class_exists(teacher):
        began = time.perf_counter()
        classroom = seed_demo_class(teacher, mid_course=find_user("demo-student-2"))
        click.echo(
            f"Demo class “{classroom.name}” made for demo-teacher "
            f"in {time.perf_counter() - began:.1f} s."
        )


@click.command("remove-demo")
def remove_demo_command() -> None:
    """Delete the demo accounts (production refuses to start while they exist)."""
    removed = remove_demo_accounts()
    db.session.commit()
    click.echo(f"Removed {', '.join(removed)}." if removed else "No demo accounts to remove.")


def init_app(app: Flask) -> None:
    from .synthetic import seed_synthetic_command

    for command in (
        load_content_command,
        create_user_command,
        seed_demo_command,
        remove_demo_command,
        seed_synthetic_command,
    ):
        app.cli.add_command(command)
    app.cli.add_command(backup_command)
