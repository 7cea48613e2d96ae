#if Hummingbird
public import Hummingbird
import Metrics
import Synchronization

/// Request latency as a swift-metrics timer, `http.server.request.duration` (Prometheus:
/// `http_server_request_duration`, a histogram in seconds whose `_count` counts the requests) with the dimensions
/// `http.route`, `http.request.method` and `http.response.status_code` — the names Hummingbird's `MetricsMiddleware`
/// uses.
///
/// It records when the route has produced its response, before the body is written. Hummingbird's middleware records
/// after the write, by wrapping the response body in a closure, which takes a single-buffer response off the fast
/// path: measured on the token route, it cost about a quarter of the server's throughput (docs/performance.md).
public struct RequestMetricsMiddleware<Context: RequestContext>: RouterMiddleware {
    private let timers: Timers

    /// A middleware recording through `factory`; the process's bootstrapped `MetricsSystem.factory` by default.
    public init(factory: (any MetricsFactory)? = nil) {
        self.timers = Timers(factory: factory ?? MetricsSystem.factory)
    }

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        let start = ContinuousClock.now
        let status: Int
        do {
            let response = try await next(request, context)
            status = response.status.code
            self.record(request, context, status: status, since: start)
            return response
        } catch let error as any HTTPResponseError {
            self.record(request, context, status: error.status.code, since: start)
            throw error
        } catch {
            self.record(request, context, status: 500, since: start)
            throw error
        }
    }

    private func record(_ request: Request, _ context: Context, status: Int, since start: ContinuousClock.Instant) {
        let elapsed = ContinuousClock.now - start
        let nanoseconds = elapsed.components.seconds * 1_000_000_000 + elapsed.components.attoseconds / 1_000_000_000
        let key = Timers.Key(route: context.endpointPath ?? "NotFound", method: request.method.rawValue, status: status)
        self.timers.timer(key).recordNanoseconds(nanoseconds)
    }

    /// The timers made so far, one per route, method and status.
    final class Timers: Sendable {
        struct Key: Hashable, Sendable {
            let route: String
            let method: String
            let status: Int
        }

        let factory: any MetricsFactory
        private let made = Mutex<[Key: Timer]>([:])

        init(factory: any MetricsFactory) {
            self.factory = factory
        }

        func timer(_ key: Key) -> Timer {
            self.made.withLock { made in
                if let timer = made[key] { return timer }
                let timer = Timer(
                    label: "http.server.request.duration",
                    dimensions: [
                        ("http.route", key.route), ("http.request.method", key.method),
                        ("http.response.status_code", String(key.status)),
                    ],
                    preferredDisplayUnit: .seconds,
                    factory: self.factory
                )
                made[key] = timer
                return timer
            }
        }
    }
}
#endif
