/// An error thrown while minting, verifying or decoding a Twilio token.
///
/// Every error has a ``code`` you can switch over and a ``message`` written for a person: it names the
/// field and the rule that was broken and what was seen instead. Messages never contain a secret, a
/// signature or a whole token; where an input might be a misplaced secret, only its length and
/// (for recognised Twilio prefixes) its first two characters are shown.
///
/// New codes may be added in minor releases, so a `switch` over ``code`` needs a `default` case.
public struct TokenError: Error, Sendable, Hashable {
    /// What kind of failure this is.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        fileprivate enum Wrapped: Sendable, Hashable {
            case invalidSID
            case weakSecret
            case invalidTTL
            case invalidTimeRange
            case lifetimeTooLong
            case invalidRegion
            case invalidGrant
            case invalidArgument
            case missingCredential
            case invalidKey
        }

        fileprivate let wrapped: Wrapped

        fileprivate init(_ wrapped: Wrapped) {
            self.wrapped = wrapped
        }

        /// A SID is not its two-letter prefix followed by 32 lower-case hex digits.
        public static let invalidSID = Code(.invalidSID)
        /// A secret (API key secret or auth token) is empty, or shorter than 32 bytes without an explicit opt-in.
        public static let weakSecret = Code(.weakSecret)
        /// A time-to-live is not in `1...86_400` seconds.
        public static let invalidTTL = Code(.invalidTTL)
        /// The expiry is not after the start of validity (`nbf`, or the issue time when `nbf` is left out).
        public static let invalidTimeRange = Code(.invalidTimeRange)
        /// The token would be valid for longer than Twilio accepts (24 hours, Twilio error 20157).
        public static let lifetimeTooLong = Code(.lifetimeTooLong)
        /// A region is not a Twilio region id such as `us1`, `ie1` or `au1`.
        public static let invalidRegion = Code(.invalidRegion)
        /// A grant cannot be written: a custom grant key that is empty or `identity`, or a value JSON cannot hold.
        public static let invalidGrant = Code(.invalidGrant)
        /// Another argument is outside what the token format allows (for example an empty custom `jti`).
        public static let invalidArgument = Code(.invalidArgument)

        /// A credential is missing, for example an unset environment variable.
        public static let missingCredential = Code(.missingCredential)

        /// A key cannot be used: malformed PEM, an unsupported key type, or an RSA key shorter than 2048 bits.
        public static let invalidKey = Code(.invalidKey)

        public var description: String {
            switch self.wrapped {
            case .invalidSID: return "invalidSID"
            case .weakSecret: return "weakSecret"
            case .invalidTTL: return "invalidTTL"
            case .invalidTimeRange: return "invalidTimeRange"
            case .lifetimeTooLong: return "lifetimeTooLong"
            case .invalidRegion: return "invalidRegion"
            case .invalidGrant: return "invalidGrant"
            case .invalidArgument: return "invalidArgument"
            case .missingCredential: return "missingCredential"
            case .invalidKey: return "invalidKey"
            }
        }
    }

    /// What kind of failure this is.
    public let code: Code
    /// A sentence naming the field, the rule broken and what was seen. Never holds secret material.
    public let message: String

    package init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }
}

extension TokenError: CustomStringConvertible, CustomDebugStringConvertible {
    public var description: String { "\(self.code): \(self.message)" }
    public var debugDescription: String { "TokenError(\(self.code)): \(self.message)" }
}

extension TokenError {
    static func nonFiniteNumber(at path: String) -> TokenError {
        TokenError(.invalidGrant, "\(path) is not a finite number; JSON cannot represent infinities or NaN")
    }
}
