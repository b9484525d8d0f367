"""Searching the offer: one function behind the search page, the campus pages and the API."""

import datetime
import html
import json
from dataclasses import dataclass
from urllib.parse import urlencode

from django import forms
from django.core.paginator import Paginator
from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.db.models import BooleanField, Prefetch, TextField
from django.db.models.expressions import RawSQL
from django.db.models.query import get_related_populators
from django.http import QueryDict
from django.utils import timezone, translation
from django.utils.formats import date_format, localize
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from portal.cache import versioned

from .filters import MAX_RADIUS_KM, InitiativeFilter, link_columns, vocabulary
from .models import Initiative, Language, Session, TargetGroup, Theme

PAGE_SIZE = 20
MAX_PAGE_SIZE = 100


MAX_BACK_QUERY = 1000


def result_url(initiative, location, back_query=""):
    """The detail page, carrying the visitor's location (to about 100 m) for the route link, the school
    picked in the location box on to the booking form, and the search (as `terug`) for the
    "terug naar de resultaten" link."""
    return initiative.get_absolute_url() + result_query(location, back_query)


def result_query(location, back_query=""):
    """result_url's query string ("?van=...&terug=..." or ""): the same for every result of a page."""
    params = {}
    if location is not None:
        params["van"] = f"{location.point.latitude:.3f},{location.point.longitude:.3f}"
        if location.school_code:
            params["school"] = location.school_code
    if back_query and len(back_query) <= MAX_BACK_QUERY:
        params["terug"] = back_query
    return f"?{urlencode(params)}" if params else ""


@dataclass
class SearchOutcome:
    filterset: InitiativeFilter
    page: object  # django.core.paginator.Page, or None when the location is unknown
    facets: dict

    @property
    def location(self):
        return self.filterset.location

    @property
    def radius_km(self):
        return self.filterset.search_radius_km

    @property
    def count(self):
        return self.page.paginator.count if self.page is not None else 0

    @property
    def location_failed(self):
        return self.page is None


# The many-to-many relations a result carries: all of them in the API, only what a card shows on pages.
RELATIONS = {
    "themes": Theme.objects.only("name", "name_en", "slug"),
    "target_groups": TargetGroup.objects.only("name", "name_en", "slug"),
    "languages": Language.objects.only("name", "name_en", "code"),
}
CARD_RELATIONS = ("target_groups",)


# What a result (card, map marker, API summary, featured item) reads: loading only these costs a
# third less than the whole row. A field missing here would cost a query per result when read.
RESULT_FIELDS = (
    "title", "slug", "summary", "image", "provider", "po_group_from", "po_group_to", "vo_year_from", "vo_year_to",
    "for_vmbo", "for_vmbo_bl", "for_vmbo_kl", "for_vmbo_gt", "for_havo", "for_vwo", "levels_unknown",
    "activity_type", "practice_level", "location_type", "venue_name", "place_name", "latitude", "longitude",
    "service_radius_km", "is_free", "price", "booking_mode", "booked_by", "offers_bus_transport", "last_verified_on",
    "updated_at", "provider__name", "provider__slug", "provider__website", "provider__image",
)  # fmt: skip


def result_queryset(base=None, full=False, relations=tuple(RELATIONS), prefetch=True, now=None):
    """Published initiatives with what a result card shows (everything when full), in a
    constant number of queries: one, plus one per relation (or none: see attach_relations)."""
    base = base if base is not None else Initiative.objects.published()
    if not full:
        base = base.only(*RESULT_FIELDS)
    base = base.select_related("provider", "provider__image", "image").with_next_session(now)
    if not prefetch:
        return base
    return base.prefetch_related(*(Prefetch(name, queryset=RELATIONS[name]) for name in relations))


# The term fields a result reads, per relation (more would be loaded on first access, as with only()).
_TERM_FIELDS = {
    "themes": ("id", "name", "name_en", "slug", "position"),
    "target_groups": ("id", "name", "name_en", "slug", "position"),
    "languages": ("id", "code", "name", "name_en", "position"),
}


def attach_relations(items, relations=tuple(RELATIONS)):
    """Load the many-to-many terms of items (initiatives) in ONE query, a UNION ALL over the link
    tables, instead of one prefetch query per relation. Each relation's terms are stored as its
    prefetched result, in the model's order (position, name): `initiative.themes.all()` reads them
    as after prefetch_related (only reading: a further filter() would not be limited to the item)."""
    if not items or not relations:
        return
    sql, loaders = _relations_query(tuple(relations), connection)
    ids = ", ".join(str(int(item.pk)) for item in items)  # integers from the database, never text
    found = {(item.pk, name): [] for item in items for name in relations}
    with connection.cursor() as cursor:
        cursor.execute(sql.replace("{ids}", ids))
        for index, initiative_id, _position, _name, *values in cursor.fetchall():
            name, model, fields = loaders[index]
            found[(initiative_id, name)].append(model.from_db(connection.alias, fields, values))
    _store_terms(items, relations, found)


def attach_vocabulary(items, term_ids, relations=tuple(RELATIONS)):
    """attach_relations without its query: term_ids holds each item's term ids per relation (as
    load_results(with_terms=True) gives them), and the terms are the vocabulary's, read once per catalogue
    version (filters.vocabulary; the filter panel's own lists), in the same order (position, name). Shared
    instances, only read. A term not in the vocabulary (added since it was read) sends the page through
    attach_relations."""
    if not items or not relations:
        return
    found = {}
    for name in relations:
        known = _vocabulary_order(name)
        for item in items:
            ids = term_ids[item.pk][name]
            try:
                terms = sorted(known[pk] for pk in (json.loads(ids) if isinstance(ids, str) else ids))
            except KeyError:
                attach_relations(items, relations)
                return
            found[(item.pk, name)] = [term for _position, term in terms]
    _store_terms(items, relations, found)


def _vocabulary_order(name):
    """{pk: (index, term)} over the vocabulary of a relation, in its order (the indexes differ: a sort
    never compares two terms); once per catalogue version."""
    model = RELATIONS[name].model
    terms = vocabulary(model.objects.all())
    return versioned("vocabulary-order", lambda: {term.pk: (index, term) for index, term in enumerate(terms)}, name)


def _store_terms(items, relations, found):
    for item in items:
        cache = item.__dict__.setdefault("_prefetched_objects_cache", {})
        for name in relations:
            base = RELATIONS[name]
            # A queryset on the relation's own (never changed) query: a further filter() clones it, as
            # always; _chain() here would copy the query for every item and relation.
            terms = type(base)(model=base.model, query=base.query, using=base._db)
            terms._result_cache = found[(item.pk, name)]
            terms._prefetch_done = True
            cache[name] = terms


_RELATION_QUERIES = {}


def _relations_query(relations, connection):
    """attach_relations' UNION ALL with "{ids}" for the ids, and per part (name, model, fields): written
    once per set of relations and database vendor (the names and columns never change)."""
    key = (relations, connection.vendor)
    if key not in _RELATION_QUERIES:
        quote = connection.ops.quote_name
        parts, loaders = [], []
        for index, name in enumerate(relations):
            model = Initiative._meta.get_field(name).related_model
            table, own, link = (quote(part) for part in link_columns(name))
            term = quote(model._meta.db_table)
            # from_db() takes the values in the model's field order.
            fields = [field.attname for field in model._meta.concrete_fields if field.attname in _TERM_FIELDS[name]]
            columns = ", ".join(f"{term}.{quote(model._meta.get_field(field).column)}" for field in fields)
            position, title = (quote(model._meta.get_field(field).column) for field in ("position", "name"))
            parts.append(  # quoted names only; the ids are integers (attach_relations)
                f"SELECT {index}, {table}.{own}, {term}.{position}, {term}.{title}, {columns} "  # noqa: S608
                f"FROM {table} INNER JOIN {term} ON {term}.{quote('id')} = {table}.{link} "
                f"WHERE {table}.{own} IN ({{ids}})"
            )
            loaders.append((name, model, fields))
        _RELATION_QUERIES[key] = (" UNION ALL ".join(parts) + " ORDER BY 1, 2, 3, 4", loaders)
    return _RELATION_QUERIES[key]


def loaded_terms(item, name):
    """The terms of a many-to-many relation as attach_relations (or prefetch_related) stored them,
    without the related manager `item.themes.all()` builds on every read; a query when not loaded."""
    cache = item.__dict__.get("_prefetched_objects_cache", {})
    return cache[name] if name in cache else getattr(item, name).all()


# Above this many matches the facets count over a subquery instead of a list of ids (SQLite limits
# the number of query parameters; on PostgreSQL a long list costs more to send than the subquery).
MAX_ID_LIST = 5000


def search_initiatives(
    data,
    *,
    page_number=1,
    page_size=PAGE_SIZE,
    base=None,
    with_facets=False,
    relations=tuple(RELATIONS),
    back_query="",
    filterset_class=InitiativeFilter,
    result_urls=True,
):
    """Filter, order and paginate published initiatives with data (a QueryDict of filters).

    The filtered, ordered ids are fetched once (the only query that does the distance work);
    the page, the count and the facets reuse them. When the location cannot be resolved the
    page is None: the caller shows the message. Raises InvalidPage for a page out of range.
    The API passes its filterset_class (a subclass with bbox, sort and strict booleans), and no
    result_urls: its results link to the plain detail page.
    """
    base = base if base is not None else Initiative.objects.published()
    filterset = filterset_class(data, queryset=base)
    if filterset.errors.get("near"):
        return SearchOutcome(filterset, None, {})
    location = filterset.location
    choice_rows = None
    if location is not None:
        # Near a location (results bounded by the radius) the distance query also brings the kinds
        # counted per facet: one query over the whole offer fewer.
        choice_fields = tuple(filterset.CHOICE_FACETS) if with_facets else ()
        found = filterset.nearest_rows(choice_fields)
        if found is None:  # another order than nearest first (or too many parameters for one query)
            found = list(filterset.qs.values_list("pk", "distance_km", *choice_fields))
        rows = [(pk, distance) for pk, distance, *_rest in found]
        choice_rows = [rest for _pk, _distance, *rest in found] if with_facets else None
    else:
        rows = [(pk, None) for pk in filterset.qs.values_list("pk", flat=True)]
    page = Paginator(rows, page_size).page(page_number)
    page.object_list = _page_objects(page.object_list, location, relations, back_query if result_urls else None)
    facets = {}
    if with_facets:
        ids = [pk for pk, _distance in rows] if len(rows) <= MAX_ID_LIST else filterset.qs.values("pk")
        facets = filterset.facet_counts(ids, choice_rows=choice_rows)
    return SearchOutcome(filterset, page, facets)


def _page_objects(rows, location, relations, back_query=""):
    """The page's initiatives with what a card shows, in the order of rows (pk, distance_km); with their
    `result_url` unless back_query is None."""
    items, term_ids = load_results([pk for pk, _distance in rows], with_terms=True)
    attach_vocabulary(items, term_ids, relations)
    objects = {item.pk: item for item in items}
    query = result_query(location, back_query) if back_query is not None else ""
    ordered = []
    for pk, distance in rows:
        item = objects.get(pk)
        if item is None:  # deleted between the search and this query
            continue
        item.distance_km = distance
        if back_query is not None:
            item.result_url = item.get_absolute_url() + query  # result_url(), its query string written once
        ordered.append(item)
    return ordered


# The results query's columns with the ids of each relation's terms (CompiledResults; attach_vocabulary).
TERM_IDS = "term_ids_"


class CompiledResults:
    """result_queryset(prefetch=False) for a list of ids, compiled ONCE per database connection and then
    run with each page's ids and the current time: building and compiling that query (three joins, a
    subquery, 34 columns) cost more than running it. The rows become instances as a QuerySet's would
    (the same columns, converters, select_related objects and annotation): one query per page."""

    # Stand-ins for the two values, found again among the compiled query's parameters.
    NOW = datetime.datetime(1901, 2, 3, 4, 5, 6, 789012, tzinfo=datetime.UTC)
    IDS = [-918273645]

    def __init__(self, using):
        self.connection = connections[using]
        queryset = result_queryset(prefetch=False, base=Initiative.objects.all(), now=self.NOW)
        queryset = queryset.annotate(**{f"{TERM_IDS}{name}": self._term_ids(name) for name in RELATIONS})
        self.compiler = queryset.filter(self._ids_condition(self.IDS)).query.get_compiler(using=using)
        sql, params = self.compiler.as_sql()
        self.sql, self.params = sql, list(params)
        marker, now = self._ids_parameter(self.IDS), self._now_parameter(self.NOW)
        self.slots = {}
        for index, value in enumerate(self.params):
            for kind, stand_in in (("ids", marker), ("now", now)):
                if type(value) is type(stand_in) and value == stand_in:
                    self.slots[index] = kind
        if sorted(self.slots.values()) != ["ids", "now"]:
            raise RuntimeError(f"result query: the stand-in values were not found once each in {self.params!r}")
        klass_info, select = self.compiler.klass_info, self.compiler.select
        start, end = klass_info["select_fields"][0], klass_info["select_fields"][-1] + 1
        self.model_slice = slice(start, end)
        self.init_list = [column[0].target.attname for column in select[start:end]]
        columns = self.compiler.annotation_col_map
        self.term_columns = {name: columns[f"{TERM_IDS}{name}"] for name in RELATIONS}
        self.annotations = {name: position for name, position in columns.items() if not name.startswith(TERM_IDS)}
        self.populators = get_related_populators(klass_info, select, self.connection.alias)
        # What results_iter() would work out on every call.
        self.converters = self.compiler.get_converters([column[0] for column in select[: self.compiler.col_count]])

    def _ids_condition(self, ids):
        # As filters._pk_in, but one parameter on SQLite too (_pk_in writes one placeholder per id there).
        quote = self.connection.ops.quote_name
        column = f"{quote(Initiative._meta.db_table)}.{quote(Initiative._meta.pk.column)}"
        if self.connection.vendor == "postgresql":
            sql = f"{column} = ANY(%s)"
        else:  # one JSON parameter, whatever the number of ids (SQLite's json_each)
            sql = f"{column} IN (SELECT value FROM json_each(%s))"  # noqa: S608 (quoted names)
        return RawSQL(sql, (self._ids_parameter(ids),), output_field=BooleanField())  # noqa: S611 (quoted names)

    def _term_ids(self, name):
        """The ids of a row's terms in a many-to-many relation: an array (PostgreSQL) or a JSON list (SQLite)."""
        quote = self.connection.ops.quote_name
        table, own, link = (quote(part) for part in link_columns(name))
        row = f"{quote(Initiative._meta.db_table)}.{quote(Initiative._meta.pk.column)}"
        if self.connection.vendor == "postgresql":
            sql = f"ARRAY(SELECT {table}.{link} FROM {table} WHERE {table}.{own} = {row})"  # noqa: S608 (quoted names)
        else:
            sql = f"(SELECT json_group_array({table}.{link}) FROM {table} WHERE {table}.{own} = {row})"  # noqa: S608
        return RawSQL(sql, (), output_field=TextField())  # noqa: S611 (quoted names)

    def _ids_parameter(self, ids):
        ids = [int(pk) for pk in ids]
        return ids if self.connection.vendor == "postgresql" else json.dumps(ids)

    def _now_parameter(self, now):
        return Session._meta.get_field("starts_at").get_db_prep_value(now, self.connection)

    def load(self, ids, now=None, with_terms=False):
        """The instances; with_terms: and {pk: {relation: term ids}} (for attach_vocabulary)."""
        values = {"ids": self._ids_parameter(ids), "now": self._now_parameter(now or timezone.now())}
        params = [
            values[self.slots[index]] if index in self.slots else value for index, value in enumerate(self.params)
        ]
        with self.connection.cursor() as cursor:
            cursor.execute(self.sql, params)
            rows = cursor.fetchall()
        alias = self.connection.alias
        items, terms = [], {}
        if self.converters:
            rows = self.compiler.apply_converters(rows, self.converters)
        for row in rows:
            item = Initiative.from_db(alias, self.init_list, row[self.model_slice])
            for populator in self.populators:
                populator.populate(row, item)
            for name, position in self.annotations.items():
                setattr(item, name, row[position])
            items.append(item)
            if with_terms:
                terms[item.pk] = {name: row[position] for name, position in self.term_columns.items()}
        return (items, terms) if with_terms else items


def load_results(ids, using=DEFAULT_DB_ALIAS, with_terms=False):
    """The initiatives with ids (any status: the caller found them), as result_queryset(prefetch=False)
    gives them, in any order. One compiled query per connection (CompiledResults). with_terms: also the
    ids of their terms per relation, {pk: {relation: ids}} (for attach_vocabulary)."""
    if not ids:
        return ([], {}) if with_terms else []
    connection = connections[using]
    compiled = getattr(connection, "_compiled_results", None)
    if compiled is None:
        compiled = connection._compiled_results = CompiledResults(using)
    return compiled.load(ids, with_terms=with_terms)


@dataclass
class Chip:
    label: str
    remove_query: str


# Filters whose option says it all ("groep 6 (9-10 jaar)", not "Basisschool: groep: groep 6").
OPTION_ONLY_CHIPS = {"po_group", "vo_year", "when"}
NOT_A_FILTER = {"sort"}
DATE_FIELDS = ("date_from", "date_to")


def active_filter_chips(data, panel):
    """One removable chip per applied filter value, each with the query string without it."""
    chips = []
    for name, item in panel.items():
        if name in NOT_A_FILTER or name in DATE_FIELDS:
            continue
        labels = {option.value: option.label for option in item.options or []}
        for value in data.getlist(name):
            if not value or item.errors or (item.kind == "checkbox" and not item.value):
                continue
            if item.kind == "checkbox":
                label = item.label
            elif name in OPTION_ONLY_CHIPS:
                label = labels.get(value, value)
            else:
                label = f"{item.label}: {labels.get(value, value)}"
            remaining = data.copy()
            remaining.setlist(name, [kept for kept in data.getlist(name) if kept != value])
            remaining.pop("page", None)
            chips.append(Chip(label, remaining.urlencode()))
    dates = _date_chip(data, panel)
    return chips + ([dates] if dates else [])


def _date_chip(data, panel):
    """One chip for the date range, in words: "1 t/m 31 december"."""
    if any(panel[name].errors for name in DATE_FIELDS if name in panel):
        return None
    start, end = (_parse_date(panel[name].value if name in panel else "") for name in DATE_FIELDS)
    if not start and not end:
        return None
    remaining = data.copy()
    for name in (*DATE_FIELDS, "page"):
        remaining.pop(name, None)
    return Chip(human_date_range(start, end), remaining.urlencode())


def human_date_range(start, end, today=None):
    """ "1 t/m 31 december", "28 november t/m 3 januari 2027", "vanaf 1 december", "t/m 31 december"."""
    year = (today or timezone.localdate()).year

    def day(value, with_month=True):
        text = date_format(value, "j F" if with_month else "j")
        return f"{text} {value.year}" if with_month and value.year != year else text

    if start and end:
        same_month = (start.year, start.month) == (end.year, end.month)
        return _("%(start)s t/m %(end)s") % {"start": day(start, with_month=not same_month), "end": day(end)}
    if start:
        return _("vanaf %(date)s") % {"date": day(start)}
    return _("t/m %(date)s") % {"date": day(end)}


def _parse_date(text):
    try:
        return datetime.date.fromisoformat(text) if text else None
    except ValueError:
        return None


def clear_filters_query(data):
    """The query string that keeps the location and radius but drops every filter."""
    kept = QueryDict(mutable=True)
    for name in ("near", "radius_km"):
        if data.get(name):
            kept[name] = data[name]
    return kept.urlencode()


@dataclass
class PanelOption:
    value: str
    label: str
    selected: bool
    count: int | None = None


@dataclass
class PanelField:
    name: str
    label: str
    kind: str  # text, select, checkboxes, checkbox, date
    id: str
    help_text: str = ""
    value: str = ""
    options: list = None
    errors: list = None

    @property
    def html(self):
        """The field as the filter panel shows it: a fieldset of checkboxes, a checkbox, or a labelled
        select or input, with its hint and errors. Written here, not as an include per field: the panel's
        21 includes cost more than the page's result cards."""
        return mark_safe(panel_field_html(self))  # noqa: S308 - every value is escaped

    @property
    def options_html(self):
        """The options as HTML: checkboxes with their counts, or a select's <option>s. Written here,
        not in panel_field.html: a template loop costs more per option than the search per result."""
        return options_html(self.options or [], self.kind, self.name, self.id)


def escape_text(value):
    """django.utils.html.escape(value) without its lazy-text wrapper (keep_lazy costs more than the escaping:
    a page escapes some 150 values in the panel and 20 cards' worth in the results)."""
    return html.escape(str(value))


def conditional_escape_text(value):
    """django.utils.html.conditional_escape(value), likewise: safe HTML as it is, anything else escaped."""
    return value.__html__() if hasattr(value, "__html__") else html.escape(str(value))


def panel_field_html(field):
    field_id, name, label = escape_text(field.id), escape_text(field.name), conditional_escape_text(field.label)
    errors = field.errors or []
    error_lines = "".join(
        f'<p class="error-message" id="{field_id}_error">{conditional_escape_text(error)}</p>' for error in errors
    )
    invalid = " field--error" if errors else ""
    if field.kind == "checkboxes":
        described = f' aria-describedby="{field_id}_error"' if errors else ""
        return (
            f'<fieldset class="choices{invalid}"{described}>\n  <legend>{label}</legend>\n  {error_lines}\n'
            f"  {field.options_html}\n</fieldset>\n"
        )
    if field.kind == "checkbox":
        checked = " checked" if field.value else ""
        return (
            f'<div class="choice"><input type="checkbox" name="{name}" id="{field_id}"{checked}>'
            f'<label for="{field_id}">{label}</label></div>\n\n'
        )
    hint = (
        f'<span class="hint" id="{field_id}_helptext">{conditional_escape_text(field.help_text)}</span>'
        if field.help_text
        else ""
    )
    if field.kind == "select":
        described = f' aria-describedby="{field_id}_helptext"' if field.help_text else ""
        control = f'<select name="{name}" id="{field_id}"{described}>\n    {field.options_html}\n  </select>'
    else:
        kind = "date" if field.kind == "date" and not errors else "text"
        described = ""
        if field.help_text or errors:
            ids = (f"{field_id}_helptext" if field.help_text else "") + (f" {field_id}_error" if errors else "")
            described = f' aria-describedby="{ids}"'
        flags = ' aria-invalid="true" data-focus-on-load' if errors else ""
        control = (
            f'<input type="{kind}" name="{name}" id="{field_id}" value="{conditional_escape_text(field.value)}"'
            f"{described}{flags}>"
        )
    return (
        f'<div class="field{invalid}">\n  <label for="{field_id}">{label}</label>\n  {hint}\n  {error_lines}\n'
        f"  {control}\n</div>\n"
    )


def options_html(options, kind, name="", field_id=""):
    if kind != "checkboxes":
        return mark_safe(  # noqa: S308 - every value is escaped
            "".join(
                f'<option value="{escape_text(option.value)}"{" selected" if option.selected else ""}>'
                f"{escape_text(option.label)}</option>"
                for option in options
            )
        )
    name, field_id = escape_text(name), escape_text(field_id)
    parts = []
    for index, option in enumerate(options):
        input_id = f"{field_id}_{index}"
        value, label = escape_text(option.value), escape_text(option.label)
        count = ""
        if option.count is not None:  # localize() only where a thousands separator can show
            count = f' <span class="count">({option.count if option.count < 1000 else localize(option.count)})</span>'
        parts.append(
            f'<div class="choice"><input type="checkbox" name="{name}" value="{value}" id="{input_id}"'
            f'{" checked" if option.selected else ""}><label for="{input_id}">{label}{count}</label>'
            "</div>\n  "
        )
    return mark_safe("".join(parts))  # noqa: S308 - every value is escaped


# Long lists only fetched when the filter is in use (the page links to them, it does not offer them).
LAZY_OPTIONS = {"provider"}


def filter_panel(filterset, facets):
    """The filter form as plain data, rendered by a light template (Django's per-option widget
    templates cost more than the whole search at scale)."""
    form = filterset.form
    data = form.data
    panel = {}
    for name in filterset.PANEL_FIELDS:
        field = form.fields[name]
        widget = field.widget
        kind = _kind(widget)
        item = PanelField(
            name=name,
            label=str(field.label),
            kind=kind,
            id=f"id_{name}",
            help_text=str(field.help_text or ""),
            errors=form.errors.get(name, []),
        )
        if kind in ("checkboxes", "select") and (name not in LAZY_OPTIONS or data.get(name)):
            chosen = set(data.getlist(name)) if hasattr(data, "getlist") else set()
            counts = facets.get(name)
            item.options = [
                PanelOption(value, label, value in chosen, counts.get(value, 0) if counts is not None else None)
                for value, label in _panel_choices(type(filterset), name, field)
            ]
        elif kind == "checkbox":
            item.value = "on" if str(data.get(name, "")).lower() not in ("", "false", "0") else ""
        elif kind == "date":
            # A valid date as the date picker wants it (2026-03-14); a wrong one as it was typed.
            cleaned = None if item.errors else form.cleaned_data.get(name)
            item.value = cleaned.isoformat() if cleaned else str(data.get(name, ""))
        else:
            item.value = data.get(name, "")
        panel[name] = item
    return panel


_FIXED_CHOICES = {}


def _panel_choices(filterset_class, name, field):
    """_choices(field), for a field with fixed choices (groups, types, dates) kept per filter set class,
    field and language: their lazy labels cost a translation lookup each on every search otherwise.
    Model choices come from the vocabulary's memo (or a query) each time."""
    if getattr(field, "queryset", None) is not None:
        return _choices(field)
    key = (filterset_class, name, translation.get_language())
    if key not in _FIXED_CHOICES:
        _FIXED_CHOICES[key] = _choices(field)
    return _FIXED_CHOICES[key]


def _choices(field):
    """(value, label) pairs as strings; model choices from the vocabulary's memo when it is one (no
    query), else with one plain query (Django's iterator opens a server-side cursor per field on PostgreSQL)."""
    queryset = getattr(field, "queryset", None)
    if queryset is None:
        return [(str(value), str(label)) for value, label in field.choices]
    empty = [("", str(field.empty_label))] if getattr(field, "empty_label", None) is not None else []
    key = field.to_field_name or "pk"
    # The field's queryset is shared by every form (ShallowFields): iterate a copy, never it.
    items = vocabulary(queryset) if getattr(field, "from_vocabulary", False) else queryset.all()
    return empty + [(str(getattr(item, key)), field.label_from_instance(item)) for item in items]


def _kind(widget):
    if isinstance(widget, forms.CheckboxSelectMultiple):
        return "checkboxes"
    if isinstance(widget, forms.CheckboxInput):
        return "checkbox"
    if isinstance(widget, forms.Select):
        return "select"
    if getattr(widget, "input_type", "") == "date":
        return "date"
    return "text"


@dataclass
class Alternative:
    """A next step for a search that found nothing: what to change, the link, and what it would find."""

    label: str
    query: str
    count: int


def count_matches(data, base=None):
    """How many published initiatives the filters in data find (0 when data is invalid)."""
    filterset = InitiativeFilter(data, queryset=base if base is not None else Initiative.objects.published())
    return filterset.qs.count() if filterset.is_valid() else 0


def alternatives(data, outcome, chips):
    """Next steps for an empty result, each with its count: farther away, without each filter, without all
    of them (the place kept), online."""
    found = []
    location = outcome.location
    if location is not None and outcome.radius_km < MAX_RADIUS_KM:
        wider = _without(data)
        wider["radius_km"] = str(MAX_RADIUS_KM)
        label = _("Zoek verder weg (binnen %(km)s km)") % {"km": MAX_RADIUS_KM}
        found.append(Alternative(label, wider.urlencode(), count_matches(wider)))
    for chip in chips:
        label = _("Zonder ‘%(filter)s’") % {"filter": chip.label}
        found.append(Alternative(label, chip.remove_query, count_matches(QueryDict(chip.remove_query))))
    if len(chips) > 1:  # each filter dropped alone may still find nothing
        clear = clear_filters_query(data)
        found.append(Alternative(_("Zonder al je filters"), clear, count_matches(QueryDict(clear))))
    if data.getlist("location_type") != [Initiative.LocationType.ONLINE]:
        online = _without(data, "near", "radius_km", "location_type")
        online["location_type"] = Initiative.LocationType.ONLINE
        found.append(Alternative(_("Online aanbod, overal te volgen"), online.urlencode(), count_matches(online)))
    return found


def online_query(data):
    """The query string for the online offers with the same filters (for a place outside the region)."""
    online = _without(data, "near", "radius_km", "location_type")
    online["location_type"] = Initiative.LocationType.ONLINE
    return online.urlencode()


def _without(data, *names):
    kept = data.copy()
    for name in (*names, "page"):
        kept.pop(name, None)
    return kept
