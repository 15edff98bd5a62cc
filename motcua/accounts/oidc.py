"""Citizens' sign-in through an OpenID Connect provider — the national e-identity (VNeID) signs in this way
(decision 0044). Authlib's Django client does the protocol: the authorization code flow with PKCE (S256),
state and nonce kept in the session, the ID token's signature checked against the provider's JWKS, its
issuer, audience, expiry and nonce checked. This module configures it and maps the claims to an account:
`sub` → ExternalIdentity, the name, the identity number (the claim named by ID_NUMBER_CLAIM), phone, e-mail.

Anything wrong in the provider's answer is refused and logged (logger "motcua.accounts"), and nothing is
created or changed."""
from __future__ import annotations

import logging
import re
import secrets

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from motcua.accounts.models import ExternalIdentity, Role, User

log = logging.getLogger("motcua.accounts")

# Seconds of clock difference tolerated on the token's times (exp, iat).
LEEWAY = 30
IDENTITY_NUMBER = re.compile(r"^[0-9]{12}$")
BACKEND = "motcua.accounts.backends.AccountBackend"


def _unreachable() -> tuple[type[Exception], ...]:
    import requests
    from authlib.common.errors import AuthlibBaseError

    return (requests.RequestException, AuthlibBaseError, KeyError, ValueError, TypeError)


# What a provider that cannot be reached, or answers nonsense, raises at the start of a sign-in.
UNREACHABLE = _unreachable()


class OidcRefused(Exception):
    """The provider's answer was refused; the reason is logged, the person sees a general message."""


def config() -> dict:
    return getattr(settings, "MOTCUA_OIDC", {}) or {}


def configured() -> bool:
    cfg = config()
    return bool(cfg.get("ISSUER") and cfg.get("CLIENT_ID"))


def client():
    """A client for the configured provider (made per sign-in: its metadata and keys are read fresh, so a
    rotated key is picked up)."""
    from authlib.integrations.django_client import OAuth

    cfg = config()
    oauth = OAuth()
    return oauth.register(
        "vneid",
        client_id=cfg["CLIENT_ID"],
        client_secret=cfg.get("CLIENT_SECRET") or None,
        server_metadata_url=f"{cfg['ISSUER']}/.well-known/openid-configuration",
        client_kwargs={"scope": cfg.get("SCOPE") or "openid", "code_challenge_method": "S256", "timeout": 10},
    )


def start(request, redirect_uri: str):
    """The redirect to the provider's authorization endpoint (state, nonce and PKCE verifier kept in the session)."""
    return client().authorize_redirect(request, redirect_uri)


def finish(request) -> dict:
    """The verified claims of the callback: ID token checked (signature by the JWKS, iss, aud, exp, nonce),
    then the userinfo endpoint's claims for the same subject. Raises OidcRefused (logged)."""
    import requests
    from authlib.common.errors import AuthlibBaseError
    from joserfc.errors import JoseError

    cfg = config()
    the_client = client()
    try:
        token = the_client.authorize_access_token(
            request,
            # Authlib checks `aud` against the client only through `azp` unless told: the audience is named here.
            claims_options={"iss": {"essential": True, "values": [cfg["ISSUER"]]}, "sub": {"essential": True},
                            "aud": {"essential": True, "values": [cfg["CLIENT_ID"]]}},
            leeway=LEEWAY,
        )
        claims = dict(token.get("userinfo") or {})
        if not claims:
            raise OidcRefused("no ID token in the token response")
        if the_client.load_server_metadata().get("userinfo_endpoint"):
            extra = dict(the_client.userinfo(token=token))
            if extra.get("sub") != claims["sub"]:
                raise OidcRefused("userinfo is about another subject")
            claims = {**extra, **claims}
    except OidcRefused as exc:
        log.warning("OIDC sign-in refused: %s", exc)
        raise
    except (AuthlibBaseError, JoseError, requests.RequestException, KeyError, ValueError, TypeError) as exc:
        log.warning("OIDC sign-in refused: %s: %s", type(exc).__name__, exc)
        raise OidcRefused(f"{type(exc).__name__}: {exc}") from exc
    return claims


def _claim(claims: dict, name: str) -> str:
    value = claims.get(name)
    return str(value).strip() if value not in (None, "") else ""


def _match(claims: dict, identity_number: str, current_user) -> User | None:
    """The existing account the person is, as far as verified facts tell: the signed-in citizen, or the
    citizen account with the same verified identity number, or with the same e-mail verified on both sides."""
    if current_user is not None and current_user.is_authenticated and current_user.role == Role.CITIZEN:
        return current_user
    citizens = User.objects.filter(role=Role.CITIZEN, is_active=True)
    if identity_number:
        found = citizens.filter(identity_number=identity_number, identity_verified=True).first()
        if found is not None:
            return found
    email = _claim(claims, "email").lower()
    if email and claims.get("email_verified") is True:
        return citizens.filter(email__iexact=email, email_verified=True).first()
    return None


@transaction.atomic
def sign_in_user(claims: dict, *, current_user=None) -> User:
    """The account for these verified claims: the one linked to (issuer, sub), or an existing verified one
    now linked, or a new citizen account. Its profile takes the provider's name and identity number
    (verified from now on), and its e-mail and phone where it has none."""
    from motcua.accounts.services import normalize_phone
    from motcua.audit.services import record_change

    cfg = config()
    issuer, subject = cfg["ISSUER"], _claim(claims, "sub")
    if not subject:
        raise OidcRefused("no subject")
    identity_number = _claim(claims, cfg.get("ID_NUMBER_CLAIM") or "identity_number")
    if identity_number and not IDENTITY_NUMBER.match(identity_number):
        log.warning("OIDC identity number claim ignored: not 12 digits")
        identity_number = ""
    link = ExternalIdentity.objects.select_related("user").filter(provider=issuer, subject=subject).first()
    created = False
    if link is not None:
        user = link.user
        if not user.is_active:
            log.warning("OIDC sign-in refused: the linked account %s is locked", user.pk)
            raise OidcRefused("account locked")
    else:
        user = _match(claims, identity_number, current_user)
        if user is None:
            username = f"vneid-{subject}"[:150]
            if User.objects.filter(username=username).exists():  # an account whose link was removed
                username = f"vneid-{secrets.token_hex(6)}-{subject}"[:150]
            user = User(username=username, role=Role.CITIZEN, is_active=True)
            user.set_unusable_password()
            created = True
        elif user.external_identities.filter(provider=issuer).exists():
            log.warning("OIDC sign-in refused: account %s is already linked to another subject", user.pk)
            raise OidcRefused("account linked to another subject")
    name = _claim(claims, "name")
    if name:
        user.full_name = name[:200]
    if identity_number:
        user.identity_number, user.identity_verified = identity_number, True
    email = _claim(claims, "email").lower()
    if email and not user.email:
        user.email, user.email_verified = email, claims.get("email_verified") is True
    phone = normalize_phone(_claim(claims, "phone_number"))
    if phone and not user.phone:
        user.phone, user.phone_verified = phone, claims.get("phone_number_verified") is True
    user.save()
    if link is None:
        link = ExternalIdentity.objects.create(provider=issuer, subject=subject, user=user)
        record_change(user, action="link_identity", actor=user, changes={"external_identity": ["", issuer]})
    ExternalIdentity.objects.filter(pk=link.pk).update(last_login_at=timezone.now())
    log.info("OIDC sign-in: user=%s created=%s", user.pk, created)
    return user
