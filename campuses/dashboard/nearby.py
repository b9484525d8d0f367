"""The dashboard's per-campus figures as grouped SQL aggregates over (campus, initiative) and (campus, school) pairs.

The ORM cannot join initiatives or schools with the campuses (there is no relation that
pairs every campus with every row near it), so these queries are plain SQL. They use only
what PostgreSQL and SQLite both understand: CAST to
DOUBLE PRECISION, SQRT (Django registers it on SQLite), CASE, EXISTS, UNION ALL and CTEs.

The distance is computed exactly as services.float_distance computes it (equirectangular, in
floating point, term for term), so a row at exactly the distance counts the same wherever it
is tested. The bounding boxes are prefilters on the indexed coordinates; they never change a
result. tests/campuses/test_dashboard_pairs.py checks these queries against a per-row
computation in Python.
"""

from decimal import Decimal

from django.db import connection

from campuses.geo import KM_PER_DEGREE_LAT, Point
from campuses.models import School
from initiatives.models import Initiative, Session

PUBLISHED = Initiative.Status.PUBLISHED
VENUE = Initiative.LocationType.VENUE
AT_SCHOOL = Initiative.LocationType.AT_SCHOOL


def table(model):
    """The model's quoted table name."""
    return connection.ops.quote_name(model._meta.db_table)


def _float(sql):
    return f"CAST({sql} AS DOUBLE PRECISION)"


def distance_sql(latitude, longitude, origin, scale):
    """(sql, params): the distance in km from the row's point (columns as SQL) to the origin.

    The origin is (latitude SQL, longitude SQL, their params as [latitude params, longitude
    params]); scale is the km per degree of longitude to use. Term for term the expression of
    services.float_distance: SQRT(dx * dx + dy * dy), in floating point.
    """
    origin_latitude, origin_longitude, (latitude_params, longitude_params) = origin
    dx = f"(({_float(longitude)} - {origin_longitude}) * %s)"
    dy = f"(({_float(latitude)} - {origin_latitude}) * %s)"
    dx_params = [*longitude_params, scale]
    dy_params = [*latitude_params, KM_PER_DEGREE_LAT]
    return f"SQRT(({dx} * {dx}) + ({dy} * {dy}))", dx_params * 2 + dy_params * 2


def distance_to_point_sql(latitude, longitude, point):
    """(sql, params): the distance in km from the row's point to a fixed point, on the point's own scale."""
    origin = ("%s", "%s", ([point.latitude], [point.longitude]))
    return distance_sql(latitude, longitude, origin, point.km_per_degree_lon())


def box_deltas(km):
    """Half-widths (latitude, longitude) in degrees, as Decimals, of a box of +/- km anywhere in the Netherlands.

    The longitude span is the widest one (at the northern edge), so the box never cuts short.
    """
    dlat = Decimal(str(round(km / KM_PER_DEGREE_LAT, 6)))
    dlon = Decimal(str(round(km / Point(53.6, 0).km_per_degree_lon(), 6)))
    return dlat, dlon


def box_sql(latitude, longitude, point, km):
    """(sql, params): the row's point lies in the square of +/- km around point (as campuses.geo.bounding_box_q)."""
    dlat = km / KM_PER_DEGREE_LAT
    dlon = km / point.km_per_degree_lon()
    sql = f"{latitude} >= %s AND {latitude} <= %s AND {longitude} >= %s AND {longitude} <= %s"
    return sql, [point.latitude - dlat, point.latitude + dlat, point.longitude - dlon, point.longitude + dlon]


def near_pairs_sql(campuses, *, max_service_km, columns=()):
    """(sql, params) selecting (campus_id, initiative_id, *columns): every published initiative near every campus.

    Near: a venue within the campus radius, or an at_school initiative whose service radius
    reaches the campus point (see services). Two UNION ALL branches
    per campus, venues and school visits, each an index range scan (initiative_type_point_idx)
    on its own box: the small one of the campus radius, the larger one of the widest service radius.
    """
    selected = ", ".join(["%s AS campus_id", "i.id AS initiative_id", *(f"i.{column}" for column in columns)])
    parts, params = [], []
    for campus in campuses:
        radius = float(campus.radius_km)
        for location_type, box_km, limit_sql, limit_params in (
            (VENUE, radius, "%s", [radius]),
            (AT_SCHOOL, max_service_km, "i.service_radius_km", []),
        ):
            box, box_params = box_sql("i.latitude", "i.longitude", campus.point, box_km)
            distance, distance_params = distance_to_point_sql("i.latitude", "i.longitude", campus.point)
            parts.append(
                f"SELECT {selected} FROM {table(Initiative)} i WHERE i.status = %s AND i.location_type = %s"  # noqa: S608 (quoted names, bound values)
                f" AND {box} AND {distance} <= {limit_sql}"
            )
            params += [campus.pk, PUBLISHED, location_type, *box_params, *distance_params, *limit_params]
    return " UNION ALL ".join(parts), params


def fetch_dicts(sql, params):
    """Run the query and return its rows as dicts keyed by column name."""
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        names = [column[0] for column in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def _theme_flags_sql(theme_ids):
    """(sql, params): one row per near initiative with a theme, a 0/1 column theme_<pk> per theme."""
    columns = ", ".join(f"MAX(CASE WHEN t.theme_id = %s THEN 1 ELSE 0 END) AS theme_{pk}" for pk in theme_ids)
    sql = (
        f"SELECT t.initiative_id, {columns} FROM {table(Initiative.themes.through)} t"  # noqa: S608 (quoted names, bound values)
        " WHERE t.initiative_id IN (SELECT initiative_id FROM near) GROUP BY t.initiative_id"
    )
    return sql, list(theme_ids)


def _target_group_flags_sql(slugs):
    """(sql, params): one row per near initiative with a target group, a 0/1 column tg_<slug> per slug."""
    through = Initiative.target_groups.through
    group_table = table(through._meta.get_field("targetgroup").related_model)
    columns = ", ".join(f"MAX(CASE WHEN g.slug = %s THEN 1 ELSE 0 END) AS tg_{slug}" for slug in slugs)
    sql = (
        f"SELECT l.initiative_id, {columns} FROM {table(through)} l"  # noqa: S608 (quoted names, bound values)
        f" JOIN {group_table} g ON g.id = l.targetgroup_id"
        " WHERE l.initiative_id IN (SELECT initiative_id FROM near) GROUP BY l.initiative_id"
    )
    return sql, list(slugs)


FIGURE_COLUMNS = (
    "po_group_from",
    "vo_year_from",
    "for_vmbo",
    "for_havo",
    "for_vwo",
    "is_family_activity",
    "parents_welcome",
    "practice_level",
    "activity_type",
    "location_type",
)


def initiative_figures_by_campus(campuses, conditions, *, slugs, theme_ids=(), max_service_km):
    """One query: per campus, COUNT of the near initiatives meeting each condition, and the practice average.

    `conditions` maps a figure name to (SQL condition on the initiative's FIGURE_COLUMNS as
    `i.<column>`, its target-group flags `g.tg_<slug>` and theme flags `t.theme_<pk>`, params).
    The near pairs are computed once (the CTE is used more than once, so PostgreSQL
    materializes it) and the flags once per initiative. Campuses without any initiative nearby
    are absent from the result.
    """
    if not campuses:
        return {}
    near, near_params = near_pairs_sql(campuses, max_service_km=max_service_km, columns=FIGURE_COLUMNS)
    flags, flag_params = _target_group_flags_sql(slugs)
    joins = f" LEFT JOIN ({flags}) g ON g.initiative_id = i.initiative_id"
    if theme_ids:
        theme_flags, theme_params = _theme_flags_sql(theme_ids)
        joins += f" LEFT JOIN ({theme_flags}) t ON t.initiative_id = i.initiative_id"
        flag_params += theme_params
    columns, column_params = [], []
    for name, (condition, params) in conditions.items():
        columns.append(f"COUNT(CASE WHEN {condition} THEN 1 END) AS {name}")
        column_params += params
    sql = (
        f"WITH near AS ({near}) SELECT i.campus_id, {', '.join(columns)},"  # noqa: S608 (quoted names, bound values)
        " AVG(i.practice_level) AS practice_average"
        f" FROM near i{joins} GROUP BY i.campus_id"
    )
    rows = fetch_dicts(sql, near_params + column_params + flag_params)
    return {row.pop("campus_id"): row for row in rows}


# The share of the box that an EXISTS probe searches first (see _initiative_near_school_sql).
FIRST_LOOK_SHARE = 0.25


def _initiative_near_school_sql(school, location_type, box_km, reference, limit_sql, limit_params):
    """(sql, params): EXISTS a published initiative of the type within limit_sql km of the school, in the box_km box.

    `school` is the outer query's name for the school table. Written as EXISTS(small box) OR
    EXISTS(whole box), with the same distance test in both, so the result is that of the whole
    box alone. The index scan walks a box from its southern edge, where hardly any row is near
    enough: the small box around the school usually finds a match within a few rows, and only
    schools without one pay for the full scan. Distances use the reference point's longitude
    scale (services.reference_point).
    """
    latitude, longitude = f"{school}.latitude", f"{school}.longitude"
    origin = (_float(latitude), _float(longitude), ([], []))
    distance, distance_params = distance_sql("i.latitude", "i.longitude", origin, reference.km_per_degree_lon())
    probes, params = [], []
    for km in (box_km * FIRST_LOOK_SHARE, box_km):
        dlat, dlon = box_deltas(km)
        probes.append(
            f"EXISTS (SELECT 1 FROM {table(Initiative)} i WHERE i.status = %s AND i.location_type = %s"  # noqa: S608 (quoted names, bound values)
            f" AND i.latitude >= {latitude} - %s AND i.latitude <= {latitude} + %s"
            f" AND i.longitude >= {longitude} - %s AND i.longitude <= {longitude} + %s"
            f" AND {distance} <= {limit_sql})"
        )
        params += [PUBLISHED, location_type, dlat, dlat, dlon, dlon, *distance_params, *limit_params]
    return f"({' OR '.join(probes)})", params


# A school's reach (school_reach_sql): visited by an at_school initiative (and so covered),
# covered by a venue only, or neither (a white spot).
VISITED, VENUE_ONLY, UNCOVERED = 2, 1, 0


def school_reach_sql(*, distance_km, max_service_km, reference, school="s"):
    """(sql, params): the school's reach, VISITED, VENUE_ONLY or UNCOVERED, as a CASE over two EXISTS probes.

    A school is covered when a published venue initiative lies within distance_km of it, or an
    at_school initiative's service radius covers it. The visit probe runs first; the venue probe
    only for schools no visit reaches (a visited school is covered whatever the venues).
    """
    visit, visit_params = _initiative_near_school_sql(
        school, AT_SCHOOL, max_service_km, reference, "i.service_radius_km", []
    )
    venue, venue_params = _initiative_near_school_sql(school, VENUE, distance_km, reference, "%s", [distance_km])
    sql = f"CASE WHEN {visit} THEN {VISITED} WHEN {venue} THEN {VENUE_ONLY} ELSE {UNCOVERED} END"
    return sql, visit_params + venue_params


def school_coverage_rows(campuses, *, distance_km, max_service_km, reference):
    """One query: (campus_id, kind, reach, schools) rows for the schools in each campus area.

    The reach (school_reach_sql) is computed once per school, in a MATERIALIZED CTE over the
    schools in any campus box; the campus areas then split those schools by their distance to
    each campus.
    """
    if not campuses:
        return []
    boxes, box_params = [], []
    for campus in campuses:
        box, params = box_sql("s.latitude", "s.longitude", campus.point, float(campus.radius_km))
        boxes.append(f"({box})")
        box_params += params
    reach, reach_params = school_reach_sql(distance_km=distance_km, max_service_km=max_service_km, reference=reference)
    areas, area_params = [], []
    for campus in campuses:
        distance, distance_params = distance_to_point_sql("f.latitude", "f.longitude", campus.point)
        area = f"SELECT %s AS campus_id, f.kind, f.reach FROM flags f WHERE {distance} <= %s"  # noqa: S608 (quoted names, bound values)
        areas.append(area)
        area_params += [campus.pk, *distance_params, float(campus.radius_km)]
    # PostgreSQL would inline a CTE used once; SQLite materializes it anyway (and knows the keyword
    # only from 3.35 on, while Django 5.2 supports 3.31).
    materialized = "MATERIALIZED " if connection.vendor == "postgresql" else ""
    sql = (
        f"WITH flags AS {materialized}("  # noqa: S608 (quoted names, bound values)
        f"SELECT s.id, s.kind, s.latitude, s.longitude, {reach} AS reach"
        f" FROM {table(School)} s WHERE {' OR '.join(boxes)}),"
        f" area AS ({' UNION ALL '.join(areas)})"
        " SELECT campus_id, kind, reach, COUNT(*) AS schools FROM area GROUP BY campus_id, kind, reach"
    )
    return fetch_dicts(sql, reach_params + box_params + area_params)


def session_counts(campus, *, max_service_km, starts_at, ends_at, now):
    """One query: the not-cancelled sessions of the campus's near initiatives in [starts_at, ends_at), and upcoming."""
    near, near_params = near_pairs_sql([campus], max_service_km=max_service_km)
    moments = [connection.ops.adapt_datetimefield_value(moment) for moment in (now, starts_at, ends_at)]
    sql = (
        f"WITH near AS ({near}) SELECT COUNT(*) AS in_year,"  # noqa: S608 (quoted names, bound values)
        " COUNT(CASE WHEN s.starts_at >= %s THEN 1 END) AS upcoming"
        f" FROM {table(Session)} s WHERE s.initiative_id IN (SELECT initiative_id FROM near)"
        " AND NOT s.is_cancelled AND s.starts_at >= %s AND s.starts_at < %s"
    )
    return fetch_dicts(sql, near_params + moments)[0]
