"""How fast the admin pages render at 100k and 1M answers, on SQLite and PostgreSQL.

    .venv/bin/python bench/admin_pages.py                 # both databases, both sizes
    .venv/bin/python bench/admin_pages.py --db sqlite --sizes 1m --runs 7

Each size gets its own database, seeded once with `seed_synthetic` and reused
on later runs (SQLite: instance/bench-admin-<size>.db; PostgreSQL:
bench_admin_<size> on $BENCH_PG_URL). Pages are fetched in-process through
the test client as a logged-in admin, so a time covers the queries and the
template, not the network. Each page is fetched once to warm up, then
`--runs` times; the median is printed, with the growth from 100k to 1M.
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

import psycopg
import sqlalchemy as sa

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from flask_migrate import upgrade  # noqa: E402

from quizapp import create_app  # noqa: E402
from quizapp.content import load_content  # noqa: E402
from quizapp.extensions import db  # noqa: E402
from quizapp.models import Answer, Classroom, User  # noqa: E402
from quizapp.synthetic import seed_synthetic  # noqa: E402

SIZES = {"100k": (2_000, 80), "1m": (20_000, 800)}
PG_BASE = os.environ.get("BENCH_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432")
ADMIN, PASSWORD = "bench-admin", "bench admin pass phrase"
LIMIT_MS = 300


def database_url(kind: str, size: str) -> str:
    if kind == "sqlite":
        return f"sqlite:///{ROOT / 'instance' / f'bench-admin-{size}.db'}"
    return f"{PG_BASE}/bench_admin_{size}"


def ensure_pg_database(url: str) -> None:
    parsed = sa.make_url(url)
    dsn = parsed.set(drivername="postgresql", database="postgres").render_as_string(False)
    with psycopg.connect(dsn, autocommit=True) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", (parsed.database,)
        ).fetchone()
        if not exists:
            connection.execute(f'CREATE DATABASE "{parsed.database}"')


def prepare(url: str, size: str):
    """An app on the size's database, seeded the first time, with a bench admin."""
    if url.startswith("postgresql"):
        ensure_pg_database(url)
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "RATELIMIT_ENABLED": False})
    with app.app_context():
        upgrade(directory=str(ROOT / "migrations"))
        if not db.session.execute(sa.select(Answer.id).limit(1)).first():
            students, classes = SIZES[size]
            began = time.perf_counter()
            load_content(app.config["CONTENT_DIR"])
            seed_synthetic(students, classes, seed=2026)
            print(f"  seeded {size} in {time.perf_counter() - began:.0f} s", flush=True)
            analyze()
        ensure_admin()
    return app


def analyze() -> None:
    """Fresh planner statistics (PostgreSQL also sets the visibility map for index-only scans)."""
    with db.engine.connect() as connection:
        if connection.dialect.name == "postgresql":
            connection.execution_options(isolation_level="AUTOCOMMIT").exec_driver_sql(
                "VACUUM ANALYZE"
            )
        else:
            connection.exec_driver_sql("ANALYZE")
            connection.commit()


def ensure_admin() -> None:
    admin = db.session.execute(sa.select(User).filter_by(username=ADMIN)).scalar_one_or_none()
    if admin is None:
        admin = User(username=ADMIN, role="admin")
        db.session.add(admin)
    admin.set_password(PASSWORD)
    db.session.commit()


def logged_in_client(app):
    client = app.test_client()
    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'"X-CSRFToken": "([^"]+)"', page).group(1)
    response = client.post(
        "/login", data={"csrf_token": token, "username": ADMIN, "password": PASSWORD}
    )
    assert response.status_code == 303, "bench admin could not log in"
    return client


def pages(app) -> list[tuple[str, str]]:
    """Every admin page, unfiltered and with each kind of filter."""
    with app.app_context():
        classroom = (
            db.session.execute(sa.select(Classroom).order_by(Classroom.id)).scalars().first()
        )
        last = db.session.execute(sa.select(sa.func.max(Answer.answered_at))).scalar().date()
    month = f"start={(last - timedelta(days=30)).isoformat()}&end={last.isoformat()}"
    teacher = f"teacher={classroom.teacher_id}"
    return [
        ("overview", "/admin/"),
        ("overview, 30 days", f"/admin/?{month}"),
        ("overview, one teacher", f"/admin/?{teacher}"),
        ("lessons", "/admin/lessons"),
        ("lessons, 30 days", f"/admin/lessons?{month}"),
        ("lessons, one class", f"/admin/lessons?classroom={classroom.id}"),
        ("myths", "/admin/myths"),
        ("myths, 30 days", f"/admin/myths?{month}"),
        ("myths, one teacher", f"/admin/myths?{teacher}"),
        ("items", "/admin/items"),
        ("items, 30 days", f"/admin/items?{month}"),
        ("items, one teacher", f"/admin/items?{teacher}"),
        ("items, one class", f"/admin/items?classroom={classroom.id}"),
        ("users", "/admin/users"),
        ("users, search", "/admin/users?q=learner&role=student&page=3"),
        ("export page", "/admin/export"),
        ("items CSV", "/admin/export/items.csv"),
        ("myths CSV, one teacher", f"/admin/export/myths.csv?{teacher}"),
        ("answers CSV, one class", f"/admin/export/answers.csv?classroom={classroom.id}"),
    ]


def median_ms(client, url: str, runs: int) -> tuple[float, float]:
    """Median wall-clock and median CPU time of this process (ms) over `runs` fetches.

    The CPU time includes SQLite's work (it runs in-process) but not PostgreSQL's.
    """
    client.get(url).get_data()
    wall, cpu = [], []
    for _ in range(runs):
        began, began_cpu = time.perf_counter(), time.process_time()
        response = client.get(url)
        response.get_data()
        wall.append((time.perf_counter() - began) * 1000)
        cpu.append((time.process_time() - began_cpu) * 1000)
        assert response.status_code == 200, f"{url}: {response.status_code}"
    return statistics.median(wall), statistics.median(cpu)


def full_export(client) -> str:
    """Stream the whole researcher export once: time, size and how much memory grew."""
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    began = time.perf_counter()
    response = client.get("/admin/export/answers.csv")
    lines = size = 0
    for chunk in response.response:
        lines += chunk.count(b"\n") if isinstance(chunk, bytes) else chunk.count("\n")
        size += len(chunk)
    seconds = time.perf_counter() - began
    grown = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
    return (
        f"{lines - 1:,} rows, {size / 1e6:.0f} MB in {seconds:.1f} s; "
        f"peak memory grew {grown:.0f} MB"
    )


def run(kind: str, size: str, runs: int) -> dict[str, float]:
    url = database_url(kind, size)
    print(f"\n{kind} {size}: {sa.make_url(url).render_as_string()}", flush=True)
    app = prepare(url, size)
    with app.app_context():
        answers = db.session.execute(sa.select(sa.func.count(Answer.id))).scalar()
        students = db.session.execute(
            sa.select(sa.func.count()).where(User.role == "student")
        ).scalar()
    load = ", ".join(f"{n:.1f}" for n in os.getloadavg())
    print(f"  {students:,} students, {answers:,} answers; median of {runs} runs; load {load}")
    print(f"  {'page':28} {'wall':>9} {'cpu':>9}")
    client = logged_in_client(app)
    results = {}
    for name, page_url in pages(app):
        results[name], cpu = median_ms(client, page_url, runs)
        flag = "" if results[name] < LIMIT_MS else f"   OVER {LIMIT_MS} ms"
        print(f"  {name:28} {results[name]:6.1f} ms {cpu:6.1f} ms{flag}", flush=True)
    if size == "1m":
        print(f"  full answers CSV: {full_export(client)}", flush=True)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument("--sizes", default="100k,1m", help="comma-separated: 100k, 1m")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    kinds = ("sqlite", "postgresql") if args.db == "both" else (args.db,)
    sizes = [s for s in args.sizes.split(",") if s in SIZES]
    for kind in kinds:
        results = {size: run(kind, size, args.runs) for size in sizes}
        if {"100k", "1m"} <= results.keys():
            print(f"\n{kind}: growth from 100k to 1M answers (time at 1M / time at 100k)")
            for name, small in results["100k"].items():
                print(f"  {name:28} x{results['1m'][name] / small:5.2f}")


if __name__ == "__main__":
    main()
