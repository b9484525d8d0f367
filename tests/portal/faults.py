"""Helpers for the fault tests: real processes (web server, task worker) on the test database,
a real SMTP server on loopback, and a teacher booking over HTTP."""

import http.cookiejar
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from aiosmtpd.controller import Controller
from django.conf import settings
from django.db import connection

BASE_DIR = Path(__file__).resolve().parents[2]


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def database_url():
    """The test database (the one this test process uses), as the subprocesses' DATABASE_URL."""
    params = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{params['NAME']}"
    user = urllib.parse.quote(params["USER"] or "")
    password = f":{urllib.parse.quote(params['PASSWORD'])}" if params["PASSWORD"] else ""
    return f"postgres://{user}{password}@{params['HOST'] or '127.0.0.1'}:{params['PORT'] or 5432}/{params['NAME']}"


def process_env(*, smtp_port, **extra):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings",
        "DATABASE_URL": database_url(),
        "DEBUG": "true",
        "SECRET_KEY": settings.SECRET_KEY,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "EMAIL_URL": f"smtp://127.0.0.1:{smtp_port}",
        "EMAIL_TIMEOUT": "2",
        "TASK_RETRY_BASE_SECONDS": "1",
        "TASK_RETRY_MAX_SECONDS": "2",
        "BOOKING_RATE_LIMIT": "1000/m",
        "BOOKING_FORM_RATE_LIMIT": "1000/m",
        "LOG_LEVEL": "WARNING",
        "PYTHONUNBUFFERED": "1",
    }
    env.update({key: str(value) for key, value in extra.items()})
    return env


class Process:
    """A manage.py/gunicorn subprocess with its output in a log file (shown when a test fails)."""

    def __init__(self, args, env, log_path):
        self.args, self.env, self.log_path = args, env, log_path
        self.popen = None

    def start(self):
        self.log = open(self.log_path, "ab")  # noqa: SIM115 - closed in stop()
        self.popen = subprocess.Popen(  # noqa: S603 - our own interpreter and commands
            self.args, cwd=BASE_DIR, env=self.env, stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True
        )
        return self

    def stop(self, sig=signal.SIGTERM, timeout=20):
        if self.popen and self.popen.poll() is None:
            os.killpg(self.popen.pid, sig)
            try:
                self.popen.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                os.killpg(self.popen.pid, signal.SIGKILL)
                self.popen.wait()
        if self.popen:
            self.log.close()

    def output(self):
        return Path(self.log_path).read_text(errors="replace")


def worker(env, log_path):
    args = [sys.executable, "manage.py", "run_worker", "--interval", "0.2", "--no-startup-delay", "--no-reload"]
    return Process(args, env, log_path).start()


def web_server(env, log_path, port, workers=3):
    env = {**env, "GUNICORN_BIND": f"127.0.0.1:{port}", "WEB_CONCURRENCY": workers, "GUNICORN_ACCESS_LOG": ""}
    env = {key: str(value) for key, value in env.items()}
    args = [sys.executable, "-m", "gunicorn", "-c", "portal/gunicorn.conf.py", "portal.wsgi"]
    server = Process(args, env, log_path).start()
    wait_for(lambda: _answers(f"http://127.0.0.1:{port}/healthz"), timeout=60, what=f"gunicorn on {port}", on=server)
    return server


def _answers(url):
    try:
        with urllib.request.urlopen(url, timeout=2):  # noqa: S310 - loopback
            return True
    except (urllib.error.URLError, OSError):
        return False


def wait_for(condition, *, timeout, what, on=None, interval=0.1):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        if on is not None and on.popen.poll() is not None:
            raise AssertionError(f"process ended while waiting for {what}:\n{on.output()[-3000:]}")
        time.sleep(interval)
    details = f"\n{on.output()[-3000:]}" if on is not None else ""
    raise AssertionError(f"timed out after {timeout} s waiting for {what}{details}")


class Inbox:
    """A real SMTP server (aiosmtpd) on a loopback port: start() and stop() it like a mail server."""

    def __init__(self, port):
        self.port = port
        self.messages = []
        self.controller = None

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's handler API
        self.messages.append(envelope)
        return "250 OK"

    def start(self):
        self.controller = Controller(self, hostname="127.0.0.1", port=self.port)
        self.controller.start()
        return self

    def stop(self):
        if self.controller is not None:
            self.controller.stop()
            self.controller = None

    def to(self, address):
        return [envelope for envelope in self.messages if address in envelope.rcpt_tos]


class HangingSMTP:
    """A mail server that accepts the connection and then says nothing."""

    def __init__(self, port):
        self.sock = socket.socket()
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", port))
        self.sock.listen(50)

    def close(self):
        self.sock.close()


def book_over_http(base_url, initiative, session, *, email, school_name="Basisschool De Vlinder"):
    """A teacher books through the public form (GET for the CSRF token, then POST); returns (status, url, html)."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    url = f"{base_url}/activiteiten/{initiative.slug}/boeken/"
    with opener.open(url, timeout=30) as response:
        form = response.read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
    data = {
        "csrfmiddlewaretoken": token,
        "sessions": str(session.pk),
        "school_query": "",
        "school_not_listed": "on",
        "school_name": school_name,
        "school_place": "Rotterdam",
        "school_level": "po",
        "po_group": "7",
        "pupils": "25",
        "adults": "2",
        "teacher_name": "Fatima el Amrani",
        "email": email,
        "phone": "010 123 45 67",
        "privacy_consent": "on",
        "website": "",
    }
    request = urllib.request.Request(  # noqa: S310 - loopback
        url, data=urllib.parse.urlencode(data).encode(), headers={"Referer": url}
    )
    try:
        with opener.open(request, timeout=30) as response:
            return response.status, response.url, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, url, error.read().decode(errors="replace")
