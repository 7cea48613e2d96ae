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
    ///
    /// - Parameters:
    ///   - issuer: The SID of the key that verified the token, if any: what `iss` should say.
    ///   - account: The SID of that key's account: what `sub` should say. When the claims say what is expected,
    ///     these strings are used instead of copies.
    init(header: ClaimReader, claims: ClaimReader, issuer: String = "", account: String = "") throws(TokenError) {
        // Read into locals and initialised at once: assigning the properties one by one in a throwing initialiser
        // made the compiler copy and destroy the whole value on the way out.
        let apiKeySID = try claims.requiredString(.iss, usually: issuer)
        guard claims.contains(.sub) else {
            throw TokenError(.missingClaim, "the claims have no 'sub'; an access token names its account there")
        }
        let accountSID = try claims.requiredString(.sub, usually: account)
        let tokenID = try claims.string(.jti)
        let expiresAt = try claims.requiredTime(.exp)
        let notBefore = try claims.time(.nbf)
        let issuedAt = try claims.time(.iat)
        let region = try header.string(.twr, nullIsAbsent: true)
        guard let grantsObject = try claims.objectIndex(.grants) else {
            throw TokenError(.missingClaim, "the claims have no 'grants'; an access token always has them")
        }
        let document = claims.document
        let memberCount = document.count(at: grantsObject)
        var grants: [Grant] = []
        grants.reserveCapacity(memberCount)
        var identity: String? = nil
        for position in 0..<memberCount {
            let name = document.memberNameIndex(position, inObjectAt: grantsObject)
            let value = name + 1
            if document.string(at: name, isPacked: MemberName.Packed.identity, orEquals: .identity) {
                switch document.kind(at: value) {
                case .string: identity = document.string(at: value)
                case .int: identity = String(document.int(at: value))
                case .null: identity = nil
                default:
                    throw ClaimReader(document: document, node: grantsObject, part: "grants").wrongType(
                        .identity, expected: "a string", at: value)
                }
            } else {
                // Member names are unique (the parser rejects duplicates), so grants are too.
                grants.append(GrantDecoder(document: document).grant(name: name, value: value))
            }
        }
        self.init(
            apiKeySID: apiKeySID,
            accountSID: accountSID,
            tokenID: tokenID,
            identity: identity,
            grants: Grants(unique: grants),
            expiresAt: expiresAt,
            notBefore: notBefore,
            issuedAt: issuedAt,
            region: region
        )
    }
}

/// Turns grant JSON back into typed grants, falling back to ``Grant/custom(key:value:)`` for anything that
/// does not fit a typed grant exactly. It reads the document by node, and copies out only what the grants keep.
struct GrantDecoder {
    let document: JSONDocument

    /// The grant named by the string at node `name`, whose value is at node `value`.
    func grant(name: Int, value: Int) -> Grant {
        self.typedGrant(name: name, value: value)
            ?? .custom(key: self.document.string(at: name), value: self.document.value(at: value))
    }

    /// The typed grant named by the string at node `name`, if the name is a typed grant's key and the value has
    /// exactly that grant's shape.
    private func typedGrant(name: Int, value: Int) -> Grant? {
        let document = self.document
        // Every typed grant but three has a short key: a plain one is told by its packed word alone.
        switch document.packedName(at: name) {
        case MemberName.Packed.voice:
            guard let voice = self.voice(value) else { return nil }
            return .voice(consume voice)
        case MemberName.Packed.video:
            return self.strings(value, MemberName.videoGrantMembers).map { Grant.video(VideoGrant(room: $0.first)) }
        case MemberName.Packed.chat: return self.chat(value).map(Grant.chat)
        case MemberName.Packed.player: return .playback(PlaybackGrant(grant: document.value(at: value)))
        case MemberName.Packed.rtc:
            return self.strings(value, MemberName.rtcGrantMembers).map {
                Grant.rtc(RTCGrant(configurationProfileSID: $0.first))
            }
        case nil: break
        default: return nil
        }
        if document.string(at: name, equals: .voiceGrant) {
            return self.voice(value).map(Grant.voice)
        }
        if document.string(at: name, equals: .videoGrant) {
            return self.strings(value, MemberName.videoGrantMembers).map { Grant.video(VideoGrant(room: $0.first)) }
        }
        if document.string(at: name, equals: .chatGrant) {
            return self.chat(value).map(Grant.chat)
        }
        if document.string(at: name, equals: .syncGrant) {
            return self.strings(value, MemberName.syncGrantMembers).map {
                Grant.sync(SyncGrant(serviceSID: $0.first, endpointID: $0.second))
            }
        }
        if document.string(at: name, equals: .taskRouterGrant) {
            return self.strings(value, MemberName.taskRouterGrantMembers).map {
                Grant.taskRouter(TaskRouterGrant(workspaceSID: $0.first, workerSID: $0.second, role: $0.third))
            }
        }
        if document.string(at: name, equals: .playbackGrant) {
            return .playback(PlaybackGrant(grant: document.value(at: value)))
        }
        if document.string(at: name, equals: .ipMessagingGrant) {
            return self.chat(value).map {
                Grant.ipMessaging(
                    IPMessagingGrant(
                        serviceSID: $0.serviceSID,
                        endpointID: $0.endpointID,
                        deploymentRoleSID: $0.deploymentRoleSID,
                        pushCredentialSID: $0.pushCredentialSID
                    )
                )
            }
        }
        if document.string(at: name, equals: .rtcGrant) {
            return self.strings(value, MemberName.rtcGrantMembers).map {
                Grant.rtc(RTCGrant(configurationProfileSID: $0.first))
            }
        }
        return nil
    }

    /// Up to four optional strings, by position. A struct rather than a tuple: a tuple of optionals is copied and
    /// destroyed through the runtime's generic witnesses, which cost more than the rest of decoding a grant.
    struct Strings {
        var first: String? = nil
        var second: String? = nil
        var third: String? = nil
        var fourth: String? = nil
    }

    /// The members of the object at `index` whose members are all among `names` (at most four) and are strings
    /// or `null`, in the order of `names`; `nil` if it is not an object or has any other member or type.
    private func strings(_ index: Int, _ names: [MemberName]) -> Strings? {
        guard self.document.kind(at: index) == .object else { return nil }
        var result = Strings()
        for position in 0..<self.document.count(at: index) {
            let name = self.document.memberNameIndex(position, inObjectAt: index)
            guard let slot = names.firstIndex(where: { self.document.string(at: name, equals: $0) }) else {
                return nil
            }
            let text: String
            switch self.document.kind(at: name + 1) {
            case .string: text = self.document.string(at: name + 1)
            case .null: continue
            default: return nil
            }
            switch slot {
            case 0: result.first = text
            case 1: result.second = text
            case 2: result.third = text
            default: result.fourth = text
            }
        }
        return result
    }

    private func chat(_ index: Int) -> ChatGrant? {
        self.strings(index, MemberName.chatGrantMembers).map {
            ChatGrant(
                serviceSID: $0.first, endpointID: $0.second, deploymentRoleSID: $0.third, pushCredentialSID: $0.fourth)
        }
    }

    private func voice(_ index: Int) -> VoiceGrant? {
        let document = self.document
        guard document.kind(at: index) == .object else { return nil }
        var incomingAllowed = false
        var outgoing: VoiceGrant.Outgoing? = nil
        var pushCredentialSID: String? = nil
        var endpointID: String? = nil
        for position in 0..<document.count(at: index) {
            let name = document.memberNameIndex(position, inObjectAt: index)
            let value = name + 1
            let kind = document.kind(at: value)
            if kind == .null { continue }
            if document.string(at: name, isPacked: MemberName.Packed.incoming, orEquals: .incoming) {
                guard kind == .object, let allowed = self.incomingAllowed(value) else { return nil }
                incomingAllowed = allowed
            } else if document.string(at: name, isPacked: MemberName.Packed.outgoing, orEquals: .outgoing) {
                guard kind == .object, let grant = self.outgoing(value) else { return nil }
                outgoing = grant
            } else if document.string(at: name, equals: .pushCredentialSID) {
                guard kind == .string else { return nil }
                pushCredentialSID = document.string(at: value)
            } else if document.string(at: name, equals: .endpointID) {
                guard kind == .string else { return nil }
                endpointID = document.string(at: value)
            } else {
                return nil
            }
        }
        return VoiceGrant(
            incomingAllowed: incomingAllowed,
            outgoing: outgoing,
            pushCredentialSID: pushCredentialSID,
            endpointID: endpointID
        )
    }

    /// `{"allow": Bool}` (the member may be absent or `null`: not allowed); `nil` for any other shape.
    private func incomingAllowed(_ index: Int) -> Bool? {
        var allowed = false
        for position in 0..<self.document.count(at: index) {
            let name = self.document.memberNameIndex(position, inObjectAt: index)
            guard self.document.string(at: name, isPacked: MemberName.Packed.allow, orEquals: .allow) else {
                return nil
            }
            switch self.document.kind(at: name + 1) {
            case .true: allowed = true
            case .false, .null: allowed = false
            default: return nil
            }
        }
        return allowed
    }

    /// `{"application_sid": String, "params": Object}` (`params` may be absent or `null`); `nil` for any other
    /// shape.
    private func outgoing(_ index: Int) -> VoiceGrant.Outgoing? {
        var applicationSID: String? = nil
        var params = JSONObject()
        for position in 0..<self.document.count(at: index) {
            let name = self.document.memberNameIndex(position, inObjectAt: index)
            let value = name + 1
            let kind = self.document.kind(at: value)
            if self.document.string(at: name, equals: .applicationSID) {
                guard kind == .string else { return nil }
                applicationSID = self.document.string(at: value)
            } else if self.document.string(at: name, isPacked: MemberName.Packed.params, orEquals: .params) {
                switch kind {
                case .null: break
                case .object: params = JSONObject(document: self.document, node: value)
                default: return nil
                }
            } else {
                return nil
            }
        }
        return applicationSID.map { VoiceGrant.Outgoing(applicationSID: $0, params: params) }
    }
}
