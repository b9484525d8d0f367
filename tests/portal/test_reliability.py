"""Background work, e-mail, cache faults and the remaining security holes, in process."""

import datetime
import logging
import smtplib
from unittest import mock

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.checks import run_checks
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult, get_date_max

from initiatives.bookings import emails, services, tokens
from initiatives.models import Booking, BusRequest, Initiative, StaffProfile
from portal import tasks
from portal.log import RedactingGunicornLogger, redact
from tests.factories import (
    BookingFactory,
    BusRequestFactory,
    CampusFactory,
    InitiativeFactory,
    SessionFactory,
)

from .faults import HangingSMTP, free_port

pytestmark = pytest.mark.django_db

PASSWORD = "juist-wachtwoord-123"
CLOSED = "redis://127.0.0.1:9/0"  # nothing listens on port 9


@pytest.fixture
def database_queue(settings):
    """The production backend: tasks are stored, and run only when a worker runs."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def run_worker():
    """The worker of `manage.py db_worker --batch`, in process (the test's transaction stays open)."""
    with mock.patch("django_tasks_db.management.commands.db_worker.close_old_connections"):
        _worker()


def _worker():
    Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test-worker",
        excluded_queue_names=[],
    ).run()


def booking_form(session, **overrides):
    data = {
        "sessions": [session.pk],
        "school_not_listed": "on",
        "school_name": "Basisschool De Vlinder",
        "school_place": "Rotterdam",
        "school_level": "po",
        "po_group": "7",
        "pupils": "25",
        "adults": "2",
        "teacher_name": "Fatima el Amrani",
        "email": "f.elamrani@school.example",
        "phone": "010 123 45 67",
        "privacy_consent": "on",
        "website": "",
    }
    data.update(overrides)
    return data


def book(client, session, **overrides):
    url = reverse("initiatives:book", kwargs={"slug": session.initiative.slug})
    return client.post(url, booking_form(session, **overrides), follow=True)


# --- e-mail through the queue ------------------------------------------------------------------


def test_a_booking_is_stored_with_its_emails_queued_and_nothing_sent_in_the_request(client, database_queue):
    session = SessionFactory(capacity=30)

    response = book(client, session)

    booking = Booking.objects.get()
    html = response.content.decode()
    assert mail.outbox == []  # nothing sent inside the request
    queued = DBTaskResult.objects.filter(task_path="initiatives.bookings.emails.send_email", status="READY")
    recipients = sorted(task.args_kwargs["args"][0]["to"][0] for task in queued)
    assert recipients == sorted(["f.elamrani@school.example", session.initiative.provider.email])
    assert booking.reference in html
    assert tokens.manage_path(booking) in html  # the link to keep, on the page
    assert "We sturen je een e-mail" in html

    run_worker()

    assert sorted(message.to[0] for message in mail.outbox) == recipients
    assert DBTaskResult.objects.filter(status="SUCCESSFUL").count() == 2


def test_the_page_promises_an_email_only_when_one_was_queued():
    from initiatives.bookings.views import _done_message

    booking = BookingFactory(status=Booking.Status.REQUESTED)
    booking.email_queued = False
    assert "e-mail" not in _done_message(booking)
    booking.email_queued = True
    assert "We sturen je een e-mail" in _done_message(booking)


def test_a_failed_booking_queues_no_email(database_queue):
    initiative = InitiativeFactory(group_size_max=10)
    session = SessionFactory(initiative=initiative)

    with pytest.raises(services.BookingError):
        services.book(initiative=initiative, sessions=[session], details={"pupils": 30})

    assert not DBTaskResult.objects.exists()


def test_the_provider_and_the_campus_coordinator_hear_of_a_new_booking_at_once():
    campus = CampusFactory()
    coordinator = get_user_model().objects.create_user("campus", email="campus@mrdh.example", is_staff=True)
    StaffProfile.objects.create(user=coordinator).campuses.set([campus])
    initiative = InitiativeFactory(campus=campus, contact_email="planning@aanbieder.example")
    session = SessionFactory(initiative=initiative, capacity=30)

    services.book(
        initiative=initiative,
        sessions=[session],
        details={
            "school_name": "De Vlinder",
            "school_place": "Delft",
            "school_level": "po",
            "po_group": 7,
            "pupils": 20,
            "email": "leraar@school.example",
        },
    )

    notices = {message.to[0]: message for message in mail.outbox if "Nieuwe boeking" in message.subject}
    assert sorted(notices) == ["campus@mrdh.example", "planning@aanbieder.example"]
    booking = Booking.objects.get()
    assert booking.reference in notices["campus@mrdh.example"].body
    assert f"/admin/initiatives/booking/{booking.pk}/change/" in notices["campus@mrdh.example"].body
    assert notices["planning@aanbieder.example"].reply_to == ["leraar@school.example"]


def test_a_title_with_newlines_or_of_any_length_makes_a_safe_subject():
    initiative = InitiativeFactory(title="Robots\nbouwen\r\nop de campus " + "heel lang " * 16)
    booking = BookingFactory(initiative=initiative)

    for kind in emails.SUBJECTS:
        emails.send_booking_email(booking, kind)

    assert len(mail.outbox) == len(emails.SUBJECTS)
    for message in mail.outbox:
        message.message()  # builds the headers: raises BadHeaderError on a newline
        assert "\n" not in message.subject and "\r" not in message.subject
        assert len(message.subject) <= emails.SUBJECT_MAX_LENGTH
        assert "Robots bouwen op de campus" in message.subject


def test_the_smtp_connection_gives_up_after_email_timeout(settings):
    server = HangingSMTP(port := free_port())
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", port, 1
    message = {"to": ["a@school.example"], "subject": "x", "text": "x", "html": "", "reply_to": [], "attachments": []}
    started = timezone.now()
    try:
        with pytest.raises((TimeoutError, smtplib.SMTPException, OSError)):
            emails.send_email.call(message)
    finally:
        server.close()
    assert (timezone.now() - started).total_seconds() < 5


# --- retries, the admin, recovery, the schedule --------------------------------------------------


def test_a_failing_task_is_retried_with_backoff_then_stays_failed_with_its_error(database_queue, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", free_port()  # nothing listens: refused
    settings.TASK_MAX_ATTEMPTS = 3
    emails.queue_email(to=["a@school.example"], subject="Hallo", text="Hallo")

    run_worker()

    task = DBTaskResult.objects.get()
    assert task.status == "READY"  # back in the queue, later
    assert "ConnectionRefusedError" in task.traceback
    assert task.run_after > timezone.now() + datetime.timedelta(seconds=20)
    assert tasks.retry_delay(1) == 30 and tasks.retry_delay(2) == 60 and tasks.retry_delay(20) == 3600

    for _ in range(2):
        DBTaskResult.objects.update(run_after=timezone.now())  # time passes
        run_worker()

    task.refresh_from_db()
    assert task.status == "FAILED" and len(task.worker_ids) == 3


def test_the_admin_lists_failed_tasks_with_the_error_and_retries_them(admin_client, database_queue):
    emails.queue_email(to=["a@school.example"], subject="Bevestigd: Robots bouwen", text="x")
    task = DBTaskResult.objects.get()
    DBTaskResult.objects.update(
        status="FAILED", worker_ids=["w"] * 10, traceback="Traceback ...\nConnectionRefusedError: [Errno 111]"
    )
    changelist = reverse("admin:django_tasks_database_dbtaskresult_changelist")

    page = admin_client.get(changelist, {"toestand": "failed"})
    retried = admin_client.post(changelist, {"action": "retry", "_selected_action": [str(task.pk)]}, follow=True)

    html = page.content.decode()
    assert "Bevestigd: Robots bouwen" in html
    assert "ConnectionRefusedError: [Errno 111]" in html
    assert "10 / 10" in html
    task.refresh_from_db()
    assert retried.status_code == 200
    assert (task.status, task.worker_ids, task.run_after) == ("READY", [], get_date_max())
    run_worker()
    assert len(mail.outbox) == 1


def test_a_task_left_running_by_a_killed_worker_goes_back_to_the_queue(database_queue, settings):
    emails.queue_email(to=["a@school.example"], subject="x", text="x")
    DBTaskResult.objects.update(status="RUNNING", started_at=timezone.now() - datetime.timedelta(hours=2))

    assert tasks.requeue_stale_tasks.call() == 1
    run_worker()

    assert len(mail.outbox) == 1


def test_cron_expressions():
    monday_7 = timezone.make_aware(datetime.datetime(2026, 11, 30, 7, 0))
    assert tasks.cron_matches("0 7 * * *", monday_7)
    assert not tasks.cron_matches("0 7 * * *", monday_7 + datetime.timedelta(minutes=1))
    assert tasks.cron_matches("*/10 * * * 1-5", monday_7)
    assert not tasks.cron_matches("0 7 * * 0,6", monday_7)
    assert tasks.cron_matches("0 6 1 10 *", timezone.make_aware(datetime.datetime(2026, 10, 1, 6, 0)))
    with pytest.raises(tasks.CronError):
        tasks.parse_cron("61 * * * *")


def test_the_scheduler_enqueues_each_due_job_once_and_makes_up_a_missed_run(database_queue, settings):
    settings.PERIODIC_TASKS = {"reminders": ("initiatives.tasks.send_booking_reminders", "0 7 * * *")}
    at_6 = timezone.make_aware(datetime.datetime(2026, 11, 30, 6, 59, 30))

    assert tasks.run_due_tasks(now=at_6) == []
    assert tasks.run_due_tasks(now=at_6 + datetime.timedelta(seconds=40)) == ["reminders"]  # 07:00:10
    assert tasks.run_due_tasks(now=at_6 + datetime.timedelta(seconds=50)) == []  # a second scheduler, same minute
    # No scheduler ran on Tuesday morning: started at 09:00, it makes up the 07:00 run once.
    tuesday_9 = at_6 + datetime.timedelta(days=1, hours=2)
    assert tasks.run_due_tasks(now=tuesday_9) == ["reminders"]
    assert tasks.run_due_tasks(now=tuesday_9 + datetime.timedelta(minutes=1)) == []
    assert DBTaskResult.objects.filter(task_path="initiatives.tasks.send_booking_reminders").count() == 2


def test_the_scheduler_command_checks_the_schedule_from_settings(database_queue, capsys):
    with mock.patch("portal.management.commands.run_scheduler.close_old_connections"):
        call_command("run_scheduler", "--once")

    out = capsys.readouterr().out
    assert "booking-reminders (0 7 * * *)" in out
    assert "purge-personal-data" in out


# --- cache faults ---------------------------------------------------------------------------------


@pytest.fixture
def redis_down(settings):
    """The production cache configuration (portal/settings.py) with Redis on a closed port."""
    from portal import cache as failover

    settings.CACHES = {
        "redis": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": CLOSED,
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        },
        "local": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "database": {"BACKEND": "portal.cache.SharedDatabaseCache", "LOCATION": "portal_cache"},
        "default": {"BACKEND": "portal.cache.FailoverCache", "OPTIONS": {"PRIMARY": "redis", "FALLBACK": "local"}},
        "shared": {"BACKEND": "portal.cache.FailoverCache", "OPTIONS": {"PRIMARY": "redis", "FALLBACK": "database"}},
    }
    failover._state.clear()
    yield
    failover._state.clear()


def test_with_redis_down_a_teacher_books_and_a_coordinator_logs_in(client, redis_down, settings, caplog):
    settings.AXES_ENABLED = True
    get_user_model().objects.create_user("coordinator", password=PASSWORD, is_staff=True, is_superuser=True)
    session = SessionFactory(capacity=30)

    with caplog.at_level(logging.WARNING, logger="portal.cache"):
        booked = book(client, session)
    logged_in = client.post("/admin/login/", {"username": "coordinator", "password": PASSWORD})
    admin_home = client.get("/admin/")
    health = client.get("/gezondheid/").json()

    assert booked.status_code == 200 and Booking.objects.count() == 1
    assert logged_in.status_code == 302 and admin_home.status_code == 200
    assert "cache redis unreachable" in caplog.text
    assert health["status"] == "degraded"
    assert health["degraded"] == ["cache", "rate_limits"]
    assert health["checks"]["rate_limits"] == {**health["checks"]["rate_limits"], "ok": True, "fallback": True}


def test_with_redis_down_the_rate_limit_still_holds_through_the_database(client, redis_down, settings):
    settings.BOOKING_RATE_LIMIT = "3/d"
    session = SessionFactory(capacity=100)

    statuses = [book(client, session, email=f"t{n}@school.example").status_code for n in range(5)]

    assert statuses == [200, 200, 200, 429, 429]
    assert connection.cursor().execute("SELECT COUNT(*) FROM portal_cache").fetchone()[0] >= 1


def test_without_redis_rate_limits_are_shared_through_the_database(settings):
    from django.core.cache import caches

    assert settings.RATELIMIT_USE_CACHE == "shared"
    shared = caches["shared"]
    shared.add("hits", 0, 60)
    assert [shared.incr("hits") for _ in range(3)] == [1, 2, 3]
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM portal_cache WHERE cache_key LIKE %s", ["%hits"])
        assert cursor.fetchone()[0] == 1


# --- security ------------------------------------------------------------------------------------


@pytest.fixture
def demo_coordinator(db):
    call_command("create_demo_users", "--force", stdout=None)
    return get_user_model().objects.get(username="coordinator")


def test_with_debug_off_the_demo_coordinator_is_refused_with_a_clear_message(client, demo_coordinator, settings):
    settings.DEBUG = False
    settings.ADMIN_REQUIRE_2FA = False

    response = client.post("/admin/login/", {"username": "coordinator", "password": "techniek-demo"})

    assert response.status_code == 200
    assert "Demo-accounts met het openbare demowachtwoord werken alleen in de ontwikkelomgeving" in (
        response.content.decode()
    )
    assert "_auth_user_id" not in client.session
    assert client.login(username="coordinator", password="techniek-demo") is False  # every login path


def test_with_debug_on_the_demo_coordinator_logs_in(client, demo_coordinator, settings):
    settings.DEBUG = True
    settings.ADMIN_REQUIRE_2FA = False

    response = client.post("/admin/login/", {"username": "coordinator", "password": "techniek-demo"})

    assert response.status_code == 302


def test_a_system_check_flags_demo_accounts_with_debug_off(demo_coordinator, settings):
    settings.DEBUG = False

    messages = run_checks(include_deployment_checks=True, databases=["default"])

    (warning,) = [message for message in messages if message.id == "portal.W001"]
    assert "coordinator" in warning.msg


def test_passwords_need_twelve_characters():
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        validate_password("kort-maar-1")
    validate_password("lang-genoeg-wachtwoord-42")


def test_lockout_by_ip_across_usernames(client, settings):
    settings.AXES_ENABLED = True
    get_user_model().objects.create_user("echte", password=PASSWORD, is_staff=True)

    for number in range(settings.AXES_FAILURE_LIMIT):  # one password sprayed over many usernames
        client.post("/admin/login/", {"username": f"gebruiker{number}", "password": "Zomer2026!"})
    right = client.post("/admin/login/", {"username": "echte", "password": PASSWORD})

    assert right.status_code == 429


def test_booking_links_expire_a_set_time_after_the_activity(client, settings):
    settings.BOOKING_LINK_DAYS = 30
    past = timezone.now() - datetime.timedelta(days=31)
    session = SessionFactory(starts_at=past, ends_at=past + datetime.timedelta(hours=2))
    old = BookingFactory(initiative=session.initiative, sessions=[session], ends_at=session.ends_at)
    recent = BookingFactory(initiative=session.initiative, ends_at=timezone.now() - datetime.timedelta(days=5))

    expired = client.get(tokens.manage_path(old))

    assert expired.status_code == 410
    assert "Deze link is verlopen" in expired.content.decode()
    token = tokens.make_token(old)
    for name in ("booking-cancel", "booking-change", "booking-calendar"):
        assert client.get(reverse(f"initiatives:{name}", kwargs={"token": token})).status_code == 410, name
    # Taking a held seat through an old link says the same (it was a server error).
    assert client.post(reverse("initiatives:booking-accept", kwargs={"token": token})).status_code == 410
    assert client.get(tokens.manage_path(recent)).status_code == 200


def test_booking_tokens_are_redacted_in_logs():
    booking_path = "/activiteiten/boeking/ABC123:Zx9-signature_part/"
    assert redact(f"GET {booking_path} 200") == "GET /activiteiten/boeking/[redacted]/ 200"
    assert "signature" not in redact("/en/activiteiten/boeking/ABC:sig/annuleren/")
    assert redact("/account/tweestapsverificatie/koppelen/eyJ1Ijox:abc/") == (
        "/account/tweestapsverificatie/koppelen/[redacted]/"
    )


def test_the_gunicorn_access_log_redacts_booking_tokens():
    class Config:
        def __getattr__(self, name):
            return {"errorlog": "-", "loglevel": "info", "accesslog": None, "syslog": False, "logconfig": None}.get(
                name
            )

    class Response:
        status, response_length, sent, headers = "200 OK", 10, 10, []

    class Request:
        headers = []

    environ = {
        "PATH_INFO": "/activiteiten/boeking/ABC:secret/",
        "QUERY_STRING": "",
        "REQUEST_METHOD": "GET",
        "RAW_URI": "/activiteiten/boeking/ABC:secret/",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1",
        "HTTP_REFERER": "https://x.example/activiteiten/boeking/ABC:secret/",
    }
    logger = RedactingGunicornLogger.__new__(RedactingGunicornLogger)
    logger.cfg = Config()

    atoms = logger.atoms(Response(), Request(), environ, datetime.timedelta(seconds=0.01))

    assert "secret" not in atoms["U"] and "secret" not in atoms["r"] and "secret" not in atoms["f"]


def test_django_request_logging_redacts_booking_tokens(client, caplog):
    booking = BookingFactory()
    path = tokens.manage_path(booking).replace(tokens.make_token(booking), tokens.make_token(booking) + "x")
    handler = logging.StreamHandler()
    from portal.log import JsonFormatter, TextFormatter

    with caplog.at_level(logging.WARNING, logger="django.request"):
        assert client.get(path).status_code == 404

    (record,) = [r for r in caplog.records if r.name == "django.request"]
    record.request_id = "-"
    for formatter in (JsonFormatter(), TextFormatter("%(message)s")):
        handler.setFormatter(formatter)
        assert booking.reference not in handler.format(record)


def test_the_purge_removes_every_free_text_field_about_people():
    old = timezone.now() - datetime.timedelta(days=800)
    booking = BookingFactory(
        ends_at=old,
        preferred_periods="Liefst dinsdagochtend, niet in de week van juf Anja's verlof",
        remarks="Pieter heeft een rolstoel",
        special_needs="Twee kinderen met ADHD",
        class_name="Groep 7b van meester Jan",
    )
    BusRequestFactory(booking=booking, pickup_address="Achterom 3, bij de woning van de conciërge", note="Bel Jan")
    Booking.objects.filter(pk=booking.pk).update(created_at=old)

    call_command("purge_personal_data")

    booking.refresh_from_db()
    for field in services.PERSONAL_FIELDS:
        assert getattr(booking, field) == "", field
    bus = BusRequest.objects.get()
    assert (bus.pickup_address, bus.note) == ("", "")
    assert booking.pupils and booking.anonymised_at


def test_the_purge_deletes_old_finished_tasks_that_hold_rendered_emails(database_queue, settings):
    emails.queue_email(to=["a@school.example"], subject="x", text="Beste Fatima")
    run_worker()
    DBTaskResult.objects.update(finished_at=timezone.now() - datetime.timedelta(days=30))

    call_command("purge_personal_data")

    assert not DBTaskResult.objects.exists()


def test_debug_is_off_and_admin_requires_2fa_by_default():
    import os
    import subprocess
    import sys

    from .faults import BASE_DIR

    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "portal.settings", "SECRET_KEY": "x" * 50}
    env.pop("DEBUG", None)
    env.pop("ADMIN_REQUIRE_2FA", None)
    script = "from django.conf import settings; print(settings.DEBUG, settings.ADMIN_REQUIRE_2FA)"
    out = subprocess.run(
        [sys.executable, "-c", script], cwd=BASE_DIR, env=env, capture_output=True, text=True, check=True
    )

    assert out.stdout.split() == ["False", "True"]


def test_an_auto_confirmed_booking_says_so_and_that_the_email_is_on_its_way(client):
    """Auto-confirmed bookings say they are confirmed and that the e-mail is on its way."""
    initiative = InitiativeFactory(confirmation_mode=Initiative.ConfirmationMode.AUTO)
    session = SessionFactory(initiative=initiative, capacity=100)

    response = book(client, session)

    assert "Je boeking is bevestigd. We sturen je een e-mail met deze gegevens." in response.content.decode()
