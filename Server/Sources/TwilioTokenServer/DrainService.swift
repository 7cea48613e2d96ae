import Logging
import ServiceLifecycle
import TwilioHummingbird

/// The first step of a graceful stop (SIGTERM, SIGINT): drain for the grace period, then return, which lets the
/// service group stop the listeners (Hummingbird closes them and the idle connections, and waits for the requests in
/// flight).
struct DrainService: Service {
    let drain: ConnectionDrain
    let grace: Duration
    let logger: Logger

    func run() async throws {
        try? await gracefulShutdown()
        self.drain.begin()
        self.logger.notice(
            "stopping: draining connections", metadata: ["grace_seconds": "\(self.grace.components.seconds)"])
        try? await Task.sleep(for: self.grace)
    }
}
