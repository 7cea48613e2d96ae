import Crypto

/// Computes webhook signatures as Twilio does.
///
/// The signed text is the URL exactly as Twilio requested it, query string included, followed by each form
/// parameter's name and value with no separators, by name and then by value in byte order, each distinct pair once
/// (twilio-python's `RequestValidator.compute_signature`,
/// https://github.com/twilio/twilio-python/blob/main/twilio/request_validator.py). The signature is the standard
/// base64 of the HMAC of that text's UTF-8 bytes, keyed with the secret's UTF-8 bytes.
public enum WebhookSignature {
    /// The `X-Twilio-Signature` header's name.
    public static let headerName = "X-Twilio-Signature"

    /// The signature Twilio sends for a request to `url` with these form parameters.
    ///
    /// `url` is signed as given, with no parsing or port handling; use it to sign a request as a test client or as
    /// Twilio would. For a request with a raw body, sign the URL with its `bodySHA256` and no parameters
    /// (``urlWithBodySHA256(_:body:)``).
    public static func compute(
        url: String, parameters: WebhookParameters = WebhookParameters(), secret: WebhookSecret,
        algorithm: WebhookSignatureAlgorithm = .hmacSHA1
    ) -> String {
        String(
            decoding: self.signature(url: url, pairs: parameters.signedPairs, key: secret, algorithm: algorithm),
            as: UTF8.self)
    }

    /// The lower-case hexadecimal SHA-256 of a raw body: the value of `bodySHA256`.
    public static func bodySHA256(of body: some Collection<UInt8>) -> String {
        String(decoding: self.bodyHash(body), as: UTF8.self)
    }

    /// `url` with `bodySHA256=<hash of body>` appended to its query string, as Twilio requests a webhook with a
    /// JSON (or other non-form) body.
    public static func urlWithBodySHA256(_ url: String, body: some Collection<UInt8>) -> String {
        let hash = self.bodySHA256(of: body)
        // On Unicode scalars, as WebhookURL splits a URL: a Character would join '?' or '#' to a combining mark.
        let scalars = url.unicodeScalars
        let fragmentStart = scalars.firstIndex(of: "#") ?? scalars.endIndex
        let beforeFragment = scalars[..<fragmentStart]
        let separator = beforeFragment.contains("?") ? (beforeFragment.last == "?" ? "" : "&") : "?"
        return String(url[..<fragmentStart]) + separator + "bodySHA256=" + hash + String(url[fragmentStart...])
    }

    static func bodyHash(_ body: some Collection<UInt8>) -> [UInt8] {
        var hasher = SHA256()
        hasher.update(data: Array(body))
        return Hex.lowercase(hasher.finalize())
    }

    static func signature(
        url: String, pairs: [(name: [UInt8], value: [UInt8])], key: WebhookSecret, algorithm: WebhookSignatureAlgorithm
    ) -> [UInt8] {
        let url = Array(url.utf8)
        switch algorithm {
        case .hmacSHA1: return Base64.encoded(key.sha1.authenticationCode(url, pairs))
        case .hmacSHA256: return Base64.encoded(key.sha256.authenticationCode(url, pairs))
        }
    }
}
