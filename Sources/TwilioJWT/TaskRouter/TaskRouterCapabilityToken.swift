@_spi(Engine) import TwilioJWTEngine

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A TaskRouter capability token for the TaskRouter JavaScript SDK: what a worker, task queue or workspace
/// client may read and change, signed with the account's auth token.
///
/// ```swift
/// var token = TaskRouterCapabilityToken.worker(workspaceSID: workspaceSID, workerSID: workerSID)
/// token.capabilities.insert(.updateActivities)
/// token.capabilities.insert(.updateReservations)
/// let jwt = try token.jwt(signedWith: try AccountCredentials(environment: ProcessInfo.processInfo.environment))
/// ```
///
/// The bytes match twilio-python 9.13's `WorkerCapabilityToken`, `TaskQueueCapabilityToken` and
/// `WorkspaceCapabilityToken` (with PyJWT ≥ 2.5): header `{"alg":"HS256","typ":"JWT"}`, payload
/// `account_sid, workspace_sid, channel, version, friendly_name, policies, [worker_sid | taskqueue_sid], iss,
/// exp, [nbf]`, policies in the order of ``TaskRouterCapabilities`` followed by ``additionalPolicies``.
///
/// For Flex and the newer TaskRouter SDKs, use an ``AccessToken`` with a ``TaskRouterGrant`` instead.
public struct TaskRouterCapabilityToken: Sendable, Hashable {
    /// Whose events and resources the token is for.
    public enum Channel: Sendable, Hashable, Encodable {
        /// A worker (`WK…`).
        case worker(String)
        /// A task queue (`WQ…`).
        case taskQueue(String)
        /// The workspace itself.
        case workspace
    }

    /// The workspace SID (`WS…`).
    public var workspaceSID: String
    /// The channel: a worker, a task queue or the workspace.
    public var channel: Channel
    /// The standard policies to include.
    public var capabilities: TaskRouterCapabilities
    /// Further policies, written after the standard ones in this order.
    public var additionalPolicies: [TaskRouterPolicy]
    /// When the token expires; one hour after issue by default.
    public var expiration: Expiration
    /// When the token becomes valid; the issue time by default.
    public var notBefore: NotBefore

    /// Describes a TaskRouter capability token.
    ///
    /// - Parameters:
    ///   - workspaceSID: The workspace SID (`WS…`).
    ///   - channel: The worker, task queue or workspace the token is for.
    ///   - capabilities: The standard policies; `nil` means the defaults of the channel
    ///     (``TaskRouterCapabilities/workerDefaults`` for workers, ``TaskRouterCapabilities/defaults`` otherwise),
    ///     as in twilio-python.
    ///   - additionalPolicies: Further policies.
    ///   - expiration: When the token expires; `.ttl(3600)` by default.
    ///   - notBefore: When the token becomes valid; the issue time by default.
    public init(
        workspaceSID: String,
        channel: Channel,
        capabilities: TaskRouterCapabilities? = nil,
        additionalPolicies: [TaskRouterPolicy] = [],
        expiration: Expiration = .ttl(3600),
        notBefore: NotBefore = .issueTime
    ) {
        self.workspaceSID = workspaceSID
        self.channel = channel
        if let capabilities {
            self.capabilities = capabilities
        } else if case .worker = channel {
            self.capabilities = .workerDefaults
        } else {
            self.capabilities = .defaults
        }
        self.additionalPolicies = additionalPolicies
        self.expiration = expiration
        self.notBefore = notBefore
    }

    /// A worker token with twilio-python's defaults (web sockets, fetch the worker, its activities, tasks and
    /// reservations).
    public static func worker(
        workspaceSID: String,
        workerSID: String,
        capabilities: TaskRouterCapabilities = .workerDefaults
    ) -> TaskRouterCapabilityToken {
        TaskRouterCapabilityToken(workspaceSID: workspaceSID, channel: .worker(workerSID), capabilities: capabilities)
    }

    /// A task-queue token with twilio-python's defaults (web sockets, fetch the queue).
    public static func taskQueue(
        workspaceSID: String,
        taskQueueSID: String,
        capabilities: TaskRouterCapabilities = .defaults
    ) -> TaskRouterCapabilityToken {
        TaskRouterCapabilityToken(
            workspaceSID: workspaceSID,
            channel: .taskQueue(taskQueueSID),
            capabilities: capabilities
        )
    }

    /// A workspace token with twilio-python's defaults (web sockets, fetch the workspace).
    public static func workspace(
        workspaceSID: String,
        capabilities: TaskRouterCapabilities = .defaults
    ) -> TaskRouterCapabilityToken {
        TaskRouterCapabilityToken(workspaceSID: workspaceSID, channel: .workspace, capabilities: capabilities)
    }
}

// MARK: - Policies

extension TaskRouterCapabilityToken {
    /// The channel id: the worker or task-queue SID, or the workspace SID.
    public var channelID: String {
        switch self.channel {
        case .worker(let sid), .taskQueue(let sid): return sid
        case .workspace: return self.workspaceSID
        }
    }

    /// `https://taskrouter.twilio.com/v1/Workspaces/<WS>`.
    public var workspaceURL: String {
        var url = ""
        self.writeWorkspaceURL { url += $0 }
        return url
    }

    /// The URL of the channel's own resource: the worker, the task queue or the workspace.
    public var resourceURL: String {
        var url = ""
        self.writeURL(of: .resource, accountSID: "") { url += $0 }
        return url
    }

    /// Every policy the token carries, in order, for the account `accountSID` (the event-bridge URL names the
    /// account).
    public func policies(accountSID: String) -> [TaskRouterPolicy] {
        var policies: [TaskRouterPolicy] = []
        for (capability, _, standard) in TaskRouterCapabilities.standardPolicies
        where self.capabilities.contains(capability) {
            for policy in standard {
                var url = ""
                self.writeURL(of: policy.target, accountSID: accountSID) { url += $0 }
                policies.append(
                    TaskRouterPolicy(
                        url: url,
                        method: "\(policy.method)",
                        postFilter: policy.requiresActivitySid ? Self.requiredActivitySid : [:]
                    )
                )
            }
        }
        return policies + self.additionalPolicies
    }

    /// The `post_filter` of a policy that requires `ActivitySid`.
    private static let requiredActivitySid: JSONObject = ["ActivitySid": ["required": true]]

    /// Writes the standard policies, exactly as ``policies(accountSID:)`` lists them, straight into the payload (no
    /// policy values or URL strings are built: minting stays at a handful of allocations).
    func writeStandardPolicies(to writer: inout JSONWriter, accountSID: String) {
        for (capability, _, standard) in TaskRouterCapabilities.standardPolicies
        where self.capabilities.contains(capability) {
            for policy in standard {
                writer.beginObject()
                writer.key(.url)
                writer.string { writer in
                    self.writeURL(of: policy.target, accountSID: accountSID) { writer.part($0) }
                }
                writer.key(.method)
                writer.string(policy.method)
                writer.key(.allow)
                writer.bool(true)
                writer.key(.queryFilter)
                writer.beginObject()
                writer.endObject()
                writer.key(.postFilter)
                try! writer.object(policy.requiresActivitySid ? Self.requiredActivitySid : [:])  // finite numbers only
                writer.endObject()
            }
        }
    }

    /// Calls `part` with the pieces of the URL of `target`, in order: the one place the URLs are spelled.
    private func writeURL(of target: StandardPolicy.Target, accountSID: String, _ part: (String) -> Void) {
        switch target {
        case .eventBridge:
            part("https://event-bridge.twilio.com/v1/wschannels/")
            part(accountSID)
            part("/")
            part(self.channelID)
        case .activities:
            self.writeWorkspaceURL(part)
            part("/Activities")
        case .tasks:
            self.writeWorkspaceURL(part)
            part("/Tasks/**")
        case .resource, .subresources, .reservations:
            self.writeWorkspaceURL(part)
            switch self.channel {
            case .worker(let sid):
                part("/Workers/")
                part(sid)
            case .taskQueue(let sid):
                part("/TaskQueues/")
                part(sid)
            case .workspace:
                break
            }
            if target == .subresources { part("/**") }
            if target == .reservations { part("/Reservations/**") }
        }
    }

    private func writeWorkspaceURL(_ part: (String) -> Void) {
        part("https://taskrouter.twilio.com/v1/Workspaces/")
        part(self.workspaceSID)
    }

    func validate() throws(TokenError) {
        try SIDKind.workspace.validate(self.workspaceSID, field: "workspace SID")
        switch self.channel {
        case .worker(let sid):
            try SIDKind.worker.validate(sid, field: "worker SID")
        case .taskQueue(let sid):
            try SIDKind.taskQueue.validate(sid, field: "task queue SID")
        case .workspace:
            break
        }
        if case .worker = self.channel {
        } else {
            let misplaced = self.capabilities.intersection(.workerOnly)
            if !misplaced.isEmpty {
                throw TokenError(
                    .invalidArgument,
                    "the capabilities \(misplaced) apply only to worker tokens; this token is for a "
                        + (self.channel == .workspace ? "workspace" : "task queue")
                )
            }
        }
        for (index, policy) in self.additionalPolicies.enumerated() {
            try policy.validate(index: index)
        }
    }
}

// MARK: - Signing

extension TaskRouterCapabilityToken {
    /// Signs the token with the account's auth token, issued now.
    ///
    /// - Throws: ``TokenError``; see ``jwt(signedWith:issuedAt:)-(_,Int)``.
    public func jwt(signedWith credentials: AccountCredentials) throws(TokenError) -> String {
        try self.jwt(signedWith: credentials, issuedAt: UnixTime.now())
    }

    /// Signs the token with the account's auth token, issued at `issuedAt` (Unix seconds).
    ///
    /// - Throws: ``TokenError`` with code ``TokenError/Code-swift.struct/invalidSID`` (workspace, worker or task
    ///   queue SID), ``TokenError/Code-swift.struct/invalidArgument`` (a worker capability on another channel, a
    ///   policy that is not an https URL with GET, POST or DELETE), ``TokenError/Code-swift.struct/invalidGrant``
    ///   (a filter holding a non-finite number), or a lifetime error.
    public func jwt(signedWith credentials: AccountCredentials, issuedAt: Int) throws(TokenError) -> String {
        let lifetime = try Lifetime.resolve(issuedAt: issuedAt, expiration: self.expiration, notBefore: self.notBefore)
        try self.validate()
        let channelID = self.channelID
        var payload = JSONWriter(capacity: 2048)
        payload.beginObject()
        payload.key(.accountSID)
        payload.unescapedString(credentials.accountSID)
        payload.key(.workspaceSID)
        payload.unescapedString(self.workspaceSID)
        payload.key(.channel)
        payload.unescapedString(channelID)
        payload.key(.version)
        payload.string("v1")
        payload.key(.friendlyName)
        payload.unescapedString(channelID)
        payload.key(.policies)
        payload.beginArray()
        self.writeStandardPolicies(to: &payload, accountSID: credentials.accountSID)
        for policy in self.additionalPolicies {
            policy.write(to: &payload)
        }
        payload.endArray()
        switch self.channel {
        case .worker(let sid):
            payload.key(.workerSID)
            payload.unescapedString(sid)
        case .taskQueue(let sid):
            payload.key(.taskQueueSID)
            payload.unescapedString(sid)
        case .workspace:
            break
        }
        payload.key(.iss)
        payload.unescapedString(credentials.accountSID)
        payload.expirationAndNotBefore(lifetime)
        payload.endObject()
        return CompactJWS.hs256(header: .capability, payload: payload, key: credentials.signingKey)
    }

    /// Signs the token with the account's auth token, issued at `issuedAt` (rounded down to whole seconds).
    public func jwt(signedWith credentials: AccountCredentials, issuedAt: Date) throws(TokenError) -> String {
        try self.jwt(signedWith: credentials, issuedAt: try UnixTime.seconds(issuedAt, field: "the issue time"))
    }
}
