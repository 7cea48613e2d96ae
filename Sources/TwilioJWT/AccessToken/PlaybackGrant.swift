@_spi(Engine) import TwilioJWTEngine

/// The Playback grant (`player`) of Twilio Live: lets a Player SDK client watch a stream.
///
/// Twilio's PlaybackGrant REST resource returns the grant; pass its JSON through unchanged. It is written
/// verbatim, members in their order, `null` members included; a `nil`/``JSONValue/null`` grant is written as
/// `"player":null`, as twilio-python does.
public struct PlaybackGrant: Sendable, Hashable {
    /// The grant object exactly as Twilio's API returned it.
    public var grant: JSONValue

    public init(grant: JSONValue = .null) {
        self.grant = grant
    }
}

extension PlaybackGrant: GrantContent {
    func validate(key: String) throws(TokenError) {
        if let path = self.grant.pathOfNonFiniteNumber(under: key) {
            throw TokenError.nonFiniteNumber(at: path)
        }
    }

    func write(to writer: inout JSONWriter) {
        try! writer.value(self.grant)  // validate() rejected non-finite numbers
    }

    /// Any JSON: the grant is opaque.
    init?(decoding value: JSONValueView) {
        self.init(grant: JSONValue(value))
    }
}
