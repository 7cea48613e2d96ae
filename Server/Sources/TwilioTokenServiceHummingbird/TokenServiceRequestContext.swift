public import Hummingbird
public import NIOCore

/// The request context of the standalone server: Hummingbird's basic context plus the client's address, which the
/// per-IP rate limit counts by.
///
/// An application mounting ``TokenServiceRoutes`` in its own router can use this context or any of its own that
/// conforms to `RemoteAddressRequestContext`.
public struct TokenServiceRequestContext: RequestContext, RemoteAddressRequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The connected peer; behind a proxy, the proxy.
    public let remoteAddress: SocketAddress?

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.remoteAddress = source.channel.remoteAddress
    }
}
