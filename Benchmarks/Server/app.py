"""The Flask baseline: a Voice quickstart-style `/accessToken` route on twilio-python.

GET /accessToken?identity=alice answers the raw JWT of an access token with a Voice grant, as the Voice quickstart
servers do. Credentials come from the environment (fake ones in the benchmark); run it as people deploy it:
    gunicorn -w 1 -k sync -b 127.0.0.1:PORT app:app
"""

import os

from flask import Flask, request
from twilio.jwt.access_token import AccessToken
from twilio.jwt.access_token.grants import VoiceGrant

ACCOUNT_SID = os.environ["TWILIO_ACCOUNT_SID"]
API_KEY = os.environ["TWILIO_API_KEY"]
API_SECRET = os.environ["TWILIO_API_SECRET"]
APP_SID = os.environ["TWILIO_TWIML_APP_SID"]

app = Flask(__name__)


@app.route("/accessToken", methods=["GET", "POST"])
def access_token():
    identity = request.values.get("identity", "alice")
    token = AccessToken(ACCOUNT_SID, API_KEY, API_SECRET, identity=identity)
    token.add_grant(VoiceGrant(outgoing_application_sid=APP_SID, incoming_allow=True))
    return token.to_jwt()
