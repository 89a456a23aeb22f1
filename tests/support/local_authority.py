"""A certificate authority of a test's own, for rtmps servers on loopback (a TLS front before
nginx-rtmp) that clients trust through ``SSL_CERT_FILE``."""

from __future__ import annotations

import datetime
import ipaddress
import ssl
from pathlib import Path
from typing import Any

import pytest


class LocalAuthority:
    """A certificate authority of the test's own, and the certificate it signs for localhost."""

    def __init__(self, folder: Path) -> None:
        pytest.importorskip("cryptography")
        from cryptography.hazmat.primitives import serialization
        from cryptography.hazmat.primitives.asymmetric import ec

        ca_key = ec.generate_private_key(ec.SECP256R1())
        server_key = ec.generate_private_key(ec.SECP256R1())
        self.ca_file = folder / "ca.pem"
        self.ca_file.write_bytes(_certificate("Preflight test CA", ca_key, ca_key))
        self.cert_file = folder / "server.pem"
        self.cert_file.write_bytes(_certificate("localhost", server_key, ca_key))
        self.key_file = folder / "server.key"
        self.key_file.write_bytes(
            server_key.private_bytes(
                serialization.Encoding.PEM,
                serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption(),
            )
        )

    def server_context(self, names_seen: list[str]) -> ssl.SSLContext:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(self.cert_file, self.key_file)

        def remember(sock: object, name: str | None, context: object) -> None:
            names_seen.append(name or "")

        context.sni_callback = remember
        return context


def _certificate(subject: str, key: Any, signer: Any) -> bytes:
    """PEM of a certificate for ``subject`` (a CA when it signs itself; else for localhost)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.x509.oid import NameOID

    is_ca = key is signer
    now = datetime.datetime.now(datetime.UTC)
    issuer = "Preflight test CA"
    builder = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, subject)]))
        .issuer_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, issuer)]))
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(x509.BasicConstraints(ca=is_ca, path_length=None), critical=True)
    )
    if not is_ca:
        names = [x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]
        builder = builder.add_extension(x509.SubjectAlternativeName(names), critical=False)
    return builder.sign(signer, hashes.SHA256()).public_bytes(serialization.Encoding.PEM)
