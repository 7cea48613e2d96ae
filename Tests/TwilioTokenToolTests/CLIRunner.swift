import Foundation
import TwilioJWT
import TwilioJWTTestSupport

/// Runs the built `twilio-token` binary (end-to-end: argument parsing, environment, files, exit status).
enum CLI {
    /// The binary next to the test bundle; `swift test` builds it because the test target depends on the tool.
    static let binary: URL = {
        var directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = directory.appendingPathComponent("twilio-token")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            directory.deleteLastPathComponent()
        }
        return packageRoot.appendingPathComponent(".build/debug/twilio-token")
    }()

    struct Result: Sendable {
        var status: Int32
        var stdout: String
        var stderr: String
        var all: String { self.stdout + self.stderr }
    }

    /// Runs the tool with `arguments`, a clean environment holding only `environment` (and PATH), and `stdin`.
    static func run(_ arguments: [String], stdin: String = "", environment: [String: String] = [:]) throws -> Result {
        let output = try Subprocess.run(
            Self.binary,
            arguments,
            stdin: Data(stdin.utf8),
            environment: environment.merging(["PATH": "/usr/bin:/bin"]) { mine, _ in mine }
        )
        return Result(
            status: output.status,
            stdout: String(decoding: output.stdout, as: UTF8.self),
            stderr: String(decoding: output.stderr, as: UTF8.self)
        )
    }

    /// A file with `contents` and `mode` in a fresh temporary directory.
    static func file(_ contents: String, mode: Int = 0o600, name: String = "secret") throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "twilio-token-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let url = directory.appendingPathComponent(name)
        try Data(contents.utf8).write(to: url)
        try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: url.path)
        return url
    }
}

/// Command lines for the specs of `Tests/Python/twilio_reference.py`, as a user would type them.
enum CLIArguments {
    /// The `access` command line for an access-token spec, or `nil` when a value cannot travel in argv (a NUL
    /// byte) or a custom grant key contains '='.
    static func access(_ spec: JSONValue) throws -> [String]? {
        var arguments = [
            "access", "--account-sid", spec["accountSid"]!.stringValue!, "--api-key", spec["apiKeySid"]!.stringValue!,
            "--api-secret", spec["apiKeySecret"]!.stringValue!, "--now", String(spec["issuedAt"]!.intValue!),
        ]
        // An empty identity is left out of the token, as is a missing one.
        if let identity = spec["identity"]?.stringValue, !identity.isEmpty {
            arguments += option("--identity", identity)
        }
        if let validUntil = spec["validUntil"]?.intValue {
            arguments += ["--valid-until", String(validUntil)]
        } else if let ttl = spec["ttl"]?.intValue {
            arguments += ["--ttl", String(ttl)]
        }
        switch spec["nbf"] {
        case .string("omitted")?: arguments.append("--no-nbf")
        case .int(let nbf)?: arguments += ["--nbf", String(nbf)]
        default: break
        }
        if let region = spec["region"]?.stringValue { arguments += ["--region", region] }
        let grants = spec["grants"]?.arrayValue ?? []
        if let typed = Self.typedGrantFlags(grants) {
            arguments += typed
        } else {
            // Any order and any grant: custom grants, written as twilio-python would write each grant.
            for (key, json) in try AccessTokenSpec.written(grants) {
                guard !key.contains("=") else { return nil }
                arguments += option("--grant", key + "=" + json)
            }
        }
        return arguments.contains { $0.utf8.contains(0) } ? nil : arguments
    }

    /// `[flag, value]`, or `flag=value` when the value starts with '-' (so it is not taken for an option).
    /// (`flag=value` is not used otherwise: ArgumentParser splits at '=' by Character, and a value starting with a
    /// combining mark would fuse with the '='.)
    static func option(_ flag: String, _ value: String) -> [String] {
        value.hasPrefix("-") ? [flag + "=" + value] : [flag, value]
    }

    /// Typed flags, when the grants are in the tool's fixed order (voice, video, chat, sync, task router,
    /// playback), each kind once, and each expressible by flags.
    static func typedGrantFlags(_ grants: [JSONValue]) -> [String]? {
        let order = ["voice", "video", "chat", "sync", "taskRouter", "playback"]
        let types = grants.map { $0["type"]!.stringValue! }
        guard Set(types).count == types.count, types.allSatisfy(order.contains),
            types == types.sorted(by: { order.firstIndex(of: $0)! < order.firstIndex(of: $1)! })
        else { return nil }
        var flags: [String] = []
        for grant in grants {
            func member(_ name: String, _ flag: String) -> [String] {
                guard let value = grant[name]?.stringValue, !value.isEmpty else { return [] }
                return option(flag, value)
            }
            var grantFlags: [String] = []
            switch grant["type"]!.stringValue! {
            case "voice":
                if grant["incomingAllow"] == .bool(true) { grantFlags.append("--voice-incoming") }
                grantFlags += member("outgoingApplicationSid", "--voice-outgoing-app")
                if grant["outgoingApplicationSid"] != nil, let params = grant["outgoingApplicationParams"]?.objectValue,
                    !params.isEmpty
                {
                    grantFlags += option("--voice-params-json", params.description)
                }
                grantFlags += member("pushCredentialSid", "--voice-push-credential")
                grantFlags += member("endpointId", "--voice-endpoint-id")
            case "video":
                let room = member("room", "--video-room")
                grantFlags += room.isEmpty ? ["--video"] : room
            case "chat":
                grantFlags +=
                    member("serviceSid", "--chat-service") + member("endpointId", "--chat-endpoint-id")
                    + member("deploymentRoleSid", "--chat-deployment-role")
                    + member("pushCredentialSid", "--chat-push-credential")
            case "sync":
                grantFlags += member("serviceSid", "--sync-service") + member("endpointId", "--sync-endpoint-id")
            case "taskRouter":
                grantFlags +=
                    member("workspaceSid", "--taskrouter-workspace") + member("workerSid", "--taskrouter-worker")
                    + member("role", "--taskrouter-role")
            default:
                grantFlags += option("--playback-grant", (grant["grant"] ?? .null).description)
            }
            // A grant with no members cannot be asked for with typed flags (except video).
            guard !grantFlags.isEmpty else { return nil }
            flags += grantFlags
        }
        return flags
    }
}
