"""A test app with a catalogue of the test's own: the messages a template or service sends through gettext
read as the test chose (a pseudo-English mark, or the suggested translation of a new msgid)."""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from flask import Flask
from flask_babel import get_babel


@contextmanager
def catalogue_app(app_factory, folder: Path, catalog: Catalog) -> Iterator[Flask]:
    """An app whose English catalogue is `catalog` (written as a .mo under `folder`). Flask-Babel keeps one
    cache of catalogues for every app in the process: it is emptied before and after, so no other test reads
    this catalogue and this one reads no other's."""
    target = folder / "en" / "LC_MESSAGES"
    target.mkdir(parents=True)
    with (target / "messages.mo").open("wb") as fh:
        write_mo(fh, catalog)
    app = app_factory(BABEL_TRANSLATION_DIRECTORIES=str(folder))
    with app.app_context():
        translations = get_babel().instance.domain_instance.cache
    translations.clear()
    try:
        yield app
    finally:
        translations.clear()
