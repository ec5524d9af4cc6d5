"""Office identity and other admin-editable settings, with defaults for KPU Kabupaten Kebumen."""
from __future__ import annotations

import re
from pathlib import Path

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.core.models.setting import Setting

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
    # The PPID's profile on /ppid (portal/ppid/service.py `profile`). An empty hours or e-mail value means
    # the office's own (office_hours, office_email).
    "ppid_officer": (_l("Pejabat PPID"), "Sekretaris KPU Kabupaten Kebumen"),
    "ppid_superior": (_l("Atasan PPID (menjawab keberatan)"), "Ketua KPU Kabupaten Kebumen"),
    "ppid_hours": (_l("Jam layanan PPID (kosong: jam layanan kantor)"), ""),
    "ppid_email": (_l("E-mail PPID (kosong: e-mail pengaduan)"), ""),
    "ppid_copy_cost": (_l("Biaya layanan informasi dan salinan"),
                       ("Permohonan informasi tidak dipungut biaya. Bila pemohon meminta salinan cetak, "
                        "biaya penggandaan ditanggung pemohon sesuai tarif fotokopi yang berlaku di sekitar "
                        "kantor; salinan elektronik (e-mail atau unduhan) gratis.")),
}

# The settings form's sections, in order (every key of DEFAULTS is in exactly one).
SECTIONS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (_l("Identitas kantor"), ("office_name", "office_long_name", "office_address", "office_phone",
                              "office_whatsapp", "office_email", "office_website", "office_hours",
                              "office_head_name", "office_head_title", "logo_path", "zi_decree")),
    (_l("Layanan informasi publik (PPID)"), ("ppid_officer", "ppid_superior", "ppid_hours", "ppid_email",
                                             "ppid_copy_cost")),
)
assert sorted(k for _title, keys in SECTIONS for k in keys) == sorted(DEFAULTS)

# Settings with their own length limit: a longer value is refused with a message (the others are cut at
# portal/admin/settings.py MAX_VALUE_LENGTH). Long texts are edited in a text area.
MAX_LENGTHS = {"ppid_officer": 200, "ppid_superior": 200, "ppid_hours": 200, "ppid_email": 254,
               "ppid_copy_cost": 1000}
TEXT_AREAS = frozenset({"ppid_copy_cost"})


def get_all(session: Session) -> dict[str, str]:
    values = {key: default for key, (_label, default) in DEFAULTS.items()}
    for row in session.scalars(select(Setting)):
        values[row.key] = row.value
    return values


def get_cached(session: Session) -> dict[str, str]:
    """`get_all` through the per-process cache (portal/core/perf.py: dropped when this process commits a
    write, else after SETTINGS_CACHE_SECONDS). For rendering pages; the settings form reads `get_all`."""
    from portal.core.perf import local_cache

    cache = local_cache()
    if cache is None:
        return get_all(session)
    return dict(cache.get("office_settings", lambda: get_all(session)))


def save(session: Session, values: dict[str, str], actor=None) -> None:
    from portal.core import audit

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


# The logo setting names a file under static/: short, plain ASCII path segments (no "..", no hidden files, no
# absolute path, no backslash), an image extension. Checked before the file system is asked anything, so a
# hostile value cannot make stat() fail (ENAMETOOLONG, NUL) with a 500.
LOGO_MAX_LENGTH = 200
_LOGO_PATH = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,99}(?:/[A-Za-z0-9][A-Za-z0-9_.-]{0,99}){0,5}", re.ASCII)
LOGO_EXTENSIONS = (".svg", ".png", ".jpg", ".jpeg", ".webp", ".gif", ".ico")


def logo_path_error(value: str, static_root: str | Path) -> str | None:
    """None when `value` names an image file inside `static_root`, else the Indonesian message to show."""
    if len(value) > LOGO_MAX_LENGTH or not _LOGO_PATH.fullmatch(value) or ".." in value:
        return _("Logo harus berupa jalur berkas pendek di folder static (huruf, angka, titik, garis bawah, "
                 "tanda hubung dan garis miring), mis. img/logo.svg.")
    if not value.lower().endswith(LOGO_EXTENSIONS):
        return _("Logo harus berupa berkas gambar (%(ext)s).", ext=", ".join(LOGO_EXTENSIONS))
    root = Path(static_root)
    try:
        root = root.resolve()
        target = (root / value).resolve()
        exists = target.is_relative_to(root) and target.is_file()
    except (OSError, ValueError):
        exists = False
    if not exists:
        return _("Logo harus berupa berkas yang ada di folder static, mis. img/logo.svg.")
    return None

