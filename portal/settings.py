"""Settings for Techniek Dichtbij.

The environment is read once, here. Development defaults are safe; production must set
SECRET_KEY (required when DEBUG is off), DATABASE_URL and ALLOWED_HOSTS.
"""

from pathlib import Path

import environ
from csp.constants import NONCE
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
env.read_env(BASE_DIR / ".env")  # optional; real environment variables win

# Off unless asked for: `make run` and the test settings (portal/settings_test.py) set DEBUG=true.
DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "django-insecure-development-only-key-do-not-use-in-production"  # noqa: S105

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

# Where the reference data (postcodes, places, schools, campuses) is read from.
REFERENCE_DATA_DIR = Path(env.str("REFERENCE_DATA_DIR", default=str(BASE_DIR.parent / "shared" / "data")))

INSTALLED_APPS = [
    # The plain admin config: leaflet's admin module imports GeoDjango, which needs GDAL
    # (makinacorpus/django-leaflet#299). portal.apps runs the autodiscovery without it.
    "django.contrib.admin.apps.SimpleAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_filters",
    "leaflet",
    "import_export",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "portal.apps.PortalConfig",
    "campuses",
    "initiatives",
    "django_prose_editor",
    "portal.pages",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
            ],
        },
    },
]

CSRF_FAILURE_VIEW = "portal.errors.csrf_failure"

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Caches (portal/cache.py). "default" (public pages, dashboard figures) is Redis when REDIS_URL is set,
# local memory otherwise; "shared" (rate limits) is Redis, or the database without Redis, so limits
# hold across app servers either way. While Redis is down both fail over (to local memory and to the
# database) with a logged warning: a cache fault never breaks a booking or a login.
REDIS_URL = env.str("REDIS_URL", default="")
_DATABASE_CACHE = {"BACKEND": "portal.cache.SharedDatabaseCache", "LOCATION": "portal_cache"}
if REDIS_URL:
    CACHES = {
        "redis": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            # Fail fast when Redis is down or hangs: the failover answers instead.
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        },
        "local": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "database": _DATABASE_CACHE,
        "default": {"BACKEND": "portal.cache.FailoverCache", "OPTIONS": {"PRIMARY": "redis", "FALLBACK": "local"}},
        "shared": {"BACKEND": "portal.cache.FailoverCache", "OPTIONS": {"PRIMARY": "redis", "FALLBACK": "database"}},
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}, "shared": _DATABASE_CACHE}
RATELIMIT_USE_CACHE = "shared"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Internationalisation: Dutch first, English available.
LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Nederlands")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "portal.staticfiles.HashedStaticFilesStorage"
    },
}
# Uploaded images. `make run` keeps them in ./media (served by runserver with DEBUG); production
# mounts a volume at MEDIA_ROOT served by the proxy, or uses S3-compatible storage (docs/operations.md).
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(BASE_DIR / "media")))
MEDIA_URL = env.str("MEDIA_URL", default="/media/")
# Django serves MEDIA_ROOT at /media/ itself (on in development; in production the proxy or S3 should).
SERVE_MEDIA = env.bool("SERVE_MEDIA", default=DEBUG)
# Image uploads: refused above this size or pixel count before Pillow decodes them (bounded memory).
IMAGE_MAX_UPLOAD_BYTES = env.int("IMAGE_MAX_UPLOAD_BYTES", default=8 * 1024 * 1024)
IMAGE_MAX_PIXELS = env.int("IMAGE_MAX_PIXELS", default=40_000_000)
IMAGE_MAX_SIDE = env.int("IMAGE_MAX_SIDE", default=8000)
IMAGE_MIN_SIDE = env.int("IMAGE_MIN_SIDE", default=200)

# Background work (django-tasks, the API Django adopted in 6.0): tasks are stored in the database
# (SQLite for `make run`, PostgreSQL in production) and run by `manage.py run_worker`.
TASKS = {"default": {"BACKEND": env.str("TASKS_BACKEND", default="django_tasks_db.DatabaseBackend")}}
# Retries (portal/tasks.py): a failed task runs again after 30 s, 1, 2, 4 ... minutes (at most an hour
# apart) until it has run TASK_MAX_ATTEMPTS times (about 4.5 hours for e-mail), then stays "failed" in the
# admin with its error and a retry button.
TASK_MAX_ATTEMPTS = env.int("TASK_MAX_ATTEMPTS", default=10)
TASK_RETRY_BASE_SECONDS = env.int("TASK_RETRY_BASE_SECONDS", default=30)
TASK_RETRY_MAX_SECONDS = env.int("TASK_RETRY_MAX_SECONDS", default=3600)
# A task "running" this long lost its worker (killed mid-task) and goes back to the queue.
TASK_STALE_AFTER_MINUTES = env.int("TASK_STALE_AFTER_MINUTES", default=60)
# Finished tasks (queued e-mails hold names and addresses) are deleted this many days later by the purge.
TASK_RESULT_RETENTION_DAYS = env.int("TASK_RESULT_RETENTION_DAYS", default=14)
# Recurring jobs: name -> (task, cron expression "minute hour day month weekday" in TIME_ZONE).
# `manage.py run_scheduler` enqueues them (make run starts it); add a job with one line.
PERIODIC_TASKS = {
    "booking-reminders": ("initiatives.tasks.send_booking_reminders", "0 7 * * *"),
    "provider-digest": ("initiatives.tasks.send_provider_digest", "0 8 * * *"),
    "expire-waitlist-offers": ("initiatives.tasks.expire_waitlist_offers", "*/15 * * * *"),
    "purge-personal-data": ("initiatives.tasks.purge_personal_data", "30 3 * * *"),
    "requeue-stale-tasks": ("portal.tasks.requeue_stale_tasks", "*/10 * * * *"),
    # The current school year's coverage snapshot, refreshed monthly: the trend's last figure per year.
    "coverage-snapshot": ("initiatives.coverage.tasks.take_coverage_snapshot", "0 4 1 * *"),
}

# E-mail: console in development, SMTP from EMAIL_URL in production.
EMAIL_CONFIG = env.email("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
# Seconds the worker waits for the mail server before the attempt fails (and is retried later).
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=10)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Techniek Dichtbij <noreply@techniekdichtbij.nl>")
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")

LOGIN_URL = "admin:login"

# Content Security Policy: no inline scripts or styles; per-request nonce for the few
# scripts that need one. Map tiles are the only outside resource.
MAP_TILES_URL = env.str("MAP_TILES_URL", default="https://tile.openstreetmap.org/{z}/{x}/{y}.png")
MAP_TILES_HOST = "https://tile.openstreetmap.org"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'", NONCE],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:", env.str("MAP_TILES_HOST", default=MAP_TILES_HOST)],
        "connect-src": ["'self'"],
        "font-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    },
}

LEAFLET_CONFIG = {
    "DEFAULT_CENTER": (51.95, 4.40),
    "DEFAULT_ZOOM": 10,
    "MIN_ZOOM": 7,
    "MAX_ZOOM": 18,
    "TILES": [(_("Kaart"), MAP_TILES_URL, {"attribution": "&copy; OpenStreetMap-bijdragers", "maxZoom": 19})],
    "RESET_VIEW": False,
    "NO_GLOBALS": False,
    # Leaflet guesses its marker images' folder from leaflet.css, which the hashed static files
    # (ManifestStaticFilesStorage) defeat: it then asks for them relative to the page (404s).
    # WhiteNoise serves the unhashed originals too.
    "FORCE_IMAGE_PATH": f"{STATIC_URL}leaflet/images/",
}

IMPORT_EXPORT_SKIP_ADMIN_LOG = False

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

# Anonymous reads of the search, detail, campus and API pages are served from the cache for at
# most this many seconds (a change to the offer shows at once: see initiatives/caching.py); 0 = off.
# Off by default in development, where templates and code change under a running server.
PUBLIC_CACHE_SECONDS = env.int("PUBLIC_CACHE_SECONDS", default=0 if DEBUG else 300)

# Bookings: rate limit per client IP on the booking and cancel forms (django-ratelimit syntax),
# days before an activity the reminder goes out, months after it that personal data is removed,
# and who gets the daily digest besides the providers.
BOOKING_RATE_LIMIT = env.str("BOOKING_RATE_LIMIT", default="30/h")  # per IP: a school network shares one
# Complete bookings and changes count against BOOKING_RATE_LIMIT; every send of a booking form (typos
# included) against this higher ceiling, past which the "try again later" page answers.
BOOKING_FORM_RATE_LIMIT = env.str("BOOKING_FORM_RATE_LIMIT", default="120/h")
BOOKING_REMINDER_DAYS = env.int("BOOKING_REMINDER_DAYS", default=3)
BOOKING_RETENTION_MONTHS = env.int("BOOKING_RETENTION_MONTHS", default=12)
if BOOKING_RETENTION_MONTHS < 1:
    raise ImproperlyConfigured("BOOKING_RETENTION_MONTHS must be at least 1.")
BOOKING_COORDINATOR_EMAILS = env.list("BOOKING_COORDINATOR_EMAILS", default=[])
# The teacher's signed link to a booking stops working this many days after the activity.
BOOKING_LINK_DAYS = env.int("BOOKING_LINK_DAYS", default=30)

# Curation: history of every initiative and session (who changed what, revertible
# in the admin). The middleware records the request's user on each historical row.
INSTALLED_APPS += ["simple_history"]
MIDDLEWARE += ["simple_history.middleware.HistoryRequestMiddleware"]

# ---------------------------------------------------------------------------
# Security and production. Everything below is additive: it extends the lists
# above and sets what `manage.py check --deploy` and a public government site need.
# Each value can be overridden from the environment; see docs/operations.md "Production / deployment".
# ---------------------------------------------------------------------------
INSTALLED_APPS += ["portal.apps.AxesConfig", "django_otp", "django_otp.plugins.otp_totp"]

# Request id first (so every log line of a request carries it), the size guard right after the
# security middleware (reject oversized input before anything parses it), OTP after auth,
# axes last (its documented position: it turns a locked-out login into the lockout response).
MIDDLEWARE.insert(0, "portal.middleware.RequestIdMiddleware")
_after_security = MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1
MIDDLEWARE.insert(_after_security, "portal.middleware.RequestSizeGuardMiddleware")
_after_auth = MIDDLEWARE.index("django.contrib.auth.middleware.AuthenticationMiddleware") + 1
MIDDLEWARE.insert(_after_auth, "django_otp.middleware.OTPMiddleware")
MIDDLEWARE += ["portal.middleware.PermissionsPolicyMiddleware", "axes.middleware.AxesMiddleware"]

# portal.auth.PortalModelBackend: Django's, refusing the public demo password when DEBUG is off.
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "portal.auth.PortalModelBackend"]

# Persistent database connections in production (one per gunicorn worker): opening a PostgreSQL
# connection per request cost about two thirds of a simple page's time in the load test.
if not DEBUG and not env.str("CONN_MAX_AGE", default=""):
    DATABASES["default"]["CONN_MAX_AGE"] = 60
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

# HTTPS. Off in development (DEBUG); on in production unless the environment says otherwise
# (`make serve` turns redirect and HSTS off to run on plain http on loopback).
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 365 * 24 * 3600)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
# Load balancers probe over plain http; paths are matched without the leading slash.
SECURE_REDIRECT_EXEMPT = [r"^gezondheid/$", r"^healthz$"]
# Behind a TLS-terminating proxy: SECURE_PROXY_SSL_HEADER=HTTP_X_FORWARDED_PROTO,https
if env.str("SECURE_PROXY_SSL_HEADER", default=""):
    SECURE_PROXY_SSL_HEADER = tuple(env.list("SECURE_PROXY_SSL_HEADER"))
    if len(SECURE_PROXY_SSL_HEADER) != 2:
        raise ImproperlyConfigured("SECURE_PROXY_SSL_HEADER must be 'HEADER,value', e.g. HTTP_X_FORWARDED_PROTO,https.")
# How many proxies in front of the app append to X-Forwarded-For (0: use REMOTE_ADDR).
# Used for the client IP in login lockouts and logs.
NUM_PROXIES = env.int("NUM_PROXIES", default=0)

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = env.str("SECURE_REFERRER_POLICY", default="same-origin")
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Browser features the portal never uses are switched off; geolocation stays for
# "Gebruik mijn locatie" on the search page. Sent by portal.middleware.PermissionsPolicyMiddleware.
PERMISSIONS_POLICY = {
    "accelerometer": [],
    "autoplay": [],
    "camera": [],
    "display-capture": [],
    "fullscreen": ["self"],
    "geolocation": ["self"],
    "gyroscope": [],
    "magnetometer": [],
    "microphone": [],
    "midi": [],
    "payment": [],
    "usb": [],
}

# Cookies: secure in production, never readable from JavaScript.
SESSION_COOKIE_SECURE = env.bool("SECURE_COOKIES", default=not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# Staff sessions end after a working day or when the browser closes, whichever comes first.
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=8 * 3600)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
# Sessions live in the database only (staff sessions are few): a login never depends on Redis, and a
# session ended while Redis was down cannot come back from a stale cache entry.
SESSION_ENGINE = "django.contrib.sessions.backends.db"

# Input limits. Django raises (400) on larger form bodies and on more fields, GET included;
# the size guard answers 414 for long query strings and 413 for bodies over the upload limit.
DATA_UPLOAD_MAX_MEMORY_SIZE = env.int("DATA_UPLOAD_MAX_MEMORY_SIZE", default=1024 * 1024)
DATA_UPLOAD_MAX_NUMBER_FIELDS = env.int("DATA_UPLOAD_MAX_NUMBER_FIELDS", default=1000)
FILE_UPLOAD_MAX_MEMORY_SIZE = env.int("FILE_UPLOAD_MAX_MEMORY_SIZE", default=2 * 1024 * 1024)
# The spreadsheet import rejects larger files, and files that are no real .xlsx or .csv, with a form error
# (portal/uploads.py, called from the admin's import view before the file is read).
IMPORT_MAX_UPLOAD_BYTES = env.int("IMPORT_MAX_UPLOAD_BYTES", default=10 * 1024 * 1024)
# Spreadsheets with more rows than this are checked and imported by a background job, not in the request.
IMPORT_SYNC_MAX_ROWS = env.int("IMPORT_SYNC_MAX_ROWS", default=2000)
MAX_QUERY_STRING_LENGTH = env.int("MAX_QUERY_STRING_LENGTH", default=2048)
# A zip with the spreadsheet and its photos (or the photos beside the sheet): bounded before unpacking.
IMPORT_MAX_ZIP_BYTES = env.int("IMPORT_MAX_ZIP_BYTES", default=40 * 1024 * 1024)
IMPORT_MAX_ZIP_UNPACKED_BYTES = env.int("IMPORT_MAX_ZIP_UNPACKED_BYTES", default=200 * 1024 * 1024)
# Photos fetched by URL from the import (portal.pages.images.fetch_image): timeouts in seconds.
IMAGE_FETCH_CONNECT_TIMEOUT = env.float("IMAGE_FETCH_CONNECT_TIMEOUT", default=5.0)
IMAGE_FETCH_READ_TIMEOUT = env.float("IMAGE_FETCH_READ_TIMEOUT", default=15.0)
MAX_REQUEST_BODY_BYTES = env.int(
    "MAX_REQUEST_BODY_BYTES", default=IMPORT_MAX_UPLOAD_BYTES + IMPORT_MAX_ZIP_BYTES + 1024 * 1024
)

# Brute-force protection on every login (django-axes), for AXES_COOLOFF_MINUTES. Attempts live in the shared database,
# so the count holds across app servers. Tests switch it off except where they test it.
AXES_ENABLED = env.bool("AXES_ENABLED", default=True)
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=10)
AXES_COOLOFF_TIME = env.int("AXES_COOLOFF_MINUTES", default=30) / 60  # hours
# Locked: a username from one IP, and an IP over all usernames together (one password sprayed over many
# accounts), each after AXES_FAILURE_LIMIT failures (axes has one limit for both; 10 leaves room for
# an office of staff behind one address mistyping now and then).
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_CLIENT_IP_CALLABLE = "portal.middleware.client_ip"
AXES_LOCKOUT_TEMPLATE = "portal/lockout.html"
AXES_VERBOSE = False

# Optional two-factor login for staff (django-otp, TOTP apps). When on, the admin asks for a
# code from the authenticator app; staff register their app at /account/tweestapsverificatie/.
ADMIN_REQUIRE_2FA = env.bool("ADMIN_REQUIRE_2FA", default=not DEBUG)
OTP_TOTP_ISSUER = "Techniek Dichtbij"

# A bare view at /bench/bare/ for load tests (a baseline under the same server and middleware).
BENCH_VIEWS = env.bool("BENCH_VIEWS", default=False)
# The developer tools (benchmarks, load tests, Lighthouse: portal/devtools) are an app only in
# development and benchmark runs; production settings import nothing from them.
if DEBUG or BENCH_VIEWS:
    INSTALLED_APPS += ["portal.devtools"]

# Structured logging: JSON lines in production (one object per line, with the request id),
# readable text in development. LOG_FORMAT=json|text overrides.
LOG_FORMAT = env.str("LOG_FORMAT", default="text" if DEBUG else "json")
LOGGING["filters"] = {"request_id": {"()": "portal.log.RequestIdFilter"}}
LOGGING["formatters"] = {
    "json": {"()": "portal.log.JsonFormatter"},
    "text": {
        "()": "portal.log.TextFormatter",
        "fmt": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s",
    },
}
LOGGING["handlers"]["console"].update({"formatter": LOG_FORMAT, "filters": ["request_id"]})
LOGGING["loggers"].update({"axes": {"level": "WARNING"}, "django.security": {"level": "WARNING"}})
# runserver's access lines through the same (redacting) handler: booking links never reach a log.
LOGGING["loggers"]["django.server"] = {"handlers": ["console"], "level": "INFO", "propagate": False}

# PostgreSQL's JIT compiles the larger search and dashboard queries for longer than they take to run
# (seconds to a minute on a busy machine, for queries that run in milliseconds): switch it off per connection.
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"].setdefault("OPTIONS", {})
    _pg_options = DATABASES["default"]["OPTIONS"].get("options", "")
    if "jit" not in _pg_options:
        DATABASES["default"]["OPTIONS"]["options"] = f"{_pg_options} -c jit=off".strip()
    # Parameters sent apart from the SQL, and a query text seen PREPARE_THRESHOLD times on a connection
    # prepared: the search sends the same few queries with other values on every request, which
    # PostgreSQL then parses and plans once per connection (about 2 ms of a 10 ms search query).
    DATABASES["default"]["OPTIONS"].setdefault(
        "server_side_binding", env.bool("DATABASE_SERVER_SIDE_BINDING", default=True)
    )
    if DATABASES["default"]["OPTIONS"]["server_side_binding"]:
        _threshold = env.int("DATABASE_PREPARE_THRESHOLD", default=5)
        DATABASES["default"]["OPTIONS"].setdefault("prepare_threshold", _threshold)

# SQLite for concurrent use (`make run`, `make serve` without PostgreSQL): write-ahead logging lets
# readers go on while one writer writes; transactions take the write lock when they begin
# (IMMEDIATE), so two bookings queue for it instead of failing halfway with "database is locked";
# and a writer waits up to SQLITE_BUSY_TIMEOUT seconds for its turn. PostgreSQL stays production's.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].setdefault("timeout", env.int("SQLITE_BUSY_TIMEOUT", default=20))
    DATABASES["default"]["OPTIONS"].setdefault("transaction_mode", "IMMEDIATE")
    DATABASES["default"]["OPTIONS"].setdefault("init_command", "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL")

# ---------------------------------------------------------------------------
# Open data on the web: licence, CORS and caching of the API, gzip, sitemap.
# ---------------------------------------------------------------------------
# The licence of everything the portal publishes as open data (API, GeoJSON, CSV, calendars),
# and the attribution of the reference data it is built on (shared/data/SOURCES.md).
OPEN_DATA_LICENSE = {
    "name": env.str("OPEN_DATA_LICENSE_NAME", default="CC BY 4.0"),
    "url": env.str("OPEN_DATA_LICENSE_URL", default="https://creativecommons.org/licenses/by/4.0/"),
}
OPEN_DATA_PUBLISHER = env.str("OPEN_DATA_PUBLISHER", default="Metropoolregio Rotterdam Den Haag (MRDH)")
OPEN_DATA_ATTRIBUTION = (
    "Postcode and place data: GeoNames (www.geonames.org), CC BY 4.0. Municipal division: CBS, CC BY 4.0. "
    "School data: DUO Open Onderwijsdata (CC0). Addresses/coordinates: BAG (Kadaster)."
)
INSTALLED_APPS += ["corsheaders", "django.contrib.sitemaps"]
# CORS for the open API only: any origin may read it, never with credentials.
CORS_URLS_REGEX = r"^/api/.*$"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_CREDENTIALS = False
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
# Revalidation and the language of messages need a preflight from other sites' scripts.
CORS_ALLOW_HEADERS = ["accept", "accept-language", "content-language", "if-none-match", "if-modified-since"]
CORS_EXPOSE_HEADERS = ["API-Version", "ETag", "Link", "Content-Language", "X-Total-Count"]
CORS_PREFLIGHT_MAX_AGE = 24 * 3600
# CORS answers preflights before anything else; gzip wraps the API's web layer (it compresses
# what that layer returns); the web layer runs after the language middleware.
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1, "corsheaders.middleware.CorsMiddleware"
)
MIDDLEWARE.insert(
    MIDDLEWARE.index("corsheaders.middleware.CorsMiddleware") + 1, "initiatives.api.web.ScopedGZipMiddleware"
)
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.middleware.locale.LocaleMiddleware") + 1, "initiatives.api.web.ApiWebLayerMiddleware"
)
# How long clients and proxies may reuse an API response (Cache-Control max-age), and the window
# after which an ETag changes even without a catalogue change (time-dependent fields).
API_CACHE_SECONDS = env.int("API_CACHE_SECONDS", default=60)
API_ETAG_SECONDS = env.int("API_ETAG_SECONDS", default=300)
