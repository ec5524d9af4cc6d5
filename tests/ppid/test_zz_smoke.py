from tests.ppid.ppid_request_helpers import *

def test_smoke(client, app):
    r = client.get("/ppid/permohonan"); assert r.status_code == 200, r.get_data(as_text=True)[:3000]
    number, code = file_ok(client)
    print(number, code)
    r = track(client, number, code)
    print(r.status_code)
    html = r.get_data(as_text=True)
    assert number in html, html[:3000]
    r = client.get("/ppid/lacak"); assert r.status_code == 200
    r = client.get("/ppid"); assert "/ppid/permohonan" in r.get_data(as_text=True)
