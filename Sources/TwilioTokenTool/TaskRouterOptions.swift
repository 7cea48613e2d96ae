import ArgumentParser
import TwilioJWT

/// Options of every TaskRouter token: credentials, workspace, the standard policies, custom policies.
struct TaskRouterOptions: ParsableArguments {
    @OptionGroup var environment: EnvironmentOptions
    @OptionGroup var credentials: AccountCredentialOptions

    @Option(help: ArgumentHelp("The workspace SID (WS…).", valueName: "sid"))
    var workspace: String

    @Flag(
        name: .customLong("allow-web-sockets"), inversion: .prefixedNo,
        help: "Connect to the event bridge (default on).")
    var webSockets = true

    @Flag(
        name: .customLong("allow-fetch-self"), inversion: .prefixedNo,
        help: "GET the channel's own resource (default on).")
    var fetchSelf = true

    @Flag(name: .customLong("allow-update-self"), help: "POST to the channel's own resource.")
    var updateSelf = false

    @Flag(name: .customLong("allow-delete-self"), help: "DELETE the channel's own resource.")
    var deleteSelf = false

    @Flag(name: .customLong("allow-fetch-subresources"), help: "GET every sub-resource.")
    var fetchSubresources = false

    @Flag(name: .customLong("allow-update-subresources"), help: "POST to every sub-resource.")
    var updateSubresources = false

    @Flag(name: .customLong("allow-delete-subresources"), help: "DELETE every sub-resource.")
    var deleteSubresources = false

    @Option(
        name: .customLong("policy"),
        help: ArgumentHelp(
            "A further policy as JSON: {\"url\",\"method\",\"allow\",\"query_filter\",\"post_filter\"}; repeatable.",
            valueName: "json"))
    var policies: [String] = []

    @OptionGroup var lifetime: LifetimeOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        try checkStandardInput(
            self.environment.standardInputReaders + self.credentials.standardInputReaders)
    }

    var capabilities: TaskRouterCapabilities {
        var capabilities: TaskRouterCapabilities = []
        if self.webSockets { capabilities.insert(.webSockets) }
        if self.fetchSelf { capabilities.insert(.fetchSelf) }
        if self.updateSelf { capabilities.insert(.updateSelf) }
        if self.deleteSelf { capabilities.insert(.deleteSelf) }
        if self.fetchSubresources { capabilities.insert(.fetchSubresources) }
        if self.updateSubresources { capabilities.insert(.updateSubresources) }
        if self.deleteSubresources { capabilities.insert(.deleteSubresources) }
        return capabilities
    }

    func mint(channel: TaskRouterCapabilityToken.Channel, extra: TaskRouterCapabilities) throws {
        let credentials = try self.credentials.credentials(try self.environment.sources())
        try checkSID(self.workspace, .workspace, flag: "--workspace")
        let lifetime = try self.lifetime.resolve()
        var token = TaskRouterCapabilityToken(
            workspaceSID: self.workspace,
            channel: channel,
            capabilities: self.capabilities.union(extra),
            expiration: lifetime.expiration,
            notBefore: lifetime.notBefore
        )
        for (index, text) in self.policies.enumerated() {
            token.additionalPolicies.append(try Self.policy(text, index: index))
        }
        let jwt: String
        do {
            jwt = try token.jwt(signedWith: credentials, issuedAt: lifetime.issuedAt)
        } catch {
            throw error.code == .invalidArgument || error.code == .invalidGrant
                ? CLIError.usage("--policy: \(error.message)") : mintingError(error)
        }
        try printMinted(jwt, json: self.output.json, issuedAt: lifetime.issuedAt, diagnostics: [])
    }

    static func policy(_ text: String, index: Int) throws -> TaskRouterPolicy {
        let flag = "--policy #\(index + 1)"
        guard case .object(let object) = try parseJSON(text, flag: flag) else {
            throw CLIError.usage("\(flag) must be a JSON object")
        }
        let known: Set<String> = ["url", "method", "allow", "query_filter", "post_filter"]
        if let unknown = object.keys.first(where: { !known.contains($0) }) {
            throw CLIError.usage(
                "\(flag) has an unknown member \(describeValue(unknown)); known: url, method, allow, query_filter, post_filter"
            )
        }
        guard case .string(let url)? = object["url"], case .string(let method)? = object["method"] else {
            throw CLIError.usage("\(flag) needs \"url\" and \"method\" strings")
        }
        let allow: Bool
        switch object["allow"] {
        case nil: allow = true
        case .bool(let value)?: allow = value
        default: throw CLIError.usage("\(flag): \"allow\" must be true or false")
        }
        func filter(_ name: String) throws -> JSONObject {
            switch object[name] {
            case nil: return [:]
            case .object(let filter)?: return filter
            default: throw CLIError.usage("\(flag): \"\(name)\" must be an object")
            }
        }
        return TaskRouterPolicy(
            url: url,
            method: method,
            allow: allow,
            queryFilter: try filter("query_filter"),
            postFilter: try filter("post_filter")
        )
    }
}
