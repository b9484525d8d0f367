"""gunicorn settings for production and `make serve`: `gunicorn -c portal/gunicorn.conf.py portal.wsgi`.

Every value comes from the environment with a sane default for a 2-core machine.
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Sync workers: the views are short and CPU-bound; 2 per core plus one is gunicorn's own advice.
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 20
keepalive = 5
# Recycle workers now and then so a slow leak can never take a server down.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "2000"))
max_requests_jitter = 200
# Bounded request lines and headers (the app rejects long query strings itself with 414).
limit_request_line = 4094
limit_request_fields = 100

# Logs to stdout/stderr for the process manager; access log as JSON lines like the app's.
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-") or None
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "info").lower()
access_log_format = (
    '{"time": "%(t)s", "logger": "gunicorn.access", "remote": "%(h)s", "method": "%(m)s", "path": "%(U)s", '
    '"query": "%(q)s", "status": %(s)s, "bytes": "%(B)s", "duration_ms": %(M)s, "request_id": "%({x-request-id}o)s", '
    '"user_agent": "%(a)s"}'
)
# The booking links in paths are secrets: redacted from the access log (portal/log.py).
logger_class = "portal.log.RedactingGunicornLogger"
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")

# gunicorn's runtime control socket defaults to one path per user ($HOME/.gunicorn/gunicorn.ctl), which
# two servers on one machine would fight over; only open it where asked for, at the given path.
control_socket_disable = not os.environ.get("GUNICORN_CONTROL_SOCKET")
if os.environ.get("GUNICORN_CONTROL_SOCKET"):
    control_socket = os.environ["GUNICORN_CONTROL_SOCKET"]
