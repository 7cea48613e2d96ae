@_spi(Engine) import TwilioJWTEngine

/// The TaskRouter grant (`task_router`): lets a TaskRouter SDK client (for example Flex) act as a worker.
public struct TaskRouterGrant: Sendable, Hashable {
    /// The workspace SID (`WS…`).
    public var workspaceSID: String?
    /// The worker SID (`WK…`).
    public var workerSID: String?
    /// The role, for example `"worker"`.
    public var role: String?

    public init(workspaceSID: String? = nil, workerSID: String? = nil, role: String? = nil) {
        self.workspaceSID = workspaceSID
        self.workerSID = workerSID
        self.role = role
    }
}

extension TaskRouterGrant: GrantContent {
    func validate(key: String) throws(TokenError) {
        try SIDKind.workspace.validateIfPresent(self.workspaceSID, field: "\(key).workspace_sid")
        try SIDKind.worker.validateIfPresent(self.workerSID, field: "\(key).worker_sid")
    }

    func write(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.optionalMember(.workspaceSID, self.workspaceSID)
        writer.optionalMember(.workerSID, self.workerSID)
        writer.optionalMember(.role, self.role)
        writer.endObject()
    }

    init?(decoding value: JSONValueView) {
        var grant = TaskRouterGrant()
        let fits = value.forEachStringMember { member, string in
            if member.hasName(.workspaceSID) {
                grant.workspaceSID = string
            } else if member.hasName(.workerSID) {
                grant.workerSID = string
            } else if member.hasName(.role) {
                grant.role = string
            } else {
                return false
            }
            return true
        }
        guard fits else { return nil }
        self = grant
    }
}

extension MemberName {
    /// A member of the TaskRouter grant and of TaskRouter capability tokens.
    static let workspaceSID: MemberName = "workspace_sid"
    /// A member of the TaskRouter grant and of TaskRouter worker tokens.
    static let workerSID: MemberName = "worker_sid"
    fileprivate static let role: MemberName = "role"
}
