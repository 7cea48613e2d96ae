#if Hummingbird
public import Hummingbird
import Synchronization

/// The first phase of a graceful stop: the server keeps answering, but every response says `Connection: close`
/// (RFC 9112 §9.6) and `/readyz` answers 503, so that load balancers stop sending and clients stop reusing
/// connections before the server closes the idle ones.
///
/// Hummingbird's own graceful shutdown closes the listener and every connection without a request in progress at
/// once; a keep-alive client that sends its next request at that moment gets no answer. Draining first, for a grace
/// period, leaves no connection idle-but-reused when that happens.
public final class ConnectionDrain: Sendable {
    private let draining = Atomic<Bool>(false)

    /// A drain that has not begun.
    public init() {}

    /// Starts draining; it cannot be undone.
    public func begin() {
        self.draining.store(true, ordering: .relaxed)
    }

    /// Whether draining has begun.
    public var isDraining: Bool {
        self.draining.load(ordering: .relaxed)
    }

    /// The middleware that marks responses `Connection: close` while draining.
    public func middleware<Context: RequestContext>(context: Context.Type = Context.self) -> some RouterMiddleware<
        Context
    > {
        DrainMiddleware<Context>(drain: self)
    }
}

struct DrainMiddleware<Context: RequestContext>: RouterMiddleware {
    let drain: ConnectionDrain

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        guard self.drain.isDraining else { return try await next(request, context) }
        var response = try await respondRenderingErrors(request, context, next)
        response.headers[.connection] = "close"
        return response
    }
}
#endif
