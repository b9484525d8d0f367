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
