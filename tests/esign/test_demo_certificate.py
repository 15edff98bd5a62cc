"""`load_demo_city` makes the demo signing certificate where the settings expect it, in demo mode only and once;
the command alone does the same; the certificate signs and is refused once it is no longer there."""
import io
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from motcua.esign import signing

pytestmark = pytest.mark.django_db


def _paths():
    return [Path(p) for p in (settings.MOTCUA_ESIGN_KEY, settings.MOTCUA_ESIGN_CERT, settings.MOTCUA_ESIGN_CHAIN)]


def test_load_demo_city_makes_it_in_demo_mode_once(settings):
    from motcua.demo.services import load_demo_city

    settings.DEMO_MODE, settings.MOTCUA_ESIGN_DEMO_CERTIFICATE = False, True
    assert load_demo_city().signing_certificate is False and not any(p.exists() for p in _paths())
    settings.DEMO_MODE = True
    assert load_demo_city().signing_certificate is True and all(p.is_file() for p in _paths())
    key, cert, _chain = _paths()
    assert oct(key.stat().st_mode & 0o777) == "0o600"
    before = cert.read_bytes()
    assert load_demo_city().signing_certificate is False and cert.read_bytes() == before  # kept, not remade
    material = signing.load_material()
    assert material is not None and "(DEMO)" in material.subject and "Cẩm Phả" in material.subject
    assert material.chain and "CA thử nghiệm" in material.chain[0].subject.human_friendly


def test_the_command_alone_and_no_certificate_means_no_signing(settings):
    assert signing.configured() is False and signing.load_material() is None
    call_command("make_demo_signing_certificate", "--unit-name", "Trung tâm thử nghiệm", stdout=io.StringIO())
    assert signing.configured() and "Trung tâm thử nghiệm (DEMO)" in signing.load_material().subject


def test_a_pkcs12_with_its_password(settings, tmp_path):
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.serialization import pkcs12
    from cryptography.x509 import load_pem_x509_certificate

    call_command("make_demo_signing_certificate", stdout=io.StringIO())
    key_path, cert_path, chain_path = _paths()
    bundle = pkcs12.serialize_key_and_certificates(
        b"don-vi", serialization.load_pem_private_key(key_path.read_bytes(), None),
        load_pem_x509_certificate(cert_path.read_bytes()), [load_pem_x509_certificate(chain_path.read_bytes())],
        serialization.BestAvailableEncryption(b"mat-khau"),
    )
    (tmp_path / "don-vi.p12").write_bytes(bundle)
    settings.MOTCUA_ESIGN_PKCS12, settings.MOTCUA_ESIGN_PKCS12_PASSWORD = str(tmp_path / "don-vi.p12"), "mat-khau"
    material = signing.load_material()
    assert material is not None and material.chain and "(DEMO)" in material.subject
    settings.MOTCUA_ESIGN_PKCS12_PASSWORD = "sai-mat-khau"
    with pytest.raises(signing.SigningUnavailable):
        signing.load_material()
