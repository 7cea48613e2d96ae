#if Hummingbird
public import Hummingbird
public import NIOCore
public import TwilioWebhooks

/// The request context of the standalone server: Hummingbird's basic context plus the client's address, which the
/// per-IP rate limit counts by, and a validated webhook's parameters.
///
/// An application mounting ``TokenServiceRoutes`` in its own router can use this context or any of its own that
/// conforms to `RemoteAddressRequestContext`.
public struct TokenServiceRequestContext: RequestContext, RemoteAddressRequestContext, TwilioWebhookRequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The connected peer; behind a proxy, the proxy.
    public let remoteAddress: SocketAddress?
    /// Set by ``TwilioWebhookMiddleware`` once the request's signature is valid.
    public var twilioWebhookParameters: WebhookParameters?

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.remoteAddress = source.channel.remoteAddress
    }
}
#endif
