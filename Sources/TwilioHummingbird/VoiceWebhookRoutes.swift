#if Hummingbird
import HTTPTypes
public import Hummingbird
import NIOCore
public import TwilioTokenService

/// The Voice webhooks Twilio calls, answered with TwiML, behind ``TwilioWebhookMiddleware``:
///
/// - `POST /v1/voice/outgoing`, also at the quickstarts' `/makeCall` and `/voice`: a call a client placed (the TwiML
///   App's Voice URL); the outgoing-call policy decides whom it reaches (``VoiceCallPolicy``).
/// - `POST /v1/voice/incoming`: a call to one of the account's numbers; it rings `voice.incoming_client`.
///
/// With no `voice` section in the configuration, they answer 404. Other methods get 405.
public struct VoiceWebhookRoutes<Context: TwilioWebhookRequestContext>: Sendable {
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

    /// Adds the routes, behind their signature check, to `router`.
    public func register(on router: Router<Context>) {
        let service = self.service
        let group = router.group()
            .add(middleware: ResponseHeaders<Context>())
        let checked = group.group().add(middleware: TwilioWebhookMiddleware<Context>(service: service))
        for path in Self.outgoingPaths {
            checked.post(RouterPath(path)) { _, context in try Self.answer(service, .outgoing, context) }
        }
        checked.post(RouterPath(Self.incomingPath)) { _, context in try Self.answer(service, .incoming, context) }

        for path in Self.outgoingPaths + [Self.incomingPath] {
            for method: HTTPRequest.Method in [.get, .put, .patch, .delete, .trace, .options] {
                group.on(RouterPath(path), method: method) { request, context in
                    var response = try ServiceErrorResponse(
                        ServiceError(
                            status: 405, code: .methodNotAllowed,
                            "this route takes POST, as Twilio's webhooks are configured by default")
                    ).response(from: request, context: context)
                    response.headers[.allow] = "POST"
                    return response
                }
            }
        }
    }

    private static func answer(_ service: TokenService, _ route: VoiceRoute, _ context: Context) throws -> Response {
        let parameters = context.twilioWebhookParameters ?? .init()
        let answer: VoiceCallAnswer
        do {
            answer = try service.answerVoiceCall(route, parameters: parameters)
        } catch {
            throw ServiceErrorResponse(error)
        }
        return Response(
            status: .ok,
            headers: [.contentType: "text/xml; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(string: answer.twiml))
        )
    }
}
#endif
