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

extension SyncGrant {
    func validate() throws(TokenError) {
        try SIDKind.service.validateIfPresent(self.serviceSID, field: "data_sync.service_sid")
    }

    func write(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.optionalMember("service_sid", self.serviceSID)
        writer.optionalMember("endpoint_id", self.endpointID)
        writer.endObject()
    }
}
