"""DUMAS (pengaduan masyarakat): public blueprint `dumas` (views.py, forms.py) and staff blueprint `admin_dumas` (admin.py)."""
