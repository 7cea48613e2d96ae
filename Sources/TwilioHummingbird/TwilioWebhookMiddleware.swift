#if Hummingbird
import HTTPTypes
public import Hummingbird
import NIOCore
public import TwilioTokenService
public import TwilioWebhooks

/// A request context that carries a validated webhook's form parameters from ``TwilioWebhookMiddleware`` to the
/// route, so that the body is decoded once.
public protocol TwilioWebhookRequestContext: RemoteAddressRequestContext {
    /// The validated request's form parameters; `nil` until the middleware has validated the request.
    var twilioWebhookParameters: WebhookParameters? { get set }
}

/// Validates `X-Twilio-Signature` before the route runs: a request that Twilio did not sign gets 403 and reaches
/// nothing else.
///
/// It reads the whole body (up to 64 KiB; 413 beyond), checks the signature over the public URL and the raw request
/// target (``WebhookGate``), puts the decoded form parameters in the context and hands the route the same body bytes,
/// so a route with a JSON body still reads it.
///
/// ```swift
/// let webhooks = router.group("twilio").add(middleware: TwilioWebhookMiddleware<MyContext>(gate: gate))
/// webhooks.post("status") { request, context in
///     let status = context.twilioWebhookParameters?["CallStatus"]
///     …
/// }
/// ```
public struct TwilioWebhookMiddleware<Context: TwilioWebhookRequestContext>: RouterMiddleware {
    private let validate: @Sendable (WebhookHTTPRequest) throws -> WebhookParameters

    /// A middleware over a ``WebhookGate``: your secrets, public base URL and trusted proxies.
    public init(gate: WebhookGate) {
        self.validate = { request in
            do throws(WebhookGate.Rejection) {
                return try gate.validate(request).parameters
            } catch {
                throw ServiceErrorResponse(error.serviceError)
            }
        }
    }

    /// A middleware over the token service's `voice` configuration, which counts and logs refusals.
    public init(service: TokenService) {
        self.validate = { request in
            do throws(ServiceError) {
                return try service.validateWebhook(request)
            } catch {
                throw ServiceErrorResponse(error)
            }
        }
    }

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        let body = try await collectBody(request, limit: TokenService.maximumWebhookBodyBytes)
        let webhook = WebhookHTTPRequest(
            peer: context.remoteAddress?.ipAddress,
            requestTarget: request.head.path ?? "/",
            contentType: request.headers[.contentType],
            signature: request.headers[.xTwilioSignature],
            signatureSettings: request.headers[.xTwilioWebhooksSignatureSettings],
            forwardedProto: Self.joined(request.headers[values: .xForwardedProto]),
            forwardedHost: Self.joined(request.headers[values: .xForwardedHost]),
            body: Array(body.readableBytesView)
        )
        var context = context
        context.twilioWebhookParameters = try self.validate(webhook)
        var request = request
        request.body = RequestBody(buffer: body)
        return try await next(request, context)
    }

    private static func joined(_ values: [String]) -> String? {
        values.isEmpty ? nil : values.joined(separator: ",")
    }
}

extension HTTPField.Name {
    /// `X-Twilio-Signature`.
    static let xTwilioSignature = HTTPField.Name(WebhookSignature.headerName)!
    /// `X-Twilio-Webhooks-Signature-Settings`.
    static let xTwilioWebhooksSignatureSettings = HTTPField.Name(WebhookSignatureSettings.headerName)!
    /// `X-Forwarded-Proto`.
    static let xForwardedProto = HTTPField.Name("X-Forwarded-Proto")!
    /// `X-Forwarded-Host`.
    static let xForwardedHost = HTTPField.Name("X-Forwarded-Host")!
}
#endif
