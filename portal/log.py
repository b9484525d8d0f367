"""Structured logging: one JSON object per line, carrying the id of the request being served."""

import contextvars
import datetime
import json
import logging
import re

from gunicorn.glogging import Logger as GunicornLogger

request_id_var = contextvars.ContextVar("request_id", default="-")

# Attributes every LogRecord has; anything else was passed with `extra=` and is logged as a field.
STANDARD_ATTRIBUTES = set(vars(logging.makeLogRecord({}))) | {"message", "asctime", "request_id"}


# Secrets in paths: the signed booking link (/boeking/<token>/) and the e-mailed two-factor link.
SECRET_PATH = re.compile(r"(/(?:boeking|koppelen)/)[^/\s?#\"'<>]+")


def redact(text):
    """The text with every secret path segment replaced by "[redacted]"."""
    return SECRET_PATH.sub(r"\1[redacted]", text)


class TextFormatter(logging.Formatter):
    def format(self, record):
        return redact(super().format(record))


class RedactingGunicornLogger(GunicornLogger):
    """gunicorn's logger with the booking tokens taken out of the access log (path, request line, referrer)."""

    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        for key in ("U", "r", "f", "q"):
            if isinstance(atoms.get(key), str):
                atoms[key] = redact(atoms[key])
        return atoms


class RequestIdFilter(logging.Filter):
    def filter(self, record):
        record.request_id = request_id_var.get()
        return True


class JsonFormatter(logging.Formatter):
    """Format a record as a JSON line: time, level, logger, message, request id, extras, exception."""

    def format(self, record):
        entry = {
            "time": datetime.datetime.fromtimestamp(record.created, tz=datetime.UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", request_id_var.get()),
        }
        for key, value in vars(record).items():
            if key not in STANDARD_ATTRIBUTES and not key.startswith("_"):
                entry[key] = value
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return redact(json.dumps(entry, default=str, ensure_ascii=False))
