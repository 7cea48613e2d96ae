@_spi(Engine) import TwilioJWTEngine

/// The Sync grant (`data_sync`): lets a Sync SDK client use a Sync service.
public struct SyncGrant: Sendable, Hashable {
    /// The Sync service SID (`IS…`).
    public var serviceSID: String?
    /// An identifier of this device or endpoint.
    public var endpointID: String?

    public init(serviceSID: String? = nil, endpointID: String? = nil) {
        self.serviceSID = serviceSID
        self.endpointID = endpointID
    }
}

extension SyncGrant: GrantContent {
    func validate(key: String) throws(TokenError) {
        try SIDKind.service.validateIfPresent(self.serviceSID, field: "\(key).service_sid")
    }

    func write(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.optionalMember(.serviceSID, self.serviceSID)
        writer.optionalMember(.endpointID, self.endpointID)
        writer.endObject()
    }

    init?(decoding value: JSONValueView) {
        var grant = SyncGrant()
        let fits = value.forEachStringMember { member, string in
            if member.hasName(.serviceSID) {
                grant.serviceSID = string
            } else if member.hasName(.endpointID) {
                grant.endpointID = string
            } else {
                return false
            }
            return true
        }
        guard fits else { return nil }
        self = grant
    }
}
