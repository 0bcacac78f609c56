"""`flask lti-keys rotate` and `flask lti-send-grades`."""

import time

import click

from . import bp, grades, handoff, keys, storage


@bp.cli.command("lti-keys", help="Manage MythCheck's LTI signing keys.")
@click.argument("action", type=click.Choice(["rotate", "list"]))
def lti_keys(action: str) -> None:
    """rotate: a new signing key (the old one stays published a day); list: the keys."""
    if action == "rotate":
        key, dropped = keys.rotate()
        click.echo(f"New signing key {key.kid}; {dropped} expired key(s) dropped.")
    for key in keys.published_keys():
        state = "signing" if key.retired_at is None else f"retired {key.retired_at:%Y-%m-%d %H:%M}"
        click.echo(f"{key.kid}  {state}")


@bp.cli.command(
    "lti-send-grades",
    help="Send the scores owed to LMS gradebooks (and drop expired launch values).",
)
@click.option("--every", type=int, default=0, help="Keep running, sending every N seconds.")
@click.option("--rounds", type=int, default=0, help="With --every: stop after this many rounds.")
def lti_send_grades(every: int, rounds: int) -> None:
    done = 0
    while True:
        sent, failed = grades.send_due()
        storage.purge_expired()
        handoff.purge_expired()
        click.echo(f"Sent {sent} score(s); {failed} failed and will be retried.")
        done += 1
        if not every or (rounds and done >= rounds):
            return
        time.sleep(every)
