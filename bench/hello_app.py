"""A bare hello-world Flask app: the ceiling the load test compares the app with.

Run under the same gunicorn settings: `gunicorn -c gunicorn.conf.py bench.hello_app:app`.
"""

from flask import Flask

app = Flask(__name__)


@app.get("/")
def hello():
    """Hello, world: no database, no template, no session."""
    return "Hello, World!"
