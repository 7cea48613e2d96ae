#if TokenService
import TwilioWebhooks

/// Checks a webhook request as an HTTP server received it: rebuilds the URL Twilio called from a configured public
/// base URL (or a trusted proxy's `X-Forwarded-Proto` and `X-Forwarded-Host`) and the raw request target, classifies
/// the body, and validates the signature. Framework-neutral: the Hummingbird middleware is a thin layer over it.
public struct WebhookGate: Sendable {
    /// The secrets.
    public let validator: WebhookValidator
    /// The public scheme, host and prefix; `nil` to believe trusted proxies' forwarded headers.
    public let publicBaseURL: WebhookBaseURL?
    /// The proxies whose `X-Forwarded-Proto` and `X-Forwarded-Host` describe the public URL when no base is set.
    public let trustedProxies: TrustedProxies

    /// A gate.
    public init(validator: WebhookValidator, publicBaseURL: WebhookBaseURL?, trustedProxies: TrustedProxies = .none) {
        self.validator = validator
        self.publicBaseURL = publicBaseURL
        self.trustedProxies = trustedProxies
    }

    /// A validated request's form parameters (empty for a raw body, which the caller still holds) and which secret
    /// signed it.
    public struct Validated: Sendable {
        /// The form parameters, decoded once.
        public let parameters: WebhookParameters
        /// Which secret signed the request.
        public let match: WebhookValidation
    }

    /// Why a request was refused.
    public struct Rejection: Error, Sendable, CustomStringConvertible {
        /// A bounded cause for metrics: a `WebhookError` code, or `untrustedPeer` / `noPublicURL`.
        public let cause: String
        /// The response: 403 `webhook_rejected`, or 413 for a body over the limit.
        public let serviceError: ServiceError
        /// The URLs the signature was checked against, for a signature mismatch.
        public let urlCandidates: [String]

        public var description: String { "\(self.cause): \(self.serviceError.message)" }
    }

    /// Validates `request`.
    ///
    /// - Throws: ``Rejection``.
    public func validate(_ request: WebhookHTTPRequest) throws(Rejection) -> Validated {
        let base: WebhookBaseURL
        if let configured = self.publicBaseURL {
            base = configured
        } else {
            guard let peer = request.peer.flatMap(TrustedProxies.canonical),
                self.trustedProxies.addresses.contains(peer)
            else {
                throw Self.rejection(
                    "untrustedPeer",
                    "the public URL cannot be rebuilt: the request did not come through a trusted proxy")
            }
            guard let proto = request.forwardedProto, let host = request.forwardedHost,
                let forwarded = try? WebhookBaseURL(forwardedProto: proto, forwardedHost: host)
            else {
                throw Self.rejection(
                    "noPublicURL", "the trusted proxy sent no usable X-Forwarded-Proto and X-Forwarded-Host")
            }
            base = forwarded
        }
        do {
            let url = try base.url(requestTarget: request.requestTarget)
            let webhook = try WebhookRequest(
                url: url, contentType: request.contentType, body: request.body, signature: request.signature,
                signatureSettings: request.signatureSettings,
                maximumFormByteCount: WebhookParameters.defaultMaximumByteCount)
            let match = try self.validator.validate(webhook)
            if case .form(let parameters) = webhook.body {
                return Validated(parameters: parameters, match: match)
            }
            return Validated(parameters: WebhookParameters(), match: match)
        } catch {
            if error.code == .tooLarge {
                throw Rejection(
                    cause: error.code.description,
                    serviceError: ServiceError(status: 413, code: .bodyTooLarge, error.message), urlCandidates: [])
            }
            throw Self.rejection(error.code.description, error.message, candidates: error.urlCandidates)
        }
    }

    private static func rejection(_ cause: String, _ message: String, candidates: [String] = []) -> Rejection {
        Rejection(
            cause: cause, serviceError: ServiceError(status: 403, code: .webhookRejected, message),
            urlCandidates: candidates)
    }
}
#endif
