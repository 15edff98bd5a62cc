"""`manage.py backup OUTPUT`: one archive with the database, every uploaded file, the anchor file, the
generated secret key and a manifest of counts, audit head, statistics and the sha256 of each file."""
import hashlib
import json
import stat
import tarfile
from io import StringIO

from django.core.management import call_command

from motcua.dossiers.audit import heads, heads_digest
from motcua.dossiers.models import Dossier, DossierEvent


def read_manifest(path):
    with tarfile.open(path, "r:gz") as tar:
        return json.load(tar.extractfile("manifest.json")), {m.name: tar.extractfile(m).read() for m in tar if m.isfile()}


def test_the_archive_holds_database_files_anchors_key_and_a_manifest_of_them(installation, tmp_path):
    out = StringIO()
    path = tmp_path / "b" / "nightly.tar.gz"
    call_command("backup", str(path), stdout=out)

    manifest, members = read_manifest(path)
    media = sorted(p for p in installation.media_root.rglob("*") if p.is_file())
    assert len(media) == 2
    expected_files = {"database/db.sqlite3" if manifest["database"]["vendor"] == "sqlite" else "database/db.pgdump",
                      "audit/anchors.jsonl", "secret/secret_key",
                      *(f"media/{p.relative_to(installation.media_root).as_posix()}" for p in media)}
    assert set(manifest["files"]) == expected_files
    assert set(members) == expected_files | {"manifest.json"}
    for name, facts in manifest["files"].items():
        assert facts == {"sha256": hashlib.sha256(members[name]).hexdigest(), "size": len(members[name])}
    for p in media:
        assert members[f"media/{p.relative_to(installation.media_root).as_posix()}"] == p.read_bytes()

    assert manifest["counts"]["dossiers.Dossier"] == Dossier.objects.count() == 3
    assert manifest["counts"]["dossiers.DossierEvent"] == DossierEvent.objects.count()
    chain_heads = heads()  # one chain per reception unit (decision 0048): the digest of every head
    assert {
        "events": DossierEvent.objects.count(), "chain_intact": True,
        "head_id": DossierEvent.objects.order_by("-id").values_list("id", flat=True).first(),
        "head_hash": heads_digest(chain_heads), "heads": {str(k): list(v) for k, v in chain_heads.items()}, "anchors": 1, "anchors_match": True, "anchor_key": "secret_key",
    }.items() <= manifest["audit"].items()
    assert manifest["audit"]["anchored_events"] < manifest["audit"]["events"]  # later events unanchored
    assert sum(manifest["statistics"]["dossiers_by_status_timeliness"].values()) == 3
    assert manifest["secret_key"] == "included"
    assert "3 hồ sơ" in out.getvalue() and "2 tệp tải lên" in out.getvalue()


def test_the_archive_is_readable_by_its_owner_only_and_appears_whole_or_not_at_all(archive):
    assert stat.S_IMODE(archive.stat().st_mode) == 0o600  # it holds the secret key and citizens' data
    assert [p.name for p in archive.parent.iterdir()] == [archive.name]  # no .partial, no work folder left


def test_a_key_from_the_environment_is_not_put_in_the_archive(installation, tmp_path, monkeypatch):
    monkeypatch.setenv("MOTCUA_SECRET_KEY", "from-the-environment")
    path = tmp_path / "env.tar.gz"
    call_command("backup", str(path), stdout=StringIO())
    manifest, members = read_manifest(path)
    assert "secret/secret_key" not in members and manifest["secret_key"].startswith("not included")
