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

extension TaskRouterGrant {
    func validate() throws(TokenError) {
        try SIDKind.workspace.validateIfPresent(self.workspaceSID, field: "task_router.workspace_sid")
        try SIDKind.worker.validateIfPresent(self.workerSID, field: "task_router.worker_sid")
    }

    func write(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.optionalMember("workspace_sid", self.workspaceSID)
        writer.optionalMember("worker_sid", self.workerSID)
        writer.optionalMember("role", self.role)
        writer.endObject()
    }
}
