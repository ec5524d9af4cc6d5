"""Rencana Aksi (the ZI action plan): the decree's table, imported, published at /rencana-aksi and as JSON."""
