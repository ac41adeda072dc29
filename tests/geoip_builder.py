"""Build small City databases for tests, so the suite needs no downloaded data."""

from mmdb_writer import MMDBWriter
from netaddr import IPSet

# Networks with the location each one should resolve to.
CITY_RECORDS = {
    "81.2.69.0/24": (
        "EU",
        "Europe",
        "GB",
        "United Kingdom",
        "London",
        51.5142,
        -0.0931,
        10,
    ),
    "2.125.160.0/20": (
        "EU",
        "Europe",
        "GB",
        "United Kingdom",
        "Boxford",
        51.75,
        -1.25,
        100,
    ),
    "89.160.20.0/24": (
        "EU",
        "Europe",
        "SE",
        "Sweden",
        "Linköping",
        58.4167,
        15.6167,
        76,
    ),
    "175.16.199.0/24": ("AS", "Asia", "CN", "China", "Changchun", 43.88, 125.3228, 100),
    "216.160.83.0/24": (
        "NA",
        "North America",
        "US",
        "United States",
        "Milton",
        47.2513,
        -122.3149,
        22,
    ),
    "2001:480::/32": (
        "NA",
        "North America",
        "US",
        "United States",
        "San Diego",
        32.7203,
        -117.1552,
        100,
    ),
    # A network known only to its country, as many are.
    "67.43.156.0/24": ("AS", "Asia", "BT", "Bhutan", "", 27.5, 90.5, 534),
}


def city_record(
    continent_code, continent, country_code, country, city, lat, lon, radius
):
    record = {
        "continent": {"code": continent_code, "names": {"en": continent}},
        "country": {"iso_code": country_code, "names": {"en": country}},
        "location": {"latitude": lat, "longitude": lon, "accuracy_radius": radius},
    }
    if city:
        record["city"] = {"names": {"en": city}}
    return record


def build_city_database(path, records=CITY_RECORDS, database_type="GeoLite2-City"):
    """Write a City database with ``records`` to ``path`` and return the path."""
    writer = MMDBWriter(
        ip_version=6,
        database_type=database_type,
        languages=["en"],
        description={"en": "Session Console test database"},
        ipv4_compatible=True,
    )
    for network, values in records.items():
        writer.insert_network(IPSet([network]), city_record(*values))
    writer.to_db_file(str(path))
    return path


def build_country_database(path):
    """Write a database of Country type, which has no city data to look up."""
    return build_city_database(path, database_type="GeoLite2-Country")


def build_truncated_database(path, source):
    """Write the first half of the database ``source``, as an interrupted copy would."""
    data = source.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    return path
