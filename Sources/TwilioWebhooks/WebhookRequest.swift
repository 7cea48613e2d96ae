/// What a webhook validator needs of an HTTP request: the URL Twilio requested, the body, and the two signature
/// headers.
public struct WebhookRequest: Sendable {
    /// What the signature covers besides the URL.
    public enum Body: Sendable, Hashable {
        /// Form parameters (`application/x-www-form-urlencoded`), decoded; empty for a GET request or an empty body.
        /// The signature covers the URL and the parameters.
        case form(WebhookParameters)
        /// Any other body (JSON, for example), as received. The signature covers only the URL, which must carry the
        /// body's SHA-256 in `bodySHA256`; the body must match it.
        case raw([UInt8])
    }

    /// The absolute URL Twilio requested: the public scheme and host, then the request target byte for byte.
    public var url: String
    /// The body.
    public var body: Body
    /// The `X-Twilio-Signature` header, or `nil` if the request has none.
    public var signature: String?
    /// The `X-Twilio-Webhooks-Signature-Settings` header, or `nil` if the request has none.
    public var signatureSettings: String?

    /// A request whose body is already classified.
    public init(
        url: String, body: Body = .form(WebhookParameters()), signature: String?, signatureSettings: String? = nil
    ) {
        self.url = url
        self.body = body
        self.signature = signature
        self.signatureSettings = signatureSettings
    }

    /// A request from its raw body and `Content-Type`, classified as Twilio signs it.
    ///
    /// A body with the media type `application/x-www-form-urlencoded` is decoded into parameters; an empty body with
    /// no content type is an empty form (a GET webhook); any other body, empty or not, is raw and must be covered by
    /// `bodySHA256` — so a JSON body whose URL has no `bodySHA256` fails validation rather than being checked as if
    /// it had no body.
    ///
    /// - Throws: ``WebhookError/Code/invalidForm`` or ``WebhookError/Code/tooLarge`` for a form body that cannot be
    ///   decoded within `maximumFormByteCount`.
    public init(
        url: String, contentType: String?, body: some Collection<UInt8>, signature: String?,
        signatureSettings: String? = nil, maximumFormByteCount: Int = WebhookParameters.defaultMaximumByteCount
    ) throws(WebhookError) {
        let body: Body =
            if let contentType, Self.isFormMediaType(contentType) {
                .form(try WebhookParameters(formURLEncoded: body, maximumByteCount: maximumFormByteCount))
            } else if contentType == nil && body.isEmpty {
                .form(WebhookParameters())
            } else {
                .raw(Array(body))
            }
        self.init(url: url, body: body, signature: signature, signatureSettings: signatureSettings)
    }

    /// Whether a `Content-Type` value names `application/x-www-form-urlencoded` (in any case, parameters ignored).
    public static func isFormMediaType(_ contentType: String) -> Bool {
        let mediaType = contentType.utf8.prefix { $0 != UInt8(ascii: ";") }
        let trimmed = mediaType.drop { $0 == 0x20 || $0 == 0x09 }.reversed().drop { $0 == 0x20 || $0 == 0x09 }
        let expected = Array("application/x-www-form-urlencoded".utf8)
        return trimmed.count == expected.count
            && zip(trimmed.reversed(), expected).allSatisfy { ($0 >= 0x41 && $0 <= 0x5A ? $0 + 0x20 : $0) == $1 }
    }
}

extension WebhookRequest: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// The URL and the body's kind and size; never the signature, nor the parameters' values.
    public var description: String {
        let body =
            switch self.body {
            case .form(let parameters): "form \(parameters)"
            case .raw(let bytes): "raw, \(bytes.count) bytes"
            }
        return "WebhookRequest(url: \(self.url), body: \(body), signature: "
            + (self.signature == nil ? "none" : "<redacted>")
            + (self.signatureSettings.map { ", settings: \($0.unicodeScalars.count) characters" } ?? "") + ")"
    }
    public var debugDescription: String { self.description }
    public var customMirror: Mirror {
        Mirror(self, children: ["description": self.description], displayStyle: .struct)
    }
}
