"""The naming rule for JSON fields (English snake_case, docs/api.md) and what it replaced."""
from __future__ import annotations

import json

from portal.extensions import db
from portal.recap import service as recaps
from portal.recap.models import RecapSnapshot
from tests.api_helpers import naming_errors


def test_naming_rule_flags_indonesian_and_non_snake_keys():
    counts = {"type": "object", "additionalProperties": {"type": "integer"}}
    doc = {"components": {"schemas": {"Counts": counts}}}
    schema = {"type": "object", "properties": {"counts": {"$ref": "#/components/schemas/Counts"},
                                               "items": {"type": "array", "items": {"type": "object"}}}}
    body = {"counts": {"selesai": 1, "diproses": 2}, "items": [{"judul": "x", "bukti_fisik": "y",
                                                                   "camelCase": 1, "title": "ok"}]}
    assert naming_errors(body, schema, doc) == [
        "$.items[0].judul: Indonesian (judul)",
        "$.items[0].bukti_fisik: Indonesian (bukti, fisik)",
        "$.items[0].camelCase: not snake_case",
    ]


def test_old_indonesian_names_are_gone(client, app):
    from portal.action_plan import service as action_plan

    with app.app_context():
        action_plan.load_shipped_plans(db.session)
        db.session.commit()
    plan = client.get("/api/v1/rencana-aksi").get_json()
    assert {"year", "decree", "filters", "count", "total", "items"} == set(plan)
    assert "judul" not in json.dumps(plan) and "bukti_fisik" not in json.dumps(plan)
    progress = client.get("/api/v1/rencana-aksi/progres").get_json()
    assert {"year", "as_of", "total", "areas"} == set(progress)


LEGACY = {  # a recap published before the naming rule (the shape of portal/recap/service.py until issue 12)
    "kind": "dumas",
    "period": {"type": "bulan", "key": "2026-03", "label": "Maret 2026", "start": "2026-03-01",
               "end": "2026-03-31", "timezone": "Asia/Jakarta"},
    "generated_at": "2026-04-01T02:00:00+00:00",
    "status_columns": [{"key": "diterima", "label": "Diterima", "includes": ["diterima"]},
                       {"key": "diproses", "label": "Diproses", "includes": ["diverifikasi", "diproses"]},
                       {"key": "selesai", "label": "Selesai", "includes": ["selesai"]},
                       {"key": "ditolak", "label": "Ditolak", "includes": ["ditolak"]},
                       {"key": "diteruskan", "label": "Diteruskan", "includes": ["diteruskan"]}],
    "status_note": "",
    "status": {
        "months": [{"key": "2026-03", "label": "Maret 2026", "diterima": 1, "diproses": 0, "selesai": 2,
                    "ditolak": 0, "diteruskan": 0, "total": 3,
                    "rincian": {"diterima": 1, "diverifikasi": 0, "diproses": 0, "selesai": 2, "ditolak": 0,
                                "diteruskan": 0}}],
        "quarters": [],
        "total": {"key": "2026-03", "label": "Jumlah", "diterima": 1, "diproses": 0, "selesai": 2,
                  "ditolak": 0, "diteruskan": 0, "total": 3,
                  "rincian": {"diterima": 1, "diverifikasi": 0, "diproses": 0, "selesai": 2, "ditolak": 0,
                              "diteruskan": 0}},
    },
    "by_category": [{"key": "tanpa-kategori", "label": "Tanpa kategori", "count": 3}],
    "by_channel": [{"key": "website", "label": "Situs web", "count": 3}],
    "resolution": {"selesai": 2, "median_days": 4.0, "closed": 2, "on_time": 2, "late": 0,
                   "on_time_share": 100.0},
    "followed_up": [{"key": "tanpa-kategori", "label": "Tanpa kategori", "selesai": 2, "ditolak": 0,
                     "diteruskan": 0, "total": 2}],
    "totals": {"total": 3, "selesai": 2, "on_time_share": 100.0, "median_days": 4.0},
}


def test_recap_published_with_old_names_is_served_with_the_new_ones(app, client, make_user):
    from datetime import UTC, date, datetime

    from tests.api_helpers import ApiClient

    admin = make_user("admin")
    with app.app_context():
        db.session.add(RecapSnapshot(kind="dumas", period_type="bulan", period_key="2026-03",
                                     period_start=date(2026, 3, 1), period_end=date(2026, 3, 31),
                                     published_at=datetime(2026, 4, 1, 2, 0, tzinfo=UTC),
                                     published_by_id=admin.id, data=json.dumps(LEGACY)))
        db.session.commit()
    api = ApiClient(client)
    body = api.get("/api/v1/rekap/dumas/2026-03").get_json()  # validated against the document
    assert body["status"]["total"]["counts"] == {"diterima": 1, "diproses": 0, "selesai": 2, "ditolak": 0,
                                                 "diteruskan": 0}
    assert body["status"]["total"]["by_status"]["selesai"] == 2
    assert body["totals"]["resolved"] == 2 and body["resolution"]["resolved"] == 2
    assert body["followed_up"][0]["counts"] == {"selesai": 2, "ditolak": 0, "diteruskan": 0}
    assert naming_errors(body, api.schema_of("/api/v1/rekap/dumas/{period_key}"), api.document) == []
    page = client.get("/rekap/2026-03").get_data(as_text=True)  # the page reads the upgraded data too
    assert page.count(">3<") >= 1
    assert recaps.upgrade_keys(recaps.upgrade_keys(json.loads(json.dumps(LEGACY)))) == recaps.upgrade_keys(
        json.loads(json.dumps(LEGACY)))  # idempotent
