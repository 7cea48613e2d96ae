#!/usr/bin/env python3
"""Runs the reference implementation (twilio-python 9.13.0 + PyJWT) for the Swift differential tests.

Usage: twilio_reference.py COMMAND < requests.json > results.json

Commands:
  access      mint access tokens; each request is an access-token spec (see access_token() below)
  capability  mint Client capability tokens (see capability_token() below)
  taskrouter  mint TaskRouter capability tokens (see taskrouter_token() below)
  pyjwt       verify tokens with PyJWT: [{"token", "key", "algorithm"}] -> decoded claims or {"error": …}
  floats      repr() of doubles given as their IEEE-754 bit patterns (unsigned 64-bit integers, as strings)
  check       print the versions in use and exit non-zero unless twilio is 9.13.0

The Swift tests write the requests, run this script and compare the results byte for byte.
"""

import json
import struct
import sys
from unittest import mock


def require_reference():
    try:
        import jwt  # noqa: F401  (PyJWT)
        import twilio
    except ImportError as error:
        sys.exit(f"twilio_reference.py: {error}; run: python3 -m pip install -r Tests/requirements.txt")
    if twilio.__version__ != "9.13.0":
        sys.exit(f"twilio_reference.py: need twilio 9.13.0, found {twilio.__version__}; "
                 "run: python3 -m pip install -r Tests/requirements.txt")


def legacy_grant_classes():
    """twilio-python 7.x's IpMessagingGrant and ConversationsGrant (removed in 8.0), as they were."""
    from twilio.jwt.access_token import AccessTokenGrant

    class IpMessagingGrant(AccessTokenGrant):
        def __init__(self, service_sid=None, endpoint_id=None, deployment_role_sid=None, push_credential_sid=None):
            self.service_sid = service_sid
            self.endpoint_id = endpoint_id
            self.deployment_role_sid = deployment_role_sid
            self.push_credential_sid = push_credential_sid

        @property
        def key(self):
            return "ip_messaging"

        def to_payload(self):
            grant = {}
            if self.service_sid:
                grant['service_sid'] = self.service_sid
            if self.endpoint_id:
                grant['endpoint_id'] = self.endpoint_id
            if self.deployment_role_sid:
                grant['deployment_role_sid'] = self.deployment_role_sid
            if self.push_credential_sid:
                grant['push_credential_sid'] = self.push_credential_sid
            return grant

    class ConversationsGrant(AccessTokenGrant):
        def __init__(self, configuration_profile_sid=None):
            self.configuration_profile_sid = configuration_profile_sid

        @property
        def key(self):
            return "rtc"

        def to_payload(self):
            grant = {}
            if self.configuration_profile_sid:
                grant['configuration_profile_sid'] = self.configuration_profile_sid
            return grant

    class CustomGrant(AccessTokenGrant):
        """How a user adds a grant twilio-python does not know: subclass AccessTokenGrant."""

        def __init__(self, key, value):
            self._key = key
            self.value = value

        @property
        def key(self):
            return self._key

        def to_payload(self):
            return self.value

    return IpMessagingGrant, ConversationsGrant, CustomGrant


def access_token(spec):
    from twilio.jwt.access_token import AccessToken
    from twilio.jwt.access_token.grants import (ChatGrant, PlaybackGrant, SyncGrant, TaskRouterGrant,
                                                VideoGrant, VoiceGrant)
    IpMessagingGrant, ConversationsGrant, CustomGrant = legacy_grant_classes()

    def make_grant(g):
        kind = g["type"]
        if kind == "voice":
            return VoiceGrant(incoming_allow=g.get("incomingAllow"),
                              outgoing_application_sid=g.get("outgoingApplicationSid"),
                              outgoing_application_params=g.get("outgoingApplicationParams"),
                              push_credential_sid=g.get("pushCredentialSid"),
                              endpoint_id=g.get("endpointId"))
        if kind == "video":
            return VideoGrant(room=g.get("room"))
        if kind in ("chat", "ipMessaging"):
            cls = ChatGrant if kind == "chat" else IpMessagingGrant
            return cls(service_sid=g.get("serviceSid"), endpoint_id=g.get("endpointId"),
                       deployment_role_sid=g.get("deploymentRoleSid"), push_credential_sid=g.get("pushCredentialSid"))
        if kind == "sync":
            return SyncGrant(service_sid=g.get("serviceSid"), endpoint_id=g.get("endpointId"))
        if kind == "taskRouter":
            return TaskRouterGrant(workspace_sid=g.get("workspaceSid"), worker_sid=g.get("workerSid"),
                                   role=g.get("role"))
        if kind == "playback":
            return PlaybackGrant(grant=g.get("grant"))
        if kind == "rtc":
            return ConversationsGrant(configuration_profile_sid=g.get("configurationProfileSid"))
        if kind == "custom":
            return CustomGrant(g["key"], g["value"])
        raise ValueError(f"unknown grant type {kind}")

    kwargs = lifetime_kwargs(spec)
    if "region" in spec:
        kwargs["region"] = spec["region"]
    if "identity" in spec:
        kwargs["identity"] = spec["identity"]
    token = AccessToken(spec["accountSid"], spec["apiKeySid"], spec["apiKeySecret"],
                        grants=[make_grant(g) for g in spec.get("grants", [])], **kwargs)
    with mock.patch("time.time", return_value=float(spec["issuedAt"])):
        return token.to_jwt()


def lifetime_kwargs(spec, allow_valid_until=True):
    kwargs = {}
    nbf = spec.get("nbf", "issueTime")
    if nbf == "omitted":
        kwargs["nbf"] = None
    elif nbf != "issueTime":
        kwargs["nbf"] = nbf
    if "ttl" in spec:
        kwargs["ttl"] = spec["ttl"]
    if allow_valid_until and "validUntil" in spec:
        kwargs["valid_until"] = spec["validUntil"]
    return kwargs


def capability_token(spec):
    """ops: [{"op": "incoming", "clientName"}, {"op": "outgoing", "applicationSid", "params": [[k, [v…]]…]},
    {"op": "events", "filters": [[k, [v…]]…]}] applied in order; a value list of one element is passed as a
    plain string, longer lists as Python lists (urlencode doseq)."""
    from twilio.jwt.client import ClientCapabilityToken

    def keywords(pairs):
        return {name: values[0] if len(values) == 1 else values for name, values in pairs}

    token = ClientCapabilityToken(spec["accountSid"], spec["authToken"], **lifetime_kwargs(spec, False))
    for op in spec["ops"]:
        if op["op"] == "incoming":
            token.allow_client_incoming(op["clientName"])
        elif op["op"] == "outgoing":
            token.allow_client_outgoing(op["applicationSid"], **keywords(op.get("params", [])))
        elif op["op"] == "events":
            token.allow_event_stream(**keywords(op.get("filters", [])))
        else:
            raise ValueError(op)
    with mock.patch("time.time", return_value=float(spec["issuedAt"])):
        return token.to_jwt()


def taskrouter_token(spec):
    """channel: {"worker": WK} | {"taskQueue": WQ} | {"workspace": true}; flags: twilio-python keyword
    arguments (allow_*); policies: extra policies [{url, method, allow, queryFilter, postFilter}] added after
    construction, as a user of twilio-python does with _make_policy."""
    from twilio.jwt.taskrouter.capabilities import (TaskQueueCapabilityToken, WorkerCapabilityToken,
                                                    WorkspaceCapabilityToken)
    kwargs = dict(spec.get("flags", {}))
    kwargs.update(lifetime_kwargs(spec))
    channel = spec["channel"]
    common = (spec["accountSid"], spec["authToken"], spec["workspaceSid"])
    if "worker" in channel:
        token = WorkerCapabilityToken(*common, channel["worker"], **kwargs)
    elif "taskQueue" in channel:
        token = TaskQueueCapabilityToken(*common, channel["taskQueue"], **kwargs)
    else:
        token = WorkspaceCapabilityToken(*common, **kwargs)
    for policy in spec.get("policies", []):
        token._make_policy(policy["url"], policy["method"], policy["allow"],
                           query_filter=policy.get("queryFilter"), post_filter=policy.get("postFilter"))
    with mock.patch("time.time", return_value=float(spec["issuedAt"])):
        return token.to_jwt()


def pyjwt_verify(request):
    import jwt
    try:
        return jwt.decode(request["token"], request["key"], algorithms=[request.get("algorithm", "HS256")],
                          options={"verify_aud": False})
    except Exception as error:  # reported, not raised: the caller compares outcomes
        return {"error": f"{type(error).__name__}: {error}"}


def float_repr(bits):
    return repr(struct.unpack("<d", struct.pack("<Q", int(bits)))[0])


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    command = sys.argv[1]
    require_reference()
    if command == "check":
        import jwt
        import twilio
        print(json.dumps({"twilio": twilio.__version__, "pyjwt": jwt.__version__}))
        return
    requests = json.load(sys.stdin)
    if command == "access":
        results = [access_token(spec) for spec in requests]
    elif command == "capability":
        results = [capability_token(spec) for spec in requests]
    elif command == "taskrouter":
        results = [taskrouter_token(spec) for spec in requests]
    elif command == "pyjwt":
        results = [pyjwt_verify(request) for request in requests]
    elif command == "floats":
        results = [float_repr(bits) for bits in requests]
    else:
        sys.exit(f"unknown command {command}\n{__doc__}")
    json.dump(results, sys.stdout)


if __name__ == "__main__":
    main()
