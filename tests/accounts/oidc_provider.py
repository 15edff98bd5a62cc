"""A small OpenID Connect provider the tests run (decision 0044): discovery, JWKS, authorize, token and
userinfo, as a WSGI app served in a thread on 127.0.0.1 at a random port. It signs ID tokens with its own
RSA key (joserfc) and checks the client's secret, the redirect URI and the PKCE verifier.

`provider.person` is who signs in at the next authorization (no login page: consent is automatic).
`provider.misbehave` makes the next token response wrong in one way:
  "bad_signature"  — signed by another key under the published key's id
  "wrong_nonce"    — a nonce other than the one the client sent
  "wrong_audience" — issued to another client
  "wrong_audience_with_azp" — issued to another client, naming ours as the authorized party
  "expired"        — expired an hour ago
  "wrong_issuer"   — claims another issuer
  "no_id_token"    — an access token without an ID token
"""
from __future__ import annotations

import base64
import hashlib
import json
import secrets
import threading
import time
from urllib.parse import parse_qs, urlencode
from wsgiref.simple_server import WSGIRequestHandler, make_server

from joserfc import jwt
from joserfc.jwk import KeySet, RSAKey

CLIENT_ID = "mot-cua-test"
CLIENT_SECRET = "bi-mat-thu-nghiem"


class _Quiet(WSGIRequestHandler):
    def log_message(self, *args):  # no access log on the test output
        pass


class LocalProvider:
    def __init__(self):
        self.key = RSAKey.generate_key(2048, parameters={"kid": "k1", "use": "sig", "alg": "RS256"})
        self.other_key = RSAKey.generate_key(2048, parameters={"kid": "k1", "use": "sig", "alg": "RS256"})
        self.codes: dict[str, dict] = {}
        self.tokens: dict[str, dict] = {}
        self.person: dict = {}
        self.misbehave: str = ""
        self.server = make_server("127.0.0.1", 0, self.app, handler_class=_Quiet)
        self.issuer = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def start(self) -> LocalProvider:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    # -- the WSGI app ----------------------------------------------------------------------------------
    def app(self, environ, start_response):
        path = environ["PATH_INFO"]
        handler = {
            "/.well-known/openid-configuration": self.discovery, "/jwks": self.jwks, "/authorize": self.authorize,
            "/token": self.token, "/userinfo": self.userinfo,
        }.get(path)
        if handler is None:
            return self._json(start_response, {"error": "not_found"}, "404 Not Found")
        return handler(environ, start_response)

    @staticmethod
    def _json(start_response, body, status="200 OK", headers=()):
        data = json.dumps(body).encode()
        start_response(status, [("Content-Type", "application/json"), ("Content-Length", str(len(data))), *headers])
        return [data]

    def discovery(self, environ, start_response):
        return self._json(start_response, {
            "issuer": self.issuer, "authorization_endpoint": f"{self.issuer}/authorize",
            "token_endpoint": f"{self.issuer}/token", "userinfo_endpoint": f"{self.issuer}/userinfo",
            "jwks_uri": f"{self.issuer}/jwks", "response_types_supported": ["code"],
            "subject_types_supported": ["public"], "id_token_signing_alg_values_supported": ["RS256"],
            "code_challenge_methods_supported": ["S256"],
            "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"],
        })

    def jwks(self, environ, start_response):
        return self._json(start_response, KeySet([self.key]).as_dict(private=False))

    def authorize(self, environ, start_response):
        q = {k: v[0] for k, v in parse_qs(environ.get("QUERY_STRING", "")).items()}
        if q.get("client_id") != CLIENT_ID or q.get("response_type") != "code" or "openid" not in q.get("scope", ""):
            return self._json(start_response, {"error": "invalid_request"}, "400 Bad Request")
        if q.get("code_challenge_method") != "S256" or not q.get("code_challenge"):
            return self._json(start_response, {"error": "invalid_request", "error_description": "PKCE required"},
                              "400 Bad Request")
        code = secrets.token_urlsafe(16)
        self.codes[code] = {"redirect_uri": q["redirect_uri"], "nonce": q.get("nonce"),
                            "challenge": q["code_challenge"], "person": dict(self.person)}
        target = f"{q['redirect_uri']}?{urlencode({'code': code, 'state': q.get('state', '')})}"
        start_response("302 Found", [("Location", target), ("Content-Length", "0")])
        return [b""]

    def _client_ok(self, environ, form) -> bool:
        auth = environ.get("HTTP_AUTHORIZATION", "")
        if auth.startswith("Basic "):
            ident, _, secret = base64.b64decode(auth[6:]).decode().partition(":")
        else:
            ident, secret = form.get("client_id", ""), form.get("client_secret", "")
        return ident == CLIENT_ID and secret == CLIENT_SECRET

    def token(self, environ, start_response):
        size = int(environ.get("CONTENT_LENGTH") or 0)
        form = {k: v[0] for k, v in parse_qs(environ["wsgi.input"].read(size).decode()).items()}
        if not self._client_ok(environ, form):
            return self._json(start_response, {"error": "invalid_client"}, "401 Unauthorized")
        grant = self.codes.pop(form.get("code", ""), None)
        if grant is None or form.get("redirect_uri") != grant["redirect_uri"]:
            return self._json(start_response, {"error": "invalid_grant"}, "400 Bad Request")
        verifier = form.get("code_verifier", "")
        challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
        if challenge != grant["challenge"]:
            return self._json(start_response, {"error": "invalid_grant", "error_description": "PKCE"}, "400 Bad Request")
        now = int(time.time())
        person = grant["person"]
        claims = {"iss": self.issuer, "sub": person["sub"], "aud": CLIENT_ID, "iat": now, "exp": now + 300,
                  "nonce": grant["nonce"], **{k: v for k, v in person.items() if k != "sub"}}
        key, mode = self.key, self.misbehave
        self.misbehave = ""
        if mode == "bad_signature":
            key = self.other_key
        elif mode == "wrong_nonce":
            claims["nonce"] = "not-the-nonce"
        elif mode == "wrong_audience":
            claims["aud"] = "another-client"
        elif mode == "wrong_audience_with_azp":  # our client as the authorized party, but not the audience
            claims["aud"], claims["azp"] = "another-client", CLIENT_ID
        elif mode == "expired":
            claims["iat"], claims["exp"] = now - 7200, now - 3600
        elif mode == "wrong_issuer":
            claims["iss"] = "https://impostor.example"
        access = secrets.token_urlsafe(16)
        self.tokens[access] = person
        body = {"access_token": access, "token_type": "Bearer", "expires_in": 300}
        if mode != "no_id_token":
            body["id_token"] = jwt.encode({"alg": "RS256", "kid": "k1"}, claims, key)
        return self._json(start_response, body, headers=[("Cache-Control", "no-store")])

    def userinfo(self, environ, start_response):
        auth = environ.get("HTTP_AUTHORIZATION", "")
        person = self.tokens.get(auth[7:]) if auth.startswith("Bearer ") else None
        if person is None:
            return self._json(start_response, {"error": "invalid_token"}, "401 Unauthorized")
        return self._json(start_response, person)


if __name__ == "__main__":  # a provider to try the button by hand: python -m tests.accounts.oidc_provider
    provider = LocalProvider()
    provider.person = {"sub": "demo-0001", "name": "Nguyễn Văn An", "identity_number": "022090000123",
                       "email": "an.nguyen@example.vn", "email_verified": True}
    print(f"MOTCUA_OIDC_ISSUER={provider.issuer} MOTCUA_OIDC_CLIENT_ID={CLIENT_ID} "
          f"MOTCUA_OIDC_CLIENT_SECRET={CLIENT_SECRET}", flush=True)
    provider.server.serve_forever()
