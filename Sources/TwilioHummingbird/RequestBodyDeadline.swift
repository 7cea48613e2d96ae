#if Hummingbird
import HTTPTypes
public import NIOCore
public import NIOHTTPTypes

/// A deadline for reading a request body, kept on the connection's event loop: a request whose body has not fully
/// arrived `timeout` after its head gets `408 Request Timeout` (`request_timeout`) and the connection is closed.
///
/// Hummingbird's idle timeout counts every received part as activity, so a client that trickles a body a byte at a
/// time is never idle; this bounds the whole body. It is a channel handler rather than a timer around the route's body
/// read so that it costs a timer on the event loop per request with a body, and no task or thread hand-over. Add it to
/// Hummingbird's HTTP/1 configuration (`HTTP1Channel.Configuration(additionalChannelHandlers: [RequestBodyDeadline(…)])`);
/// the standalone server does.
public final class RequestBodyDeadline: ChannelDuplexHandler, RemovableChannelHandler {
    public typealias InboundIn = HTTPRequestPart
    public typealias InboundOut = HTTPRequestPart
    public typealias OutboundIn = HTTPResponsePart
    public typealias OutboundOut = HTTPResponsePart

    private let timeout: TimeAmount
    private var deadline: Scheduled<Void>?
    private var timedOut = false

    /// The error body sent with the 408.
    static let body = #"{"error":{"code":"request_timeout","message":"the request body did not arrive in time"}}"#

    /// A deadline of `timeout` from each request head to the end of its body.
    public init(timeout: TimeAmount) {
        self.timeout = timeout
    }

    public func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !self.timedOut else { return }
        switch self.unwrapInboundIn(data) {
        case .head(let head):
            self.deadline?.cancel()
            self.deadline = nil
            if Self.hasBody(head) {
                let loopBound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
                self.deadline = context.eventLoop.assumeIsolated().scheduleTask(in: self.timeout) {
                    let (handler, context) = loopBound.value
                    handler.expire(context: context)
                }
            }
        case .end:
            self.deadline?.cancel()
            self.deadline = nil
        case .body:
            break
        }
        context.fireChannelRead(data)
    }

    public func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        guard !self.timedOut else {
            promise?.fail(ChannelError.ioOnClosedChannel)
            return
        }
        context.write(data, promise: promise)
    }

    public func handlerRemoved(context: ChannelHandlerContext) {
        self.deadline?.cancel()
        self.deadline = nil
    }

    public func channelInactive(context: ChannelHandlerContext) {
        self.deadline?.cancel()
        self.deadline = nil
        context.fireChannelInactive()
    }

    /// Whether a request announces a body: a `Content-Length` above zero, or any `Transfer-Encoding`.
    static func hasBody(_ head: HTTPRequest) -> Bool {
        if head.headerFields[.transferEncoding] != nil { return true }
        guard let length = head.headerFields[.contentLength] else { return false }
        return length != "0"
    }

    private func expire(context: ChannelHandlerContext) {
        self.deadline = nil
        self.timedOut = true
        let head = HTTPResponse(
            status: .requestTimeout,
            headerFields: [
                .contentType: "application/json; charset=utf-8", .contentLength: String(Self.body.utf8.count),
                .connection: "close", .cacheControl: "no-store",
            ]
        )
        context.write(self.wrapOutboundOut(.head(head)), promise: nil)
        context.write(self.wrapOutboundOut(.body(context.channel.allocator.buffer(string: Self.body))), promise: nil)
        context.writeAndFlush(self.wrapOutboundOut(.end(nil))).assumeIsolated().whenComplete { _ in
            context.close(promise: nil)
        }
    }
}

@available(*, unavailable)
extension RequestBodyDeadline: Sendable {}
#endif
