import Crypto

/// A key that Twilio signs webhooks with: an account's Auth Token or a webhook SharedKey secret.
///
/// The UTF-8 bytes of the string are the HMAC key, as in every Twilio helper library. A `WebhookSecret` never shows
/// its value: `description`, string interpolation and `dump(_:)` print `WebhookSecret(<redacted>)`.
public struct WebhookSecret: Sendable {
    let key: SymmetricKey

    /// Wraps a secret, refusing an empty one (an empty HMAC key would let anyone sign).
    ///
    /// - Throws: ``WebhookError/Code/invalidSecret`` if `secret` is empty.
    public init(_ secret: String) throws(WebhookError) {
        guard !secret.isEmpty else {
            throw WebhookError(.invalidSecret, "the webhook secret is empty")
        }
        self.key = SymmetricKey(data: Array(secret.utf8))
    }
}

extension WebhookSecret: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    public var description: String { "WebhookSecret(<redacted>)" }
    public var debugDescription: String { self.description }
    public var customMirror: Mirror { Mirror(self, children: [], displayStyle: .struct) }
}

/// A webhook SharedKey: its id (the `key=` of `X-Twilio-Webhooks-Signature-Settings`) and its secret.
///
/// Twilio's Webhooks configuration API signs a webhook with a SharedKey instead of the Auth Token when a Webhook
/// Rule matches its URL (https://www.twilio.com/docs/usage/webhooks/webhook-shared-keys). Several keys may share an
/// id while one is being rotated.
public struct WebhookSharedKey: Sendable, CustomStringConvertible {
    /// The SharedKey's id, as the settings header names it.
    public let id: String
    /// The SharedKey's secret.
    public let secret: WebhookSecret

    /// - Throws: ``WebhookError/Code/invalidSecret`` if `id` is empty or contains a comma, `=` or whitespace
    ///   (the settings header could not name it).
    public init(id: String, secret: WebhookSecret) throws(WebhookError) {
        guard !id.isEmpty, !id.unicodeScalars.contains(where: { $0 == "," || $0 == "=" || $0.properties.isWhitespace })
        else {
            throw WebhookError(
                .invalidSecret, "a SharedKey id must be non-empty, with no comma, '=' or whitespace")
        }
        self.id = id
        self.secret = secret
    }

    public var description: String { "WebhookSharedKey(id: \(self.id), secret: <redacted>)" }
}
