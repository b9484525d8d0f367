"""Reference data and offer for the search, API and browser tests."""

from decimal import Decimal

from tests import factories


def make_geography():
    """Rotterdam, Den Haag (alias), Hoogvliet, two Rijswijks, Middelstum, a school and a campus."""

    rotterdam = factories.MunicipalityFactory()
    den_haag = factories.MunicipalityFactory(
        code="GM0518", name="'s-Gravenhage", latitude=Decimal("52.0799"), longitude=Decimal("4.3113")
    )
    brabant = factories.MunicipalityFactory(
        code="GM1724", name="Bergeijk", province="Noord-Brabant", is_zuid_holland=False, is_mrdh=False,
        latitude=Decimal("51.3200"), longitude=Decimal("5.3600"),
    )  # fmt: skip
    groningen = factories.MunicipalityFactory(
        code="GM1966", name="Het Hogeland", province="Groningen", is_zuid_holland=False, is_mrdh=False,
        latitude=Decimal("53.3900"), longitude=Decimal("6.6400"),
    )  # fmt: skip
    factories.PostcodeAreaFactory(pc4="3011")
    factories.PostcodeAreaFactory(
        pc4="2511",
        place_name="'s-Gravenhage",
        municipality=den_haag,
        latitude=Decimal("52.0780"),
        longitude=Decimal("4.3160"),
    )
    factories.PostcodeAreaFactory(
        pc4="9991",
        place_name="Middelstum",
        municipality=groningen,
        latitude=Decimal("53.3470"),
        longitude=Decimal("6.6400"),
    )
    factories.PlaceFactory(population=650000)
    hague = factories.PlaceFactory(
        name="'s-Gravenhage", municipality=den_haag, latitude=Decimal("52.0767"), longitude=Decimal("4.2986"),
        population=550000,
    )  # fmt: skip
    factories.PlaceAliasFactory(place=hague, name="Den Haag")
    factories.PlaceFactory(
        name="Hoogvliet",
        municipality=rotterdam,
        latitude=Decimal("51.8625"),
        longitude=Decimal("4.3583"),
        population=35000,
    )
    factories.PlaceFactory(
        name="Rijswijk", municipality=brabant, latitude=Decimal("51.7960"), longitude=Decimal("5.0250"), population=9000
    )
    rijswijk_zh = factories.PlaceFactory(
        name="Rijswijk (ZH.)", municipality=den_haag, latitude=Decimal("52.0363"), longitude=Decimal("4.3250"),
        population=55000,
    )  # fmt: skip
    factories.PlaceAliasFactory(place=rijswijk_zh, name="Rijswijk")
    factories.SchoolFactory(
        code="12AB00", brin="12AB", name="Basisschool De Vuurtoren", municipality=den_haag, place_name="'s-Gravenhage",
        latitude=Decimal("52.0700"), longitude=Decimal("4.3000"),
    )  # fmt: skip
    factories.CampusFactory(
        name="RDM Campus", slug="rdm-campus", latitude=Decimal("51.892200"), longitude=Decimal("4.420500")
    )
    return {"rotterdam": rotterdam, "den_haag": den_haag}


def make_offer():
    """A few published initiatives around Rotterdam and Den Haag, one online, one visiting schools, one draft."""
    parents = factories.TargetGroupFactory(slug="ouders", name="Ouders")
    pupils = factories.TargetGroupFactory(slug="leerlingen", name="Leerlingen")
    robots = factories.ThemeFactory(slug="robotica", name="Robotica")
    harbour = factories.ThemeFactory(slug="haven-en-maritiem", name="Haven en maritiem")
    near = factories.InitiativeFactory(
        title="Robots bouwen in de bibliotheek", slug="robots-bouwen", themes=[robots], target_groups=[pupils],
        latitude=Decimal("51.930000"), longitude=Decimal("4.480000"),
    )  # fmt: skip
    further = factories.InitiativeFactory(
        title="Havenexcursie met de boot", slug="havenexcursie", themes=[harbour], target_groups=[pupils, parents],
        activity_type="excursion", po_group_from=None, po_group_to=None, vo_year_from=1, vo_year_to=3, for_vmbo=True,
        latitude=Decimal("51.890000"), longitude=Decimal("4.400000"), is_free=False, price=Decimal("5.00"),
        is_family_activity=True,
    )  # fmt: skip
    hague = factories.InitiativeFactory(
        title="Programmeren voor meiden", slug="programmeren-den-haag", place_name="Den Haag",
        latitude=Decimal("52.078000"), longitude=Decimal("4.310000"), practice_level=2,
    )  # fmt: skip
    online = factories.InitiativeFactory(
        title="Online codeerclub", slug="online-codeerclub", location_type="online", latitude=None, longitude=None,
        activity_type="online",
    )  # fmt: skip
    visiting = factories.InitiativeFactory(
        title="De techniekbus komt naar school", slug="techniekbus", location_type="at_school",
        activity_type="comes_to_school", latitude=Decimal("52.000000"), longitude=Decimal("4.360000"),
        service_radius_km=Decimal("25.0"),
    )  # fmt: skip
    draft = factories.InitiativeFactory(title="Nog geheim", slug="nog-geheim", status="draft")
    return {"near": near, "further": further, "hague": hague, "online": online, "visiting": visiting, "draft": draft}
