@_spi(Engine) import TwilioJWTEngine

/// The header rules: what `alg`, `typ`, `cty` and the other JOSE members may say (RFC 7515 §4.1, RFC 8725 §3.1 and
/// §3.11).
extension TokenVerifier {
    /// Header rules that do not depend on the kind of token. Returns the `alg` it names.
    static func checkHeader(_ header: ClaimReader) throws(TokenError) -> String {
        guard let algorithm = try header.string(.alg) else {
            throw TokenError(.malformed, "the header has no 'alg'")
        }
        if let critical = header[.crit] {
            let names = critical.array
            guard let names, names.count > 0, names.allSatisfy({ $0.kind == .string }) else {
                throw TokenError(.malformed, "'crit' in the header must be a non-empty array of names")
            }
            throw TokenError(
                .unsupportedHeader,
                "the header lists critical extensions ('crit'), and this verifier understands none"
            )
        }
        for name in MemberName.unsupportedHeaderMembers where header.contains(name) {
            throw TokenError(.unsupportedHeader, "the header's '\(name)' is not supported (Twilio tokens never use it)")
        }
        for name in MemberName.keyHeaderMembers where header.contains(name) {
            throw TokenError(
                .unsupportedHeader,
                "the header carries a key or key location ('\(name)'); keys come only from the verifier's configuration"
            )
        }
        if let type = try header.stringValue(.typ), !type.isString(.jwtType) {
            throw TokenError(
                .wrongTokenType, "'typ' must be 'JWT' when present; Twilio rejects other types (error 20102)")
        }
        return algorithm
    }

    /// The algorithm `name` (a header's `alg`) if a token of `kind` may be signed with it.
    static func algorithm(_ name: String, for kind: TokenKind) throws(TokenError) -> SignatureAlgorithm {
        let accepted = SignatureAlgorithm.accepted(for: kind)
        guard let algorithm = SignatureAlgorithm(name: name), accepted.contains(algorithm) else {
            let shown = name.utf8.count <= 16 ? "'\(name)'" : "a \(name.utf8.count)-byte value"
            throw TokenError(
                .unsupportedAlgorithm,
                "'alg' is \(shown); \(kind.article) must be signed with "
                    + accepted.map(\.name).joined(separator: " or ") + " (Twilio error 20102)"
            )
        }
        return algorithm
    }

    /// Why a token whose kind cannot be told is not a Twilio token.
    static func unknownKindError(_ header: ClaimReader) -> TokenError {
        guard let contentType = header[.cty] else {
            return TokenError(
                .wrongTokenType,
                "not a Twilio token: no 'cty' header, and neither a 'scope' (Client capability) nor 'policies' "
                    + "(TaskRouter) claim"
            )
        }
        guard let type = contentType.string else {
            return TokenError(
                .malformed,
                "'cty' in the header must be a string; it is \(ClaimReader.describeType(JSONValue(contentType)))"
            )
        }
        let shown = type.utf8.count <= 32 ? "'\(type)'" : "a \(type.utf8.count)-byte value"
        return TokenError(
            .wrongTokenType,
            "'cty' is \(shown); Twilio tokens have 'twilio-fpa;v=1' (access) or 'twilio-pkrv;v=1' (Client Validation)"
        )
    }

    // MARK: Known headers

    /// What the header checks say of one of the helpers' headers (``KnownHeaderText``).
    enum KnownHeaderFact {
        /// The checks pass, and the header alone says the kind (it has a content type).
        case kind(TokenKind)
        /// The checks pass, and the claims say the kind.
        case kindFromClaims
        /// The checks would fail, or the header names another algorithm than HS256: check it as any other.
        case checkAsAnyOther
    }

    /// The helpers' headers, encoded and parsed once.
    static let knownHeaders = KnownHeaders(KnownHeaderText.all)

    /// What the checks say of each of ``knownHeaders``, worked out once by running them on it. The checks depend on
    /// the header's bytes alone, and nearly every token carries one of these headers, so a token whose header is one
    /// of them is not checked again.
    static let knownHeaderFacts: [KnownHeaderFact] = (0..<knownHeaders.count).map { index in
        let header = ClaimReader(object: knownHeaders.header(at: index), part: .header)
        guard let name = try? Self.checkHeader(header), SignatureAlgorithm(name: name) == .hs256 else {
            return .checkAsAnyOther
        }
        guard header.contains(.cty) else { return .kindFromClaims }
        // With a content type the kind is the header's alone: the claims are not looked at.
        guard let kind = TokenKind.detect(header: header, claims: header), kind != .clientValidation else {
            return .checkAsAnyOther
        }
        return .kind(kind)
    }
}
