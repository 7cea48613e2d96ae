#if TokenService
import Metrics
import Synchronization

/// The service's own metrics, through swift-metrics (the server exports them as Prometheus text at `/metrics`).
///
/// Labels are bounded and never carry an identity, a principal or a token: profiles come from the configuration,
/// causes and limits from fixed lists. Each counter is made once and kept, so that a request costs an increment, not a
/// lookup in the metrics backend.
public struct ServiceMetrics: Sendable {
    private let counters: Counters

    /// `twilio_tokens_minted_total{profile}`.
    public static let mintedLabel = "twilio_tokens_minted_total"
    /// `twilio_token_auth_failures_total{cause}` (``AuthenticationFailure``).
    public static let authenticationFailuresLabel = "twilio_token_auth_failures_total"
    /// `twilio_token_rate_limited_total{limit}`, `limit` being `principal` or `ip`.
    public static let rateLimitedLabel = "twilio_token_rate_limited_total"
    /// `twilio_token_requests_refused_total{code}` (``ServiceError/Code``), every refusal but authentication and rate
    /// limits, which have their own.
    public static let refusedLabel = "twilio_token_requests_refused_total"

    /// `twilio_webhook_rejected_total{cause}`: Voice webhooks refused before any TwiML, `cause` being a
    /// `WebhookError` code (`signatureMismatch`, `missingSignature`…) or `untrustedPeer`/`noPublicURL`.
    public static let webhookRejectedLabel = "twilio_webhook_rejected_total"
    /// `twilio_voice_calls_total{outcome}`, `outcome` being `client`, `number` or `refused`.
    public static let voiceCallsLabel = "twilio_voice_calls_total"
    /// `twilio_voice_calls_refused_total{reason}` (``VoiceCallRefusal``).
    public static let voiceCallsRefusedLabel = "twilio_voice_calls_refused_total"

    /// Metrics through `factory`; the process's bootstrapped `MetricsSystem.factory` by default.
    public init(factory: (any MetricsFactory)? = nil) {
        self.counters = Counters(factory: factory ?? MetricsSystem.factory)
    }

    func minted(profile: String) {
        self.counters.counter(Self.mintedLabel, "profile", profile).increment()
    }

    func authenticationFailed(_ cause: AuthenticationFailure) {
        self.counters.counter(Self.authenticationFailuresLabel, "cause", cause.rawValue).increment()
    }

    func rateLimited(_ limit: String) {
        self.counters.counter(Self.rateLimitedLabel, "limit", limit).increment()
    }

    func refused(_ code: ServiceError.Code) {
        self.counters.counter(Self.refusedLabel, "code", code.rawValue).increment()
    }

    func webhookRejected(_ cause: String) {
        self.counters.counter(Self.webhookRejectedLabel, "cause", cause).increment()
    }

    func voiceCall(_ outcome: VoiceCallAnswer.Outcome) {
        switch outcome {
        case .client: self.counters.counter(Self.voiceCallsLabel, "outcome", "client").increment()
        case .number: self.counters.counter(Self.voiceCallsLabel, "outcome", "number").increment()
        case .refused(let reason):
            self.counters.counter(Self.voiceCallsLabel, "outcome", "refused").increment()
            self.counters.counter(Self.voiceCallsRefusedLabel, "reason", reason.rawValue).increment()
        }
    }

    /// The counters made so far, by label and dimension value.
    final class Counters: Sendable {
        let factory: any MetricsFactory
        private let made = Mutex<[String: Counter]>([:])

        init(factory: any MetricsFactory) {
            self.factory = factory
        }

        func counter(_ label: String, _ dimension: String, _ value: String) -> Counter {
            let key = label + "\u{0}" + value
            return self.made.withLock { made in
                if let counter = made[key] { return counter }
                let counter = Counter(label: label, dimensions: [(dimension, value)], factory: self.factory)
                made[key] = counter
                return counter
            }
        }
    }
}
#endif
