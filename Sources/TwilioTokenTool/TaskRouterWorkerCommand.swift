import ArgumentParser
import TwilioJWT

/// `twilio-token taskrouter worker`: mints a TaskRouter token for a worker.
struct TaskRouterWorkerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "worker",
        abstract: "A worker token (defaults as twilio-python's WorkerCapabilityToken).",
        discussion: """
            Example:
              twilio-token taskrouter worker --workspace WS… --worker WK… \\
                --allow-update-activities --allow-update-reservations
            """
    )

    @OptionGroup var common: TaskRouterOptions

    @Option(help: ArgumentHelp("The worker SID (WK…).", valueName: "sid"))
    var worker: String

    @Flag(
        name: .customLong("allow-fetch-activities"), inversion: .prefixedNo,
        help: "GET the workspace's activities (default on).")
    var fetchActivities = true

    @Flag(
        name: .customLong("allow-fetch-reservations"), inversion: .prefixedNo,
        help: "GET tasks and their reservations (default on).")
    var fetchReservations = true

    @Flag(
        name: .customLong("allow-fetch-worker-reservations"), inversion: .prefixedNo,
        help: "GET the worker's reservations (default on).")
    var fetchWorkerReservations = true

    @Flag(name: .customLong("allow-update-activities"), help: "Change the worker's activity.")
    var updateActivities = false

    @Flag(name: .customLong("allow-update-reservations"), help: "Accept or reject reservations.")
    var updateReservations = false

    func run() throws {
        try checkSID(self.worker, .worker, flag: "--worker")
        var extra: TaskRouterCapabilities = []
        if self.fetchActivities { extra.insert(.fetchActivities) }
        if self.fetchReservations { extra.insert(.fetchReservations) }
        if self.fetchWorkerReservations { extra.insert(.fetchWorkerReservations) }
        if self.updateActivities { extra.insert(.updateActivities) }
        if self.updateReservations { extra.insert(.updateReservations) }
        try self.common.mint(channel: .worker(self.worker), extra: extra)
    }
}
