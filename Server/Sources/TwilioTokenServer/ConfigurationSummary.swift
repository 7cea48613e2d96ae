import TwilioTokenService

/// What `--check-config` prints: the settings that matter, SIDs and names only, never a secret.
struct ConfigurationSummary {
    let text: String

    init(_ configuration: ServiceConfiguration) {
        var lines = ["configuration is valid"]
        let server = configuration.server
        lines.append("listen: \(server.host):\(server.port)\(server.tls == nil ? "" : " (TLS)")")
        if let metricsPort = server.metricsPort { lines.append("metrics: \(server.host):\(metricsPort)") }
        lines.append("account: \(configuration.twilio.accountSID)")
        if let region = configuration.twilio.region { lines.append("region: \(region)") }
        let keys = configuration.twilio.apiKeys.keys.sorted().map {
            $0 == configuration.twilio.activeKeySID ? "\($0) (active)" : $0
        }
        lines.append("api keys: \(keys.joined(separator: ", "))")
        switch configuration.auth {
        case .jwt(let settings):
            lines.append(
                "auth: jwt, issuer \(settings.issuer), audience \(settings.audience), identity claim \(settings.identityClaim)"
            )
        case .bearer(let principals):
            lines.append("auth: bearer, principals \(principals.map(\.name).sorted().joined(separator: ", "))")
        case .none:
            lines.append("auth: none (loopback only, development)")
        case .application:
            lines.append("auth: application (callers authenticated by the application)")
        }
        for name in configuration.profiles.keys.sorted() {
            guard let profile = configuration.profiles[name] else { continue }
            var grants: [String] = []
            if profile.chat != nil { grants.append("chat") }
            if profile.sync != nil { grants.append("sync") }
            if profile.video != nil { grants.append("video") }
            if profile.voice != nil { grants.append("voice") }
            lines.append("profile \(name): ttl \(profile.ttl) s, grants \(grants.joined(separator: ", "))")
        }
        let routes = configuration.compatibility
        for (route, profile) in [
            ("GET|POST /accessToken", routes.accessToken), ("GET /token", routes.tokenGet),
            ("POST /token", routes.tokenPost),
        ] {
            if let profile { lines.append("\(route): profile \(profile)") }
        }
        if let voice = configuration.voice {
            let url = voice.publicBaseURL.map { "public URL \($0)" } ?? "public URL from trusted proxies"
            lines.append(
                "voice webhooks: POST /v1/voice/outgoing, /makeCall, /voice, /v1/voice/incoming; \(url); "
                    + "\(voice.validator.authTokenCount) Auth Token(s), SharedKeys "
                    + (voice.validator.sharedKeyIDs.isEmpty
                        ? "none" : voice.validator.sharedKeyIDs.joined(separator: ", ")))
            let numbers =
                voice.allowedNumberPrefixes.isEmpty
                ? "client-to-client only"
                : "numbers \(voice.allowedNumberPrefixes.joined(separator: ", ")) from \(voice.callerID ?? "-"), "
                    + "blocked \(voice.blockedNumberPrefixes.isEmpty ? "none" : voice.blockedNumberPrefixes.joined(separator: ", "))"
            lines.append("voice outgoing: \(numbers); incoming rings \(voice.incomingClient ?? "no one (refused)")")
        }
        let origins = configuration.cors.allowedOrigins
        lines.append("cors: \(origins.isEmpty ? "no cross-origin access" : origins.joined(separator: ", "))")
        self.text = lines.joined(separator: "\n") + "\n"
    }
}
