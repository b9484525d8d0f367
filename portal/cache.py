"""Caches that never break a write when Redis is down.

Decision (docs/operations.md "Cache faults"): **fail over, never fail open.**

- `FailoverCache` sends every call to a primary cache (Redis) and, when that raises (Redis down,
  timeout), logs a warning (at most once a minute), marks the primary down for
  `RETRY_SECONDS` and answers from a fallback: local memory for the page cache (a miss costs only
  time), the database for rate limits (`SharedDatabaseCache`), so limits keep holding, shared by
  every app server. Sessions do not use the cache at all (SESSION_ENGINE is the database) and the
  login lockout (django-axes) keeps its counts in the database, so logins never depend on Redis.
- Without Redis at all (`REDIS_URL` empty) the rate limits use the database cache directly: with
  several app servers and no Redis, they are still shared.
- `fallback_error()` tells the health check which caches are answering from their fallback.
"""

import base64
import logging
import pickle
import threading
import time

from django.core.cache import caches
from django.core.cache.backends.base import DEFAULT_TIMEOUT, BaseCache
from django.core.cache.backends.db import DatabaseCache
from django.db import connection, connections, router, transaction
from django.db.models import F
from django.utils import timezone

from .models import CatalogVersion

logger = logging.getLogger(__name__)

RETRY_SECONDS = 15
WARN_EVERY_SECONDS = 60

_state = {}  # alias -> {"down_until": float, "warned_at": float, "error": str}
_lock = threading.Lock()


def fallback_error(cache):
    """The error that sent `cache` (a FailoverCache) to its fallback, while it answers from there; else None."""
    state = _state.get(getattr(cache, "_alias", None))
    if state is not None and state["down_until"] > time.monotonic():
        return state["error"]
    return None


class FailoverCache(BaseCache):
    """OPTIONS: PRIMARY and FALLBACK, aliases of two other caches in CACHES."""

    def __init__(self, location, params):
        options = dict(params.get("OPTIONS", {}))
        self._primary_alias = options.pop("PRIMARY")
        self._fallback_alias = options.pop("FALLBACK")
        self._alias = location or f"{self._primary_alias}|{self._fallback_alias}"
        super().__init__(params)

    def _call(self, method, *args, **kwargs):
        state = _state.get(self._alias)
        if state is None or state["down_until"] <= time.monotonic():
            try:
                result = getattr(caches[self._primary_alias], method)(*args, **kwargs)
            except ValueError:
                raise  # incr/decr of a missing key: an answer, not a fault
            except Exception as error:  # noqa: BLE001 - any fault of the primary means: use the fallback
                self._mark_down(error)
            else:
                if state is not None:
                    self._mark_up()
                return result
        return getattr(caches[self._fallback_alias], method)(*args, **kwargs)

    def _mark_down(self, error):
        now = time.monotonic()
        with _lock:
            state = _state.setdefault(self._alias, {"down_until": 0.0, "warned_at": 0.0, "error": ""})
            state["down_until"] = now + RETRY_SECONDS
            state["error"] = type(error).__name__
            warn = now - state["warned_at"] >= WARN_EVERY_SECONDS
            if warn:
                state["warned_at"] = now
        if warn:
            logger.warning(
                "cache %s unreachable (%s: %s); using %s for %s s",
                self._primary_alias,
                type(error).__name__,
                error,
                self._fallback_alias,
                RETRY_SECONDS,
            )

    def _mark_up(self):
        with _lock:
            if _state.pop(self._alias, None) is not None:
                logger.warning("cache %s answers again", self._primary_alias)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("add", key, value, timeout=timeout, version=version)

    def get(self, key, default=None, version=None):
        return self._call("get", key, default=default, version=version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set", key, value, timeout=timeout, version=version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("touch", key, timeout=timeout, version=version)

    def delete(self, key, version=None):
        return self._call("delete", key, version=version)

    def get_many(self, keys, version=None):
        return self._call("get_many", keys, version=version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set_many", data, timeout=timeout, version=version)

    def delete_many(self, keys, version=None):
        return self._call("delete_many", keys, version=version)

    def has_key(self, key, version=None):
        return self._call("has_key", key, version=version)

    def incr(self, key, delta=1, version=None):
        return self._call("incr", key, delta=delta, version=version)

    def decr(self, key, delta=1, version=None):
        return self._call("decr", key, delta=delta, version=version)

    def clear(self):
        for alias in (self._primary_alias, self._fallback_alias):
            try:
                caches[alias].clear()
            except Exception as error:  # noqa: BLE001
                logger.warning("cache %s could not be cleared: %s", alias, error)

    def close(self, **kwargs):
        for alias in (self._primary_alias, self._fallback_alias):
            caches[alias].close(**kwargs)


class SharedDatabaseCache(DatabaseCache):
    """Django's database cache with an atomic `incr` (the row is locked), as a rate limit needs.

    The stock `incr` reads, adds and writes without a lock, so two app servers counting the same
    client at once would lose a hit. The table is made by migration portal/0002.
    """

    def incr(self, key, delta=1, version=None):
        if self.get(key, version=version) is None:
            raise ValueError(f"Key '{key}' not found")
        key = self.make_and_validate_key(key, version=version)
        db = router.db_for_write(self.cache_model_class)
        connection = connections[db]
        quote_name = connection.ops.quote_name
        table = quote_name(self._table)
        lock = " FOR UPDATE" if connection.features.has_select_for_update else ""
        with transaction.atomic(using=db), connection.cursor() as cursor:
            cursor.execute(
                f"SELECT {quote_name('value')} FROM {table} WHERE {quote_name('cache_key')} = %s{lock}",  # noqa: S608
                [key],
            )
            row = cursor.fetchone()
            if row is None:
                raise ValueError(f"Key '{key}' not found")
            value = pickle.loads(base64.b64decode(connection.ops.process_clob(row[0]).encode())) + delta  # noqa: S301
            pickled = base64.b64encode(pickle.dumps(value, self.pickle_protocol)).decode("latin1")
            cursor.execute(
                f"UPDATE {table} SET {quote_name('value')} = %s WHERE {quote_name('cache_key')} = %s",  # noqa: S608
                [pickled, key],
            )
        return value


# The catalogue version: one number, raised after every committed change to what the public pages
# show. Cached public responses (initiatives/caching.py) are keyed on it. Every app bumps it, so it
# lives here, below all of them.
VERSION_MEMO_SECONDS = 1.0
_memo = {"number": None, "read_at": 0.0}


def catalog_version():
    """The current catalogue version (read from the database at most once per VERSION_MEMO_SECONDS)."""
    now = time.monotonic()
    if _memo["number"] is None or now - _memo["read_at"] >= VERSION_MEMO_SECONDS:
        _memo["number"] = CatalogVersion.objects.filter(pk=1).values_list("number", flat=True).first() or 0
        _memo["read_at"] = now
    return _memo["number"]


def bump_catalog_version(**_signal_kwargs):
    """Raise the version once the current transaction commits (once per transaction)."""
    _versioned["changes"] += 1  # this process forgets its memos at once (versioned())
    pending = any(callback is _bump for _savepoints, callback, _robust in connection.run_on_commit)
    if not pending:
        transaction.on_commit(_bump, robust=True)


def _bump():
    changed = CatalogVersion.objects.filter(pk=1).update(number=F("number") + 1, changed_at=timezone.now())
    if not changed:
        CatalogVersion.objects.get_or_create(pk=1, defaults={"number": 1})
    _memo["number"] = None


# Small constant data that depends only on the catalogue (vocabulary lists, the site menu):
# computed once per catalogue version and process. A change in this process (the signals above)
# forgets it at once, before the commit; other processes see the new version within
# VERSION_MEMO_SECONDS, as with the public response cache. Never for results or rendered pages.
_versioned = {"changes": 0, "values": {}}


def catalog_stamp():
    """What versioned() compares: the catalogue version and this process's own changes since it was read.
    For a memo of its own (a bounded one: functools.lru_cache with the stamp as an argument)."""
    return catalog_version(), _versioned["changes"]


def versioned(name, compute, *key):
    """compute(), memoized per (name, key) until the catalogue version changes."""
    stamp = catalog_stamp()
    found = _versioned["values"].get((name, *key))
    if found is not None and found[0] == stamp:
        return found[1]
    value = compute()
    _versioned["values"][(name, *key)] = (stamp, value)
    return value


def forget_versioned():
    """Drop every memo of versioned(), and give memos keyed on catalog_stamp() a new stamp (tests: a
    rolled-back transaction sends no signal)."""
    _versioned["values"].clear()
    _versioned["changes"] += 1
