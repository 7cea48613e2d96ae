#if Vapor
public import TwilioTokenService
import TwilioWebhooks
public import Vapor

/// Validates `X-Twilio-Signature` before the route runs: a request that Twilio did not sign gets 403 and reaches
/// nothing else.
///
/// It reads the whole body (up to 64 KiB; 413 beyond), checks the signature over the public URL and the request
/// target (``TwilioTokenService/WebhookGate``: a configured public base URL, or trusted proxies' forwarded headers;
/// `bodySHA256` over the raw body for a JSON webhook; every Auth Token and SharedKey of the validator, for rotation),
/// and leaves the decoded form parameters in `req.twilio.webhookParameters`. The body stays collected, so the route
/// can still decode it.
///
/// ```swift
/// let twilio = app.grouped("twilio").grouped(try TwilioWebhookMiddleware(service: app.twilio.service))
/// twilio.post("status") { req in
///     let status = req.twilio.webhookParameters?["CallStatus"]
///     …
/// }
/// ```
///
/// Vapor keeps the request target as a Foundation URL: a target Foundation cannot parse is checked as an empty one,
/// which no signature matches (403).
public struct TwilioWebhookMiddleware: AsyncMiddleware {
    private let validate: @Sendable (WebhookHTTPRequest) throws(ServiceError) -> WebhookParameters

    /// A middleware over a ``TwilioTokenService/WebhookGate``: your secrets, public base URL and trusted proxies.
    public init(gate: WebhookGate) {
        self.validate = { request throws(ServiceError) in
            do throws(WebhookGate.Rejection) {
                return try gate.validate(request).parameters
            } catch {
                throw error.serviceError
            }
        }
    }

    /// A middleware over the token service's `voice` configuration, which counts and logs refusals.
    public init(service: TokenService) {
        self.validate = { request throws(ServiceError) in try service.validateWebhook(request) }
    }

    public func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        do throws(ServiceError) {
            let body = try await collectBody(request, limit: TokenService.maximumWebhookBodyBytes)
            let target = request.url.string
            let webhook = WebhookHTTPRequest(
                peer: request.remoteAddress?.ipAddress,
                requestTarget: target.isEmpty ? "/" : target,
                contentType: request.headers.first(name: .contentType),
                signature: request.headers.first(name: WebhookSignature.headerName),
                signatureSettings: request.headers.first(name: WebhookSignatureSettings.headerName),
                forwardedProto: Self.joined(request.headers["X-Forwarded-Proto"]),
                forwardedHost: Self.joined(request.headers["X-Forwarded-Host"]),
                body: body
            )
            request.storage[WebhookParametersKey.self] = try self.validate(webhook)
        } catch {
            return Response(error.response)
        }
        return try await next.respond(to: request)
    }

    private static func joined(_ values: [String]) -> String? {
        values.isEmpty ? nil : values.joined(separator: ",")
    }
}
#endif
