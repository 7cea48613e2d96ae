import Crypto

/// A key that Twilio signs webhooks with: an account's Auth Token or a webhook SharedKey secret.
///
/// The UTF-8 bytes of the string are the HMAC key, as in every Twilio helper library. A `WebhookSecret` never shows
/// its value: `description`, string interpolation and `dump(_:)` print `WebhookSecret(<redacted>)`.
public struct WebhookSecret: Sendable {
    /// The key's HMAC states for each algorithm, computed once (RFC 2104: the hash after the key's inner and outer
    /// pads), so a signature costs the message and two finalizations, not the key schedule.
    let sha1: KeyedHash<Insecure.SHA1>
    let sha256: KeyedHash<SHA256>

    /// Wraps a secret, refusing an empty one (an empty HMAC key would let anyone sign).
    ///
    /// - Throws: ``WebhookError/Code/invalidSecret`` if `secret` is empty.
    public init(_ secret: String) throws(WebhookError) {
        guard !secret.isEmpty else {
            throw WebhookError(.invalidSecret, "the webhook secret is empty")
        }
        let key = Array(secret.utf8)
        self.sha1 = KeyedHash(key: key)
        self.sha256 = KeyedHash(key: key)
    }
}

/// HMAC (RFC 2104) over one of swift-crypto's hash functions, composed here rather than through `HMAC<Hash>` so that
/// the compiler specializes it for SHA-1 and SHA-256: swift-crypto's `HMAC` is generic code of another module and runs
/// unspecialized, which costs more than the hashing of a webhook's few hundred bytes (docs/performance.md, "Webhook
/// validation").
struct KeyedHash<Hash: HashFunction & Sendable>: Sendable {
    private let inner: Hash
    private let outer: Hash

    init(key: [UInt8]) {
        var block = [UInt8](repeating: 0, count: Hash.blockByteCount)
        let material = key.count > Hash.blockByteCount ? Array(Hash.hash(data: key)) : key
        for (index, byte) in material.enumerated() { block[index] = byte }
        var inner = Hash()
        inner.update(data: block.map { $0 ^ 0x36 })
        var outer = Hash()
        outer.update(data: block.map { $0 ^ 0x5C })
        for index in block.indices { block[index] = 0 }
        self.inner = inner
        self.outer = outer
    }

    /// The MAC of `first` followed by each pair's name and value.
    func authenticationCode(_ first: [UInt8], _ pairs: [(name: [UInt8], value: [UInt8])]) -> [UInt8] {
        var inner = self.inner
        inner.update(data: first)
        for pair in pairs {
            inner.update(data: pair.name)
            inner.update(data: pair.value)
        }
        var outer = self.outer
        outer.update(data: Array(inner.finalize()))
        return Array(outer.finalize())
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
