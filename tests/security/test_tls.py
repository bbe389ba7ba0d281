"""sslmode=verify-full against a throwaway cluster whose certificate comes from a CA made here."""

import os
import shutil
import subprocess
from pathlib import Path

import psycopg
import pytest
from sqlalchemy import text

from app.data.uow import Database
from tests.support.pgcluster import PostgresUnavailable, start_cluster

pytestmark = pytest.mark.postgres


def _openssl(*args: str, cwd: Path) -> None:
    subprocess.run(["openssl", *args], cwd=cwd, check=True, capture_output=True)


def _make_ca(folder: Path, name: str) -> None:
    _openssl("req", "-x509", "-new", "-nodes", "-newkey", "rsa:2048", "-keyout", f"{name}.key", "-out",
             f"{name}.crt", "-days", "2", "-subj", f"/CN=CareDesk test {name}", cwd=folder)


@pytest.fixture(scope="module")
def tls_cluster(tmp_path_factory):
    if shutil.which("openssl") is None:
        pytest.skip("openssl not installed")
    try:
        cluster = start_cluster()
    except PostgresUnavailable as exc:
        pytest.skip(f"PostgreSQL not available: {exc}")
    certs = tmp_path_factory.mktemp("certs")
    try:
        _make_ca(certs, "ca")
        _make_ca(certs, "other_ca")
        _openssl("req", "-new", "-nodes", "-newkey", "rsa:2048", "-keyout", "server.key", "-out", "server.csr",
                 "-subj", "/CN=127.0.0.1", cwd=certs)
        (certs / "san.ext").write_text("subjectAltName=IP:127.0.0.1\n")
        _openssl("x509", "-req", "-in", "server.csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial",
                 "-out", "server.crt", "-days", "2", "-extfile", "san.ext", cwd=certs)
        for name in ("server.crt", "server.key"):
            target = cluster.data / name
            shutil.copyfile(certs / name, target)
            os.chmod(target, 0o600)
            if os.geteuid() == 0:
                shutil.chown(target, "postgres", "postgres")
        with psycopg.connect(cluster.url("postgres").replace("+psycopg", ""), autocommit=True) as conn:
            conn.execute("ALTER SYSTEM SET ssl = on")
            conn.execute("SELECT pg_reload_conf()")
        yield cluster, certs
    finally:
        cluster.destroy()


def _url(cluster, certs: Path, *, host: str = "127.0.0.1", ca: str = "ca.crt") -> str:
    return (f"postgresql://postgres@{host}:{cluster.port}/postgres"
            f"?sslmode=verify-full&sslrootcert={certs / ca}&hostaddr=127.0.0.1")  # host: the name verified


def test_verify_full_connects_over_tls_with_the_servers_ca(tls_cluster):
    cluster, certs = tls_cluster
    database = Database.from_url(_url(cluster, certs))
    try:
        with database.session() as session:
            assert session.scalar(text("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()")) is True
    finally:
        database.dispose()


def test_verify_full_refuses_a_certificate_from_another_ca(tls_cluster):
    cluster, certs = tls_cluster
    with pytest.raises(psycopg.OperationalError, match="certificate verify failed"):
        psycopg.connect(_url(cluster, certs, ca="other_ca.crt"))


def test_verify_full_refuses_a_certificate_for_another_host_name(tls_cluster):
    cluster, certs = tls_cluster
    with pytest.raises(psycopg.OperationalError, match="does not match host name|server certificate"):
        psycopg.connect(_url(cluster, certs, host="localhost"))
