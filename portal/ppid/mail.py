"""E-mails to the applicant of an information request: received (with the number and the access code),
a status change (an extension, the written notice), an objection received, an objection answered.

Plain functions taking the config, the row and the texts; request-free. They are called after the commit
and go through portal/core/mailer.py, which never raises: a failed send is logged and returns False, the
request stays filed. The messages are Indonesian (the office's language, like DUMAS), whatever language
the screen of the staff member who caused them is in. Never the internal note, never the officer's name,
never the applicant's identity scan.

    mail.send_received_mail(config, request, code, tracking_url=..., office_name=...)
    mail.notify_request_moved(config, request, event, tracking_url=..., office_name=...)
    mail.notify_objection_filed(config, objection, tracking_url=..., office_name=...)
    mail.notify_objection_answered(config, objection, tracking_url=..., office_name=...)
"""
from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from flask_babel import force_locale

from portal.core import mailer
from portal.ppid.models import InfoRequest, InfoRequestEvent, Objection

CLOSED = ("dikabulkan", "dikabulkan_sebagian", "ditolak", "tidak_dikuasai")
_NO_REPLY = "(Pesan ini dikirim otomatis; mohon tidak membalas e-mail ini.)"


def _signature(office_name: str) -> str:
    office = f" {office_name}" if office_name else ""
    return f"\n\nHormat kami,\nPejabat Pengelola Informasi dan Dokumentasi (PPID){office}\n{_NO_REPLY}"


def _tanggal(day: date | datetime | None) -> str:
    from portal.core.formatting import tanggal

    if day is None:
        return "-"
    try:
        with force_locale("id"):
            return tanggal(day)
    except RuntimeError:  # no app context: Babel's own Indonesian formatter
        return tanggal(day)


def _state_label(status: str) -> str:
    from portal.ppid.workflow import STATES

    state = STATES.get(status)
    if state is None:
        return status
    try:
        with force_locale("id"):
            return str(state.label)
    except RuntimeError:
        return status


def _rupiah(amount: int) -> str:
    return "Rp" + f"{amount:,}".replace(",", ".")


def _greeting(request: InfoRequest) -> list[str]:
    name = request.representative if request.applicant_type == "badan_hukum" and request.representative \
        else request.applicant_name
    return [f"Yth. {name or 'Pemohon Informasi'},", ""]


def _send(config: Mapping[str, Any], to: str, subject: str, body: str) -> bool:
    if not to:
        return False
    return mailer.send_mail(dict(config), to, subject, body)


def _tracking(lines: list[str], tracking_url: str) -> None:
    if tracking_url:
        lines += ["", f"Lihat permohonan Anda di {tracking_url} dengan nomor permohonan dan kode akses Anda."]


# --- received ---------------------------------------------------------------------------------------------

def received_mail(request: InfoRequest, code: str, *, tracking_url: str = "",
                  office_name: str = "") -> tuple[str, str]:
    subject = f"Permohonan informasi {request.number} telah kami terima"
    lines = _greeting(request) + [
        "Terima kasih, permohonan informasi publik Anda telah kami terima.",
        "",
        f"Nomor permohonan : {request.number}",
        f"Kode akses       : {code}",
        f"Tanggal diterima : {_tanggal(request.received_at)}",
    ]
    if request.notice_due:
        lines.append(f"Batas jawaban    : {_tanggal(request.notice_due)}")
    lines += [
        "",
        ("Kami menyampaikan pemberitahuan tertulis paling lambat pada tanggal di atas (10 hari kerja sejak "
         "permohonan diterima; dapat diperpanjang satu kali paling lama 7 hari kerja dengan alasan tertulis, "
         "UU 14/2008 Pasal 22)."),
        "",
        ("Simpan nomor dan kode akses ini. Kode akses hanya dikirim sekali dan diperlukan untuk melihat "
         "status, pemberitahuan tertulis, dan dokumen yang diberikan, serta untuk mengajukan keberatan. "
         "Jangan berikan kode akses kepada orang lain."),
    ]
    _tracking(lines, tracking_url)
    return subject, "\n".join(lines) + _signature(office_name)


def send_received_mail(config: Mapping[str, Any], request: InfoRequest, code: str, *, tracking_url: str = "",
                       office_name: str = "") -> bool:
    """The receipt: number, access code, due date, tracking link (call after commit). No e-mail -> False."""
    if not request.email:
        return False
    subject, body = received_mail(request, code, tracking_url=tracking_url, office_name=office_name)
    return _send(config, request.email, subject, body)


# --- moved (extension, written notice) ---------------------------------------------------------------------

def _refusal_lines(request: InfoRequest) -> list[str]:
    lines: list[str] = []
    if request.status == "tidak_dikuasai":
        lines.append("Informasi yang Anda minta tidak dikuasai oleh badan publik kami.")
        if request.holding_body:
            lines.append(f"Badan publik yang menguasai: {request.holding_body}")
    if request.status in ("ditolak", "dikabulkan_sebagian") and request.exemption is not None:
        exemption = request.exemption
        lines.append(f"Dasar pengecualian: UU 14/2008 Pasal 17 huruf {exemption.ground} - {exemption.title}")
    if request.decision_reason:
        lines += ["", "Alasan:", request.decision_reason.strip()]
    if request.status == "dikabulkan_sebagian" and request.redaction_note:
        lines += ["", "Bagian yang dihitamkan dan alasannya:", request.redaction_note.strip()]
    return lines


def _grant_lines(request: InfoRequest) -> list[str]:
    if request.status not in ("dikabulkan", "dikabulkan_sebagian"):
        return []
    lines = [f"Bentuk informasi: {request.answer_format}"] if request.answer_format else []
    lines.append(f"Biaya: {_rupiah(request.cost) if request.cost else 'tanpa biaya'}")
    if request.cost and request.payment_note:
        lines.append(f"Cara pembayaran: {request.payment_note}")
    if request.delivery_note:
        lines += ["", "Cara dan waktu penyampaian:", request.delivery_note.strip()]
    if request.released_files:
        lines += ["", ("Dokumen yang diberikan dapat diunduh dari halaman lacak permohonan dengan nomor "
                       "dan kode akses Anda.")]
    return lines


def _notice_lines(request: InfoRequest) -> list[str]:
    """The written notice's contents in short (UU 14/2008 Pasal 22 ayat 7)."""
    lines = _refusal_lines(request) + _grant_lines(request)
    if request.notice_text:
        lines += ["", request.notice_text.strip()]
    lines += ["", ("Bila Anda tidak puas dengan jawaban ini, Anda dapat mengajukan keberatan kepada atasan "
                   "PPID paling lambat 30 hari kerja (UU 14/2008 Pasal 35-36) melalui halaman lacak "
                   "permohonan.")]
    return lines


def moved_mail(request: InfoRequest, event: InfoRequestEvent, *, tracking_url: str = "",
               office_name: str = "") -> tuple[str, str]:
    changed = event.from_status != event.to_status
    status = _state_label(event.to_status)
    if event.to_status in CLOSED and changed:
        subject = f"Pemberitahuan tertulis atas permohonan {request.number}: {status}"
    elif changed:
        subject = f"Status permohonan informasi {request.number}: {status}"
    else:
        subject = f"Perkembangan permohonan informasi {request.number}"
    lines = _greeting(request)
    if changed:
        lines.append(f"Status permohonan informasi Anda nomor {request.number} kini: {status}.")
    else:
        lines.append(f"Ada perkembangan pada permohonan informasi Anda nomor {request.number}.")
    if event.to_status == "diperpanjang" and changed:
        lines += ["", f"Jangka waktu pemberitahuan diperpanjang sampai {_tanggal(request.extended_due)}.",
                  f"Alasan: {request.extension_reason.strip()}"]
    elif event.to_status in CLOSED and changed:
        lines += ["", f"Tanggal pemberitahuan: {_tanggal(request.closed_at or event.at)}", ""]
        lines += _notice_lines(request)
    else:
        note = (event.public_note or "").strip()
        if note:
            lines += ["", "Catatan:", note]
    _tracking(lines, tracking_url)
    return subject, "\n".join(lines) + _signature(office_name)


def notify_request_moved(config: Mapping[str, Any], request: InfoRequest, event: Any, *,
                         tracking_url: str = "", office_name: str = "") -> bool:
    """E-mail the applicant about a step of their request (call after commit): `event` is the
    InfoRequestEvent written (or the Move returned by workflow.transition: its entry is used). An event
    with no status change and no public note sends nothing; no e-mail address -> False."""
    event = getattr(event, "entry", None) or event
    if not request.email or event is None:
        return False
    if event.from_status == event.to_status and not (event.public_note or "").strip():
        return False
    subject, body = moved_mail(request, event, tracking_url=tracking_url, office_name=office_name)
    return _send(config, request.email, subject, body)


# --- objections ---------------------------------------------------------------------------------------------

def objection_filed_mail(objection: Objection, *, tracking_url: str = "",
                         office_name: str = "") -> tuple[str, str]:
    request = objection.request
    subject = f"Keberatan atas permohonan {request.number} telah kami terima"
    lines = _greeting(request) + [
        f"Keberatan Anda atas permohonan informasi nomor {request.number} telah kami terima.",
        "",
        f"Alasan keberatan : UU 14/2008 Pasal 35 ayat (1) huruf {objection.ground}",
        f"Tanggal diterima : {_tanggal(objection.filed_at)}",
    ]
    if objection.answer_due:
        lines.append(f"Batas tanggapan  : {_tanggal(objection.answer_due)}")
    lines += ["", ("Atasan PPID memberikan tanggapan tertulis paling lambat 30 hari kerja sejak keberatan "
                   "diterima (UU 14/2008 Pasal 36).")]
    _tracking(lines, tracking_url)
    return subject, "\n".join(lines) + _signature(office_name)


def notify_objection_filed(config: Mapping[str, Any], objection: Objection, *, tracking_url: str = "",
                           office_name: str = "") -> bool:
    """E-mail the applicant that their objection was received (call after commit)."""
    request = objection.request
    if request is None or not request.email:
        return False
    subject, body = objection_filed_mail(objection, tracking_url=tracking_url, office_name=office_name)
    return _send(config, request.email, subject, body)


def objection_answered_mail(objection: Objection, *, tracking_url: str = "", office_name: str = "",
                            dispute_days: int = 14) -> tuple[str, str]:
    request = objection.request
    subject = f"Tanggapan atas keberatan permohonan {request.number}"
    if objection.outcome == "diterima":
        outcome = "Keberatan Anda diterima."
    elif objection.outcome == "ditolak":
        outcome = "Keberatan Anda ditolak; keputusan PPID dikuatkan."
    else:
        outcome = "Keberatan Anda telah ditanggapi."
    lines = _greeting(request) + [
        f"Atasan PPID telah menanggapi keberatan Anda atas permohonan informasi nomor {request.number}.",
        "",
        outcome,
        f"Tanggal tanggapan: {_tanggal(objection.answered_at)}",
    ]
    if objection.answer:
        lines += ["", "Tanggapan:", objection.answer.strip()]
    lines += ["", (f"Bila Anda tidak puas dengan tanggapan ini, Anda dapat mengajukan penyelesaian sengketa "
                   f"informasi kepada Komisi Informasi paling lambat {dispute_days} hari kerja setelah "
                   "tanggapan ini diterima (UU 14/2008 Pasal 37).")]
    _tracking(lines, tracking_url)
    return subject, "\n".join(lines) + _signature(office_name)


def notify_objection_answered(config: Mapping[str, Any], objection: Objection, *, tracking_url: str = "",
                              office_name: str = "") -> bool:
    """E-mail the applicant the atasan PPID's answer and the way to the Komisi Informasi (after commit)."""
    request = objection.request
    if request is None or not request.email:
        return False
    subject, body = objection_answered_mail(objection, tracking_url=tracking_url, office_name=office_name,
                                            dispute_days=int(config.get("PPID_DISPUTE_DAYS", 14)))
    return _send(config, request.email, subject, body)
