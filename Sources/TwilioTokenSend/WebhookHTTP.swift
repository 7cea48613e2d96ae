// URLSession, which keeps the root package's dependencies to swift-crypto and swift-argument-parser: an HTTP client
// package (async-http-client and its SwiftNIO stack) would be resolved by every consumer of the TwilioJWT product
// too (Scripts/check-consumer.sh). It lives in this program rather than in twilio-token, whose every start would
// otherwise load Foundation, ICU's data and libcurl.
import Foundation

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Posts one request with URLSession and returns the answer, without following redirects or using a proxy.
///
/// The request goes to its URL and nowhere else. A signature covers only the URL it was made for, so a 3xx is the
/// answer, not a hop: ``RedirectRefusal`` declines every redirect. libcurl, under URLSession on Linux, would send
/// the request (its signature and body with it) through a proxy named by `http_proxy`, `https_proxy` or
/// `ALL_PROXY`; `twilio-token` sets `NO_PROXY=*` before it runs this program, and an empty proxy dictionary turns off
/// the system's proxies on Apple platforms. No cookie, cache or credential store is used.
enum WebhookHTTP {
    /// What the server answered.
    struct Answer {
        var status: Int
        var body: [UInt8]
        /// The `Location` header of a redirect, if any.
        var location: String?
    }

    /// Events from the session's delegate, in the order the delegate queue (serial) delivers them.
    enum Event: Sendable {
        case data(Data)
        case completed(response: URLResponse?, error: (any Error)?)
    }

    /// Posts `body` to `url` with `headers` (name and value pairs, in order; a repeated name is sent as one
    /// comma-separated header, as HTTP allows), giving up after `timeout` seconds for the connection and again for
    /// the answer.
    static func post(
        _ url: URL, headers: [(name: String, value: String)], body: [UInt8], timeout: Int
    ) async throws(SendError) -> Answer {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = TimeInterval(timeout)
        configuration.timeoutIntervalForResource = TimeInterval(timeout)
        configuration.httpCookieStorage = nil
        configuration.httpShouldSetCookies = false
        configuration.urlCache = nil
        configuration.urlCredentialStorage = nil
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        configuration.connectionProxyDictionary = [:]

        var request = URLRequest(url: url, timeoutInterval: TimeInterval(timeout))
        request.httpMethod = "POST"
        request.httpShouldHandleCookies = false
        var seen: Set<String> = []
        for (name, value) in headers {
            if seen.insert(name.lowercased()).inserted {
                request.setValue(value, forHTTPHeaderField: name)
            } else {
                request.addValue(value, forHTTPHeaderField: name)
            }
        }
        request.httpBody = Data(body)

        let (events, continuation) = AsyncStream.makeStream(of: Event.self)
        let session = URLSession(
            configuration: configuration, delegate: RedirectRefusal(continuation), delegateQueue: nil)
        defer { session.finishTasksAndInvalidate() }
        // A task with a delegate rather than a completion handler: Foundation on Linux hands the body of a declined
        // redirect to a delegate but not to a completion handler (which gets an empty body).
        session.dataTask(with: request).resume()

        var received = Data()
        for await event in events {
            switch event {
            case .data(let data):
                received.append(data)
            case .completed(let response, let error):
                if let error {
                    throw Self.failure(error, url: url, timeout: timeout)
                }
                guard let response = response as? HTTPURLResponse else {
                    throw SendError.failure("\(Self.origin(url)) did not answer with an HTTP response")
                }
                return Answer(
                    status: response.statusCode, body: Array(received),
                    location: response.value(forHTTPHeaderField: "Location"))
            }
        }
        throw SendError.failure("the request to \(Self.origin(url)) ended without an answer")
    }

    /// A failure to connect or to be answered, as one line that names the server (not the path or query).
    static func failure(_ error: any Error, url: URL, timeout: Int) -> SendError {
        let origin = Self.origin(url)
        guard let error = error as? URLError else {
            return SendError.failure("the request to \(origin) failed: \(error.localizedDescription)")
        }
        switch error.code {
        case .cannotConnectToHost:
            return SendError.failure(
                "cannot connect to \(origin): the connection was refused or the host is unreachable")
        case .timedOut:
            return SendError.failure("no answer from \(origin) within \(timeout) s (--timeout)")
        case .cannotFindHost, .dnsLookupFailed:
            return SendError.failure("cannot find the host of \(origin)")
        case .networkConnectionLost:
            return SendError.failure("\(origin) closed the connection before it answered")
        case .secureConnectionFailed, .serverCertificateUntrusted, .serverCertificateHasBadDate,
            .serverCertificateNotYetValid, .serverCertificateHasUnknownRoot, .clientCertificateRejected:
            return SendError.failure(
                "the TLS connection to \(origin) failed (URLError \(error.code.rawValue)): \(error.localizedDescription)"
            )
        default:
            return SendError.failure(
                "the request to \(origin) failed (URLError \(error.code.rawValue)): \(error.localizedDescription)")
        }
    }

    /// `scheme://host:port`, how messages name the server.
    static func origin(_ url: URL) -> String {
        let scheme = url.scheme ?? "http"
        let port = url.port ?? (scheme == "https" ? 443 : 80)
        return "\(scheme)://\(url.host ?? ""):\(port)"
    }
}

/// The session delegate: declines every redirect, and passes the answer's body and its end to ``WebhookHTTP``.
///
/// Its only state is the stream's continuation, which is `Sendable`, so the delegate is too.
final class RedirectRefusal: NSObject, URLSessionDataDelegate, Sendable {
    private let continuation: AsyncStream<WebhookHTTP.Event>.Continuation

    init(_ continuation: AsyncStream<WebhookHTTP.Event>.Continuation) {
        self.continuation = continuation
    }

    func urlSession(
        _ session: URLSession, task: URLSessionTask, willPerformHTTPRedirection response: HTTPURLResponse,
        newRequest request: URLRequest, completionHandler: @escaping @Sendable (URLRequest?) -> Void
    ) {
        completionHandler(nil)
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive data: Data) {
        self.continuation.yield(.data(data))
    }

    func urlSession(_ session: URLSession, task: URLSessionTask, didCompleteWithError error: (any Error)?) {
        self.continuation.yield(.completed(response: task.response, error: error))
        self.continuation.finish()
    }
}
