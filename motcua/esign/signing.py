"""PDF signing and validation with pyHanko, and the demo certificate (docs/decisions/0043).

No models here: the unit's signing material read from settings, a PDF stamped and signed PAdES B-B, a scan
made into a PDF, the signatures of any PDF validated, and a demo CA with the center's certificate made with
`cryptography`. What is done with them (the SignedResult rows, the pages) is in `services`.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import io
import os
import tempfile
import textwrap
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

# Texts of the stamp printed into the document: the document is Vietnamese whatever the reader's language.
STAMP_TITLE = "Bản điện tử đã ký số"
SIGNATURE_FIELD = "KetQuaDienTu"
STAMP_WIDTH, STAMP_HEIGHT, STAMP_MARGIN = 280, 86, 24
# Latin, its supplements and extensions, combining marks, Vietnamese (Latin Extended Additional), punctuation.
STAMP_UNICODE_RANGES = ((0x20, 0x7E), (0xA0, 0x24F), (0x300, 0x36F), (0x1EA0, 0x1EFF), (0x2010, 0x206F), (0x20AB, 0x20AB))


class SigningUnavailable(Exception):
    """A certificate is configured but cannot be used (missing file, wrong password, expired…)."""


class UnreadablePdf(Exception):
    """The PDF cannot be read or amended (damaged, encrypted, or its certification forbids changes)."""


@dataclass(frozen=True)
class Material:
    signer: object  # pyhanko.sign.signers.SimpleSigner
    chain: list  # asn1crypto certificates: the issuers of the signing certificate (trust roots for checks)
    subject: str
    serial: str


# -- the unit's signing material -------------------------------------------------------------------------
def configured() -> bool:
    """A certificate is set up: a PKCS#12 file named, or the PEM key and certificate present."""
    if settings.MOTCUA_ESIGN_PKCS12:
        return True
    return Path(settings.MOTCUA_ESIGN_KEY).is_file() and Path(settings.MOTCUA_ESIGN_CERT).is_file()


def _load_signer():
    """The configured signer as pyHanko loads it (SigningUnavailable if it cannot), its validity unchecked."""
    from pyhanko.sign import signers

    try:
        if settings.MOTCUA_ESIGN_PKCS12:
            password = settings.MOTCUA_ESIGN_PKCS12_PASSWORD
            signer = signers.SimpleSigner.load_pkcs12(
                settings.MOTCUA_ESIGN_PKCS12, passphrase=password.encode() if password else None
            )
        else:
            chain = settings.MOTCUA_ESIGN_CHAIN
            signer = signers.SimpleSigner.load(
                settings.MOTCUA_ESIGN_KEY, settings.MOTCUA_ESIGN_CERT,
                ca_chain_files=(chain,) if chain and Path(chain).is_file() else None,
            )
    except (OSError, ValueError) as exc:
        raise SigningUnavailable(str(exc)) from exc
    if signer is None or signer.signing_cert is None:  # pyHanko logs and returns None on a bad file or password
        raise SigningUnavailable("the key or certificate could not be loaded")
    return signer


def load_material() -> Material | None:
    """The signer, or None when no certificate is configured; SigningUnavailable when it cannot be used."""
    if not configured():
        return None
    signer = _load_signer()
    cert = signer.signing_cert
    now = dt.datetime.now(dt.UTC)
    if not cert.not_valid_before <= now <= cert.not_valid_after:
        raise SigningUnavailable("the signing certificate is not valid today")
    chain = [c for c in signer.cert_registry if c.sha256 != cert.sha256]
    return Material(signer, chain, cert.subject.human_friendly, format(cert.serial_number, "x"))


def trust_roots() -> list:
    """The certificates a signature of ours chains to: the configured issuers (or the certificate itself) —
    also once the certificate has expired, for the results it signed while it was valid."""
    if not configured():
        return []
    try:
        signer = _load_signer()
    except SigningUnavailable:
        return []
    cert = signer.signing_cert
    return [c for c in signer.cert_registry if c.sha256 != cert.sha256] or [cert]


# -- stamping and signing ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class Stamp:
    unit_name: str
    dossier_code: str
    signed_at: dt.datetime  # local time, as printed
    url: str  # the public verification page, in the QR code


def stamp_lines(stamp: Stamp) -> list[str]:
    unit = textwrap.wrap(stamp.unit_name, 38) or [""]
    return [
        STAMP_TITLE, *unit[:3], f"Mã hồ sơ: {stamp.dossier_code}",
        f"Ngày ký: {stamp.signed_at:%H:%M %d/%m/%Y}",
    ]


def sign_pdf(content: bytes, stamp: Stamp, material: Material) -> bytes:
    """`content` with a visible stamp on its last page (the text of `stamp` and a QR code of its URL) as the
    appearance of a PAdES signature (B-B: ETSI.CAdES.detached, the signing certificate embedded)."""
    from pyhanko.pdf_utils.font.opentype import GlyphAccumulatorFactory
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.pdf_utils.text import TextBoxStyle
    from pyhanko.sign import fields, signers
    from pyhanko.stamp import QRStampStyle

    try:
        writer = IncrementalPdfFileWriter(io.BytesIO(content), strict=False)
        if writer.prev.encrypted:
            raise UnreadablePdf("encrypted")
        last = int(writer.root["/Pages"]["/Count"]) - 1
        # A file we stamped before (or one whose field has our name) gets the next name, its stamp above.
        taken = {name for name, *_ in fields.enumerate_sig_fields(writer)}
        names = [SIGNATURE_FIELD, *(f"{SIGNATURE_FIELD}{i}" for i in range(2, 100))]
        slot = next(i for i, n in enumerate(names) if n not in taken)
        field_name = names[slot]
        box = _stamp_box(writer, last, slot)
    except UnreadablePdf:
        raise
    except Exception as exc:  # pyHanko raises many kinds on a damaged file: each means "cannot read it"
        raise UnreadablePdf(str(exc)) from exc
    style = QRStampStyle(
        stamp_text="\n".join(line.replace("%", "%%") for line in stamp_lines(stamp)),
        text_box_style=TextBoxStyle(font=GlyphAccumulatorFactory(str(stamp_font()), font_size=7)),
        border_width=1,
    )
    meta = signers.PdfSignatureMetadata(
        field_name=field_name, subfilter=fields.SigSeedSubFilter.PADES, md_algorithm="sha256",
        reason=f"{STAMP_TITLE} — hồ sơ {stamp.dossier_code}", location=stamp.unit_name, name=stamp.unit_name,
    )
    pdf_signer = signers.PdfSigner(
        meta, signer=material.signer, stamp_style=style,
        new_field_spec=fields.SigFieldSpec(field_name, on_page=last, box=box),
    )
    out = io.BytesIO()
    try:
        pdf_signer.sign_pdf(writer, output=out, appearance_text_params={"url": stamp.url})
    except Exception as exc:  # an existing certification forbidding changes, a broken page tree…
        raise UnreadablePdf(str(exc)) from exc
    return out.getvalue()


def _stamp_box(writer, page_index: int, slot: int = 0) -> tuple[int, int, int, int]:
    """The bottom right corner of the page, inside its margin (the whole width on a narrow page); `slot`
    stamps up the page."""
    node = writer.find_page_for_modification(page_index)[0].get_object()
    box = None
    while node is not None and box is None:  # both boxes are inherited from the page tree
        box = node.get("/CropBox") or node.get("/MediaBox")
        parent = node.get("/Parent")
        node = parent.get_object() if parent is not None else None
    x0, y0, x1, _y1 = (float(v) for v in (box or (0, 0, 595, 842)))
    width = min(STAMP_WIDTH, x1 - x0 - 2 * 8)
    right = x1 - (STAMP_MARGIN if x1 - x0 >= STAMP_WIDTH + 2 * STAMP_MARGIN else 8)
    bottom = y0 + 16 + slot * (STAMP_HEIGHT + 6)
    return int(right - width), int(bottom), int(right), int(bottom + STAMP_HEIGHT)


def stamp_font() -> Path:
    """The stamp's font (DejaVu Sans: every Vietnamese letter), rescaled once to 1000 units per em and kept in
    MOTCUA_ESIGN_DIR: pyHanko writes glyph widths in font units, which PDF reads as thousandths of an em."""
    from fontTools import subset
    from fontTools.ttLib import TTFont
    from fontTools.ttLib.scaleUpem import scale_upem

    source = Path(settings.MOTCUA_ESIGN_FONT)
    try:
        stat = source.stat()
    except OSError as exc:
        raise SigningUnavailable(f"stamp font missing: {source}") from exc
    cache = Path(settings.MOTCUA_ESIGN_DIR) / "fonts" / f"{source.stem}-{int(stat.st_mtime)}-1000-vi.ttf"
    if cache.is_file():
        return cache
    font = TTFont(str(source))
    if font["head"].unitsPerEm != 1000:
        scale_upem(font, 1000)
    if "FFTM" in font:  # FontForge's timestamps: the subsetter warns on every stamp that it drops them
        del font["FFTM"]
    # Only Latin with Vietnamese letters and punctuation: a font a tenth of the size loads at every stamp.
    options = subset.Options()
    options.layout_features, options.name_IDs, options.notdef_outline = ["*"], ["*"], True
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=[c for lo, hi in STAMP_UNICODE_RANGES for c in range(lo, hi + 1)])
    subsetter.subset(font)
    cache.parent.mkdir(parents=True, exist_ok=True)
    handle, tmp = tempfile.mkstemp(dir=cache.parent, suffix=".tmp")
    os.close(handle)
    font.save(tmp)
    os.replace(tmp, cache)  # another process making the same file at once writes the same bytes
    return cache


def image_to_pdf(content: bytes) -> bytes:
    """A scan (JPEG, PNG) as a one-page PDF at its own resolution (150 dpi if it does not say)."""
    from PIL import Image

    try:
        with Image.open(io.BytesIO(content)) as image:
            image.load()
            dpi = image.info.get("dpi") or (150, 150)
            resolution = float(dpi[0]) if dpi and float(dpi[0]) >= 50 else 150.0
            rgb = image.convert("RGB")
    except Exception as exc:  # Pillow's many kinds of "not an image I can read"
        raise UnreadablePdf(str(exc)) from exc
    out = io.BytesIO()
    rgb.save(out, "PDF", resolution=resolution)
    return out.getvalue()


# -- validation --------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class SignatureCheck:
    field: str
    signer: str
    signed_at: dt.datetime | None
    intact: bool  # the signed bytes are unchanged
    valid: bool  # ... and the signature over them is mathematically sound
    trusted: bool  # the signing certificate chains to our configured issuers
    whole_file: bool  # nothing was added after it (it covers the entire file)
    # What was added after it (if anything) is what the document allows: typically a later signature, as
    # ours after the issuing authority's own (pyHanko's difference analysis, `docmdp_ok`).
    changes_allowed: bool = False

    @property
    def good(self) -> bool:
        return self.intact and self.valid and (self.whole_file or self.changes_allowed)


def check_signatures(content: bytes) -> list[SignatureCheck] | None:
    """Every signature of the PDF, validated offline against our issuers; None if the PDF cannot be read."""
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.status import SignatureCoverageLevel
    from pyhanko_certvalidator import ValidationContext

    try:
        reader = PdfFileReader(io.BytesIO(content), strict=False)
        signatures = list(reader.embedded_signatures)
    except Exception:  # a damaged or hostile file: "cannot read it", never a server error
        return None
    checks = []
    roots = trust_roots()
    for sig in signatures:
        try:
            status = validate_pdf_signature(sig, ValidationContext(trust_roots=roots, allow_fetching=False))
        except Exception:  # a signature too damaged to be checked is not valid
            checks.append(SignatureCheck(sig.field_name, "", None, False, False, False, False))
            continue
        checks.append(SignatureCheck(
            field=sig.field_name or "",
            signer=status.signing_cert.subject.human_friendly if status.signing_cert else "",
            signed_at=status.signer_reported_dt,
            intact=bool(status.intact), valid=bool(status.valid), trusted=bool(status.trusted),
            whole_file=status.coverage == SignatureCoverageLevel.ENTIRE_FILE, changes_allowed=bool(status.docmdp_ok),
        ))
    return checks


def sha256(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


# -- the demo certificate ------------------------------------------------------------------------------------
DEMO_CA_NAME = "Một Cửa CA thử nghiệm (DEMO)"


def _fit(text: str, limit: int) -> str:
    """`text` cut to at most `limit` bytes of UTF-8 (an X.520 common name holds 64), at a word if it can."""
    if len(text.encode()) <= limit:
        return text
    cut = text
    while len(cut.encode()) > limit:
        cut = cut[:-1]
    return cut.rsplit(" ", 1)[0] if " " in cut else cut


def make_demo_certificate(key_path: Path, cert_path: Path, chain_path: Path, *, unit_name: str) -> bool:
    """A demo CA and the center's signing certificate (RSA 2048, SHA-256, non-repudiation) issued by it,
    written as PEM where the settings expect them; False (nothing written) if they are already there."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.x509.oid import NameOID

    if key_path.exists() and cert_path.exists():
        return False
    now = dt.datetime.now(dt.UTC)

    def name(common: str) -> x509.Name:
        return x509.Name([
            x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Một Cửa (DEMO)"),
            x509.NameAttribute(NameOID.COMMON_NAME, common),
        ])

    def usage(**on) -> x509.KeyUsage:
        flags = ("digital_signature", "content_commitment", "key_encipherment", "data_encipherment",
                 "key_agreement", "key_cert_sign", "crl_sign", "encipher_only", "decipher_only")
        return x509.KeyUsage(**{f: on.get(f, False) for f in flags})

    ca_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    ca = (
        x509.CertificateBuilder().subject_name(name(DEMO_CA_NAME)).issuer_name(name(DEMO_CA_NAME))
        .public_key(ca_key.public_key()).serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1)).not_valid_after(now + dt.timedelta(days=10 * 365))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(usage(key_cert_sign=True, crl_sign=True), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    cert = (
        x509.CertificateBuilder().subject_name(name(f"{_fit(unit_name, 64 - len(' (DEMO)'))} (DEMO)")).issuer_name(ca.subject)
        .public_key(key.public_key()).serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1)).not_valid_after(now + dt.timedelta(days=3 * 365))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(usage(digital_signature=True, content_commitment=True), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    for path in (key_path, cert_path, chain_path):
        path.parent.mkdir(parents=True, exist_ok=True)
    chain_path.write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_bytes = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    fd = os.open(key_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)  # the key is readable by its owner only
    with os.fdopen(fd, "wb") as handle:
        handle.write(key_bytes)
    return True
