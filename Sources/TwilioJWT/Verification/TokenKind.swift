@_spi(Engine) import TwilioJWTEngine

/// The kinds of Twilio tokens.
public enum TokenKind: String, Sendable, Hashable, CaseIterable, CustomStringConvertible, Encodable {
    /// An access token (`cty: twilio-fpa;v=1`), signed with an API key secret.
    case access
    /// A legacy Twilio Client capability token (a `scope` claim), signed with the account auth token.
    case clientCapability
    /// A TaskRouter capability token (`policies`), signed with the account auth token.
    case taskRouter
    /// A Public Key Client Validation token (`cty: twilio-pkrv;v=1`), signed with an RSA key.
    case clientValidation

    public var description: String {
        switch self {
        case .access: return "access token"
        case .clientCapability: return "Client capability token"
        case .taskRouter: return "TaskRouter capability token"
        case .clientValidation: return "Client Validation token"
        }
    }

    /// The kind a token's header and claims say it is, or `nil` for a JWT that is none of Twilio's.
    ///
    /// The content type decides for access and Client Validation tokens; without one, a `scope` claim marks a
    /// Client capability token and `policies` a TaskRouter token.
    static func detect(header: ClaimReader, claims: ClaimReader) -> TokenKind? {
        guard let contentType = header[.cty] else {
            if claims.contains(.scope) { return .clientCapability }
            if claims.contains(.policies) { return .taskRouter }
            return nil
        }
        if contentType.isString(.accessContentType) { return .access }
        if contentType.isString(.clientValidationContentType) { return .clientValidation }
        return nil
    }
}
