/// The claims of an access token, typed.
public struct AccessTokenClaims: Sendable, Hashable {
    /// The API key SID that signed the token (`iss`).
    public let apiKeySID: String
    /// The account SID (`sub`).
    public let accountSID: String
    /// The token identifier (`jti`), if present.
    public let tokenID: String?
    /// The identity (`grants.identity`), if present. A numeric identity (twilio-python passes integers through)
    /// is given as its decimal text.
    public let identity: String?
    /// The grants in the token's order. A grant whose key or shape this library does not know (an unknown
    /// member, a member of an unexpected type) is kept verbatim as ``Grant/custom(key:value:)``, so nothing is
    /// lost; JSON `null` members count as absent.
    public let grants: Grants
    /// `exp`.
    public let expiresAt: Int
    /// `nbf`, if present.
    public let notBefore: Int?
    /// `iat`, if present (twilio-node and ExTwilio write it; twilio-python does not).
    public let issuedAt: Int?
    /// The Twilio Region of the header's `twr`, if present and not `null`.
    public let region: String?

    /// The token as an ``AccessToken`` description: the same identity, grants, region, expiry and `nbf`, to
    /// run ``AccessToken/diagnostics()`` on it or mint a similar token.
    public var accessToken: AccessToken {
        AccessToken(
            identity: self.identity,
            grants: self.grants,
            expiration: .at(self.expiresAt),
            notBefore: self.notBefore.map(NotBefore.at) ?? .omitted,
            region: self.region,
            tokenIdentifier: self.tokenID.map(AccessToken.TokenIdentifier.custom) ?? .keyAndIssueTime
        )
    }
}

extension AccessTokenClaims {
    /// Interprets decoded header and claims. Shapes only: key binding and times are the verifier's business.
    init(header: JSONObject, payload: JSONObject) throws(TokenError) {
        let claims = ClaimReader(object: payload, part: "claims")
        let headers = ClaimReader(object: header, part: "header")
        self.apiKeySID = try claims.requiredString("iss")
        guard let accountSID = try claims.string("sub") else {
            throw TokenError(.missingClaim, "the claims have no 'sub'; an access token names its account there")
        }
        self.accountSID = accountSID
        self.tokenID = try claims.string("jti")
        self.expiresAt = try claims.requiredTime("exp")
        self.notBefore = try claims.time("nbf")
        self.issuedAt = try claims.time("iat")
        self.region = try headers.string("twr", nullIsAbsent: true)
        guard let grantsObject = try claims.object("grants") else {
            throw TokenError(.missingClaim, "the claims have no 'grants'; an access token always has them")
        }
        var grants = Grants()
        var identity: String? = nil
        for (key, value) in grantsObject {
            if key == "identity" {
                switch value {
                case .string(let text): identity = text
                case .int(let number): identity = String(number)
                case .null: identity = nil
                default:
                    throw ClaimReader(object: grantsObject, part: "grants").wrongType(
                        "identity",
                        expected: "a string",
                        got: value
                    )
                }
            } else {
                grants.add(GrantDecoder.grant(key: key, value: value))
            }
        }
        self.identity = identity
        self.grants = grants
    }
}

/// Turns grant JSON back into typed grants, falling back to ``Grant/custom(key:value:)`` for anything that
/// does not fit a typed grant exactly.
enum GrantDecoder {
    static func grant(key: String, value: JSONValue) -> Grant {
        let typed: Grant?
        switch key {
        case "voice": typed = Self.voice(value).map(Grant.voice)
        case "video":
            typed = Self.strings(value, ["room"]).map { VideoGrant(room: $0["room"]) }.map(Grant.video)
        case "chat": typed = Self.chat(value).map(Grant.chat)
        case "ip_messaging":
            typed = Self.chat(value).map {
                Grant.ipMessaging(
                    IPMessagingGrant(
                        serviceSID: $0.serviceSID,
                        endpointID: $0.endpointID,
                        deploymentRoleSID: $0.deploymentRoleSID,
                        pushCredentialSID: $0.pushCredentialSID
                    )
                )
            }
        case "data_sync":
            typed = Self.strings(value, ["service_sid", "endpoint_id"]).map {
                Grant.sync(SyncGrant(serviceSID: $0["service_sid"], endpointID: $0["endpoint_id"]))
            }
        case "task_router":
            typed = Self.strings(value, ["workspace_sid", "worker_sid", "role"]).map {
                Grant.taskRouter(
                    TaskRouterGrant(workspaceSID: $0["workspace_sid"], workerSID: $0["worker_sid"], role: $0["role"])
                )
            }
        case "player": typed = .playback(PlaybackGrant(grant: value))
        case "rtc":
            typed = Self.strings(value, ["configuration_profile_sid"]).map {
                Grant.rtc(RTCGrant(configurationProfileSID: $0["configuration_profile_sid"]))
            }
        default: typed = nil
        }
        return typed ?? .custom(key: key, value: value)
    }

    /// The members of an object whose members are all among `names` and are strings or `null`.
    private static func strings(_ value: JSONValue, _ names: Set<String>) -> [String: String]? {
        guard case .object(let object) = value else { return nil }
        var result: [String: String] = [:]
        for (name, member) in object {
            guard names.contains(name) else { return nil }
            switch member {
            case .string(let text): result[name] = text
            case .null: break
            default: return nil
            }
        }
        return result
    }

    private static func chat(_ value: JSONValue) -> ChatGrant? {
        Self.strings(value, ["service_sid", "endpoint_id", "deployment_role_sid", "push_credential_sid"]).map {
            ChatGrant(
                serviceSID: $0["service_sid"],
                endpointID: $0["endpoint_id"],
                deploymentRoleSID: $0["deployment_role_sid"],
                pushCredentialSID: $0["push_credential_sid"]
            )
        }
    }

    private static func voice(_ value: JSONValue) -> VoiceGrant? {
        guard case .object(let object) = value else { return nil }
        var grant = VoiceGrant()
        for (name, member) in object {
            switch (name, member) {
            case (_, .null):
                continue
            case ("incoming", .object(let incoming)):
                guard incoming.keys.allSatisfy({ $0 == "allow" }) else { return nil }
                switch incoming["allow"] {
                case .bool(let allow)?: grant.incomingAllowed = allow
                case nil, .null?: grant.incomingAllowed = false
                default: return nil
                }
            case ("outgoing", .object(let outgoing)):
                guard case .string(let applicationSID)? = outgoing["application_sid"],
                    outgoing.keys.allSatisfy({ $0 == "application_sid" || $0 == "params" })
                else { return nil }
                var params = JSONObject()
                switch outgoing["params"] {
                case nil, .null?: break
                case .object(let object)?: params = object
                default: return nil
                }
                grant.outgoing = .init(applicationSID: applicationSID, params: params)
            case ("push_credential_sid", .string(let text)):
                grant.pushCredentialSID = text
            case ("endpoint_id", .string(let text)):
                grant.endpointID = text
            default:
                return nil
            }
        }
        return grant
    }
}
