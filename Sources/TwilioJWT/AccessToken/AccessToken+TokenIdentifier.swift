@_spi(Engine) import TwilioJWTEngine

extension AccessToken {
    /// The token's unique identifier (`jti`).
    public enum TokenIdentifier: Sendable, Hashable {
        /// `<API key SID>-<issue time>`, twilio-python's choice. Two tokens issued by one key in the same
        /// second get the same `jti`.
        case keyAndIssueTime
        /// `<API key SID>-<32 random hex digits>`, unique per token, as Twilio's documentation describes
        /// and ExTwilio does. Tokens are then no longer reproducible from their inputs.
        case unique
        /// This exact string.
        case custom(String)
    }
}

extension AccessToken.TokenIdentifier {
    func validate() throws(TokenError) {
        if case .custom(let identifier) = self, identifier.isEmpty {
            throw TokenError(.invalidArgument, "a custom token identifier (jti) must not be empty")
        }
    }

    /// Writes the `jti` value of a token signed by the key `keySID` at `issuedAt`.
    func write(to writer: inout JSONWriter, keySID: String, issuedAt: Int) {
        switch self {
        case .keyAndIssueTime: writer.string(keySID, dash: issuedAt)
        case .unique: writer.unescapedString(keySID + "-" + Self.randomHex(byteCount: 16))
        case .custom(let identifier): writer.string(escaping: identifier)
        }
    }

    /// `byteCount` bytes from the system's random number generator (a CSPRNG), as lower-case hex.
    static func randomHex(byteCount: Int) -> String {
        var generator = SystemRandomNumberGenerator()
        return Hex.lowercase((0..<byteCount).map { _ in UInt8.random(in: .min ... .max, using: &generator) })
    }
}
