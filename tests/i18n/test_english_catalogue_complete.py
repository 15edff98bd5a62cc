"""Every string wrapped for translation has an English translation, and every catalogue is complete and compiled.

The source strings (msgids) are Vietnamese; English lives in the catalogues of the apps and of
motcua/locale (docs/decisions/0036-translation-catalogues.md). Django merges all of them, so a string
counts as translated when ANY catalogue translates it — the check is independent of where it lives.

1. Extraction: every .py file and every template (.html, .txt) of the `motcua` package goes through
   xgettext exactly as `makemessages` runs it (templates through Django's `templatize`).
2. Each Vietnamese msgid (with its context; plurals by their first form) is looked up in the merged English
   catalogue Django builds at run time (`translation("en")._catalog`), and must be there, non-empty.
3. Every committed .po compiles (`msgfmt --check-format`), its .mo is up to date (recompiled to a
   temporary file, both read back and compared), and each English .po has 0 untranslated Vietnamese
   msgids and 0 fuzzy messages.

MOTCUA_I18N_ONLY=motcua/api,motcua/units/admin.py restricts step 1 to these folders and files (a helper's branch, before
the other apps are translated); CI runs it without the variable.
"""
from __future__ import annotations

import gettext as pygettext
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.utils import translation
from django.utils.translation import trans_real
from django.utils.translation.template import templatize

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "motcua"
# The legal PDF forms stay Vietnamese and carry no {% translate %} tags (checked below).
PDF_FORMS = [PACKAGE / "forms" / "templates" / "forms" / name for name in ("tt01_2018", "tt03_2025", "shared")]
KEYWORDS = [
    "--keyword=gettext_noop", "--keyword=gettext_lazy", "--keyword=ngettext_lazy:1,2",
    "--keyword=pgettext:1c,2", "--keyword=npgettext:1c,2,3", "--keyword=pgettext_lazy:1c,2",
    "--keyword=npgettext_lazy:1c,2,3",
]

pytestmark = pytest.mark.skipif(
    not (shutil.which("xgettext") and shutil.which("msgfmt")),
    reason="GNU gettext is missing: scripts/ensure-system-packages installs it",
)


def _roots() -> list[Path]:
    only = os.environ.get("MOTCUA_I18N_ONLY", "").strip()
    return [ROOT / p.strip() for p in only.split(",") if p.strip()] if only else [PACKAGE]


def _sources() -> tuple[list[Path], list[Path]]:
    python, templates = [], []
    for root in _roots():
        for path in [root] if root.is_file() else sorted(root.rglob("*")):
            if not path.is_file() or "__pycache__" in path.parts or "locale" in path.parts:
                continue
            if any(path.is_relative_to(d) for d in PDF_FORMS):
                continue
            if path.suffix == ".py":
                python.append(path)
            elif path.suffix in (".html", ".txt") and "templates" in path.parts:
                templates.append(path)
    return python, templates


def _parse_po(text: str) -> list[dict]:
    """The entries of a .po/.pot: msgctxt, msgid, msgid_plural, msgstr (list), fuzzy, where."""
    entries: list[dict] = []
    entry: dict = {}
    key = None

    def unquote(s: str) -> str:
        escapes = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\"}
        return re.sub(r"\\(.)", lambda m: escapes.get(m.group(1), m.group(0)), s)

    def flush():
        nonlocal entry
        if "msgid" in entry:
            entries.append(entry)
        entry = {}

    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            flush()
            key = None
            continue
        if line.startswith("#"):
            if "msgid" in entry and key is not None and not line.startswith("#~"):
                flush()
                key = None
            if line.startswith("#,") and "fuzzy" in line:
                entry["fuzzy"] = True
            elif line.startswith("#:"):
                entry.setdefault("where", []).append(line[2:].strip())
            continue
        m = re.match(r'(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?)\s+"(.*)"$', line)
        if m:
            key, value = m.group(1), unquote(m.group(2))
            if key == "msgctxt" and "msgid" in entry:
                flush()
            if key.startswith("msgstr"):
                entry.setdefault("msgstr", []).append(value)
                key = ("msgstr", len(entry["msgstr"]) - 1)
            else:
                entry[key] = value
        elif line.startswith('"') and key is not None:
            value = unquote(line[1:-1])
            if isinstance(key, tuple):
                entry["msgstr"][key[1]] += value
            else:
                entry[key] += value
    flush()
    return entries


def _extract(tmp_path: Path) -> list[dict]:
    python, templates = _sources()
    files = [str(p) for p in python]
    for i, path in enumerate(templates):  # what makemessages does with a template
        src = path.read_text(encoding="utf-8")
        converted = tmp_path / f"t{i:05d}.py"
        converted.write_text(templatize(src, origin=str(path)), encoding="utf-8")
        files.append(str(converted))
    names = {str(tmp_path / f"t{i:05d}.py"): str(p.relative_to(ROOT)) for i, p in enumerate(templates)}
    names |= {str(p): str(p.relative_to(ROOT)) for p in python}
    listing = tmp_path / "files.txt"
    listing.write_text("\n".join(files) + "\n", encoding="utf-8")
    pot = tmp_path / "messages.pot"
    subprocess.run(
        ["xgettext", "--language=Python", *KEYWORDS, "--from-code=UTF-8", "--no-wrap", "--sort-output",
         f"--files-from={listing}", f"--output={pot}"],
        check=True, capture_output=True,
    )
    if not pot.exists():  # nothing wrapped at all
        return []
    entries = [e for e in _parse_po(pot.read_text(encoding="utf-8")) if e["msgid"]]
    for e in entries:
        e["where"] = [" ".join(names.get(w.rsplit(":", 1)[0], w.rsplit(":", 1)[0]) for w in ws.split())
                      for ws in e.get("where", [])]
    return entries


def test_pdf_forms_have_nothing_to_translate():
    for folder in PDF_FORMS:
        for path in folder.rglob("*.html"):
            text = path.read_text(encoding="utf-8")
            assert not re.search(r"{%\s*(trans|translate|blocktrans|blocktranslate)\b", text), path


def test_every_wrapped_string_has_an_english_translation(tmp_path):
    entries = _extract(tmp_path)
    assert entries or os.environ.get("MOTCUA_I18N_ONLY"), "no string extracted: is xgettext working?"
    trans_real._translations.pop("en", None)  # read the catalogues as they are on disk now
    catalog = trans_real.translation("en")._catalog
    missing = []
    for e in entries:
        if e["msgid"].isascii():  # English already: Django's own strings reused in an overridden template
            continue
        key = e["msgid"] if "msgctxt" not in e else f"{e['msgctxt']}\x04{e['msgid']}"
        if "msgid_plural" in e:
            forms = [catalog.get((key, n)) for n in (0, 1)]
            ok = all(forms)
        else:
            ok = bool(catalog.get(key))
        if not ok:
            ctx = f" [context {e['msgctxt']!r}]" if "msgctxt" in e else ""
            missing.append(f"{e['msgid']!r}{ctx} ({', '.join(e.get('where', []))})")
    assert not missing, (
        f"{len(missing)} string(s) have no English translation in any catalogue "
        "(add them to the app's locale/en/LC_MESSAGES/django.po, then `make messages`):\n" + "\n".join(missing)
    )
    with translation.override("en"):  # and Django really serves them
        sample = next((e for e in entries if "msgctxt" not in e and "msgid_plural" not in e), None)
        if sample is not None:
            assert translation.gettext(sample["msgid"]) == catalog.get(sample["msgid"])


def _catalogues() -> list[Path]:
    return sorted(PACKAGE.rglob("locale/*/LC_MESSAGES/*.po"))


def test_there_are_catalogues():
    assert any("/en/" in str(p) for p in _catalogues())


@pytest.mark.parametrize("po", _catalogues(), ids=lambda p: str(p.relative_to(ROOT)))
def test_catalogue_is_complete_and_compiled(po: Path, tmp_path):
    stats = subprocess.run(["msgfmt", "--check-format", "--statistics", "-o", str(tmp_path / "fresh.mo"), str(po)],
                           capture_output=True, text=True, env={**os.environ, "LC_ALL": "C"})
    assert stats.returncode == 0, stats.stderr
    if "/en/" in str(po):
        entries = [e for e in _parse_po(po.read_text(encoding="utf-8")) if e["msgid"]]
        fuzzy = [e["msgid"] for e in entries if e.get("fuzzy")]
        # English source strings (Django's own, reused in an overridden template) need no translation.
        untranslated = [e["msgid"] for e in entries if not all(e.get("msgstr") or [""]) and not e["msgid"].isascii()]
        assert not fuzzy and not untranslated, (
            f"{po} ({stats.stderr.strip()}): fuzzy {fuzzy}, untranslated {untranslated}"
        )
    mo = po.with_suffix(".mo")
    assert mo.exists(), f"{mo} is missing: run `make messages` (or msgfmt -o {mo.name} {po.name})"
    with open(mo, "rb") as committed, open(tmp_path / "fresh.mo", "rb") as fresh:
        old = pygettext.GNUTranslations(committed)._catalog  # type: ignore[attr-defined]
        new = pygettext.GNUTranslations(fresh)._catalog  # type: ignore[attr-defined]
    assert old == new, f"{mo} is out of date with {po.name}: run `make messages`"


def test_one_string_has_one_english_translation_across_catalogues():
    """Django merges every app's catalogue into one: a string translated differently in two catalogues shows
    whichever catalogue happens to win, so a page could read one English and its test another. A string
    that truly needs two translations takes a context (pgettext)."""
    seen: dict[tuple, dict[str, str]] = {}
    for po in _catalogues():
        if "/en/" not in str(po):
            continue
        for e in _parse_po(po.read_text(encoding="utf-8")):
            if e["msgid"] and all(e.get("msgstr") or [""]):
                key = (e.get("msgctxt"), e["msgid"], e.get("msgid_plural"))
                seen.setdefault(key, {})[str(po.relative_to(ROOT))] = " | ".join(e["msgstr"])
    differing = {key[1]: found for key, found in seen.items() if len(set(found.values())) > 1}
    assert not differing, f"translated differently in different catalogues: {differing}"
