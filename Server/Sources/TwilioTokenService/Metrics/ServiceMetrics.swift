import Metrics

/// The service's own metrics, through swift-metrics (the server exports them as Prometheus text at `/metrics`).
///
/// Labels are bounded and never carry an identity, a principal or a token: profiles come from the configuration,
/// causes and limits from fixed lists.
public struct ServiceMetrics: Sendable {
    let factory: any MetricsFactory

    /// `twilio_tokens_minted_total{profile}`.
    public static let mintedLabel = "twilio_tokens_minted_total"
    /// `twilio_token_auth_failures_total{cause}` (``AuthenticationFailure``).
    public static let authenticationFailuresLabel = "twilio_token_auth_failures_total"
    /// `twilio_token_rate_limited_total{limit}`, `limit` being `principal` or `ip`.
    public static let rateLimitedLabel = "twilio_token_rate_limited_total"
    /// `twilio_token_requests_refused_total{code}` (``ServiceError/Code``), every refusal but authentication and rate
    /// limits, which have their own.
    public static let refusedLabel = "twilio_token_requests_refused_total"

    /// Metrics through `factory`; the process's bootstrapped `MetricsSystem.factory` by default.
    public init(factory: (any MetricsFactory)? = nil) {
        self.factory = factory ?? MetricsSystem.factory
    }

    func minted(profile: String) {
        Counter(label: Self.mintedLabel, dimensions: [("profile", profile)], factory: self.factory).increment()
    }

    func authenticationFailed(_ cause: AuthenticationFailure) {
        Counter(label: Self.authenticationFailuresLabel, dimensions: [("cause", cause.rawValue)], factory: self.factory)
            .increment()
    }

    func rateLimited(_ limit: String) {
        Counter(label: Self.rateLimitedLabel, dimensions: [("limit", limit)], factory: self.factory).increment()
    }

    func refused(_ code: ServiceError.Code) {
        Counter(label: Self.refusedLabel, dimensions: [("code", code.rawValue)], factory: self.factory).increment()
    }
}
