#if Hummingbird
public import Hummingbird
import Logging

/// One access line per request (swift-log, at `info`): method, path, status, duration and client address.
///
/// The query string is left out (quickstart clients put identities in it, and some put passwords), and so are all
/// headers and bodies: an access line can never carry a token, a secret or an `Authorization` header. Hummingbird's
/// `LogRequestsMiddleware` logs the whole URI, query included, which is why this one exists.
public struct AccessLogMiddleware<Context: RemoteAddressRequestContext>: RouterMiddleware {
    /// A middleware.
    public init() {}

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        let start = ContinuousClock.now
        do {
            let response = try await next(request, context)
            self.log(request, context, status: response.status.code, start: start)
            return response
        } catch let error as any HTTPResponseError {
            self.log(request, context, status: error.status.code, start: start)
            throw error
        } catch {
            self.log(request, context, status: 500, start: start)
            throw error
        }
    }

    private func log(_ request: Request, _ context: Context, status: Int, start: ContinuousClock.Instant) {
        let elapsed = ContinuousClock.now - start
        let milliseconds = Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
        context.logger.info(
            "request",
            metadata: [
                "method": "\(request.method.rawValue)",
                "path": "\(request.uri.path.prefix(256))",
                "status": "\(status)",
                "duration_ms": "\((milliseconds * 1000).rounded() / 1000)",
                "client": "\(context.remoteAddress?.ipAddress ?? "-")",
            ]
        )
    }
}
#endif
