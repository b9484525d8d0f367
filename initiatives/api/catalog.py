"""The API's root (/api/v1/): a DCAT description of the open dataset (JSON-LD), naming the
endpoints, formats, licence and update frequency, so that data portals can harvest it."""

from django.conf import settings
from django.db.models import Max
from django.urls import reverse

from initiatives.models import Initiative

from .web import API_VERSION

DCAT_CONTEXT = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}
# (name, title, media type, format) of each distribution of the dataset.
DISTRIBUTIONS = [
    ("api:initiatives", "Initiatives (JSON)", "application/json", "JSON"),
    ("api:initiatives-geojson", "Initiatives (GeoJSON)", "application/geo+json", "GEOJSON"),
    ("api:initiatives-csv", "Initiatives (CSV)", "text/csv", "CSV"),
    ("api:sessions", "Sessions (JSON)", "application/json", "JSON"),
    ("api:campuses", "Campuses (JSON)", "application/json", "JSON"),
]
EU_FILE_TYPE = "http://publications.europa.eu/resource/authority/file-type/"


def dataset_description(request):
    def absolute(name):
        return request.build_absolute_uri(reverse(name))

    licence = settings.OPEN_DATA_LICENSE["url"]
    modified = Initiative.objects.published().aggregate(last=Max("updated_at"))["last"]
    publisher = {"@type": "foaf:Organization", "foaf:name": settings.OPEN_DATA_PUBLISHER}
    return {
        "@context": DCAT_CONTEXT,
        "@type": "dcat:Catalog",
        "@id": absolute("api:root"),
        "dct:title": "Techniek Dichtbij open data",
        "dct:publisher": publisher,
        "dct:license": {"@id": licence},
        "api_version": API_VERSION,
        "license": licence,
        "attribution": settings.OPEN_DATA_ATTRIBUTION,
        "openapi": absolute("api:openapi"),
        "dcat:service": {
            "@type": "dcat:DataService",
            "dct:title": "Techniek Dichtbij open data API",
            "dcat:endpointURL": {"@id": absolute("api:root")},
            "dcat:endpointDescription": {"@id": absolute("api:openapi")},
            "dct:conformsTo": {"@id": "https://spec.openapis.org/oas/v3.0.3"},
        },
        "dcat:dataset": [
            {
                "@type": "dcat:Dataset",
                "@id": absolute("api:initiatives"),
                "dct:title": "Techniek- en IT-activiteiten voor kinderen en scholen in de MRDH",
                "dct:description": "Published initiatives (guest lessons, workshops, company visits, clubs, online "
                "offers) of the Rotterdam-The Hague region with their sessions, school levels, themes and "
                "locations; the campuses they belong to.",
                "dct:language": [{"@id": "http://publications.europa.eu/resource/authority/language/NLD"}],
                "dct:spatial": {"@id": "http://sws.geonames.org/2750405/"},
                "dct:publisher": publisher,
                "dct:license": {"@id": licence},
                "dct:accrualPeriodicity": {"@id": "http://publications.europa.eu/resource/authority/frequency/CONT"},
                "dct:modified": {"@value": modified.isoformat() if modified else None, "@type": "xsd:dateTime"},
                "dcat:keyword": ["techniek", "IT", "onderwijs", "primair onderwijs", "voortgezet onderwijs"],
                "dcat:distribution": [
                    {
                        "@type": "dcat:Distribution",
                        "dct:title": title,
                        "dcat:accessURL": {"@id": absolute(name)},
                        "dcat:mediaType": media_type,
                        "dct:format": {"@id": EU_FILE_TYPE + file_type},
                        "dct:license": {"@id": licence},
                    }
                    for name, title, media_type, file_type in DISTRIBUTIONS
                ],
            }
        ],
        "endpoints": {
            "initiatives": absolute("api:initiatives"),
            "initiatives_geojson": absolute("api:initiatives-geojson"),
            "initiatives_csv": absolute("api:initiatives-csv"),
            "sessions": absolute("api:sessions"),
            "campuses": absolute("api:campuses"),
            "schools": absolute("api:schools"),
            "openapi": absolute("api:openapi"),
        },
    }
