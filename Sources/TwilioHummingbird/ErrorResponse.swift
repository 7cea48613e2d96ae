#if Hummingbird
import HTTPTypes
import Hummingbird
import NIOCore
import TwilioTokenService

/// A refusal as an HTTP response, as the service writes it (``TwilioTokenService/ServiceError/response``).
struct ServiceErrorResponse: HTTPResponseError {
    let error: ServiceError

    init(_ error: ServiceError) {
        self.error = error
    }

    var status: HTTPResponse.Status { HTTPResponse.Status(code: self.error.status) }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        Response(self.error.response)
    }
}

/// The rest of the middleware chain's response, or the response of the `HTTPResponseError` it threw, so that a
/// middleware adding headers adds them to refusals too.
func respondRenderingErrors<Context: RequestContext>(
    _ request: Request, _ context: Context, _ next: (Request, Context) async throws -> Response
) async throws -> Response {
    do {
        return try await next(request, context)
    } catch let error as any HTTPResponseError {
        return try error.response(from: request, context: context)
    }
}

/// A request's whole body, up to `limit` bytes: 413 `body_too_large` when its `Content-Length` says more or when more
/// arrives.
func collectBody(_ request: Request, limit: Int) async throws -> ByteBuffer {
    let tooLarge = ServiceErrorResponse(.bodyTooLarge(limit: limit))
    if let length = request.headers[.contentLength].flatMap({ Int($0) }), length > limit {
        throw tooLarge
    }
    do {
        return try await request.body.collect(upTo: limit)
    } catch is NIOTooManyBytesError {
        throw tooLarge
    }
}
#endif
