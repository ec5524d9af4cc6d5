"""What the SKM audit codes mean (read by portal/core/audit.py `collect_labels`)."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from portal.core.audit import ObjectKind

ACTIONS = {
    "survey.settings.service": _l("Mengubah pengaturan SKM layanan"),
    "survey.settings.categories": _l("Mengubah pilihan profil responden SKM"),
    "survey.tokens.create": _l("Membuat kartu QR SKM"),
    "survey.follow_up.create": _l("Mencatat rencana tindak lanjut SKM"),
    "survey.follow_up.update": _l("Mengubah rencana tindak lanjut SKM"),
    "survey.follow_up.delete": _l("Menghapus rencana tindak lanjut SKM"),
    "survey.publish": _l("Menerbitkan hasil SKM"),
    "survey.unpublish": _l("Menarik hasil SKM"),
    "survey.response.delete": _l("Menghapus jawaban SKM"),
    "survey.export": _l("Mengekspor data SKM"),
}

OBJECTS = {
    "survey_service_settings": ObjectKind(_l("Pengaturan SKM layanan")),
    "survey_tokens": ObjectKind(_l("Token SKM")),
    "survey_responses": ObjectKind(_l("Jawaban SKM")),
    "survey_follow_ups": ObjectKind(_l("Rencana tindak lanjut SKM")),
    "survey_publications": ObjectKind(_l("Publikasi SKM")),
    "survey_period": ObjectKind(_l("Periode SKM")),
}
