import ArgumentParser
import TwilioJWT

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

struct AccessCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "access",
        abstract: "Mint an access token (Voice, Video, Conversations/Chat, Sync, TaskRouter, Live).",
        discussion: """
            Grants are added in this order: voice, video, chat, sync, task router, playback, then --grant in the \
            order given.

            Examples:
              twilio-token access --identity alice --voice-incoming \\
                --voice-outgoing-app AP… --voice-param plan=pro
              twilio-token access --identity alice --video-room standup --ttl 600
              twilio-token access --env-file .env --region ie1 \\
                --api-secret-file ~/.twilio/api-secret --chat-service IS… --json
            """
    )

    @OptionGroup var environment: EnvironmentOptions

    @OptionGroup var credentials: APIKeyOptions

    @Option(help: ArgumentHelp("The client's identity.", valueName: "identity"))
    var identity: String?

    @OptionGroup var lifetime: LifetimeOptions

    @Option(
        help: ArgumentHelp(
            "Twilio Region id of the account and key (twr header), e.g. ie1; default TWILIO_REGION.", valueName: "id"))
    var region: String?

    @Flag(
        name: .customLong("allow-unlisted-region"),
        help: "Accept a --region id Twilio did not document (us1, ie1, au1, jp1), for a region Twilio added since.")
    var allowUnlistedRegion = false

    @Flag(
        name: .customLong("unique-jti"),
        help: "Use a random jti (<key SID>-<32 hex>) instead of <key SID>-<issue time>.")
    var uniqueJTI = false

    // Voice
    @Option(
        name: .customLong("voice-outgoing-app"),
        help: ArgumentHelp("Voice: TwiML application SID (AP…) for outgoing calls.", valueName: "sid"))
    var voiceOutgoingApp: String?

    @Option(
        name: .customLong("voice-param"),
        help: ArgumentHelp(
            "Voice: an outgoing parameter (string value); repeatable, order kept.", valueName: "key=value"))
    var voiceParams: [String] = []

    @Option(
        name: .customLong("voice-params-json"),
        help: ArgumentHelp("Voice: outgoing parameters as a JSON object (typed values).", valueName: "json"))
    var voiceParamsJSON: String?

    @Flag(name: .customLong("voice-incoming"), help: "Voice: allow incoming calls.")
    var voiceIncoming = false

    @Option(
        name: .customLong("voice-push-credential"),
        help: ArgumentHelp("Voice: push credential SID (CR…).", valueName: "sid"))
    var voicePushCredential: String?

    @Option(name: .customLong("voice-endpoint-id"), help: ArgumentHelp("Voice: endpoint id.", valueName: "id"))
    var voiceEndpointID: String?

    // Video
    @Flag(help: "Video: a grant for any room.")
    var video = false

    @Option(name: .customLong("video-room"), help: ArgumentHelp("Video: the room name or SID.", valueName: "name"))
    var videoRoom: String?

    // Chat / Conversations
    @Option(
        name: .customLong("chat-service"),
        help: ArgumentHelp("Conversations/Chat: service SID (IS…).", valueName: "sid"))
    var chatService: String?

    @Option(
        name: .customLong("chat-endpoint-id"), help: ArgumentHelp("Conversations/Chat: endpoint id.", valueName: "id"))
    var chatEndpointID: String?

    @Option(
        name: .customLong("chat-deployment-role"),
        help: ArgumentHelp("Conversations/Chat: deployment role SID (RL…).", valueName: "sid"))
    var chatDeploymentRole: String?

    @Option(
        name: .customLong("chat-push-credential"),
        help: ArgumentHelp("Conversations/Chat: push credential SID (CR…).", valueName: "sid"))
    var chatPushCredential: String?

    // Sync
    @Option(name: .customLong("sync-service"), help: ArgumentHelp("Sync: service SID (IS…).", valueName: "sid"))
    var syncService: String?

    @Option(name: .customLong("sync-endpoint-id"), help: ArgumentHelp("Sync: endpoint id.", valueName: "id"))
    var syncEndpointID: String?

    // TaskRouter
    @Option(
        name: .customLong("taskrouter-workspace"),
        help: ArgumentHelp("TaskRouter: workspace SID (WS…).", valueName: "sid"))
    var taskRouterWorkspace: String?

    @Option(
        name: .customLong("taskrouter-worker"), help: ArgumentHelp("TaskRouter: worker SID (WK…).", valueName: "sid"))
    var taskRouterWorker: String?

    @Option(
        name: .customLong("taskrouter-role"), help: ArgumentHelp("TaskRouter: role, e.g. worker.", valueName: "role"))
    var taskRouterRole: String?

    // Playback and custom grants
    @Option(
        name: .customLong("playback-grant"),
        help: ArgumentHelp(
            "Live: the PlaybackGrant JSON returned by Twilio's API, passed through verbatim.", valueName: "json"))
    var playbackGrant: String?

    @Option(
        name: .customLong("grant"), help: ArgumentHelp("A custom grant; repeatable, order kept.", valueName: "key=json")
    )
    var customGrants: [String] = []

    @OptionGroup var output: OutputOptions

    func validate() throws {
        try checkStandardInput(self.environment.standardInputReaders + self.credentials.standardInputReaders)
    }

    func run() throws {
        let sources = try self.environment.sources()
        let key = try self.credentials.key(sources)

        let lifetime = try self.lifetime.resolve()
        var token = AccessToken(identity: self.identity)
        token.expiration = lifetime.expiration
        token.notBefore = lifetime.notBefore
        token.tokenIdentifier = self.uniqueJTI ? .unique : .keyAndIssueTime
        for grant in try self.grants() {
            token.grants.add(grant)
        }
        token.region = try self.resolveRegion(sources)
        let jwt: String
        do {
            jwt = try token.jwt(signedWith: key, issuedAt: lifetime.issuedAt)
        } catch {
            throw mintingError(error)
        }
        try printMinted(jwt, json: self.output.json, issuedAt: lifetime.issuedAt, diagnostics: token.diagnostics())
    }

    /// The region of `--region`, else of `TWILIO_REGION`; `nil` (a US1 token) when neither is set.
    ///
    /// An id Twilio documents is a ``Region`` constant. Any other is refused unless `--allow-unlisted-region` says it
    /// is a region Twilio added since; minting then checks only its shape. A legacy Voice edge id such as `de1` has
    /// that shape too, which is why the flag is needed.
    func resolveRegion(_ sources: CredentialSources) throws -> Region? {
        guard let id = self.region ?? sources.lookup([Region.environmentVariable])?.value else { return nil }
        if self.allowUnlistedRegion {
            return .unlisted(id)
        }
        do {
            return try Region(id: id)
        } catch {
            guard error.code == .invalidRegion, Region.unlisted(id).isWellFormed else {
                throw CLIError.invalid(error, from: "--region")
            }
            // The library's message names its own way to accept the region; the tool's is a flag.
            throw CLIError.usage(
                "--region: \(error.message); pass --allow-unlisted-region to mint with a region Twilio added since")
        }
    }

    func grants() throws -> [Grant] {
        var grants: [Grant] = []
        if let voice = try self.voiceGrant() { grants.append(.voice(voice)) }
        if self.video || self.videoRoom != nil { grants.append(.video(VideoGrant(room: self.videoRoom))) }
        if self.chatService != nil || self.chatEndpointID != nil || self.chatDeploymentRole != nil
            || self.chatPushCredential != nil
        {
            try self.chatService.map { try checkSID($0, .service, flag: "--chat-service") }
            try self.chatDeploymentRole.map { try checkSID($0, .deploymentRole, flag: "--chat-deployment-role") }
            try self.chatPushCredential.map { try checkSID($0, .credential, flag: "--chat-push-credential") }
            grants.append(
                .chat(
                    ChatGrant(
                        serviceSID: self.chatService,
                        endpointID: self.chatEndpointID,
                        deploymentRoleSID: self.chatDeploymentRole,
                        pushCredentialSID: self.chatPushCredential
                    )
                )
            )
        }
        if self.syncService != nil || self.syncEndpointID != nil {
            try self.syncService.map { try checkSID($0, .service, flag: "--sync-service") }
            grants.append(.sync(SyncGrant(serviceSID: self.syncService, endpointID: self.syncEndpointID)))
        }
        if self.taskRouterWorkspace != nil || self.taskRouterWorker != nil || self.taskRouterRole != nil {
            try self.taskRouterWorkspace.map { try checkSID($0, .workspace, flag: "--taskrouter-workspace") }
            try self.taskRouterWorker.map { try checkSID($0, .worker, flag: "--taskrouter-worker") }
            grants.append(
                .taskRouter(
                    TaskRouterGrant(
                        workspaceSID: self.taskRouterWorkspace,
                        workerSID: self.taskRouterWorker,
                        role: self.taskRouterRole
                    )
                )
            )
        }
        if let playback = self.playbackGrant {
            grants.append(.playback(PlaybackGrant(grant: try parseJSON(playback, flag: "--playback-grant"))))
        }
        for text in self.customGrants {
            let (key, json) = try keyValue(text, flag: "--grant")
            guard !key.isEmpty, key != "identity" else {
                throw CLIError.usage("--grant needs a key other than '' and 'identity' (use --identity)")
            }
            grants.append(.custom(key: key, value: try parseJSON(json, flag: "--grant \(key)")))
        }
        return grants
    }

    func voiceGrant() throws -> VoiceGrant? {
        let hasParams = !self.voiceParams.isEmpty || self.voiceParamsJSON != nil
        guard
            self.voiceOutgoingApp != nil || hasParams || self.voiceIncoming || self.voicePushCredential != nil
                || self.voiceEndpointID != nil
        else { return nil }
        if hasParams && self.voiceOutgoingApp == nil {
            throw CLIError.usage("--voice-param and --voice-params-json need --voice-outgoing-app")
        }
        if !self.voiceParams.isEmpty && self.voiceParamsJSON != nil {
            throw CLIError.usage("give either --voice-param or --voice-params-json, not both")
        }
        var params = JSONObject()
        if let json = self.voiceParamsJSON {
            guard case .object(let object) = try parseJSON(json, flag: "--voice-params-json") else {
                throw CLIError.usage("--voice-params-json must be a JSON object")
            }
            params = object
        }
        for text in self.voiceParams {
            let (name, value) = try keyValue(text, flag: "--voice-param")
            params[name] = .string(value)
        }
        try self.voiceOutgoingApp.map { try checkSID($0, .application, flag: "--voice-outgoing-app") }
        try self.voicePushCredential.map { try checkSID($0, .credential, flag: "--voice-push-credential") }
        return VoiceGrant(
            incomingAllowed: self.voiceIncoming,
            outgoing: self.voiceOutgoingApp.map { .init(applicationSID: $0, params: params) },
            pushCredentialSID: self.voicePushCredential,
            endpointID: self.voiceEndpointID
        )
    }
}
