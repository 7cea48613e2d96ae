/// The HMAC that signs a webhook.
///
/// Twilio signs with HMAC-SHA1 and the account's Auth Token unless a Webhook Rule names a SharedKey, in which case
/// the `X-Twilio-Webhooks-Signature-Settings` header names the key and the algorithm. The signed text is the same
/// for both: only the hash changes.
public enum WebhookSignatureAlgorithm: String, Sendable, Hashable, CaseIterable {
    /// HMAC-SHA1: the default, with the Auth Token. A 28-character base64 signature.
    case hmacSHA1 = "HMAC_SHA1"
    /// HMAC-SHA256: with a SharedKey secret. A 44-character base64 signature.
    case hmacSHA256 = "HMAC_SHA256"

    /// Reads an algorithm name as twilio-python 9.13 does: `HMAC_SHA1` or `HMAC_SHA256`, in any ASCII case.
    ///
    /// - Throws: ``WebhookError/Code/unsupportedAlgorithm`` for any other name.
    public init(name: String) throws(WebhookError) {
        let upper = String(decoding: name.utf8.map { $0 >= 0x61 && $0 <= 0x7A ? $0 - 0x20 : $0 }, as: UTF8.self)
        guard let algorithm = Self(rawValue: upper) else {
            throw WebhookError(
                .unsupportedAlgorithm,
                "the webhook signature algorithm \(Self.quoted(name)) is not supported; "
                    + "supported: HMAC_SHA1, HMAC_SHA256")
        }
        self = algorithm
    }

    /// The length of a base64 signature of this algorithm, with its padding.
    var signatureLength: Int {
        switch self {
        case .hmacSHA1: 28
        case .hmacSHA256: 44
        }
    }

    static func quoted(_ text: String) -> String {
        let shown = text.unicodeScalars.prefix(40).map {
            $0.isASCII && $0.value >= 0x20 && $0.value < 0x7F ? String($0) : "?"
        }
        return "'" + shown.joined() + (text.unicodeScalars.count > 40 ? "…'" : "'")
    }
}

/// The `X-Twilio-Webhooks-Signature-Settings` header: which SharedKey and which algorithm signed a webhook.
///
/// The header looks like `key=<sharedKeyId>,algorithm=HMAC_SHA256`. As in twilio-python 9.13's
/// `get_signature_algorithm`, parts are separated by commas, names and values are trimmed of whitespace, and a
/// header without a non-empty `algorithm=` means HMAC-SHA1.
public struct WebhookSignatureSettings: Sendable, Hashable {
    /// The header's name.
    public static let headerName = "X-Twilio-Webhooks-Signature-Settings"

    /// The SharedKey id from `key=`, if the header has one.
    public let keyID: String?
    /// The algorithm from `algorithm=`, or HMAC-SHA1.
    public let algorithm: WebhookSignatureAlgorithm

    /// Reads the header.
    ///
    /// - Throws: ``WebhookError/Code/unsupportedAlgorithm`` if `algorithm=` names an algorithm other than
    ///   `HMAC_SHA1` or `HMAC_SHA256`.
    public init(headerValue: String) throws(WebhookError) {
        var keyID: String?
        var algorithmName: String?
        // On Unicode scalars, as Python's str methods work on code points: a Character would join ',' or '=' to a
        // combining mark after it, and compares names by canonical equivalence rather than exactly.
        for part in headerValue.unicodeScalars.split(separator: ",", omittingEmptySubsequences: false) {
            guard let equals = part.firstIndex(of: "=") else { continue }
            let name = Self.trimmed(part[..<equals])
            let value = Self.trimmed(part[part.index(after: equals)...])
            guard !value.isEmpty else { continue }
            if name.elementsEqual("algorithm".unicodeScalars), algorithmName == nil {
                algorithmName = String(Substring(value))
            } else if name.elementsEqual("key".unicodeScalars), keyID == nil {
                keyID = String(Substring(value))
            }
        }
        self.keyID = keyID
        self.algorithm =
            try algorithmName.map { name throws(WebhookError) in try WebhookSignatureAlgorithm(name: name) }
            ?? .hmacSHA1
    }

    /// Settings for a SharedKey signature, as Twilio would send them.
    public init(keyID: String?, algorithm: WebhookSignatureAlgorithm) {
        self.keyID = keyID
        self.algorithm = algorithm
    }

    /// The header's value: `key=<id>,algorithm=<name>`, or `algorithm=<name>` without an id.
    public var headerValue: String {
        (self.keyID.map { "key=\($0)," } ?? "") + "algorithm=\(self.algorithm.rawValue)"
    }

    /// Equal when the algorithms are and the key ids are the same bytes (ids are matched byte for byte).
    public static func == (left: Self, right: Self) -> Bool {
        guard left.algorithm == right.algorithm else { return false }
        switch (left.keyID, right.keyID) {
        case (nil, nil): return true
        case (let leftID?, let rightID?): return leftID.utf8.elementsEqual(rightID.utf8)
        default: return false
        }
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(self.algorithm)
        hasher.combine(self.keyID == nil)
        for byte in self.keyID?.utf8 ?? "".utf8 { hasher.combine(byte) }
    }

    /// `text` without the white space Python's `str.strip()` removes at either end: what `str.isspace` calls white
    /// space, which is Unicode's White_Space and the separators U+001C to U+001F.
    private static func trimmed(_ text: Substring.UnicodeScalarView) -> Substring.UnicodeScalarView {
        let isSpace = { (scalar: Unicode.Scalar) in
            scalar.properties.isWhitespace || (0x1C...0x1F).contains(scalar.value)
        }
        let start = text.firstIndex { !isSpace($0) } ?? text.endIndex
        let end = text.lastIndex { !isSpace($0) }.map { text.index(after: $0) } ?? start
        return text[start..<end]
    }
}
