"""A strict Content-Security-Policy on every page type: no inline script, no eval, nothing framed.
(The browser journeys fail on any violation the policy reports in the console: tests/browser/conftest.py.)"""
import re

import pytest

pytestmark = pytest.mark.django_db


def policy(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in header.split(";") if part.strip()}


@pytest.mark.parametrize("path", ["/", "/thu-tuc/", "/tra-cuu/", "/dang-nhap/", "/api/v1/units", "/khong-co/"])
def test_every_response_carries_the_strict_policy(client, path):
    p = policy(client.get(path))
    assert p["script-src"] == ["'self'"]
    assert p["object-src"] == ["'none'"] and p["frame-ancestors"] == ["'none'"]
    assert "'unsafe-eval'" not in " ".join(sum(p.values(), []))


def test_no_template_has_an_inline_script_or_event_handler():
    from pathlib import Path

    root = Path(__file__).resolve().parents[2] / "motcua"
    offenders = []
    for template in root.rglob("templates/**/*.html"):
        text = template.read_text(encoding="utf-8")
        if re.search(r"<script(?![^>]*\bsrc=)[^>]*>", text) or re.search(r"\son[a-z]+\s*=\s*[\"']", text):
            offenders.append(str(template.relative_to(root)))
        if re.search(r"hx-on|hx-vals\s*=\s*[\"']js:|javascript:", text):
            offenders.append(str(template.relative_to(root)))
    assert offenders == []
