"""Recaps (rekapitulasi): public `/rekap` pages, downloads and `/api/v1/rekap/...` (views.py, blueprint `recap`);
staff live figures and publishing under `/admin/rekap` (admin.py, blueprint `admin_recap`)."""
