"""The mixed load of bench/scale.py: 70 % public lookups, 20 % officers (worklist, dossier detail), 10 %
intakes. Each user waits 5–15 s between requests (a person reading a page). The tokens, session and codes
come from the JSON file named by MOTCUA_LOCUST_DATA (written by bench/scale.py)."""
import json
import os
import random

from locust import HttpUser, between, task

DATA = json.loads(open(os.environ["MOTCUA_LOCUST_DATA"], encoding="utf-8").read())  # noqa: SIM115
PROCEDURE = os.environ["MOTCUA_LOCUST_PROCEDURE"]


class Visitor(HttpUser):
    wait_time = between(5, 15)

    def on_start(self):
        # Each user is another client address behind the proxy (the lookup is rate-limited per address).
        self.ip = f"10.{random.randint(0, 255)}.{random.randint(0, 255)}.{random.randint(1, 254)}"

    @task(70)
    def lookup(self):
        code, check = random.choice(DATA["lookup"])
        self.client.get(f"/api/v1/lookup/{code}?k={check}", name="/api/v1/lookup/{code}",
                        headers={"X-Forwarded-For": self.ip})

    @task(10)
    def worklist(self):
        self.client.get("/can-bo/", cookies={"sessionid": DATA["session"]}, name="/can-bo/")

    @task(10)
    def detail(self):
        self.client.get(f"/api/v1/dossiers/{random.choice(DATA['own'])}", name="/api/v1/dossiers/{code}",
                        headers={"Authorization": f"Bearer {DATA['officer_token']}"})

    @task(10)
    def intake(self):
        self.client.post("/api/v1/dossiers", name="POST /api/v1/dossiers", json={
            "procedure": PROCEDURE, "unit": DATA["unit"], "channel": "counter",
            "applicant": {"name": "Nguyễn Văn Đo Tải", "id_number": "022190000123"},
        }, headers={"Authorization": f"Bearer {DATA['officer_token']}"})
