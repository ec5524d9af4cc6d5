"""The English scan (issue 12 §3) outside pytest: every public and staff page on ?lang=en, seen by a user with
every staff role on the demo data (SQLite in a temporary folder), with the Indonesian interface words found on
each page outside elements marked lang="id". The collector, the word list and ALLOWED are those of
tests/core/test_english_scan.py.

    .venv/bin/python benchmarks/english_scan.py            # count per page and the total
    .venv/bin/python benchmarks/english_scan.py --words    # and the words of each page

Exit status 0 only when no page shows a word that ALLOWED does not excuse.
"""
from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from portal import create_app
from portal.extensions import db
from tests.conftest import PASSWORD, AuthActions, make_test_config
from tests.core.test_english_scan import (
    STAFF_ROLES,
    page_paths,
    scan,
    unexpected_words,
)


def run(folder: Path) -> dict:
    from portal.accounts import service as accounts
    from tests.security_helpers import seed

    app = create_app(make_test_config(folder, None))
    with app.app_context():
        db.create_all()
    seeded = seed(app)
    with app.app_context():
        accounts.create_user(db.session, "scan@uji.example", PASSWORD, list(STAFF_ROLES), name="Pemindai")
        db.session.commit()
    client = app.test_client()
    auth = AuthActions(client)
    auth.login("scan@uji.example")
    auth.second_factor("scan@uji.example")
    found = scan(client, page_paths(app, seeded))
    with app.app_context():
        db.session.remove()
        db.engine.dispose()
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--words", action="store_true", help="print the words found on each page")
    options = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="english-scan-"))
    try:
        found = run(folder)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    for path, words in found.values():
        detail = f"  {dict(words.most_common())}" if options.words and words else ""
        print(f"{sum(words.values()):5d}  {path}{detail}")
    total = sum(sum(words.values()) for _path, words in found.values())
    print(f"{total:5d}  total ({len(found)} pages)")
    unexpected = unexpected_words(found)
    for endpoint, words in unexpected.items():
        print(f"not allowed on {endpoint}: {', '.join(words)}")
    return 1 if unexpected else 0


if __name__ == "__main__":
    sys.exit(main())
