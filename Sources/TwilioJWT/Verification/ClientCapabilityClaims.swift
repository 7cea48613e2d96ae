@_spi(Engine) import TwilioJWTEngine

/// The claims of a Client capability token, typed.
public struct ClientCapabilityClaims: Sendable, Hashable {
    /// The account SID (`iss`).
    public let accountSID: String
    /// The `scope` claim as written.
    public let scopeClaim: String
    /// The scopes parsed back, in order: client names and parameters decoded, `appParams` and event `params`
    /// decoded twice into their name/value pairs.
    public let scopes: [ClientCapabilityToken.Scope]
    /// Scope URIs this library cannot interpret (another service or privilege, or parameters that do not
    /// decode). They stay in the token; Twilio decides what they mean.
    public let unrecognizedScopes: [String]
    /// `exp`.
    public let expiresAt: Int
    /// `nbf`, if present.
    public let notBefore: Int?
    /// `iat`, if present.
    public let issuedAt: Int?

    /// The incoming client name, if the token allows incoming calls.
    public var clientName: String? {
        for scope in self.scopes {
            if case .incoming(let name) = scope { return name }
        }
        return nil
    }
}

extension ClientCapabilityClaims: VerifiableClaims, Encodable {
    /// Client capability tokens.
    public static var tokenKind: TokenKind? { .clientCapability }

    public static func _decode(from source: borrowing _ClaimsSource) throws(TokenError) -> ClientCapabilityClaims {
        try ClientCapabilityClaims(claims: source.claims, issuer: source.issuer ?? "")
    }

    init(claims: ClaimReader, issuer: String) throws(TokenError) {
        self.accountSID = try claims.requiredString(.iss, usually: issuer)
        self.scopeClaim = try claims.requiredString(.scope)
        self.expiresAt = try claims.requiredTime(.exp)
        self.notBefore = try claims.time(.nbf)
        self.issuedAt = try claims.time(.iat)
        var scopes: [ClientCapabilityToken.Scope] = []
        var unrecognized: [String] = []
        for uri in self.scopeClaim.split(separator: " ") {
            if let scope = Self.parse(uri) {
                scopes.append(scope)
            } else {
                unrecognized.append(String(uri))
            }
        }
        self.scopes = scopes
        self.unrecognizedScopes = unrecognized
    }

    /// Parses one scope URI (`scope:client:incoming?clientName=alice`). Accepts every helper library's
    /// encoding: parameters in any order, `+` or `%20` for spaces, single- or double-encoded parameters.
    static func parse(_ uri: Substring) -> ClientCapabilityToken.Scope? {
        let parts = uri.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        let query = parts.count == 2 ? parts[1] : ""
        guard let pairs = FormEncoding.decodePairs(query) else { return nil }
        func single(_ name: String) -> String?? {
            let values = pairs.filter { $0.0 == name }.map(\.1)
            if values.count > 1 { return .some(nil) }  // ambiguous
            return values.first.map { .some($0) } ?? nil
        }
        func nested(_ name: String) -> ScopeParameters? {
            switch single(name) {
            case nil: return [:]
            case .some(nil): return nil
            case .some(let text?): return FormEncoding.decodePairs(text[...]).map(ScopeParameters.init)
            }
        }
        switch parts[0] {
        case "scope:client:incoming":
            guard pairs.allSatisfy({ $0.0 == "clientName" }), case .some(let name?) = single("clientName") else {
                return nil
            }
            return .incoming(clientName: name)
        case "scope:client:outgoing":
            let known: Set<String> = ["appSid", "appParams", "clientName"]
            guard pairs.allSatisfy({ known.contains($0.0) }), case .some(let sid?) = single("appSid"),
                let params = nested("appParams")
            else { return nil }
            let clientName: String?
            switch single("clientName") {
            case .some(nil): return nil
            case .some(let name?): clientName = name
            case nil: clientName = nil
            }
            return .outgoing(applicationSID: sid, clientName: clientName, params: params)
        case "scope:stream:subscribe":
            guard pairs.allSatisfy({ $0.0 == "path" || $0.0 == "params" }), let filters = nested("params") else {
                return nil
            }
            return .eventStream(filters: filters)
        default:
            return nil
        }
    }
}
