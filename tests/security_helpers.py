"""Helpers for the security tests (headers, rate limits, fuzzing, attacks): seeded data with sample values for
URL arguments, the public routes enumerated from `app.url_map` (so a new route is covered automatically), and
row/file counters for "an invalid input writes nothing"."""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select

from portal.extensions import db

DEMO_PASSWORD = "demo-keamanan-2026!"
# Staff pages and the vendored files are not "public pages"; everything else in the URL map is.
EXCLUDED_PREFIXES = ("/admin", "/static")
# Log-in and its second step live under /admin but are reached by anyone: they count as public forms.
PUBLIC_ADMIN_FORMS = ("auth.login", "auth.two_factor", "auth.two_factor_enrol")
# Fuzz inputs tried in this test session, per target; printed by tests/conftest.py::pytest_terminal_summary.
FUZZ_INPUTS: Counter[str] = Counter()
# XSS payloads for every free-text field (tests/core/test_attacks.py, tests/e2e/test_xss_browser.py): each
# sets window.__xss if it ever runs.
XSS = [
    '<script>window.__xss=1;alert("xss")</script>',
    '<img src=x onerror="window.__xss=1;alert(1)">',
    '<svg onload="window.__xss=1;alert(1)"></svg>',
    'javascript:window.__xss=1;alert(1)',
    '"><script>window.__xss=1</script><"',
    "'><img src=x onerror=window.__xss=1>",
    '</textarea><script>window.__xss=1</script>',
    '{{7*7}} {% print(7*7) %} ${7*7}',
]


@dataclass
class Seeded:
    """What `seed()` made: values for URL arguments and the secrets a reporter would hold."""

    complaint_number: str
    complaint_code: str
    wbs_receipt: str
    recap_key: str
    survey_slug: str
    # URL argument name -> value, with per-endpoint overrides for names that mean different things.
    args: dict[str, str] = field(default_factory=dict)
    endpoint_args: dict[str, dict[str, str]] = field(default_factory=dict)


def seed(app) -> Seeded:
    """`flask init` defaults + `demo-data` + one DUMAS complaint (with its access code) + a published DUMAS
    recap of the current year: every public page then has something real to show."""
    from portal.accounts import service as accounts
    from portal.content.models import Page
    from portal.core import defaults, demo, periods
    from portal.dumas import service as complaints
    from portal.dumas.models import Category
    from portal.recap import service as recaps
    from portal.standards.models import Service
    from portal.survey import service as survey

    with app.app_context():
        defaults.load_all(db.session)
        lines = demo.load(db.session, DEMO_PASSWORD)
        db.session.commit()
        receipt = next(re.search(r"(\d{4}-\d{4}-\d{4}-\d{4})", line).group(1)
                       for line in lines if line.startswith("WBS:") and re.search(r"\d{4}-\d{4}", line))
        category = db.session.scalars(select(Category).where(Category.active.is_(True))).first()
        category_slug = category.slug
        complaint, code = complaints.submit_complaint(db.session, {
            "reporter_name": "Warga Uji", "reporter_email": "warga@uji.example",
            "category_id": str(category.id), "subject": "Antrean layanan data pemilih",
            "description": "Antrean di loket data pemilih lama sekali.", "consent": "y",
        }, [], app.config)
        admin = accounts.find_by_email(db.session, "admin@demo.example")
        period = periods.year_period(periods.current_year())
        recaps.publish(db.session, period, admin, kind="dumas")
        db.session.commit()
        page_slug = db.session.scalars(select(Page.slug).order_by(Page.id)).first()
        service_slug = db.session.scalars(select(Service.slug).order_by(Service.id)).first()
        survey_slug = survey.service_configs(db.session, open_only=True)[0].service.slug
        from portal.wbs import service as wbs_service

        skm_key = survey.published(db.session)[0].period_key  # the demo's published SKM period
        wbs_key = wbs_service.published_quarters(db.session)[0][0].period_key  # the demo's WBS quarter
        number = complaint.number
        from portal.dumas import publication  # the demo publishes sample complaints on the public list

        published = db.session.scalars(publication.published_query()).first().number
        from portal.ppid.models import DipDocument, DipEntry  # the demo's first DIP entry and document

        dip_entry = db.session.scalars(select(DipEntry.id).order_by(DipEntry.id)).first()
        dip_document = db.session.scalars(select(DipDocument).order_by(DipDocument.id)).first()
    return Seeded(
        complaint_number=number, complaint_code=code, wbs_receipt=receipt, recap_key=period.key,
        survey_slug=survey_slug,
        args={"period_key": period.key, "slug": page_slug, "filename": "css/portal.css",
              "period": period.key},  # `period`: the PPID report (/ppid/laporan/<period>)
        endpoint_args={
            "public.standard_detail": {"slug": service_slug},
            "survey.poster": {"slug": survey_slug},
            "dumas.public_detail": {"number": published},
            "open311.one_request": {"service_request_id": published},
            "open311.service_definition": {"service_code": category_slug},
            # open formats of published tables (issue 12 §1), one table per CSV file
            "recap.download_table_csv": {"table_id": "kanal"},
            "survey.results_csv": {"period_key": skm_key},
            "survey.results_xlsx": {"period_key": skm_key},
            "survey.results_table_csv": {"table_id": "unsur", "period_key": skm_key},
            "public.skm_api_period": {"period_key": skm_key},
            "public.wbs_quarter_api": {"period_key": wbs_key},
            "public.wbs_recap_table_csv": {"table_id": "rekomendasi"},
            "public.zi_progress_table_csv": {"table_id": "area"},
            "ppid.dip_detail": {"entry_id": str(dip_entry)},
            "ppid_api.dip_entry_api": {"entry_id": str(dip_entry)},
            "ppid.document": {"entry_id": str(dip_document.entry_id), "document_id": str(dip_document.id)},
            "ppid_report.download_table_csv": {"table_id": "kanal"},  # the PPID report (/ppid/laporan)
        },
    )


def public_rules(app, method: str):
    """Rules reachable by the public with `method`: not under /admin (except the log-in forms), not
    /static."""
    rules = []
    for rule in app.url_map.iter_rules():
        if method not in rule.methods:
            continue
        if rule.rule.startswith(EXCLUDED_PREFIXES) and rule.endpoint not in PUBLIC_ADMIN_FORMS:
            continue
        rules.append(rule)
    return sorted(rules, key=lambda r: r.rule)


def public_get_paths(app, seeded: Seeded) -> list[str]:
    """One concrete path per public GET rule (log-in pages excluded: they are /admin pages checked apart)."""
    paths = []
    for rule in public_rules(app, "GET"):
        if rule.endpoint in PUBLIC_ADMIN_FORMS:
            continue
        paths.append(build_path(app, rule, seeded))
    return paths


def build_path(app, rule, seeded: Seeded) -> str:
    values = {}
    for name in rule.arguments:
        value = seeded.endpoint_args.get(rule.endpoint, {}).get(name, seeded.args.get(name))
        assert value is not None, (
            f"route {rule.rule} ({rule.endpoint}) has argument <{name}> with no sample value: add one to "
            "tests/security_helpers.py seed() so the security tests cover it")
        values[name] = value
    with app.test_request_context():
        from flask import url_for

        return url_for(rule.endpoint, **values)


# --- "nothing written" ----------------------------------------------------------------------------------

def row_counts(app, exclude: tuple[str, ...] = ()) -> dict[str, int]:
    """Rows per table (every table of the metadata, minus `exclude`), in one query."""
    from sqlalchemy import text

    with app.app_context():
        names = [t.name for t in db.metadata.sorted_tables if t.name not in exclude]
        query = "SELECT " + ", ".join(f'(SELECT count(*) FROM "{n}")' for n in names)
        row = db.session.execute(text(query)).one()
        db.session.remove()
        return dict(zip(names, row, strict=True))


def upload_files(app) -> list[Path]:
    root = Path(app.config["UPLOAD_FOLDER"])
    return sorted(p for p in root.rglob("*") if p.is_file())


CSRF_RE = re.compile(r'name="([\w-]*csrf_token)" type="hidden" value="([^"]+)"')


def csrf_token(html: str) -> str:
    match = CSRF_RE.search(html)
    assert match, "no CSRF token in the page"
    return match.group(2)
