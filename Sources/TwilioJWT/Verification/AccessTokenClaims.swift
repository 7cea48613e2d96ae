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
    init(
        header: ClaimReader,
        claims: ClaimReader,
        issuer: consuming String = "",
        account: consuming String = ""
    ) throws(TokenError) {
        // Read into locals and initialised at once: assigning the properties one by one in a throwing initialiser
        // made the compiler copy and destroy the whole value on the way out.
        let apiKeySID = try claims.requiredString(.iss, usually: consume issuer)
        guard claims.contains(.sub) else {
            throw TokenError(.missingClaim, "the claims have no 'sub'; an access token names its account there")
        }
        let accountSID = try claims.requiredString(.sub, usually: consume account)
        let tokenID = try claims.string(.jti)
        let expiresAt = try claims.requiredTime(.exp)
        let notBefore = try claims.time(.nbf)
        let issuedAt = try claims.time(.iat)
        let region = try header.string(.twr, nullIsAbsent: true)
        guard let grantsObject = try claims.objectIndex(.grants) else {
            throw TokenError(.missingClaim, "the claims have no 'grants'; an access token always has them")
        }
        let document = claims.document
        let decoder = GrantDecoder(document: document)
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
                    throw ClaimReader(document: document, node: grantsObject, part: .grants).wrongType(
                        .identity, expected: "a string", at: value)
                }
            } else {
                // Member names are unique (the parser rejects duplicates), so grants are too.
                decoder.append(name: name, value: value, to: &grants)
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
///
/// A grant's shape is checked first, by node, and the grant is then made where it is appended: strings carried
/// through loops and optionals were copied (every string retained) and the originals destroyed, which cost more
/// than decoding them.
struct GrantDecoder {
    let document: JSONDocument

    /// Appends the grant named by the string at node `name`, whose value is at node `value`, to `grants`.
    func append(name: Int, value: Int, to grants: inout [Grant]) {
        let document = self.document
        // Every typed grant but three has a short key: a plain one is told by its packed word alone.
        let kind: GrantKind?
        switch document.packedName(at: name) {
        case MemberName.Packed.voice: kind = .voice
        case MemberName.Packed.video: kind = .video
        case MemberName.Packed.chat: kind = .chat
        case MemberName.Packed.player: kind = .playback
        case MemberName.Packed.rtc: kind = .rtc
        case nil: kind = Self.kind(named: name, in: document)
        default: kind = nil
        }
        switch kind {
        case .voice?:
            if let nodes = self.voice(value) {
                grants.append(.voice(self.voiceGrant(nodes)))
                return
            }
        case .video?:
            if let nodes = self.strings(value, MemberName.videoGrantMembers) {
                grants.append(.video(VideoGrant(room: self.string(nodes.0))))
                return
            }
        case .chat?:
            if let chat = self.chatShape(value) {
                grants.append(.chat(chat))
                return
            }
        case .sync?:
            if let nodes = self.strings(value, MemberName.syncGrantMembers) {
                grants.append(.sync(SyncGrant(serviceSID: self.string(nodes.0), endpointID: self.string(nodes.1))))
                return
            }
        case .taskRouter?:
            if let nodes = self.strings(value, MemberName.taskRouterGrantMembers) {
                grants.append(
                    .taskRouter(
                        TaskRouterGrant(
                            workspaceSID: self.string(nodes.0),
                            workerSID: self.string(nodes.1),
                            role: self.string(nodes.2)
                        )
                    )
                )
                return
            }
        case .playback?:
            grants.append(.playback(PlaybackGrant(grant: document.value(at: value))))
            return
        case .ipMessaging?:
            if let chat = self.chatShape(value) {
                grants.append(.ipMessaging(IPMessagingGrant(chatShape: chat)))
                return
            }
        case .rtc?:
            if let nodes = self.strings(value, MemberName.rtcGrantMembers) {
                grants.append(.rtc(RTCGrant(configurationProfileSID: self.string(nodes.0))))
                return
            }
        case nil:
            break
        }
        grants.append(.custom(key: document.string(at: name), value: document.value(at: value)))
    }

    /// The typed grants, by key.
    /// The members of a chat or IP Messaging grant (the two have the same ones); `nil` if it has others.
    private func chatShape(_ value: Int) -> ChatGrant? {
        guard let nodes = self.strings(value, MemberName.chatGrantMembers) else { return nil }
        return ChatGrant(
            serviceSID: self.string(nodes.0),
            endpointID: self.string(nodes.1),
            deploymentRoleSID: self.string(nodes.2),
            pushCredentialSID: self.string(nodes.3)
        )
    }

    private enum GrantKind {
        case voice, video, chat, sync, taskRouter, playback, ipMessaging, rtc
    }

    /// The typed grant whose key is the string at node `name` (written with escapes or long), if any.
    private static func kind(named name: Int, in document: JSONDocument) -> GrantKind? {
        if document.string(at: name, equals: .voiceGrant) { return .voice }
        if document.string(at: name, equals: .videoGrant) { return .video }
        if document.string(at: name, equals: .chatGrant) { return .chat }
        if document.string(at: name, equals: .syncGrant) { return .sync }
        if document.string(at: name, equals: .taskRouterGrant) { return .taskRouter }
        if document.string(at: name, equals: .playbackGrant) { return .playback }
        if document.string(at: name, equals: .ipMessagingGrant) { return .ipMessaging }
        if document.string(at: name, equals: .rtcGrant) { return .rtc }
        return nil
    }

    /// The string at `node`, if there is one.
    @inline(__always)
    private func string(_ node: Int?) -> String? {
        guard let node else { return nil }
        return self.document.string(at: node)
    }

    /// The string nodes of the members of the object at `index`, which must all be among `names` (at most four) and
    /// be strings or `null`, in the order of `names`; `nil` if it is not an object or has any other member or type.
    private func strings(_ index: Int, _ names: [MemberName]) -> (Int?, Int?, Int?, Int?)? {
        guard self.document.kind(at: index) == .object else { return nil }
        var nodes: (Int?, Int?, Int?, Int?) = (nil, nil, nil, nil)
        for position in 0..<self.document.count(at: index) {
            let name = self.document.memberNameIndex(position, inObjectAt: index)
            guard let slot = names.firstIndex(where: { self.document.string(at: name, equals: $0) }) else {
                return nil
            }
            switch self.document.kind(at: name + 1) {
            case .string: break
            case .null: continue
            default: return nil
            }
            switch slot {
            case 0: nodes.0 = name + 1
            case 1: nodes.1 = name + 1
            case 2: nodes.2 = name + 1
            default: nodes.3 = name + 1
            }
        }
        return nodes
    }

    /// The nodes of a voice grant's members, its shape checked.
    private struct VoiceNodes {
        var incomingAllowed = false
        var applicationSID: Int? = nil
        var params: Int? = nil
        var pushCredentialSID: Int? = nil
        var endpointID: Int? = nil
    }

    private func voice(_ index: Int) -> VoiceNodes? {
        let document = self.document
        guard document.kind(at: index) == .object else { return nil }
        var nodes = VoiceNodes()
        for position in 0..<document.count(at: index) {
            let name = document.memberNameIndex(position, inObjectAt: index)
            let value = name + 1
            let kind = document.kind(at: value)
            if kind == .null { continue }
            if document.string(at: name, isPacked: MemberName.Packed.incoming, orEquals: .incoming) {
                guard kind == .object, let allowed = self.incomingAllowed(value) else { return nil }
                nodes.incomingAllowed = allowed
            } else if document.string(at: name, isPacked: MemberName.Packed.outgoing, orEquals: .outgoing) {
                guard kind == .object, self.outgoing(value, into: &nodes) else { return nil }
            } else if document.string(at: name, equals: .pushCredentialSID) {
                guard kind == .string else { return nil }
                nodes.pushCredentialSID = value
            } else if document.string(at: name, equals: .endpointID) {
                guard kind == .string else { return nil }
                nodes.endpointID = value
            } else {
                return nil
            }
        }
        return nodes
    }

    private func voiceGrant(_ nodes: VoiceNodes) -> VoiceGrant {
        VoiceGrant(
            incomingAllowed: nodes.incomingAllowed,
            outgoing: nodes.applicationSID.map {
                VoiceGrant.Outgoing(
                    applicationSID: self.document.string(at: $0),
                    params: nodes.params.map { JSONObject(document: self.document, node: $0) } ?? JSONObject()
                )
            },
            pushCredentialSID: self.string(nodes.pushCredentialSID),
            endpointID: self.string(nodes.endpointID)
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

    /// Reads the nodes of `{"application_sid": String, "params": Object}` (`params` may be absent or `null`) into
    /// `nodes`; `false` for any other shape.
    private func outgoing(_ index: Int, into nodes: inout VoiceNodes) -> Bool {
        var applicationSID: Int? = nil
        var params: Int? = nil
        for position in 0..<self.document.count(at: index) {
            let name = self.document.memberNameIndex(position, inObjectAt: index)
            let value = name + 1
            let kind = self.document.kind(at: value)
            if self.document.string(at: name, equals: .applicationSID) {
                guard kind == .string else { return false }
                applicationSID = value
            } else if self.document.string(at: name, isPacked: MemberName.Packed.params, orEquals: .params) {
                switch kind {
                case .null: params = nil
                case .object: params = value
                default: return false
                }
            } else {
                return false
            }
        }
        guard let applicationSID else { return false }
        nodes.applicationSID = applicationSID
        nodes.params = params
        return true
    }
}
