@_spi(Engine) import TwilioJWTEngine

/// The claims of a TaskRouter capability token, typed.
public struct TaskRouterClaims: Sendable, Hashable {
    /// The account SID (`iss`, equal to `account_sid`).
    public let accountSID: String
    /// The workspace SID (`workspace_sid`).
    public let workspaceSID: String
    /// The channel, from `channel` (`WK…` worker, `WQ…` task queue, the workspace SID for the workspace).
    public let channel: TaskRouterCapabilityToken.Channel
    /// `friendly_name`, if present.
    public let friendlyName: String?
    /// `version`, if present (`v1`).
    public let version: String?
    /// The policies in order. twilio-php leaves out empty filters and ExTwilio writes `allowed` for `allow`;
    /// both read the same here.
    public let policies: [TaskRouterPolicy]
    /// `exp`.
    public let expiresAt: Int
    /// `nbf`, if present.
    public let notBefore: Int?
    /// `iat`, if present.
    public let issuedAt: Int?
}

extension TaskRouterClaims: VerifiableClaims, Encodable {
    /// TaskRouter capability tokens.
    public static var tokenKind: TokenKind? { .taskRouter }

    public static func _decode(from source: borrowing _ClaimsSource) throws(TokenError) -> TaskRouterClaims {
        try TaskRouterClaims(claims: source.claims, issuer: source.issuer ?? "")
    }

    init(claims: ClaimReader, issuer: String) throws(TokenError) {
        self.accountSID = try claims.requiredString(.iss, usually: issuer)
        if let accountSIDClaim = try claims.string(.accountSID), accountSIDClaim != self.accountSID {
            throw TokenError(
                .subjectMismatch,
                "'account_sid' (\(Self.shown(accountSIDClaim))) is not the issuer \(Self.shown(self.accountSID))"
            )
        }
        self.workspaceSID = try claims.requiredString(.workspaceSID)
        guard SIDKind.workspace.matches(self.workspaceSID) else {
            throw TokenError(.malformed, "'workspace_sid' must be 'WS' followed by 32 lower-case hex digits")
        }
        let channelID = try claims.requiredString(.channel)
        if SIDKind.worker.matches(channelID) {
            self.channel = .worker(channelID)
        } else if SIDKind.taskQueue.matches(channelID) {
            self.channel = .taskQueue(channelID)
        } else if channelID == self.workspaceSID {
            self.channel = .workspace
        } else {
            throw TokenError(
                .malformed,
                "'channel' must be a worker SID (WK…), a task queue SID (WQ…) or the workspace SID"
            )
        }
        self.friendlyName = try claims.string(.friendlyName)
        self.version = try claims.string(.version)
        self.expiresAt = try claims.requiredTime(.exp)
        self.notBefore = try claims.time(.nbf)
        self.issuedAt = try claims.time(.iat)
        guard let list = claims[.policies]?.array else {
            throw TokenError(.malformed, "'policies' must be an array of policy objects")
        }
        var policies: [TaskRouterPolicy] = []
        policies.reserveCapacity(list.count)
        for (index, element) in list.enumerated() {
            guard let object = element.object else {
                throw TokenError(.malformed, "policies[\(index)] must be an object")
            }
            let policy = ClaimReader(object: object, part: .policy(index))
            guard let allowValue = policy[.allow] ?? policy[.allowed] else {
                throw TokenError(.malformed, "policies[\(index)] has no 'allow'")
            }
            guard let allow = allowValue.bool else {
                throw policy.wrongType(.allow, expected: "a Boolean", got: allowValue)
            }
            policies.append(
                TaskRouterPolicy(
                    url: try policy.requiredString(.url),
                    method: try policy.requiredString(.method),
                    allow: allow,
                    queryFilter: try policy.object(.queryFilter).map(JSONObject.init) ?? [:],
                    postFilter: try policy.object(.postFilter).map(JSONObject.init) ?? [:]
                )
            )
        }
        self.policies = policies
    }

    /// A SID for a message: shown when it has a SID's shape, described otherwise.
    static func shown(_ value: String) -> String {
        SIDKind.allCases.contains { $0.matches(value) } ? value : "a value of \(value.utf8.count) bytes"
    }
}
