"""Office identity and other admin-editable settings, with defaults for KPU Kabupaten Kebumen."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.models import Setting

# key -> (label, default). The label is the form label in the admin settings page (translated lazily).
DEFAULTS: dict[str, tuple[str, str]] = {
    "office_name": (_l("Nama satuan kerja"), "KPU Kabupaten Kebumen"),
    "office_long_name": (_l("Nama lengkap"), "Komisi Pemilihan Umum Kabupaten Kebumen"),
    "office_address": (_l("Alamat"), "Jl. Arungbinang No. 16, Kebumen, Jawa Tengah 54311"),
    "office_phone": (_l("Telepon / hotline"), "(0287) 381043"),
    "office_whatsapp": (_l("WhatsApp pengaduan"), ""),
    "office_email": (_l("E-mail pengaduan"), "pengaduan@kpu-kebumenkab.go.id"),
    "office_website": (_l("Situs web"), "https://kab-kebumen.kpu.go.id"),
    "office_hours": (_l("Jam layanan"), "Senin–Kamis 07.30–16.00, Jumat 07.30–16.30 WIB"),
    "office_head_name": (_l("Nama pimpinan"), "Dzakiatul Banat"),
    "office_head_title": (_l("Jabatan pimpinan"), "Ketua KPU Kabupaten Kebumen"),
    "logo_path": (_l("Logo (berkas di static/img)"), "img/logo.svg"),
    "zi_decree": (_l("Keputusan rencana aksi ZI"), "Keputusan KPU Kabupaten Kebumen Nomor 29 Tahun 2026"),
}


def get_all(session: Session) -> dict[str, str]:
    values = {key: default for key, (_label, default) in DEFAULTS.items()}
    for row in session.scalars(select(Setting)):
        values[row.key] = row.value
    return values


def get_cached(session: Session) -> dict[str, str]:
    """`get_all` through the per-process cache (portal/perf.py: dropped when this process commits a write,
    else after PORTAL_SETTINGS_CACHE_SECONDS). For rendering pages; the settings form reads `get_all`."""
    from portal.perf import local_cache

    cache = local_cache()
    if cache is None:
        return get_all(session)
    return dict(cache.get("office_settings", lambda: get_all(session)))


def save(session: Session, values: dict[str, str], actor=None) -> None:
    from portal.services import audit

    changed = {}
    for key, value in values.items():
        if key not in DEFAULTS:
            continue
        row = session.get(Setting, key)
        if row is None:
            row = Setting(key=key, value=value)
            session.add(row)
            changed[key] = value
        elif row.value != value:
            row.value = value
            changed[key] = value
    if changed:
        audit.record(session, actor, "settings.update", object_type="settings", object_id="office",
                     changed=sorted(changed))
