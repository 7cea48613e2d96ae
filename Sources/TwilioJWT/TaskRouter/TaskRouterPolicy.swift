@_spi(Engine) import TwilioJWTEngine

/// One access policy of a TaskRouter capability token: may the client send `method` requests to `url`?
///
/// TaskRouter's JavaScript SDK checks every REST request and event-bridge connection against the token's
/// policies. `**` at the end of a URL matches every sub-resource.
///
/// ```swift
/// // Let a worker update its own attributes, but only when it sends ActivitySid.
/// TaskRouterPolicy(url: workerURL, method: "POST", postFilter: ["ActivitySid": ["required": true]])
/// ```
public struct TaskRouterPolicy: Sendable, Hashable, Encodable {
    /// The resource URL, such as `https://taskrouter.twilio.com/v1/Workspaces/WS…/Tasks/**`.
    public var url: String
    /// `GET`, `POST` or `DELETE` (written upper-case).
    public var method: String
    /// Whether the request is allowed (`true`) or denied.
    public var allow: Bool
    /// Required query parameters, for example `["ActivitySid": ["required": true]]`.
    public var queryFilter: JSONObject
    /// Required form (POST body) parameters, for example `["ActivitySid": ["required": true]]`.
    public var postFilter: JSONObject

    public init(
        url: String,
        method: String,
        allow: Bool = true,
        queryFilter: JSONObject = [:],
        postFilter: JSONObject = [:]
    ) {
        self.url = url
        self.method = method
        self.allow = allow
        self.queryFilter = queryFilter
        self.postFilter = postFilter
    }
}

extension TaskRouterPolicy {
    static let methods: Set<String> = ["GET", "POST", "DELETE"]

    func validate(index: Int) throws(TokenError) {
        let field = "policies[\(index)]"
        guard self.url.hasPrefix("https://"), self.url.utf8.count > "https://".utf8.count else {
            throw TokenError(.invalidArgument, "\(field).url must be an https URL")
        }
        guard Self.methods.contains(self.method.uppercased()) else {
            throw TokenError(
                .invalidArgument,
                "\(field).method must be GET, POST or DELETE (TaskRouter policies know no other methods)"
            )
        }
        for (name, filter) in [("query_filter", self.queryFilter), ("post_filter", self.postFilter)] {
            if let path = filter.pathOfNonFiniteNumber(under: "\(field).\(name)") {
                throw TokenError.nonFiniteNumber(at: path)
            }
        }
    }

    func write(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.key(.url)
        writer.string(escaping: self.url)
        writer.key(.method)
        writer.string(escaping: self.method.uppercased())
        writer.key(.allow)
        writer.bool(self.allow)
        writer.key(.queryFilter)
        try! writer.object(self.queryFilter)  // validate() rejected non-finite numbers
        writer.key(.postFilter)
        try! writer.object(self.postFilter)
        writer.endObject()
    }
}
