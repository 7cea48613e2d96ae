@_spi(Engine) import TwilioJWTEngine

/// The legacy `rtc` grant, which twilio-python ≤ 7 called `ConversationsGrant`: the 2015 Video beta
/// ("Conversations"), configured by a configuration profile.
///
/// This is **not** Twilio Conversations (messaging), which uses ``ChatGrant``. Only for old applications.
public struct RTCGrant: Sendable, Hashable {
    /// The configuration profile SID (`VS…`).
    public var configurationProfileSID: String?

    public init(configurationProfileSID: String? = nil) {
        self.configurationProfileSID = configurationProfileSID
    }
}

extension RTCGrant: GrantContent {
    func validate(key: String) throws(TokenError) {
        try SIDKind.configurationProfile.validateIfPresent(
            self.configurationProfileSID,
            field: "\(key).configuration_profile_sid"
        )
    }

    func write(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.optionalMember(.configurationProfileSID, self.configurationProfileSID)
        writer.endObject()
    }

    init?(decoding value: JSONValueView) {
        var grant = RTCGrant()
        let fits = value.forEachStringMember { member, string in
            guard member.hasName(.configurationProfileSID) else { return false }
            grant.configurationProfileSID = string
            return true
        }
        guard fits else { return nil }
        self = grant
    }
}

extension MemberName {
    fileprivate static let configurationProfileSID: MemberName = "configuration_profile_sid"
}
