"""The yardstick for benchmarks/throughput.py: a bare Flask app answering one small page.

    gunicorn --workers 2 --worker-class gthread --threads 4 benchmarks.hello_app:app
"""
from flask import Flask

app = Flask(__name__)


@app.route("/")
def hello() -> str:
    return "Hello, World!"


@app.route("/healthz")
def healthz() -> str:
    return "ok"
