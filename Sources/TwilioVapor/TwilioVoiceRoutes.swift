#if Vapor
public import TwilioTokenService
public import Vapor

/// The Voice webhooks Twilio calls, answered with TwiML behind ``TwilioWebhookMiddleware``, as `twilio-token-server`
/// serves them:
///
/// - `POST /v1/voice/outgoing`, also at the quickstarts' `/makeCall` and `/voice`: a call a client placed (the TwiML
///   App's Voice URL); the outgoing-call policy decides whom it reaches (``TwilioTokenService/VoiceCallPolicy``).
/// - `POST /v1/voice/incoming`: a call to one of the account's numbers; it rings `incomingClient`.
///
/// With no ``TwilioTokenService/VoiceSettings`` in the configuration they answer 404. Other methods get 405.
///
/// ```swift
/// try app.register(collection: TwilioVoiceRoutes(service: app.twilio.service))
/// ```
public struct TwilioVoiceRoutes: RouteCollection, Sendable {
    /// The service.
    public let service: TokenService

    /// The outgoing-call paths: the service's own and the quickstarts'.
    public static var outgoingPaths: [String] { ["v1/voice/outgoing", "makeCall", "voice"] }
    /// The incoming-call path.
    public static var incomingPath: String { "v1/voice/incoming" }

    /// Routes over `service`.
    public init(service: TokenService) {
        self.service = service
    }

    public func boot(routes: any RoutesBuilder) throws {
        let service = self.service
        let group = routes.grouped(VoiceRouteHeaders())
        let checked = group.grouped(TwilioWebhookMiddleware(service: service))
        let paths = Self.outgoingPaths.map { ($0, VoiceRoute.outgoing) } + [(Self.incomingPath, VoiceRoute.incoming)]
        for (path, route) in paths {
            let components = pathComponents(path)
            checked.on(.POST, components, body: .stream) { request in Self.answer(service, route, request) }
            for method: HTTPMethod in [.GET, .PUT, .PATCH, .DELETE, .TRACE, .OPTIONS] {
                group.on(method, components, body: .stream) { _ -> Response in
                    let response = Response(
                        ServiceError(
                            status: 405, code: .methodNotAllowed,
                            "this route takes POST, as Twilio's webhooks are configured by default"
                        ).response)
                    response.headers.replaceOrAdd(name: .allow, value: "POST")
                    return response
                }
            }
        }
    }

    private static func answer(_ service: TokenService, _ route: VoiceRoute, _ request: Request) -> Response {
        do throws(ServiceError) {
            let answer = try service.answerVoiceCall(route, parameters: request.twilio.webhookParameters ?? .init())
            return Response(
                status: .ok, headers: ["Content-Type": "text/xml; charset=utf-8"],
                body: .init(string: answer.twiml))
        } catch {
            return Response(error.response)
        }
    }
}

/// `Cache-Control: no-store` and `X-Content-Type-Options: nosniff` on every response of the Voice routes.
struct VoiceRouteHeaders: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let response = try await next.respond(to: request)
        for (name, value) in TokenHTTPResponse.tokenRouteHeaders {
            response.headers.replaceOrAdd(name: name, value: value)
        }
        return response
    }
}
#endif
