"""Pages whose SQL does not grow with their rows (issue "Speed and scale", part 1): the statements of one
request are counted with a SQLAlchemy event, once with a few rows and once with more; an N+1 query makes
the second count larger."""
from __future__ import annotations

from contextlib import contextmanager
from datetime import date

from sqlalchemy import event

from portal.extensions import db
from tests.standards.test_standards import make_service


@contextmanager
def counted(app):
    with app.app_context():
        engine = db.engine
    statements: list[str] = []

    def record(_conn, _cursor, statement, *_args):
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", record)


def statements_for(app, client, path: str) -> int:
    client.get(path)  # warm: the office settings, the first connection
    with counted(app) as statements:
        response = client.get(path)
    assert response.status_code == 200, path
    return len(statements)


def test_the_standards_list_takes_the_same_statements_for_two_services_and_for_eight(app, client):
    def add(n: int) -> None:  # a standard in force and one coming
        make_service(app, f"layanan-{n}", (date(2026, 1, 2), f"A{n}", True),
                     (date(2099, 1, 2), f"B{n}", True))

    for n in range(2):
        add(n)
    few = statements_for(app, client, "/standar-pelayanan")
    for n in range(2, 8):
        add(n)
    many = statements_for(app, client, "/standar-pelayanan")
    page = client.get("/standar-pelayanan").get_data(as_text=True)
    assert all(f"Layanan Uji layanan-{n}" in page for n in range(8))
    assert many == few


def test_a_year_of_gratification_recaps_is_one_query(app):
    """The public /rekap shows the four quarters and the year: five recaps, one statement (it was five
    grouped queries per recap, 25 for the page)."""
    from portal.gratification import recap
    from tests.gratification.test_recap import seed

    seed(app)
    with app.app_context(), counted(app) as statements:
        recaps = recap.year_recaps(db.session, 2026)
    assert len(recaps) == 5 and recaps[-1].summary["reports"] > 0
    assert len(statements) == 1
