"""Feed requests through gunicorn's real access logger (with the portal's filter) and read the lines."""
from __future__ import annotations

import io
import logging
from datetime import timedelta
from types import SimpleNamespace

WITH_REFERER = '%(h)s "%(r)s" %(s)s "%(f)s" "%(a)s" xff=%({x-forwarded-for}i)s'


def access_lines(records: list[dict], *, ip: str, ua: str, log_format: str = WITH_REFERER) -> list[str]:
    """One request per record (`path`, optional `referer` and `method`, GET by default) from `ip` with
    user agent `ua`; returns the access-log lines gunicorn wrote."""
    from gunicorn.config import Config
    from gunicorn.glogging import Logger

    cfg = Config()
    cfg.set("accesslog", "-")
    cfg.set("access_log_format", log_format)
    glog = Logger(cfg)
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    access = logging.getLogger("gunicorn.access")
    access.addHandler(handler)
    try:
        for item in records:
            path, referer = item["path"], item.get("referer", "")
            headers = [("USER-AGENT", ua), ("X-FORWARDED-FOR", ip)]
            headers += [("REFERER", referer)] if referer else []
            environ = {"REMOTE_ADDR": ip, "REQUEST_METHOD": item.get("method", "GET"), "RAW_URI": path,
                       "PATH_INFO": path, "SERVER_PROTOCOL": "HTTP/1.1", "QUERY_STRING": "",
                       "HTTP_USER_AGENT": ua}
            if referer:
                environ["HTTP_REFERER"] = referer
            glog.access(SimpleNamespace(status="200 OK", sent=12, headers=[]),
                        SimpleNamespace(headers=headers), environ, timedelta(milliseconds=5))
    finally:
        access.removeHandler(handler)
    return stream.getvalue().splitlines()
