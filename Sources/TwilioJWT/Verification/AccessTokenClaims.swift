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
            typed = Self.strings(value, Self.videoMembers).map { Grant.video(VideoGrant(room: $0.0)) }
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
            typed = Self.strings(value, Self.syncMembers).map {
                Grant.sync(SyncGrant(serviceSID: $0.0, endpointID: $0.1))
            }
        case "task_router":
            typed = Self.strings(value, Self.taskRouterMembers).map {
                Grant.taskRouter(TaskRouterGrant(workspaceSID: $0.0, workerSID: $0.1, role: $0.2))
            }
        case "player": typed = .playback(PlaybackGrant(grant: value))
        case "rtc":
            typed = Self.strings(value, Self.rtcMembers).map { Grant.rtc(RTCGrant(configurationProfileSID: $0.0)) }
        default: typed = nil
        }
        return typed ?? .custom(key: key, value: value)
    }

    static let videoMembers = ["room"]
    static let chatMembers = ["service_sid", "endpoint_id", "deployment_role_sid", "push_credential_sid"]
    static let syncMembers = ["service_sid", "endpoint_id"]
    static let taskRouterMembers = ["workspace_sid", "worker_sid", "role"]
    static let rtcMembers = ["configuration_profile_sid"]

    typealias Strings = (String?, String?, String?, String?)

    /// The members of an object whose members are all among `names` (at most four) and are strings or `null`,
    /// in the order of `names`; `nil` if the object has any other member or type. No allocation.
    private static func strings(_ value: JSONValue, _ names: [String]) -> Strings? {
        guard case .object(let object) = value else { return nil }
        var result: Strings = (nil, nil, nil, nil)
        for (name, member) in object {
            guard let index = names.firstIndex(of: name) else { return nil }
            let text: String
            switch member {
            case .string(let string): text = string
            case .null: continue
            default: return nil
            }
            switch index {
            case 0: result.0 = text
            case 1: result.1 = text
            case 2: result.2 = text
            default: result.3 = text
            }
        }
        return result
    }

    private static func chat(_ value: JSONValue) -> ChatGrant? {
        Self.strings(value, Self.chatMembers).map {
            ChatGrant(serviceSID: $0.0, endpointID: $0.1, deploymentRoleSID: $0.2, pushCredentialSID: $0.3)
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
                guard incoming.allSatisfy({ $0.key == "allow" }) else { return nil }
                switch incoming["allow"] {
                case .bool(let allow)?: grant.incomingAllowed = allow
                case nil, .null?: grant.incomingAllowed = false
                default: return nil
                }
            case ("outgoing", .object(let outgoing)):
                guard case .string(let applicationSID)? = outgoing["application_sid"],
                    outgoing.allSatisfy({ $0.key == "application_sid" || $0.key == "params" })
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
