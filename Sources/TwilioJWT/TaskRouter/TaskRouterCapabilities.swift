/// The standard policies of a TaskRouter capability token, as twilio-python's keyword arguments name them.
///
/// Each capability adds one or two policies, in a fixed order (the order of twilio-python's
/// `TaskRouterCapabilityToken` and `WorkerCapabilityToken`). The worker capabilities apply only to worker
/// tokens.
public struct TaskRouterCapabilities: OptionSet, Sendable, Hashable {
    public let rawValue: UInt16

    public init(rawValue: UInt16) {
        self.rawValue = rawValue
    }

    /// Connect to the event bridge (`GET` and `POST` on the channel's web-socket URL). `allow_web_sockets`.
    public static let webSockets = Self(rawValue: 1 << 0)
    /// `GET` the channel's own resource. `allow_fetch_self`.
    public static let fetchSelf = Self(rawValue: 1 << 1)
    /// `POST` to the channel's own resource. `allow_update_self`.
    public static let updateSelf = Self(rawValue: 1 << 2)
    /// `DELETE` the channel's own resource. `allow_delete_self`.
    public static let deleteSelf = Self(rawValue: 1 << 3)
    /// `GET` every sub-resource of the channel's resource. `allow_fetch_subresources`.
    public static let fetchSubresources = Self(rawValue: 1 << 4)
    /// `POST` to every sub-resource. `allow_update_subresources`.
    public static let updateSubresources = Self(rawValue: 1 << 5)
    /// `DELETE` every sub-resource. `allow_delete_subresources`.
    public static let deleteSubresources = Self(rawValue: 1 << 6)
    /// Workers only: `GET` the workspace's activities. `allow_fetch_activities`.
    public static let fetchActivities = Self(rawValue: 1 << 7)
    /// Workers only: `GET` the workspace's tasks and their reservations. `allow_fetch_reservations`.
    public static let fetchReservations = Self(rawValue: 1 << 8)
    /// Workers only: `GET` the worker's reservations. `allow_fetch_worker_reservations`.
    public static let fetchWorkerReservations = Self(rawValue: 1 << 9)
    /// Workers only: change the worker's activity (`POST` to the worker with `ActivitySid` required).
    /// `allow_update_activities`.
    public static let updateActivities = Self(rawValue: 1 << 10)
    /// Workers only: accept or reject reservations (`POST` to tasks and to the worker's reservations).
    /// `allow_update_reservations`.
    public static let updateReservations = Self(rawValue: 1 << 11)

    /// The capabilities only worker tokens can have.
    public static let workerOnly: Self = [
        .fetchActivities, .fetchReservations, .fetchWorkerReservations, .updateActivities, .updateReservations,
    ]
    /// The defaults of task-queue and workspace tokens: web sockets and fetching the resource itself.
    public static let defaults: Self = [.webSockets, .fetchSelf]
    /// The defaults of worker tokens: ``defaults`` plus fetching activities, tasks and the worker's reservations.
    public static let workerDefaults: Self = [
        .webSockets, .fetchSelf, .fetchActivities, .fetchReservations, .fetchWorkerReservations,
    ]
}

/// One policy a capability adds: a method on a URL of the token's channel.
struct StandardPolicy: Sendable {
    /// The URLs of the standard policies, relative to the token's workspace and channel.
    enum Target: Sendable {
        /// The event bridge's web-socket channel: `https://event-bridge.twilio.com/v1/wschannels/<AC>/<channel>`.
        case eventBridge
        /// The channel's own resource: the worker, the task queue or the workspace.
        case resource
        /// Every sub-resource of the channel's resource (`…/**`).
        case subresources
        /// The workspace's activities.
        case activities
        /// The workspace's tasks and their reservations (`…/Tasks/**`).
        case tasks
        /// The channel's reservations (`…/Reservations/**`).
        case reservations
    }

    let target: Target
    let method: StaticString
    /// Whether the request must carry `ActivitySid` (the policy's `post_filter`).
    var requiresActivitySid = false
}

extension TaskRouterCapabilities {
    /// Every standard capability, its name, and the policies it adds, in the order tokens list them (the order of
    /// twilio-python's `TaskRouterCapabilityToken` and `WorkerCapabilityToken`): the one table the policies are
    /// written, listed and described from.
    static let standardPolicies: [(capability: Self, name: String, policies: [StandardPolicy])] = [
        (
            .webSockets, "webSockets",
            [.init(target: .eventBridge, method: "GET"), .init(target: .eventBridge, method: "POST")]
        ),
        (.fetchSelf, "fetchSelf", [.init(target: .resource, method: "GET")]),
        (.updateSelf, "updateSelf", [.init(target: .resource, method: "POST")]),
        (.deleteSelf, "deleteSelf", [.init(target: .resource, method: "DELETE")]),
        (.fetchSubresources, "fetchSubresources", [.init(target: .subresources, method: "GET")]),
        (.deleteSubresources, "deleteSubresources", [.init(target: .subresources, method: "DELETE")]),
        (.updateSubresources, "updateSubresources", [.init(target: .subresources, method: "POST")]),
        (.fetchActivities, "fetchActivities", [.init(target: .activities, method: "GET")]),
        (.fetchReservations, "fetchReservations", [.init(target: .tasks, method: "GET")]),
        (.fetchWorkerReservations, "fetchWorkerReservations", [.init(target: .reservations, method: "GET")]),
        (
            .updateActivities, "updateActivities",
            [.init(target: .resource, method: "POST", requiresActivitySid: true)]
        ),
        (
            .updateReservations, "updateReservations",
            [.init(target: .tasks, method: "POST"), .init(target: .reservations, method: "POST")]
        ),
    ]
}

extension TaskRouterCapabilities: CustomStringConvertible {
    public var description: String {
        "[" + Self.standardPolicies.filter { self.contains($0.capability) }.map(\.name).joined(separator: ", ") + "]"
    }
}
