import ArgumentParser
import TwilioJWT

struct CapabilityCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "capability",
        abstract:
            "Mint a Twilio Client capability token (legacy Voice JavaScript SDK 1.x), signed with the auth token.",
        discussion: """
            Scopes are granted in the order incoming, outgoing, event stream; the outgoing scope carries the \
            incoming client name. Bytes match twilio-python's ClientCapabilityToken.

            Examples:
              twilio-token capability --incoming alice \\
                --outgoing-app AP… --outgoing-param plan=pro
              twilio-token capability --auth-token-file ~/.twilio/auth-token \\
                --event-stream --ttl 600
            """
    )

    @OptionGroup var environment: EnvironmentOptions
    @OptionGroup var credentials: AccountCredentialOptions

    @Option(help: ArgumentHelp("Allow incoming calls to this client name ([A-Za-z0-9_]).", valueName: "name"))
    var incoming: String?

    @Option(
        name: .customLong("outgoing-app"),
        help: ArgumentHelp("Allow outgoing calls through this TwiML application (AP…).", valueName: "sid"))
    var outgoingApp: String?

    @Option(
        name: .customLong("outgoing-param"),
        help: ArgumentHelp(
            "A parameter for the application's Voice URL; repeatable, order kept.", valueName: "key=value"))
    var outgoingParams: [String] = []

    @Flag(name: .customLong("event-stream"), help: "Allow subscribing to the account's event stream.")
    var eventStream = false

    @Option(
        name: .customLong("event-filter"),
        help: ArgumentHelp("An event-stream filter; repeatable, order kept.", valueName: "key=value"))
    var eventFilters: [String] = []

    @OptionGroup var lifetime: LifetimeOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        try checkStandardInput(self.environment.standardInputReaders + self.credentials.standardInputReaders)
    }

    func run() throws {
        let credentials = try self.credentials.credentials(try self.environment.sources())
        let lifetime = try self.lifetime.resolve()
        var token = ClientCapabilityToken(expiration: lifetime.expiration, notBefore: lifetime.notBefore)
        if let incoming = self.incoming {
            guard !incoming.isEmpty else { throw CLIError.usage("--incoming needs a client name") }
            token.allowIncoming(clientName: incoming)
        }
        if let app = self.outgoingApp {
            try checkSID(app, .application, flag: "--outgoing-app")
            token.allowOutgoing(
                applicationSID: app, params: try Self.parameters(self.outgoingParams, flag: "--outgoing-param"))
        } else if !self.outgoingParams.isEmpty {
            throw CLIError.usage("--outgoing-param needs --outgoing-app")
        }
        if self.eventStream || !self.eventFilters.isEmpty {
            token.allowEventStream(filters: try Self.parameters(self.eventFilters, flag: "--event-filter"))
        }
        let jwt: String
        do {
            jwt = try token.jwt(signedWith: credentials, issuedAt: lifetime.issuedAt)
        } catch {
            throw mintingError(error)
        }
        try printMinted(jwt, json: self.output.json, issuedAt: lifetime.issuedAt, diagnostics: token.diagnostics())
    }

    static func parameters(_ texts: [String], flag: String) throws -> ScopeParameters {
        var parameters = ScopeParameters()
        for text in texts {
            let (name, value) = try keyValue(text, flag: flag)
            parameters.append(name: name, value: value)
        }
        return parameters
    }
}
