#if TokenService
import Logging
import TwilioWebhooks

/// A webhook request as an HTTP server received it: what ``TokenService/validateWebhook(_:)`` needs, whatever the
/// framework.
public struct WebhookHTTPRequest: Sendable {
    /// The connected peer's address; behind a proxy, the proxy's.
    public var peer: String?
    /// The request target exactly as received (`/v1/voice/outgoing?x=1`): never decoded or rebuilt.
    public var requestTarget: String
    /// `Content-Type`.
    public var contentType: String?
    /// `X-Twilio-Signature`.
    public var signature: String?
    /// `X-Twilio-Webhooks-Signature-Settings`.
    public var signatureSettings: String?
    /// `X-Forwarded-Proto`, all values joined with commas.
    public var forwardedProto: String?
    /// `X-Forwarded-Host`, all values joined with commas.
    public var forwardedHost: String?
    /// The whole body.
    public var body: [UInt8]

    /// A request.
    public init(
        peer: String?, requestTarget: String, contentType: String?, signature: String?, signatureSettings: String?,
        forwardedProto: String? = nil, forwardedHost: String? = nil, body: [UInt8]
    ) {
        self.peer = peer
        self.requestTarget = requestTarget
        self.contentType = contentType
        self.signature = signature
        self.signatureSettings = signatureSettings
        self.forwardedProto = forwardedProto
        self.forwardedHost = forwardedHost
        self.body = body
    }
}

extension TokenService {
    /// The largest webhook body read: Twilio's Voice requests are a few kilobytes.
    public static let maximumWebhookBodyBytes = WebhookParameters.defaultMaximumByteCount

    /// Checks that Twilio sent `request` and returns its form parameters (empty for a raw body).
    ///
    /// The URL checked is the public base URL (`voice.public_base_url`) followed by the raw request target; without
    /// one, the scheme and host come from `X-Forwarded-Proto` and `X-Forwarded-Host` when the peer is one of
    /// `server.trusted_proxies`, and the request is refused otherwise. Refusals are counted
    /// (`twilio_webhook_rejected_total{cause}`) and logged at notice, without the signature.
    ///
    /// - Throws: ``ServiceError`` 404 when `voice` is not configured, 413 for a body over 64 KiB, 403
    ///   `webhook_rejected` for everything else.
    public func validateWebhook(_ request: WebhookHTTPRequest) throws(ServiceError) -> WebhookParameters {
        let configuration = self.configuration
        guard let voice = configuration.voice else {
            throw ServiceError(status: 404, code: .notFound, "this route is not configured")
        }
        let gate = WebhookGate(
            validator: voice.validator, publicBaseURL: voice.publicBaseURL,
            trustedProxies: configuration.server.trustedProxies)
        do {
            let validated = try gate.validate(request)
            if validated.match.sharedKeyID == nil, validated.match.secretIndex > 0 {
                self.logger.notice(
                    "webhook signed with the secondary Auth Token: promote it and remove the old one",
                    metadata: ["peer": "\(request.peer ?? "-")"])
            }
            return validated.parameters
        } catch {
            self.metrics.webhookRejected(error.cause)
            self.logger.notice(
                "webhook rejected", metadata: ["cause": "\(error.cause)", "peer": "\(request.peer ?? "-")"])
            if !error.urlCandidates.isEmpty {
                self.logger.debug(
                    "webhook URLs checked", metadata: ["urls": "\(error.urlCandidates.joined(separator: " "))"])
            }
            throw error.serviceError
        }
    }

    /// Answers a validated Voice webhook: the outgoing-call policy for `.outgoing`, the incoming client for
    /// `.incoming`. Every answer is counted (`twilio_voice_calls_total{outcome}`,
    /// `twilio_voice_calls_refused_total{reason}`); refusals are logged at notice with the reason and the caller.
    public func answerVoiceCall(_ route: VoiceRoute, parameters: WebhookParameters) throws(ServiceError)
        -> VoiceCallAnswer
    {
        guard let voice = self.configuration.voice else {
            throw ServiceError(status: 404, code: .notFound, "this route is not configured")
        }
        let policy = VoiceCallPolicy(settings: voice)
        let answer =
            switch route {
            case .outgoing: policy.outgoing(parameters)
            case .incoming: policy.incoming(parameters)
            }
        self.metrics.voiceCall(answer.outcome)
        var metadata: Logger.Metadata = [
            "route": "\(route.rawValue)",
            "from": "\(String((parameters["From"] ?? parameters["Caller"] ?? "-").prefix(64)))",
            "call_sid": "\(String((parameters["CallSid"] ?? "-").prefix(64)))",
        ]
        switch answer.outcome {
        case .refused(let reason):
            metadata["reason"] = "\(reason.rawValue)"
            self.logger.notice("voice call refused", metadata: metadata)
        case .client(let identity):
            metadata["to"] = "\(identity)"
            self.logger.info("voice call to a client", metadata: metadata)
        case .number(let number):
            metadata["to"] = "\(number)"
            self.logger.info("voice call to a number", metadata: metadata)
        }
        return answer
    }
}

/// The two Voice webhooks.
public enum VoiceRoute: String, Sendable, Hashable {
    /// `POST /v1/voice/outgoing` (also `/makeCall` and `/voice`): a call a client placed.
    case outgoing
    /// `POST /v1/voice/incoming`: a call to one of the account's numbers.
    case incoming
}
#endif
