"""docker-compose.yml runs the same Neo4j as tools/neo4j-local, ready when Bolt answers."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent


def pom_neo4j_version() -> str:
    pom = ET.parse(REPO / "tools" / "neo4j-local" / "pom.xml").getroot()
    namespace = {"m": "http://maven.apache.org/POM/4.0.0"}
    return pom.find("m:properties/m:neo4j.version", namespace).text.strip()


def neo4j_service() -> dict:
    compose = yaml.safe_load((REPO / "docker-compose.yml").read_text(encoding="utf-8"))
    return compose["services"]["neo4j"]


def test_pom_pins_a_5_26_lts_release():
    assert re.fullmatch(r"5\.26\.\d+", pom_neo4j_version())


def test_compose_image_is_the_pom_version():
    assert neo4j_service()["image"] == f"neo4j:{pom_neo4j_version()}-community"


def test_compose_publishes_bolt_and_http_on_localhost():
    ports = neo4j_service()["ports"]
    assert "127.0.0.1:7687:7687" in ports
    assert "127.0.0.1:7474:7474" in ports


def test_compose_password_comes_from_the_environment_with_a_default():
    auth = neo4j_service()["environment"]["NEO4J_AUTH"]
    match = re.fullmatch(r"neo4j/\$\{NEO4J_PASSWORD:-(.+)\}", auth)
    assert match, auth
    assert len(match.group(1)) >= 8  # Neo4j refuses shorter passwords


def test_compose_keeps_data_in_a_named_volume():
    compose = yaml.safe_load((REPO / "docker-compose.yml").read_text(encoding="utf-8"))
    assert "neo4j-data:/data" in neo4j_service()["volumes"]
    assert "neo4j-data" in compose["volumes"]


def test_compose_healthcheck_waits_for_bolt():
    health = neo4j_service()["healthcheck"]
    command = " ".join(health["test"])
    assert "cypher-shell" in command and "bolt://localhost:7687" in command
    assert health["retries"] >= 10


def test_compose_is_as_strict_as_neo4j_local_about_load_csv():
    """LOAD CSV must not read the server's files (its environment holds the password) nor fetch URLs."""
    environment = neo4j_service()["environment"]
    assert environment["NEO4J_dbms_security_allow__csv__import__from__file__urls"] == "false"
    assert environment["NEO4J_server_directories_import"] == "/var/lib/neo4j/import"
    assert set(environment["NEO4J_internal_dbms_cypher__ip__blocklist"].split(",")) == {"0.0.0.0/0", "::/0"}
    launcher = (REPO / "tools" / "neo4j-local" / "src" / "main" / "java" / "graphkit" / "neo4jlocal"
                / "Neo4jLocal.java").read_text(encoding="utf-8")
    assert "GraphDatabaseSettings.allow_file_urls, false" in launcher
    assert "GraphDatabaseSettings.load_csv_file_url_root, imports" in launcher
    assert '"0.0.0.0/0"' in launcher and '"::/0"' in launcher
